"""The index (`DATA/index.jsonl`): per round file, what listings, summaries and the ledger need —
its metadata and listing row, section scores, coverage, critical failures, the answer keys that
recurrence looks at, and its rectification items with their whole history — so that `rounds`,
`summary`, `ledger`, `draft` and the home screen need not read and parse every round file.

The round files are the truth, the index only a cache of them:
- each entry carries the stamp of the file it was built from (mtime_ns, ctime_ns, size, inode);
  an entry is used only while its file still has that stamp, else it is rebuilt from the file;
- an entry built within `RACY_NS` of its file's last change is rebuilt on the next read too
  (a file written twice within the clock's tick, with the same size, would keep its stamp);
- a round file the index does not know is read and added, an entry whose file is gone dropped;
- a damaged index (or entry) is set aside and rebuilt, never shown.
A save writes only its round file: the next read notices the new stamp and rebuilds that entry,
so saving costs the same with 1 round or 5,000. The index is written back, under its lock, only
when an entry changed; in a folder that cannot be written it lives in memory for the command
(nothing is written). A lock held by another program is waited for, as for every file.

The file is JSON lines: the first holds every entry's stamp and listing row, so `rounds` and the
home screen read only that line; then four lines per round, read when a report asks for them:

    {"index": 4, "rounds": {"R0001": {"stamp": [...], "checked": ns, "row": {...}}, ...}}
    ["R0001", "<stamp>", "s", {"tally": ..., "sections": ..., "critical_failed": ..., ...}]
    ["R0001", "<stamp>", "a", {"S1.01": ["pass", null, true]}]  answer, value, item in checklist
    ["R0001", "<stamp>", "r", [[id, round, ...], ...]]         items with their whole history
    ["R0001", "<stamp>", "l", [[id, checklist, ...], ...]]     what the loop's figures replay

A part line whose stamp is not its entry's, or that does not parse, is taken from the round file
(and a damaged one written anew). A `catalog.json` left by older versions is deleted.

`read_index(folder, write=False)` gives any folder's figures without writing (county reports).
"""

from __future__ import annotations

import json
import os
import re
import time
import weakref
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import orjson

from checklist_tui.domain.ids import round_number
from checklist_tui.domain.round import Round, RoundMeta
from checklist_tui.domain.round_figures import RoundFigures
from checklist_tui.errors import AppError, DamagedFile, DataError
from checklist_tui.storage.files import LockBusy, locked, set_aside, sweep_stale_temps, write_bytes
from checklist_tui.storage.index_head import HeadLine, newest
from checklist_tui.storage.index_parts import CONVERT, loop_part, rect_part
from checklist_tui.storage.index_shape import head_ok

__all__ = ["INDEX_NAME", "VERSION", "IndexResult", "RoundIndex", "index_entry",
           "read_index"]

INDEX_NAME = "index.jsonl"
VERSION = 4  # 2: answers with their values (the draft's recurring findings); 3: rows carry `short`;
# 4: the loop's part "l"
OLD_CATALOG = "catalog.json"  # what the index replaced: deleted when the index is written
RACY_NS = 3 * 10**9  # FAT keeps times to 2 s; Linux stamps files from a clock of a few ms


class RoundFiles(Protocol):
    """What the index needs from the folder of round files."""

    def round_ids(self) -> list[str]: ...

    def round_path(self, round_id: str) -> Path: ...

    def load_round(self, round_id: str) -> Round: ...


@dataclass
class IndexResult:
    """Every readable round's figures (oldest first), and the round files that could not be read."""

    rounds: list[RoundFigures]
    damaged: list[DamagedFile]


def file_stamp(path: Path) -> list[int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return [st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino]


# --- one entry ----------------------------------------------------------------------------------

PARTS = ("s", "a", "r", "l")  # score and critical items' questions, answer keys, rectification items, loop
_PART_LINE = re.compile(rb'^\["(R\d{1,11})","([0-9.]*)","([sarl])",.*$', re.MULTILINE)


def _token(stamp: list[int]) -> str:
    return ".".join(map(str, stamp))


def index_entry(record: Round, stamp: list[int], checked: int) -> tuple[dict[str, Any], dict[str, Any]]:
    """The index entry of a round read from a file of `stamp`, stat'ed at `checked` (ns): its head
    (stamp and listing row) and the values of its parts."""
    score = record.score
    t = score.tally
    known = {item.id for item in record.checklist.items}
    values: dict[str, Any] = {
        "s": {"tally": [t.score, t.answered, t.total, t.na], "grade": score.grade,
              "critical_failed": list(score.critical_failed), "legacy_partial": list(score.legacy_partial),
              "bonus_items": [list(pair) for pair in score.bonus_items],
              "sections": [[s.id, s.title, s.tally.score, s.tally.answered, s.tally.total, s.tally.na]
                           for s in score.sections],
              "texts": {item: record.item_text(item) for item in score.critical_failed}},
        "a": {item: [a.answer, a.value, item in known] for item, a in record.answers.items()},
        "r": rect_part(record.rectifications),
        "l": loop_part(record.rectifications),
    }
    return {"stamp": stamp, "checked": checked, "row": record.listing_row()}, values


def _dumps(value: Any) -> bytes:
    """One line of the file; text that is not valid Unicode (a lone surrogate) raises UnicodeEncodeError."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


class _Tail:
    """The part lines of an index file, found when a report first asks for one (never parsed whole).

    Where each line lies is kept, and the file stays open to read a line when it is asked for,
    rather than its bytes held (31 MB with 5,000 rounds): the open file is the one the lines were
    found in, whatever replaces it on disk meanwhile. On Windows, where an open file would block
    the next writer's replacing it, the bytes are held as before."""

    def __init__(self, path: Path):
        self.path = path
        self._data: bytes | None = None
        self._fd: int | None = None
        self._lines: dict[tuple[str, str], tuple[str, int, int]] | None = None

    def raw(self, round_id: str, kind: str, token: str) -> bytes | None:
        if self._lines is None:
            self._load()
        found = (self._lines or {}).get((round_id, kind))
        if found is None or found[0] != token:
            return None
        if self._fd is not None:
            try:
                return os.pread(self._fd, found[2] - found[1], found[1])
            except OSError:
                return None
        return self._data[found[1]:found[2]] if self._data is not None else None

    def _load(self) -> None:
        self._lines = {}
        try:
            with self.path.open("rb") as handle:
                data = handle.read()
                if os.name != "nt" and hasattr(os, "pread"):
                    self._fd = os.dup(handle.fileno())
                    weakref.finalize(self, os.close, self._fd)
                else:
                    self._data = data
        except OSError:
            return
        for match in _PART_LINE.finditer(data):
            round_id, token, kind = (group.decode("ascii") for group in match.groups())
            self._lines[(round_id, kind)] = (token, match.start(), match.end())


_DAMAGED = (KeyError, TypeError, ValueError, AttributeError, RecursionError)


class _Entry:
    """One round's parts, from this read's rebuild or from the index file; a part that is missing
    or does not parse is taken from the round file."""

    def __init__(self, round_id: str, head: Mapping[str, Any], values: dict[str, Any] | None,
                 tail: _Tail, files: RoundFiles, repair: Callable[[], None] | None = None):
        self.round_id, self.head, self.values, self.tail, self.files = round_id, head, values, tail, files
        self.repair = repair  # writes the index again once a damaged part line was taken from the file

    def line(self, kind: str) -> bytes | None:
        """The part's line as the file holds it (None: missing, or not to be written)."""
        token = _token(self.head["stamp"])
        if self.values is None:
            return self.tail.raw(self.round_id, kind, token)
        try:
            return _dumps([self.round_id, token, kind, self.values[kind]])
        except UnicodeEncodeError:
            return None

    def parsed(self, kind: str) -> Any:
        """The part from its line in the index file; ValueError (or the like) when it is damaged."""
        raw = self.tail.raw(self.round_id, kind, _token(self.head["stamp"]))
        line = orjson.loads(raw) if raw is not None else None
        if not (isinstance(line, list) and len(line) == 4 and line[0] == self.round_id):
            raise ValueError(kind)
        return CONVERT[kind](line[3], self.round_id)

    def rebuild(self) -> dict[str, Any]:
        self.values = index_entry(self.files.load_round(self.round_id), list(self.head["stamp"]), 0)[1]
        return self.values

    def value(self, kind: str) -> Any:
        if self.values is None:
            try:
                return self.parsed(kind)
            except _DAMAGED:
                pass
            values = self.rebuild()
            if self.repair is not None:  # the damaged line is written anew, from these values
                self.repair()
            return CONVERT[kind](values[kind], self.round_id)
        return CONVERT[kind](self.values[kind], self.round_id)

    def figures(self) -> RoundFigures:
        row = self.head["row"]
        return RoundFigures(RoundMeta.from_doc(row), row, lambda: self.value("s"), lambda: self.value("a"),
                            lambda: self.value("r"), lambda: self.value("l"))


# --- the index ----------------------------------------------------------------------------------


class RoundIndex:
    """The index of one data folder; `read()` gives every round's figures, fresh."""

    def __init__(self, path: Path, files: RoundFiles):
        self.path = path
        self.files = files

    def heads(self) -> tuple[dict[str, Any], bool]:
        """The entries' heads on disk (by round id) and whether the index file is damaged; heads
        of the wrong shape are left out (and so rebuilt)."""
        try:
            with self.path.open("rb") as handle:
                first = handle.readline()
        except FileNotFoundError:
            return {}, False
        except OSError:
            return {}, True
        try:
            data = orjson.loads(first)
        except (ValueError, RecursionError):
            return {}, True
        entries = data.get("rounds") if isinstance(data, dict) else None
        version = data.get("index") if isinstance(data, dict) else None
        if isinstance(version, int) and not isinstance(version, bool) and version != VERSION:
            return {}, False  # written by another version of the app: rebuilt and written over
        if version != VERSION or not isinstance(entries, dict):
            return {}, True
        return {key: entry for key, entry in entries.items() if head_ok(key, entry)}, False

    def read(self, *, write: bool = True) -> IndexResult:
        """Every readable round's figures, each entry checked against its file's stamp and rebuilt
        when it is stale; written back (when `write` and something changed) for the next reader."""
        heads, damaged_index = self.heads()
        tail = _Tail(self.path)
        entries: dict[str, _Entry] = {}
        damaged: list[DamagedFile] = []
        changed = damaged_index
        repaired: list[bool] = []

        def repair() -> None:  # once per read: every line checked, the damaged ones made anew
            if not repaired:
                repaired.append(True)
                self.repair(entries)
        ids = self.files.round_ids()
        for round_id in ids:
            head = heads.get(round_id)
            entry = self.checked(round_id, head, tail, repair if write else None)
            if isinstance(entry, DamagedFile):
                damaged.append(entry)
                changed = changed or head is not None
            elif entry is not None:
                fresh = entry.head
                changed = (changed or head is None or head["stamp"] != fresh["stamp"]
                           or _racy(head) != _racy(fresh))
                entries[round_id] = entry
        changed = changed or bool(heads.keys() - set(ids))  # deleted round files
        if write and changed:
            self.save(entries, set_aside_old=damaged_index)
        return IndexResult([entry.figures() for entry in entries.values()], damaged)

    def checked(self, round_id: str, head: Mapping[str, Any] | None, tail: _Tail,
                repair: Callable[[], None] | None = None) -> _Entry | DamagedFile | None:
        """The round's entry: `head` while its file still has that stamp, else rebuilt from the file
        (None: the file is gone since the folder was listed; DamagedFile: it cannot be read)."""
        path = self.files.round_path(round_id)
        stamp = file_stamp(path)
        if stamp is not None and head is not None and _trusted(head, stamp):
            return _Entry(round_id, head, None, tail, self.files, repair)
        checked = time.time_ns()
        try:
            record = self.files.load_round(round_id)
        except DamagedFile as error:
            return error
        except AppError:
            return None
        fresh, values = index_entry(record, stamp or file_stamp(path) or [0, 0, 0, 0], checked)
        return _Entry(round_id, fresh, values, tail, self.files, repair)

    def newest(self, count: int, keep: Callable[[RoundFigures], bool], ids: list[str]) -> IndexResult:
        """The newest of `ids`' figures, newest first, until `count` pass `keep` (index_head.py)."""
        return newest(self, HeadLine(self.path, VERSION), _Tail(self.path), ids, count, keep)

    def repair(self, entries: Mapping[str, _Entry]) -> None:
        """After a damaged part line: each entry's lines are checked, those that do not parse made
        from the round file, and the index written (the damage is not read again and again)."""
        for entry in entries.values():
            if entry.values is None:
                try:
                    for kind in PARTS:
                        entry.parsed(kind)
                except _DAMAGED:
                    try:
                        entry.rebuild()
                    except AppError:
                        continue
        self.save(entries)

    def add(self, records: Iterable[Round]) -> None:
        """Entries for rounds this process has just written, from the records it wrote (demo writes
        thousands of files: reading each back would double its time); the rest are kept as they are,
        to be checked by the next read like any entry."""
        heads, damaged = self.heads()
        tail = _Tail(self.path)
        entries = {key: _Entry(key, head, None, tail, self.files) for key, head in heads.items()}
        for record in records:
            stamp, checked = file_stamp(self.files.round_path(record.id)), time.time_ns()
            head, values = index_entry(record, stamp or [0, 0, 0, 0], checked)
            entries[record.id] = _Entry(record.id, head, values, tail, self.files)
        ordered = dict(sorted(entries.items(), key=lambda pair: round_number(pair[0])))
        self.save(ordered, set_aside_old=damaged)

    def rebuild(self, *, damaged: bool = False) -> None:
        """Write the index afresh from the round files (a `damaged` one is kept aside, not lost)."""
        tail = _Tail(self.path)
        entries = {}
        for round_id in self.files.round_ids():
            stamp, checked = file_stamp(self.files.round_path(round_id)), time.time_ns()
            try:
                record = self.files.load_round(round_id)
            except AppError:
                continue
            head, values = index_entry(record, stamp or [0, 0, 0, 0], checked)
            entries[round_id] = _Entry(round_id, head, values, tail, self.files)
        self.save(entries, set_aside_old=damaged)

    def save(self, entries: Mapping[str, _Entry], *, set_aside_old: bool = False) -> None:
        """Write the entries under the index's lock (a damaged index first set aside). A folder that
        cannot be written keeps the index in memory only, nothing written; a lock that another
        program holds too long is an error, as for every file."""
        heads: dict[str, Any] = {}
        lines: list[bytes] = []
        for round_id, entry in entries.items():
            raw = [entry.line(kind) for kind in PARTS]
            try:
                _dumps(entry.head)
            except UnicodeEncodeError:
                continue
            if all(part is not None for part in raw):  # else left out, and rebuilt by the next reader
                heads[round_id] = entry.head
                lines.extend(part for part in raw if part is not None)
        payload = b"\n".join([_dumps({"index": VERSION, "rounds": heads}), *lines, b""])
        try:
            with locked(self.path):
                if set_aside_old and self.path.exists():
                    set_aside(self.path)
                sweep_stale_temps(self.path.parent)
                write_bytes(self.path, payload)
                (self.path.parent / OLD_CATALOG).unlink(missing_ok=True)
        except LockBusy:
            raise
        except (OSError, DataError):
            return


def _racy(head: Mapping[str, Any]) -> bool:
    mtime, ctime = head["stamp"][0], head["stamp"][1]
    return bool(head["checked"] - max(mtime, ctime) < RACY_NS)


def _trusted(head: Mapping[str, Any], stamp: list[int]) -> bool:
    return bool(head["stamp"] == stamp) and not _racy(head)


def read_index(data_dir: Path, *, write: bool = False) -> IndexResult:
    """The figures of every round in a data folder, each fresh against its round file; with
    `write=False` (the default) nothing is written: a town's folder or bundle read for the county."""
    from checklist_tui.storage.store import Store

    return Store(data_dir).figures(write=write)
