"""A few entries of the index's head line without parsing the whole line (storage/index.py).

The head line holds every round's stamp and listing row: 3 MB with 5,000 rounds, 60 ms to parse.
The home screen's first paint needs only the newest screenful, so `HeadLine.get(round_id)` finds
that round's entry (`"R0042":{...}`, a key of the `rounds` object: round ids occur in the line
only as those keys and as the rows' own `"id"` values) and parses that object alone. An entry it
cannot find or parse, or of the wrong shape, is None: its round is read from its file, as for an
entry missing from the index. Whatever it gives is still checked against the round file's stamp
by the caller, like every entry.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from checklist_tui.errors import DamagedFile
from checklist_tui.storage.index_shape import head_ok

if TYPE_CHECKING:
    from checklist_tui.domain.round_figures import RoundFigures
    from checklist_tui.storage.index import IndexResult, RoundIndex

__all__ = ["HeadLine", "newest"]

_FIRST_SLICE = 4096


class HeadLine:
    """The first line of an index file of `version`, read on first use."""

    def __init__(self, path: Path, version: int):
        self.path = path
        self.prefix = b'{"index":%d,"rounds":{' % version
        self._line: bytes | None = None
        self._decoder = json.JSONDecoder()

    def _read(self) -> bytes:
        if self._line is None:
            try:
                with self.path.open("rb") as handle:
                    line = handle.readline()
            except OSError:
                line = b""
            self._line = line if line.startswith(self.prefix) else b""  # another version, or damaged
        return self._line

    def get(self, round_id: str) -> dict[str, Any] | None:
        """The head of `round_id`'s entry as `RoundIndex.heads()` would give it, or None."""
        line = self._read()
        key = b'"%s":{' % round_id.encode("ascii")
        found = line.rfind(key)
        if found < len(self.prefix) or line[found - 1:found] not in (b"{", b","):
            return None
        start = found + len(key) - 1
        size = _FIRST_SLICE
        while True:
            end = min(len(line), start + size)
            while end < len(line) and 0x80 <= line[end] < 0xC0:  # never cut a character in two
                end += 1
            try:
                head, _ = self._decoder.raw_decode(line[start:end].decode("utf-8"))
                break
            except UnicodeDecodeError:
                return None
            except (ValueError, RecursionError):
                if end >= len(line):
                    return None
                size *= 4
        return head if head_ok(round_id, head) else None


def newest(index: RoundIndex, heads: HeadLine, tail: Any, ids: list[str], count: int,
           keep: Callable[[RoundFigures], bool]) -> IndexResult:
    """The newest of the rounds `ids` (oldest first, as `round_ids()` lists them), newest first,
    until `count` of them pass `keep` (a damaged file counts too) or they run out; each checked
    against its round file as `RoundIndex.read()` does, but only these files are stat'ed and only
    their entries parsed from the head line: the home screen's first paint. Nothing is written
    (the whole read that follows brings the index up to date)."""
    found: list[RoundFigures] = []
    damaged: list[DamagedFile] = []
    kept = 0
    for round_id in reversed(ids):
        if kept >= count:
            break
        entry = index.checked(round_id, heads.get(round_id), tail)
        if isinstance(entry, DamagedFile):
            damaged.append(entry)
            kept += 1
        elif entry is not None:
            figures = entry.figures()
            found.append(figures)
            kept += bool(keep(figures))
    from checklist_tui.storage.index import IndexResult

    return IndexResult(found, damaged)
