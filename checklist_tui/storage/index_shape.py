"""The shape of what the index file holds (storage/index.py): a head or listing row of the wrong
shape is left out and rebuilt from its round file, a part value of the wrong shape raises
ValueError and is taken from the round file, so nothing the index holds can crash a report."""

from __future__ import annotations

import math
from typing import Any

from checklist_tui.domain.ids import ROUND_ID


def whole(value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 10**18:
        return value
    raise ValueError(value)


def finite(value: Any) -> float | None:
    if value is None or (isinstance(value, int | float) and not isinstance(value, bool)
                         and math.isfinite(value)):
        return value
    raise ValueError(value)


def text(value: Any) -> str:
    if isinstance(value, str):
        return value
    raise ValueError(value)


def count(value: Any) -> bool:
    return value is None or (isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 10**9)


META_TEXT = ("checklist", "title", "version", "unit", "period", "inspector", "created", "status",
             "submitted_by")


def row_ok(key: Any, row: Any) -> bool:
    """A listing row as Round.listing_row() writes it (`"answered": "many"` crashed the home screen)."""
    if not (isinstance(row, dict) and ROUND_ID.match(str(key)) and row.get("id") == key):
        return False
    if not all(isinstance(row.get(name), str) for name in META_TEXT):
        return False
    try:
        finite(row.get("score"))
        finite(row.get("base_score"))
        finite(row.get("bonus"))
    except ValueError:
        return False
    items = row.get("bonus_items")
    return (all(count(row.get(name)) for name in ("answered", "total", "na", "open"))
            and isinstance(items, list) and all(isinstance(i, dict) for i in items)
            and (row.get("void") is None or isinstance(row["void"], dict))
            and all(row.get(name) is None or isinstance(row[name], str) for name in ("grade", "submitted")))


def points(value: Any) -> float:
    if isinstance(value, float) and math.isfinite(value):
        return value
    return whole(value)


def head_ok(key: Any, head: Any) -> bool:
    if not isinstance(head, dict):
        return False
    stamp, checked = head.get("stamp"), head.get("checked")
    return (isinstance(stamp, list) and len(stamp) == 4
            and all(isinstance(v, int) and not isinstance(v, bool) for v in stamp)
            and isinstance(checked, int) and row_ok(key, head.get("row")))
