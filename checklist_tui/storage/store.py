"""The data folder: one TinyDB file per round, and an index of them (DESIGN §5).

    DATA/index.json            per round file, the figures listings and summaries need (storage/index.py)
    DATA/rounds/R0001.json     one round: meta, frozen checklist, answers, answer history,
                               rectification items (each with its append-only transitions)
    DATA/backups/R0001.json.N  rotating backups (1 = newest)
    DATA/checklists/           the office's own checklist files

Round files are the truth; the index is checked against each file's stamp and rebuilt from it.
Saving one answer touches only its round file, so it costs the same with 1 round or 5,000.

`Store` is a façade: the rules (merging an answer, what blocks a submission and what it opens,
ids, no future dates) are the domain's; the index, backups and atomic files have their own
modules. Each method here is one short transaction that applies a rule to a round file.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from platformdirs import user_data_dir
from tinydb import Query, TinyDB

from checklist_tui.catalogue.units import load_units
from checklist_tui.domain import loop
from checklist_tui.domain.answers import UNSET
from checklist_tui.domain.checklist import Checklist
from checklist_tui.domain.clock import Clock, not_after_today, system_today
from checklist_tui.domain.ids import ROUND_ID, next_round_id, rect_round, round_number
from checklist_tui.domain.round import SUBMITTED, VOID, Round, RoundMeta, round_period
from checklist_tui.domain.scoring import Answer
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
from checklist_tui.errors import AppError, BadInput, DamagedFile, DataError
from checklist_tui.storage.answer_docs import put_answer, row_problem
from checklist_tui.storage.backups import backup, backup_paths
from checklist_tui.storage.files import atomic_write, locked, read_json, transaction
from checklist_tui.storage.index import INDEX_NAME, IndexResult, RoundIndex
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
        self.index_path = self.data_dir / INDEX_NAME
        self.today = today
        self._index = RoundIndex(self.index_path, self)
        self._batch: list[RoundMeta] | None = None
        self._own: dict[str, tuple[int, int]] = {}  # round id → its stamp after this store's last write

    @contextmanager
    def batch(self) -> Iterator[None]:
        """A run of changes by this process alone (demo, an import of many rounds): the rounds on
        file are read once for `new_round`'s check, and the index is brought up to date at the end,
        so the next listing finds it ready."""
        self._batch = self._metas()
        try:
            yield
        finally:
            self._batch = None
            with suppress(AppError):
                self.figures()

    def _metas(self) -> list[RoundMeta]:
        return [f.meta for f in self.figures(write=False).rounds]

    # paths and ids

    def ensure_folders(self) -> None:
        try:
            self.rounds_dir.mkdir(parents=True, exist_ok=True)
            (self.data_dir / "checklists").mkdir(exist_ok=True)
        except OSError as error:
            raise DataError(f"无法创建数据文件夹 {self.data_dir}：{error.strerror or error}") from None

    def round_path(self, round_id: str) -> Path:
        return self.rounds_dir / f"{round_id}.json"

    def normalise_round_id(self, round_id: str) -> str:
        text = round_id.strip().upper()
        if not ROUND_ID.match(text) or len(text) > 12:  # 300 digits: a file name too long to open
            raise BadInput(f"批次编号「{round_id}」无效，应形如 R0001")
        if not self.round_path(text).exists():
            raise BadInput(f"找不到批次 {text}（数据文件夹 {self.data_dir}）")
        return text

    def round_ids(self) -> list[str]:
        if not self.rounds_dir.is_dir():
            return []
        try:  # an unreadable folder is an error, never an empty list ("还没有检查批次")
            names = os.listdir(self.rounds_dir)
        except OSError as error:
            raise DataError(f"无法读取批次文件夹 {self.rounds_dir}：{os_reason(error)}") from None
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

    def figures(self, *, write: bool = True) -> IndexResult:
        """Every readable round's figures from the index, each fresh against its round file (the
        index is written back when `write` and it changed); the damaged files named."""
        return self._index.read(write=write)

    def newest_figures(self, count: int, keep: Callable[[Any], bool] = lambda _: True,
                       ids: list[str] | None = None) -> IndexResult:
        """The newest rounds' figures, newest first, until `count` pass `keep` (damaged files named
        count too): each fresh against its round file, the rest of the folder not read, nothing
        written. The home screen paints these first. `ids`: `round_ids()` if the caller has them."""
        return self._index.newest(count, keep, self.round_ids() if ids is None else ids)

    def listing(self) -> list[dict[str, Any]]:
        """The listing rows of the readable rounds, newest first (the home screen's list)."""
        return [f.listing_row() for f in reversed(self.figures().rounds)]

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
            raise BadInput("单位（unit）不能为空")
        checklist = scoped(checklist, unit, units or self.units())
        if not checklist.items:
            raise BadInput(f"检查表「{checklist.title}」没有适用于 {unit} 的检查项，不能为它新建批次")
        period = round_period(unit, inspector, period)
        self.ensure_folders()
        with locked(self.index_path):  # one new round at a time: ids are never given twice
            for row in self._metas() if self._batch is None else self._batch:
                if row.status == VOID:
                    continue
                if (row.checklist, row.unit, row.period) == (checklist.id, unit, period):
                    raise BadInput(
                        f"已有同一检查表、单位和期间的批次 {row.id}（{checklist.id} / {unit} / {period}）")
            round_id = next_round_id(self.round_ids())
            meta = RoundMeta(round_id, checklist.id, checklist.title, checklist.version, unit, period,
                             inspector, (created or self.today()).isoformat())
            data = {
                "meta": {"1": {**meta.__dict__, "schema": SCHEMA}},
                "checklist": {"1": {"raw": json_safe(dict(checklist.raw))}},
                "answers": {}, "history": {}, "rectifications": {},
            }
            atomic_write(self.round_path(round_id), data)
        if self._batch is not None:
            self._batch.append(meta)
        return meta

    def index_rounds(self, records: Iterable[Round]) -> None:
        """Put rounds this process has just written into the index, in one write (see RoundIndex.add)."""
        self._index.add(records)

    def rebuild_index(self, set_aside: bool = False) -> None:
        """Write the index afresh from the round files (a damaged one is kept aside, not lost)."""
        self._index.rebuild(damaged=set_aside)

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
                    raise SubmittedRound(f"批次 {round_id} 已于 {record.meta.submitted} 提交，不能再修改答案")
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
            return put_answer(db, record, item_id, answer, value, note, evidence, by, now_text())
        return self._edit(round_id, change)

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
                    found.append(row_problem(row, f"这一行属于检查表 {row['checklist']}，而批次 {record.id} "
                                                   f"用的是 {record.meta.checklist}（是否用错了答题表？）"))
                    continue
                try:
                    put_answer(db, record, row["item"], row["answer"] if given else _UNSET,
                                     row["value"] if given else _UNSET, row.get("note") or _UNSET,
                                     row.get("evidence") or _UNSET, by, at)
                except BadInput as error:
                    found.append(row_problem(row, str(error)))
            if found:  # in the order of the sheet, whichever check found them
                raise BadInput(problems_text(found))
            return len(rows)
        count = self._edit(round_id, change, force_backup=True)
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
                raise SubmittedRound(f"批次 {round_id} 已于 {record.meta.submitted} 提交，不能重复提交")
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
                raise BadInput(f"整改事项 {rect_id}：{error}") from None
            db.table("rectifications").update(updated.to_dict(), Query().id == rect_id)
            return updated
        rect = self._edit(round_id, change, allow_submitted=True)
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
        return source
