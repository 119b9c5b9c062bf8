"""The data folder: a small catalog plus one TinyDB file per round (DESIGN §5).

    DATA/catalog.json          rounds' metadata and a cached summary, for a fast first paint
    DATA/rounds/R0001.json     one round: meta, frozen checklist, answers, answer history,
                               rectification items (each with its append-only transitions)
    DATA/backups/R0001.json.N  rotating backups (1 = newest)
    DATA/checklists/           the office's own checklist files

Round files are the truth; the catalog can always be rebuilt from them. Saving one answer
touches only its round file, so it costs the same with 1 round or 500.

`Store` is a façade: the rules (merging an answer, what blocks a submission and what it opens,
ids, no future dates) are the domain's; the catalog, backups and atomic files have their own
modules. Each method here is one short transaction that applies a rule to a round file.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from platformdirs import user_data_dir
from tinydb import Query, TinyDB

from checklist_tui.catalogue.units import load_units
from checklist_tui.domain import loop
from checklist_tui.domain.answers import UNSET, merge_answer, same_answer
from checklist_tui.domain.checklist import Checklist
from checklist_tui.domain.clock import Clock, not_after_today, system_today
from checklist_tui.domain.ids import ROUND_ID, next_round_id, rect_round, round_number
from checklist_tui.domain.round import SUBMITTED, VOID, Round, RoundMeta, round_period, status_of
from checklist_tui.domain.scoring import Answer, AnswerError
from checklist_tui.domain.sheet_problem import SheetProblem, problems_text
from checklist_tui.domain.submission import (
    check_raised,
    check_submission,
    opened_by_submission,
    raised_by_hand,
)
from checklist_tui.domain.text import refuse_unplain
from checklist_tui.domain.units import UnitRegister, scoped
from checklist_tui.domain.void import void_meta, void_refusal
from checklist_tui.errors import BadInput, DamagedFile, DataError
from checklist_tui.storage.backups import backup, backup_paths
from checklist_tui.storage.catalog import Catalog
from checklist_tui.storage.files import atomic_write, locked, read_json, transaction
from checklist_tui.storage.os_errors import os_reason
from checklist_tui.storage.restore import restore_backup
from checklist_tui.storage.round_file import SCHEMA, LoadResult, json_safe, migrate, round_from_data
from checklist_tui.storage.round_shape import check_round_shape

__all__ = ["ROUND_ID", "LoadResult", "Store", "SubmittedRound", "default_data_dir"]

_UNSET: Any = UNSET


class SubmittedRound(BadInput):
    pass


def default_data_dir() -> Path:
    """`$CHECKLIST_TUI_DATA`, else the user data folder of this OS."""
    env = os.environ.get("CHECKLIST_TUI_DATA")
    return Path(env) if env else Path(user_data_dir("checklist-tui", appauthor=False))


def now_text() -> str:
    return dt.datetime.now().isoformat(timespec="seconds")


class Store:
    """All reads and writes of a data folder. Every method is one short transaction."""

    def __init__(self, data_dir: Path, today: Clock = system_today):
        """`today` gives the date no submission, finding or transition may lie after."""
        self.data_dir = Path(data_dir)
        self.rounds_dir = self.data_dir / "rounds"
        self.backup_dir = self.data_dir / "backups"
        self.catalog_path = self.data_dir / "catalog.json"
        self.today = today
        self._catalog = Catalog(self.catalog_path, self)
        self._deferred: set[str] | None = None
        self._own: dict[str, tuple[int, int]] = {}  # round id → its stamp after this store's last write

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Defer catalog refreshes to the end of a run of changes (an import of many rounds, demo)."""
        self._deferred = set()
        try:
            yield
        finally:
            pending, self._deferred = self._deferred, None
            self.refresh_catalog(self.load_round(i) for i in sorted(pending))

    def _changed(self, round_id: str) -> None:
        if self._deferred is not None:
            self._deferred.add(round_id)
        else:
            self.refresh_catalog([self.load_round(round_id)])

    # paths and ids

    def ensure_folders(self) -> None:
        try:
            self.rounds_dir.mkdir(parents=True, exist_ok=True)
            (self.data_dir / "checklists").mkdir(exist_ok=True)
        except OSError as error:
            raise DataError(f"无法创建数据文件夹 {self.data_dir}: {error.strerror or error}") from None

    def round_path(self, round_id: str) -> Path:
        return self.rounds_dir / f"{round_id}.json"

    def normalise_round_id(self, round_id: str) -> str:
        text = round_id.strip().upper()
        if not ROUND_ID.match(text) or len(text) > 12:  # 300 digits: a file name too long to open
            raise BadInput(f"批次编号 {round_id!r} 无效,应形如 R0001")
        if not self.round_path(text).exists():
            raise BadInput(f"找不到批次 {text}(数据文件夹 {self.data_dir})")
        return text

    def round_ids(self) -> list[str]:
        if not self.rounds_dir.is_dir():
            return []
        try:  # an unreadable folder is an error, never an empty list ("还没有检查批次")
            names = os.listdir(self.rounds_dir)
        except OSError as error:
            raise DataError(f"无法读取批次文件夹 {self.rounds_dir}: {os_reason(error)}") from None
        stems = (name[: -len(".json")] for name in names if name.endswith(".json"))
        ids = [stem for stem in stems if ROUND_ID.match(stem)]
        return sorted(ids, key=round_number)

    def stamp(self, round_id: str) -> tuple[int, int]:
        """(mtime_ns, size) of a round file: how the app notices another writer."""
        try:
            st = self.round_path(round_id).stat()
        except OSError:
            return (0, 0)
        return (st.st_mtime_ns, st.st_size)

    def wrote_last(self, round_id: str) -> bool:
        """Whether the round file is as this store last wrote it: a change another screen of the same
        app made, not another program's."""
        stamp = self.stamp(round_id)
        return stamp != (0, 0) and self._own.get(round_id) == stamp

    def can_write(self, round_id: str) -> bool:
        """Whether this session may write the round: the rounds folder and, once it exists, the
        round file are writable (a folder shared read-only opens rounds for viewing only)."""
        folder_ok = os.access(self.rounds_dir, os.W_OK)
        path = self.round_path(round_id)
        return folder_ok and (not path.exists() or os.access(path, os.W_OK))

    def row_is_current(self, row: Mapping[str, Any]) -> bool:
        """Whether a catalog row still describes its round file (no other program wrote it since)."""
        return list(row.get("stamp") or []) == list(self.stamp(str(row.get("id", ""))))

    # reading

    def load_round(self, round_id: str) -> Round:
        path = self.round_path(round_id)
        try:
            stamp = self.stamp(round_id)
            data = read_json(path)
        except FileNotFoundError:
            if path.is_symlink():  # a dangling link: named and skipped like a damaged file
                raise DamagedFile(path, "是指向不存在文件的链接") from None
            raise BadInput(f"找不到批次 {round_id}") from None
        return round_from_data(path, data, stamp)

    def load_all(self, round_ids: Iterable[str] | None = None) -> LoadResult:
        rounds, damaged = [], []
        for round_id in self.round_ids() if round_ids is None else round_ids:
            try:
                rounds.append(self.load_round(round_id))
            except DamagedFile as error:
                damaged.append(error)
        return LoadResult(rounds, damaged)

    def catalog(self) -> list[dict[str, Any]]:
        """The catalog's rows, newest round first; rebuilt from the round files when missing."""
        return self._catalog.newest_first()

    # writing: rounds

    def units(self) -> UnitRegister:
        """The data folder's units register (units.toml), else the bundled one."""
        return load_units(self.data_dir)[0]

    def new_round(self, checklist: Checklist, unit: str, period: str, inspector: str = "",
                  created: dt.date | None = None, units: UnitRegister | None = None) -> RoundMeta:
        """Start a round holding the items that apply to the unit (per `units`, default the data
        folder's register); the same checklist, unit and period twice is refused (a void round
        does not count), and so is a unit to which no item applies."""
        unit, inspector = unit.strip(), inspector.strip()
        if not unit:
            raise BadInput("单位 (unit) 不能为空")
        checklist = scoped(checklist, unit, units or self.units())
        if not checklist.items:
            raise BadInput(f"检查表 {checklist.id} 没有适用于 {unit} 的检查项,不能为它新建批次")
        period = round_period(unit, inspector, period)
        self.ensure_folders()
        with locked(self.catalog_path):
            rows = self._catalog.rows_to_update()
            rows.update({r.id: r.catalog_row() for r in self._catalog.uncatalogued(rows)})
            for row in rows.values():
                if status_of(row) == VOID:
                    continue
                if (row["checklist"], row["unit"], row["period"]) == (checklist.id, unit, period):
                    raise BadInput(
                        f"已有同一检查表、单位和期间的批次 {row['id']}({checklist.id} / {unit} / {period})")
            round_id = next_round_id([*rows, *self.round_ids()])
            meta = RoundMeta(round_id, checklist.id, checklist.title, checklist.version, unit, period,
                             inspector, (created or self.today()).isoformat())
            data = {
                "meta": {"1": {**meta.__dict__, "schema": SCHEMA}},
                "checklist": {"1": {"raw": json_safe(dict(checklist.raw))}},
                "answers": {}, "history": {}, "rectifications": {},
            }
            atomic_write(self.round_path(round_id), data)
            record = round_from_data(self.round_path(round_id), data, self.stamp(round_id))
            rows[round_id] = record.catalog_row()
            self._catalog.write(rows)
        return meta

    def rebuild_catalog(self, set_aside: bool = False) -> None:
        """Write the catalog afresh from the round files (the damaged one is kept aside, not lost)."""
        self._catalog.rebuild(damaged=set_aside)

    def refresh_catalog(self, records: Iterable[Round]) -> None:
        """Update the cached figures of some rounds in the catalog (one write)."""
        self._catalog.refresh(records)

    def _edit(self, round_id: str, change: Callable[[TinyDB, Round], Any], *,
              force_backup: bool = False, allow_submitted: bool = False) -> Any:
        """Re-read the round under its lock, apply `change`, write it once."""
        path = self.round_path(round_id)
        try:
            with transaction(path, backup_dir=self.backup_dir, force_backup=force_backup) as db:
                check_round_shape(path, db.storage.data, round_id)  # type: ignore[attr-defined]
                if migrate(path, db.storage.data):  # type: ignore[attr-defined]
                    db.storage.dirty = True  # type: ignore[attr-defined]
                    backup(path, self.backup_dir, force=True)
                record = round_from_data(path, db.storage.data)  # type: ignore[attr-defined]
                if record.is_void:
                    raise BadInput(f"批次 {round_id} 已作废")
                if record.submitted and not allow_submitted:
                    raise SubmittedRound(f"批次 {round_id} 已于 {record.meta.submitted} 提交,不能再修改答案")
                result = change(db, record)
        except FileNotFoundError:
            raise BadInput(f"找不到批次 {round_id}") from None
        self._own[round_id] = self.stamp(round_id)
        return result

    def save_answer(self, round_id: str, item_id: str, *, answer: str | None = _UNSET,
                    value: float | None = _UNSET, note: str = _UNSET, evidence: str = _UNSET,
                    by: str = "") -> Answer:
        """Save one item's answer, value, note or evidence, whichever are given; the rest stay."""
        def change(db: TinyDB, record: Round) -> Answer:
            return self._put_answer(db, record, item_id, answer, value, note, evidence, by, now_text())
        return self._edit(round_id, change)

    def _put_answer(self, db: TinyDB, record: Round, item_id: str, answer: Any, value: Any, note: Any,
                    evidence: Any, by: str, at: str) -> Answer:
        refuse_unplain(note=note, evidence=evidence, by=by)
        item = record.item(item_id)
        old = record.answers.get(item_id)
        try:
            stored = merge_answer(item, old, answer=answer, value=value, note=note, evidence=evidence,
                                  by=by, at=at)
        except AnswerError as error:
            raise BadInput(str(error)) from None
        if old is not None and same_answer(old, stored):
            return old  # nothing changed (the same sheet imported again): no history entry, no write
        doc = {"item": item_id, **{k: getattr(stored, k) for k in ("answer", "value", "note", "evidence",
                                                                    "by", "at")}}
        db.table("answers").upsert(doc, Query().item == item_id)
        db.table("history").insert(doc)
        return stored

    def import_answers(self, round_id: str, rows: Sequence[Mapping[str, Any]], by: str = "",
                       problems: Iterable[SheetProblem] = ()) -> int:
        """Save a whole sheet in one transaction: every row is checked first, then all are written.

        Each row: {"line" (int), "entry" (True for a JSON entry), "item", "answer", "value", "note",
        "evidence", "checklist"} (see sheets.read_sheet); a row naming another checklist than the
        round's is refused.
        Any bad row, here or in `problems` from reading the sheet, raises BadInput listing every
        one of them, and nothing is saved. Empty note/evidence cells keep what is stored.
        """
        def change(db: TinyDB, record: Round) -> int:
            found = list(problems)
            at = now_text()
            for row in rows:
                given = row["answer"] is not None or row["value"] is not None
                if row.get("checklist") and row["checklist"] != record.meta.checklist:
                    found.append(_row_problem(row, f"这一行属于检查表 {row['checklist']},而批次 {record.id} "
                                                   f"用的是 {record.meta.checklist}(是否用错了答题表?)"))
                    continue
                try:
                    self._put_answer(db, record, row["item"], row["answer"] if given else _UNSET,
                                     row["value"] if given else _UNSET, row.get("note") or _UNSET,
                                     row.get("evidence") or _UNSET, by, at)
                except BadInput as error:
                    found.append(_row_problem(row, str(error)))
            if found:  # in the order of the sheet, whichever check found them
                raise BadInput(problems_text(found))
            return len(rows)
        count = self._edit(round_id, change, force_backup=True)
        self._changed(round_id)
        return count

    # writing: the loop

    def submit(self, round_id: str, *, date: dt.date | None = None, by: str = "",
               allow_unanswered: bool = False) -> list[loop.Rectification]:
        """Close answering and open one rectification item per 不符合/基本符合 answer."""
        refuse_unplain(by=by)
        today = self.today()
        date = not_after_today(date or today, today, "提交日期")

        def change(db: TinyDB, record: Round) -> list[loop.Rectification]:
            if record.submitted:
                raise SubmittedRound(f"批次 {round_id} 已于 {record.meta.submitted} 提交,不能重复提交")
            check = check_submission(record.checklist, record.answers)
            refusal = check.refusal(allow_unanswered)
            if refusal is not None:
                raise BadInput(refusal)
            db.table("meta").update({"submitted": date.isoformat(), "submitted_by": by,
                                     "status": SUBMITTED}, doc_ids=[1])
            opened = opened_by_submission(record, check, date, by)
            db.table("rectifications").insert_multiple(r.to_dict() for r in opened)
            return opened
        opened = self._edit(round_id, change, force_backup=True, allow_submitted=True)
        self._changed(round_id)
        return opened

    def void_round(self, round_id: str, *, reason: str, by: str) -> Round:
        """Withdraw a round (作废): kept on disk, out of every figure, never undone."""
        refuse_unplain(reason=reason, by=by)
        void = void_meta(by, now_text(), reason)

        def change(db: TinyDB, record: Round) -> None:
            refusal = void_refusal(record)
            if refusal is not None:
                raise BadInput(refusal)
            db.table("meta").update({"status": VOID, "void": void}, doc_ids=[1])
        self._edit(round_id, change, force_backup=True, allow_submitted=True)
        self._changed(round_id)
        return self.load_round(round_id)

    def raise_item(self, round_id: str, *, problem: str, by: str, item: str | None = None,
                   date: dt.date | None = None, source: str = "其他") -> loop.Rectification:
        """Open a rectification item by hand, linked to a checklist item or not."""
        today = self.today()
        date = not_after_today(date or today, today, "发现日期")
        check_raised(problem, by)
        refuse_unplain(problem=problem, by=by)
        units = self.units().names

        def change(db: TinyDB, record: Round) -> loop.Rectification:
            try:
                rect = raised_by_hand(record, problem=problem, by=by, item=item, date=date,
                                      source=source, units=units)
            except loop.LoopError as error:
                raise BadInput(str(error)) from None
            db.table("rectifications").insert(rect.to_dict())
            return rect
        rect = self._edit(round_id, change, allow_submitted=True)
        self._changed(round_id)
        return rect

    def rectify(self, rect_id: str, to: str, **fields: Any) -> loop.Rectification:
        """Append one loop transition to a rectification item (see loop.transition); `to` may be
        "progress" for a 整改进展 entry (fields by, date, comment, evidence)."""
        refuse_unplain(**fields)
        if isinstance(fields.get("date"), dt.date):
            not_after_today(fields["date"], self.today(), "流转日期")
        round_id = rect_round(rect_id)
        try:
            round_id = self.normalise_round_id(round_id)
        except BadInput:
            raise BadInput(f"找不到整改事项 {rect_id}") from None
        rect_id = rect_id.strip().upper()
        units = self.units().names

        def change(db: TinyDB, record: Round) -> loop.Rectification:
            current = next((r for r in record.rectifications if r.id == rect_id), None)
            if current is None:
                raise BadInput(f"找不到整改事项 {rect_id}")
            try:
                if to == "progress":
                    updated = loop.progress(current, by=fields["by"], date=fields["date"],
                                            text=fields.get("comment", ""),
                                            evidence=fields.get("evidence", ""), units=units)
                else:
                    updated = loop.transition(current, to, units=units, **fields)
            except loop.LoopError as error:
                raise BadInput(f"整改事项 {rect_id}: {error}") from None
            db.table("rectifications").update(updated.to_dict(), Query().id == rect_id)
            return updated
        rect = self._edit(round_id, change, allow_submitted=True)
        self._changed(round_id)
        return rect

    # backups

    def backups(self, round_id: str) -> list[Path]:
        return backup_paths(self.round_path(round_id), self.backup_dir)

    def restore(self, round_id: str, number: int) -> Path:
        """Put backup N back in place of the round file (see restore.restore_backup): nothing is
        lost, and a backup that is not a round file of this shape is refused before anything moves."""
        try:
            source = restore_backup(self.round_path(round_id), self.backup_dir, number, round_from_data)
        except FileNotFoundError:
            raise BadInput(f"批次 {round_id} 没有第 {number} 号备份") from None
        self._changed(round_id)
        return source


def _row_problem(row: Mapping[str, Any], reason: str) -> SheetProblem:
    return SheetProblem(row.get("line", 0), row.get("item"), reason, row.get("entry", False))
