"""整改台账: the rectification items as they stood on a date, as JSON, CSV and printed parts.

Replaying history (`loop.as_of`) makes a quarter-end ledger printable again later with the same
content: items found after the date do not appear, states and reopen counts are those of the date.

CSV (`ledger --format csv`): UTF-8 with BOM (so Excel and WPS read it as Unicode), CRLF line ends,
one header row in Chinese. Columns and the JSON key each one carries:

    编号 id, 批次 round, 检查表 checklist, 单位 unit, 期间 period, 检查项 item, 问题 problem,
    状态 state (as its Chinese label), 责任单位 owner, 整改措施 measures, 整改期限 due,
    首次期限 first_due, 发现日期 found, 销号日期 closed, 是否逾期 overdue (是/否),
    逾期天数 (days past the due date on the as-of date), 退回次数 reopen_count

A text cell that begins with = + - @ (or tab, CR, full-width ＝ ＋ － ＠) gets a leading apostrophe,
so a spreadsheet shows it as typed instead of running it as a formula (`domain.text.sheet_safe`).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from checklist_tui.domain import loop
from checklist_tui.domain.ids import rect_order
from checklist_tui.domain.round import Round
from checklist_tui.domain.text import sheet_safe, visible
from checklist_tui.reports.document import EMPTY, Cell, Column, Part, line, table


@dataclass(frozen=True)
class LedgerEntry:
    rect: loop.Rectification  # as it stood on the ledger's date
    days_overdue: int

    @property
    def overdue(self) -> bool:
        return self.days_overdue > 0


@dataclass(frozen=True)
class Ledger:
    as_of: dt.date
    entries: tuple[LedgerEntry, ...]
    filters: tuple[str, ...] = ()  # what was asked for, in words, for the title line


@dataclass(frozen=True)
class LedgerColumn:
    """One column of the ledger sheet, CSV and xlsx alike (the office's column order lives here)."""

    header: str
    value: Callable[[LedgerEntry], str | int | dt.date | None]
    width: int = 10  # characters, in the xlsx sheet
    wrap: bool = False


LEDGER_COLUMNS = (
    LedgerColumn("编号", lambda e: e.rect.id, 10),
    LedgerColumn("批次", lambda e: e.rect.round, 7),
    LedgerColumn("检查表", lambda e: e.rect.checklist or "", 12, wrap=True),
    LedgerColumn("单位", lambda e: e.rect.unit, 10, wrap=True),
    LedgerColumn("期间", lambda e: e.rect.period, 9),
    LedgerColumn("检查项", lambda e: e.rect.item or "", 8),
    LedgerColumn("问题", lambda e: e.rect.problem, 40, wrap=True),
    LedgerColumn("状态", lambda e: loop.STATE_LABELS[e.rect.state], 8),
    LedgerColumn("责任单位", lambda e: e.rect.owner or "", 10, wrap=True),
    LedgerColumn("整改措施", lambda e: e.rect.measures or "", 30, wrap=True),
    LedgerColumn("整改期限", lambda e: e.rect.due, 11),
    LedgerColumn("首次期限", lambda e: e.rect.first_due, 11),
    LedgerColumn("发现日期", lambda e: e.rect.found, 11),
    LedgerColumn("销号日期", lambda e: e.rect.closed, 11),
    LedgerColumn("是否逾期", lambda e: "是" if e.overdue else "否", 6),
    LedgerColumn("逾期天数", lambda e: e.days_overdue, 6),
    LedgerColumn("退回次数", lambda e: e.rect.reopen_count, 6),
)
CSV_COLUMNS = tuple(column.header for column in LEDGER_COLUMNS)


def build_ledger(rounds: Iterable[Round], as_of: dt.date, *, status: str | None = None,
                 overdue_only: bool = False, filters: tuple[str, ...] = ()) -> Ledger:
    """The items of these rounds as of the date, optionally only one state or only overdue ones."""
    entries = []
    for record in rounds:
        for rect in record.rectifications:
            then = loop.as_of(rect, as_of)
            if then is None or (status is not None and then.state != status):
                continue
            days = loop.days_overdue(then, as_of)
            if overdue_only and days == 0:
                continue
            entries.append(LedgerEntry(then, days))
    entries.sort(key=lambda e: rect_order(e.rect.id))
    return Ledger(as_of, tuple(entries), filters)


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def entry_json(entry: LedgerEntry) -> dict[str, Any]:
    r = entry.rect
    return {
        "id": r.id, "round": r.round, "checklist": r.checklist, "unit": r.unit, "period": r.period,
        "item": r.item, "problem": r.problem, "state": r.state, "owner": r.owner, "measures": r.measures,
        "due": _iso(r.due), "first_due": _iso(r.first_due), "found": _iso(r.found),
        "closed": _iso(r.closed), "overdue": entry.overdue, "reopen_count": r.reopen_count,
        "history": [t.to_dict() for t in r.history],
    }


def ledger_json(ledger: Ledger) -> dict[str, Any]:
    return {"as_of": ledger.as_of.isoformat(), "items": [entry_json(e) for e in ledger.entries]}


def ledger_csv(ledger: Ledger) -> str:
    """The whole sheet, starting with the BOM."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for e in ledger.entries:
        writer.writerow([_csv_cell(column.value(e)) for column in LEDGER_COLUMNS])
    return "\ufeff" + buffer.getvalue()


def _csv_cell(value: str | int | dt.date | None) -> str | int:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int):
        return value
    return sheet_safe(visible(value or ""))


def _due_text(rect: loop.Rectification) -> str:
    if rect.due is None:
        return EMPTY
    if rect.first_due is not None and rect.first_due != rect.due:
        return f"{rect.due.isoformat()}\n原 {rect.first_due.isoformat()}"
    return rect.due.isoformat()


def ledger_parts(ledger: Ledger) -> list[Part]:
    overdue = sum(1 for e in ledger.entries if e.overdue)
    asked = ("筛选: " + ",".join(ledger.filters) + "。") if ledger.filters else ""
    head = line(f"截至 {ledger.as_of.isoformat()},共 {len(ledger.entries)} 项,其中逾期 ",
                Cell(f"{overdue} 项", "bold red" if overdue else ""), "。" + asked)
    title = f"整改台账(截至 {ledger.as_of.isoformat()})"
    if not ledger.entries:
        return [Part(title, (head,), level=2)]
    rows = []
    for e in ledger.entries:
        r = e.rect
        state = loop.STATE_LABELS[r.state]
        late = f"逾期 {e.days_overdue} 天" if e.overdue else ""
        state_style = "green" if r.state == "closed" else "bold red" if e.overdue else ""
        rows.append((
            f"{r.id}\n{r.unit}", r.id, r.unit, r.period, r.item or EMPTY, r.problem,
            Cell(f"{state}\n{late}".strip(), state_style), Cell(state, state_style),
            r.owner or EMPTY, r.measures or EMPTY, _due_text(r), Cell(late or EMPTY, "bold red"),
            r.found.isoformat(), _iso(r.closed) or EMPTY, str(r.reopen_count),
        ))
    # Rich gets fewer, merged columns so that the problem stays readable at 100 columns.
    columns = (
        Column("编号/单位", ratio=1, width=9, markdown=False), Column("编号", rich=False),
        Column("单位", rich=False), Column("期间", rich=False), Column("检查项", rich=False),
        Column("问题", ratio=4), Column("状态", no_wrap=True, markdown=False),
        Column("状态", rich=False), Column("责任单位", ratio=1, width=8), Column("整改措施", ratio=2),
        Column("整改期限", no_wrap=True), Column("逾期", rich=False), Column("发现日期", rich=False),
        Column("销号日期", rich=False), Column("退回", "right", no_wrap=True),
    )
    return [Part(title, (head, table(columns, rows)), level=2)]
