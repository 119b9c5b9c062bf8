"""A town bundle's `figures.jsonl` and `items.jsonl` (format 2): what the county's reports need of
each round, so that they need not parse every round file, one line per round and part:

    figures.jsonl
    ["R0001", "<sha256 of the round file>", "row", {listing row}]
    ["R0001", "<sha256>", "s", …]   scores, as the data folder's index keeps them (storage/index.py)
    ["R0001", "<sha256>", "a", …]   answer keys (recurrence)
    ["R0001", "<sha256>", "l", […]] the rectification items reduced to what the loop's figures replay
    items.jsonl
    ["R0001", "<sha256>", "r", […]] the rectification items with their whole history (the ledger)

A line is found by its first three fields without parsing it, and parsed only when a report asks
for that part: `county summary` never reads the items' full history (items.jsonl, three quarters
of the bytes), it replays "l": per item its id, checklist, unit, period, item, found date and per history
entry `[from, to, date]`, with a fourth element, the new due date (or null), where the entry
changed the due date. That is everything `domain.metrics` reads (state, dates, due dates, returns);
those items have no problem text, people or comments, and serve the loop's counts only.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import orjson

from checklist_tui.domain.round import Round, RoundMeta
from checklist_tui.domain.round_figures import RoundFigures
from checklist_tui.storage.index import index_entry
from checklist_tui.storage.index_parts import CONVERT
from checklist_tui.storage.index_shape import row_ok

FIGURES_VERSION = 2
PARTS = ("row", "s", "a", "l")  # figures.jsonl; "r" goes to items.jsonl
_LINE = re.compile(rb'^\["(R\d{1,11})","([0-9a-f]{64})","(row|[sarl])",.*$', re.MULTILINE)


def _dumps(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def figure_lines(record: Round, digest: str) -> tuple[list[bytes], list[bytes]]:
    """The lines of one round: for figures.jsonl and for items.jsonl (a part whose text cannot be
    written, a lone surrogate, is left out: the round file is read for it)."""
    head, values = index_entry(record, [0, 0, 0, 0], 0)
    values = {"row": head["row"], **values}
    figures: list[bytes] = []
    items: list[bytes] = []
    for kind in (*PARTS, "r"):
        try:
            (items if kind == "r" else figures).append(_dumps([record.id, digest, kind, values[kind]]))
        except UnicodeEncodeError:
            continue
    return figures, items


class FigureLines:
    """The lines of figures.jsonl (and items.jsonl) by (round, part), each parsed only when asked for."""

    def __init__(self, *files: bytes):
        self.files = files
        self.lines: dict[tuple[str, str], tuple[str, int, int, int]] = {}
        for number, data in enumerate(files):
            for match in _LINE.finditer(data):
                round_id, digest, kind = match.groups()
                self.lines[(round_id.decode("ascii"), kind.decode("ascii"))] = (
                    digest.decode("ascii"), number, match.start(), match.end())

    def value(self, round_id: str, digest: str, kind: str) -> Any:
        """A part's value, made from the file of this sha256; KeyError when there is none."""
        found = self.lines.get((round_id, kind))
        if found is None or found[0] != digest:
            raise KeyError(kind)
        line = orjson.loads(self.files[found[1]][found[2]:found[3]])
        if not (isinstance(line, list) and len(line) == 4 and line[0] == round_id):
            raise ValueError(kind)
        return line[3]

    def figures(self, round_id: str, digest: str, load: Callable[[], Round]) -> RoundFigures | None:
        """The round's figures from these lines, None when there is no row made from this very file;
        a part missing or of the wrong shape (items.jsonl left unread, say) is taken from `load()`
        (the round file). Its `loop_items` are the loop's ("l"), for counting, never for showing."""
        try:
            row = self.value(round_id, digest, "row")
        except (KeyError, ValueError, RecursionError):
            return None
        if not row_ok(round_id, row):
            return None
        fallback: list[Round] = []

        def part(kind: str) -> Any:
            if not fallback:
                try:
                    return CONVERT[kind](self.value(round_id, digest, kind), round_id)
                except (KeyError, TypeError, ValueError, AttributeError, RecursionError):
                    fallback.append(load())
            record = fallback[0]
            if kind in ("r", "l"):
                return list(record.rectifications)
            return CONVERT[kind](index_entry(record, [0, 0, 0, 0], 0)[1][kind], round_id)

        return RoundFigures(RoundMeta.from_doc(row), row, lambda: part("s"), lambda: part("a"),
                            lambda: part("r"), lambda: part("l"))
