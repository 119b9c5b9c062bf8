"""The data folder: a small catalog plus one TinyDB file per round (DESIGN §5).

    DATA/catalog.json          rounds' metadata and a cached summary, for a fast first paint
    DATA/rounds/R0001.json     one round: meta, frozen checklist, answers, answer history,
                               rectification items (each with its append-only transitions)
    DATA/backups/R0001.json.N  rotating backups (1 = newest)
    DATA/checklists/           the office's own checklist files

Round files are the truth; the catalog can always be rebuilt from them. Saving one answer
touches only its round file, so it costs the same with 1 round or 500.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from platformdirs import user_data_dir
from tinydb import Query, TinyDB

from checklist_tui.domain import loop
from checklist_tui.domain.checklist import Checklist
from checklist_tui.domain.period import parse_period
from checklist_tui.domain.scoring import ANSWER_LABELS, Answer, AnswerError, resolve, unanswered
from checklist_tui.errors import BadInput, DamagedFile, DataError
from checklist_tui.storage.files import atomic_write, backup, backup_paths, locked, read_json, transaction
from checklist_tui.storage.round_file import SCHEMA, Round, RoundMeta, json_safe, migrate, round_from_data

ROUND_ID = re.compile(r"^R\d{4,}$")
_UNSET: Any = object()


class SubmittedRound(BadInput):
    pass


def default_data_dir() -> Path:
    """`$CHECKLIST_TUI_DATA`, else the user data folder of this OS."""
    env = os.environ.get("CHECKLIST_TUI_DATA")
    return Path(env) if env else Path(user_data_dir("checklist-tui", appauthor=False))


def today() -> dt.date:
    return dt.date.today()


def not_after_today(date: dt.date, what: str) -> dt.date:
    """Refuse a date in the future: a typo such as 2052 for 2025 would hide the item from every
    ledger until then and, as transitions only move forward, block its loop for good."""
    if date > today():
        raise BadInput(f"{what} {date.isoformat()} 晚于今天 {today().isoformat()};不能登记将来的日期")
    return date


def now_text() -> str:
    return dt.datetime.now().isoformat(timespec="seconds")


# --- the store -------------------------------------------------------------------------------


@dataclass
class LoadResult:
    rounds: list[Round]
    damaged: list[DamagedFile]


class Store:
    """All reads and writes of a data folder. Every method is one short transaction."""

    def __init__(self, data_dir: Path):
        self.data_dir = Path(data_dir)
        self.rounds_dir = self.data_dir / "rounds"
        self.backup_dir = self.data_dir / "backups"
        self.catalog_path = self.data_dir / "catalog.json"
        self._deferred: set[str] | None = None

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
        if not ROUND_ID.match(text):
            raise BadInput(f"批次编号 {round_id!r} 无效,应形如 R0001")
        if not self.round_path(text).exists():
            raise BadInput(f"找不到批次 {text}(数据文件夹 {self.data_dir})")
        return text

    def round_ids(self) -> list[str]:
        if not self.rounds_dir.is_dir():
            return []
        ids = [p.stem for p in self.rounds_dir.glob("R*.json") if ROUND_ID.match(p.stem)]
        return sorted(ids, key=lambda i: int(i[1:]))

    def stamp(self, round_id: str) -> tuple[int, int]:
        """(mtime_ns, size) of a round file: how the app notices another writer."""
        try:
            st = self.round_path(round_id).stat()
        except OSError:
            return (0, 0)
        return (st.st_mtime_ns, st.st_size)

    # reading

    def load_round(self, round_id: str) -> Round:
        path = self.round_path(round_id)
        try:
            stamp = self.stamp(round_id)
            data = read_json(path)
        except FileNotFoundError:
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

    def _read_catalog(self) -> dict[str, Any]:
        """The catalog's rows by round id; a file of the wrong shape (valid JSON, but rows that
        are not rows) is damaged like a truncated one, so it is set aside and rebuilt."""
        rows = read_json(self.catalog_path).get("rounds", {})
        if not isinstance(rows, dict) or not all(
                isinstance(row, dict) and ROUND_ID.match(str(key)) and row.get("id") == key
                and all(isinstance(row.get(name), str) for name in ("checklist", "unit", "period"))
                for key, row in rows.items()):
            raise DamagedFile(self.catalog_path, "目录内容不是预期的格式")
        return dict(rows)

    def catalog(self) -> list[dict[str, Any]]:
        """The catalog's rows, newest round first; rebuilt from the round files when missing."""
        try:
            rows = self._read_catalog()
        except FileNotFoundError:
            if not self.round_ids():
                return []
            self.rebuild_catalog()
            rows = self._read_catalog()
        except DamagedFile:
            self.rebuild_catalog(set_aside=True)
            rows = self._read_catalog()
        orphans = self._uncatalogued(rows)
        if orphans:  # a round file written just before a crash, or copied in: list it too
            rows.update({r.id: r.catalog_row() for r in orphans})
            with suppress(DataError):
                self.refresh_catalog(orphans)
        return sorted(rows.values(), key=lambda row: int(row["id"][1:]), reverse=True)

    def _uncatalogued(self, rows: Mapping[str, Any]) -> list[Round]:
        """Readable round files that the catalog has no row for."""
        missing = [round_id for round_id in self.round_ids() if round_id not in rows]
        return self.load_all(missing).rounds if missing else []

    # writing: rounds

    def new_round(self, checklist: Checklist, unit: str, period: str, inspector: str = "",
                  created: dt.date | None = None) -> RoundMeta:
        """Start a round; the same checklist, unit and period twice is refused."""
        unit, inspector = unit.strip(), inspector.strip()
        if not unit:
            raise BadInput("单位 (unit) 不能为空")
        for name, text in (("单位 (unit)", unit), ("自查人 (inspector)", inspector)):
            if any(ord(c) < 32 or ord(c) == 127 for c in text):
                raise BadInput(f"{name} {text!r} 含有换行、制表符等控制字符;应为一行文字")
        try:
            period = parse_period(period).label
        except ValueError as error:
            raise BadInput(str(error)) from None
        self.ensure_folders()
        with locked(self.catalog_path):
            rows = self._catalog_rows()
            rows.update({r.id: r.catalog_row() for r in self._uncatalogued(rows)})
            for row in rows.values():
                if (row["checklist"], row["unit"], row["period"]) == (checklist.id, unit, period):
                    raise BadInput(
                        f"已有同一检查表、单位和期间的批次 {row['id']}({checklist.id} / {unit} / {period})")
            existing = [int(i[1:]) for i in rows] + [int(i[1:]) for i in self.round_ids()]
            round_id = f"R{max(existing, default=0) + 1:04d}"
            meta = RoundMeta(round_id, checklist.id, checklist.title, checklist.version, unit, period,
                             inspector, (created or today()).isoformat())
            data = {
                "meta": {"1": {**meta.__dict__, "schema": SCHEMA}},
                "checklist": {"1": {"raw": json_safe(dict(checklist.raw))}},
                "answers": {}, "history": {}, "rectifications": {},
            }
            atomic_write(self.round_path(round_id), data)
            record = round_from_data(self.round_path(round_id), data, self.stamp(round_id))
            rows[round_id] = record.catalog_row()
            atomic_write(self.catalog_path, {"rounds": rows})
        return meta

    def _catalog_rows(self) -> dict[str, Any]:
        try:
            return self._read_catalog()
        except FileNotFoundError:
            return {}
        except DamagedFile:
            self._set_aside(self.catalog_path)
            return self._rows_from_files()

    def _rows_from_files(self) -> dict[str, Any]:
        return {r.id: r.catalog_row() for r in self.load_all().rounds}

    def _set_aside(self, path: Path) -> None:
        stamp = dt.datetime.now().strftime("%Y%m%d%H%M%S")
        os.replace(path, path.with_name(f"{path.name}.damaged-{stamp}"))

    def rebuild_catalog(self, set_aside: bool = False) -> None:
        """Write the catalog afresh from the round files (the damaged one is kept aside, not lost)."""
        with locked(self.catalog_path):
            if set_aside and self.catalog_path.exists():
                self._set_aside(self.catalog_path)
            atomic_write(self.catalog_path, {"rounds": self._rows_from_files()})

    def refresh_catalog(self, records: Iterable[Round]) -> None:
        """Update the cached figures of some rounds in the catalog (one write)."""
        records = list(records)
        if not records:
            return
        with locked(self.catalog_path):
            rows = self._catalog_rows()
            for record in records:
                rows[record.id] = record.catalog_row()
            atomic_write(self.catalog_path, {"rounds": rows})

    def _edit(self, round_id: str, change: Callable[[TinyDB, Round], Any], *,
              force_backup: bool = False, allow_submitted: bool = False) -> Any:
        """Re-read the round under its lock, apply `change`, write it once."""
        path = self.round_path(round_id)
        try:
            with transaction(path, backup_dir=self.backup_dir, force_backup=force_backup) as db:
                if migrate(path, db.storage.data):  # type: ignore[attr-defined]
                    db.storage.dirty = True  # type: ignore[attr-defined]
                    backup(path, self.backup_dir, force=True)
                record = round_from_data(path, db.storage.data)  # type: ignore[attr-defined]
                if record.submitted and not allow_submitted:
                    raise SubmittedRound(f"批次 {round_id} 已于 {record.meta.submitted} 提交,不能再修改答案")
                return change(db, record)
        except FileNotFoundError:
            raise BadInput(f"找不到批次 {round_id}") from None

    def save_answer(self, round_id: str, item_id: str, *, answer: str | None = _UNSET,
                    value: float | None = _UNSET, note: str = _UNSET, evidence: str = _UNSET,
                    by: str = "") -> Answer:
        """Save one item's answer, value, note or evidence, whichever are given; the rest stay."""
        def change(db: TinyDB, record: Round) -> Answer:
            return self._put_answer(db, record, item_id, answer, value, note, evidence, by, now_text())
        return self._edit(round_id, change)

    def _put_answer(self, db: TinyDB, record: Round, item_id: str, answer: Any, value: Any, note: Any,
                    evidence: Any, by: str, at: str) -> Answer:
        try:
            item = record.checklist.item(item_id)
        except KeyError:
            raise BadInput(f"批次 {record.id} 的检查表中没有检查项 {item_id!r}") from None
        old = record.answers.get(item_id, Answer(None))
        new_answer = old.answer if answer is _UNSET else answer
        new_value = old.value if value is _UNSET else value
        if answer is not _UNSET or value is not _UNSET:
            if value is _UNSET:  # an answer alone keeps a number's value, unless it clears it
                new_value = old.value if item.needs_value and answer not in (None, "na") else None
            if answer is _UNSET:  # a value alone: the answer follows from it
                new_answer = None
            if new_answer is not None or new_value is not None:
                try:
                    new_answer, new_value = resolve(item, new_answer, new_value)
                except AnswerError as error:
                    raise BadInput(str(error)) from None
        stored = Answer(
            new_answer, new_value,
            old.note if note is _UNSET else note,
            old.evidence if evidence is _UNSET else evidence,
            by or old.by, at,
        )
        fields = ("answer", "value", "note", "evidence")
        if item_id in record.answers and all(getattr(stored, k) == getattr(old, k) for k in fields):
            return old  # nothing changed (the same sheet imported again): no history entry, no write
        doc = {"item": item_id, **{k: getattr(stored, k) for k in ("answer", "value", "note", "evidence",
                                                                    "by", "at")}}
        db.table("answers").upsert(doc, Query().item == item_id)
        db.table("history").insert(doc)
        return stored

    def import_answers(self, round_id: str, rows: list[Mapping[str, Any]], by: str = "",
                       problems: Iterable[str] = ()) -> int:
        """Save a whole sheet in one transaction: every row is checked first, then all are written.

        Each row: {"line", "item", "answer", "value", "note", "evidence", "checklist"} (see
        sheets.read_sheet); a row naming another checklist than the round's is refused.
        Any bad row, here or in `problems` from reading the sheet, raises BadInput listing every
        one of them, and nothing is saved. Empty note/evidence cells keep what is stored.
        """
        def change(db: TinyDB, record: Round) -> int:
            found = list(problems)
            at = now_text()
            for row in rows:
                given = row["answer"] is not None or row["value"] is not None
                if row.get("checklist") and row["checklist"] != record.meta.checklist:
                    found.append(f"{row['line']} (item {row['item']}): 这一行属于检查表 {row['checklist']},"
                                 f"而批次 {record.id} 用的是 {record.meta.checklist}(是否用错了答题表?)")
                    continue
                try:
                    self._put_answer(db, record, row["item"], row["answer"] if given else _UNSET,
                                     row["value"] if given else _UNSET, row.get("note") or _UNSET,
                                     row.get("evidence") or _UNSET, by, at)
                except BadInput as error:
                    found.append(f"{row['line']} (item {row['item']}): {error}")
            if found:  # in the order of the sheet, whichever check found them
                raise BadInput("\n".join(sorted(found, key=sheet_line)))
            return len(rows)
        count = self._edit(round_id, change, force_backup=True)
        self._changed(round_id)
        return count

    # writing: the loop

    def submit(self, round_id: str, *, date: dt.date | None = None, by: str = "",
               allow_unanswered: bool = False) -> list[loop.Rectification]:
        """Close answering and open one rectification item per 不符合/基本符合 answer."""
        date = not_after_today(date or today(), "提交日期")

        def change(db: TinyDB, record: Round) -> list[loop.Rectification]:
            if record.submitted:
                raise SubmittedRound(f"批次 {round_id} 已于 {record.meta.submitted} 提交,不能重复提交")
            missing = unanswered(record.checklist, record.answers)
            critical = [item for item in missing if item.critical]
            if critical:
                names = "、".join(f"{i.id} {i.text}" for i in critical)
                raise BadInput(f"一票否决项尚未自查,不能提交: {names}")
            if missing and not allow_unanswered:
                names = "、".join(i.id for i in missing)
                raise BadInput(f"还有 {len(missing)} 项未自查: {names}(确认提交请加 --allow-unanswered)")
            db.table("meta").update({"submitted": date.isoformat(), "submitted_by": by}, doc_ids=[1])
            opened = []
            for item in record.checklist.items:
                answer = record.answers.get(item.id)
                if answer is None or answer.answer not in ("fail", "partial"):
                    continue
                problem = problem_text(item.text, answer)
                rect = loop.new_rectification(
                    self._next_rect_id(record, opened), record.id, record.meta.checklist,
                    record.meta.unit, record.meta.period, item.id, problem, date, by or "系统",
                    owner=item.owner or None)
                opened.append(rect)
            db.table("rectifications").insert_multiple(r.to_dict() for r in opened)
            return opened
        opened = self._edit(round_id, change, force_backup=True, allow_submitted=True)
        self._changed(round_id)
        return opened

    @staticmethod
    def _next_rect_id(record: Round, pending: list[loop.Rectification]) -> str:
        numbers = [int(r.id.rsplit("-", 1)[1]) for r in [*record.rectifications, *pending]]
        return f"{record.id}-{max(numbers, default=0) + 1:02d}"

    def raise_item(self, round_id: str, *, problem: str, by: str, item: str | None = None,
                   date: dt.date | None = None) -> loop.Rectification:
        """Open a rectification item by hand, linked to a checklist item or not."""
        date = not_after_today(date or today(), "发现日期")
        if not problem.strip():
            raise BadInput("问题描述 (--problem) 不能为空")
        if not by.strip():
            raise BadInput("经办人 (--by) 不能为空")

        def change(db: TinyDB, record: Round) -> loop.Rectification:
            owner = None
            if item is not None:
                try:
                    owner = record.checklist.item(item).owner or None
                except KeyError:
                    raise BadInput(f"批次 {record.id} 的检查表中没有检查项 {item!r}") from None
            rect = loop.new_rectification(
                self._next_rect_id(record, []), record.id, record.meta.checklist, record.meta.unit,
                record.meta.period, item, problem.strip(), date, by.strip(), owner=owner)
            db.table("rectifications").insert(rect.to_dict())
            return rect
        rect = self._edit(round_id, change, allow_submitted=True)
        self._changed(round_id)
        return rect

    def rectify(self, rect_id: str, to: str, **fields: Any) -> loop.Rectification:
        """Append one loop transition to a rectification item (see loop.transition)."""
        if isinstance(fields.get("date"), dt.date):
            not_after_today(fields["date"], "流转日期")
        round_id = rect_id.strip().upper().rsplit("-", 1)[0]
        try:
            round_id = self.normalise_round_id(round_id)
        except BadInput:
            raise BadInput(f"找不到整改事项 {rect_id}") from None
        rect_id = rect_id.strip().upper()

        def change(db: TinyDB, record: Round) -> loop.Rectification:
            current = next((r for r in record.rectifications if r.id == rect_id), None)
            if current is None:
                raise BadInput(f"找不到整改事项 {rect_id}")
            try:
                updated = loop.transition(current, to, **fields)
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
        """Put backup N back in place of the round file; the current file is kept as a backup
        (or, when damaged, set aside as `NAME.damaged-TIME`), never lost."""
        path = self.round_path(round_id)
        source = self.backup_dir / f"{path.name}.{number}"
        if not source.exists():
            raise BadInput(f"批次 {round_id} 没有第 {number} 号备份")
        data = read_json(source)
        round_from_data(source, data)
        with locked(path):
            if path.exists():
                try:
                    read_json(path)
                    backup(path, self.backup_dir, force=True)
                except DamagedFile:
                    self._set_aside(path)
            atomic_write(path, data)
        self._changed(round_id)
        return source


def sheet_line(problem: str) -> int:
    """The line (CSV) or entry (JSON) number a sheet problem starts with, for sorting; 0 if none."""
    found = re.match(r"第 (\d+) [行条]", problem)
    return int(found[1]) if found else 0


def problem_text(question: str, answer: Answer) -> str:
    text = f"{question} —— 自查结果: {ANSWER_LABELS.get(answer.answer or '', '未自查')}"
    return f"{text};说明: {answer.note}" if answer.note.strip() else text
