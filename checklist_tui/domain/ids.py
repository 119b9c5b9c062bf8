"""Round and rectification ids: `R0001` (a round), `R0001-02` (its second rectification item).

Ids are ordered by their numbers, not as text (`R10000` comes after `R9999`); the next id is one
more than the highest in use, so an id is never given twice even after a file is removed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

ROUND_ID = re.compile(r"^R\d{4,}$")


def round_number(round_id: str) -> int:
    """`R0012` → 12: the order of rounds (newest = highest)."""
    return int(round_id[1:])


def next_round_id(existing: Iterable[str]) -> str:
    """One more than the highest round number in use, `R0001` when there is none."""
    return f"R{max((round_number(i) for i in existing), default=0) + 1:04d}"


def rect_round(rect_id: str) -> str:
    """The round a rectification id belongs to: `r0001-02` → `R0001` (case and spaces forgiven)."""
    return rect_id.strip().upper().rsplit("-", 1)[0]


def rect_order(rect_id: str) -> tuple[int, int]:
    """(round number, item number) of a rectification id; a part that is not a number counts 0."""
    head, _, number = rect_id.rpartition("-")
    return (int(head[1:]) if head[1:].isdigit() else 0, int(number) if number.isdigit() else 0)


def next_rect_id(round_id: str, existing: Iterable[str]) -> str:
    """The round's next rectification id: one more than the highest item number in use."""
    return f"{round_id}-{max((rect_order(i)[1] for i in existing), default=0) + 1:02d}"
