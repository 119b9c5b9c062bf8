"""整改台账: the rectification items as they stood on a date, as JSON, CSV and printed parts.

Replaying history (`loop.as_of`) makes a quarter-end ledger printable again later with the same
content: items found after the date do not appear, states and reopen counts are those of the date.

CSV (`ledger --format csv`): UTF-8 with BOM (so Excel and WPS read it as Unicode), CRLF line ends,
one header row in Chinese, in the office's column order (issue #12; `LEDGER_COLUMNS`):

    序号, 问题来源 source, 被检查单位 unit, 问题描述 problem, 整改目标 goal, 整改措施 measures,
    整改类型 kind, 责任领导 leader, 责任单位 owner, 责任人 person, 整改时限 due,
    整改进展 (the latest progress entry, "2026-12-01 王五:text"), 完成情况 state (in Chinese),
    复核人 reviewer, 销号时间 closed, 佐证材料 evidence (every entry, ";"), 备注 remark,
    编号 id, 批次 round, 期间 period, 是否逾期 overdue (是/否), 逾期天数, 退回次数 reopen_count,
    首次期限 first_due, 发现日期 found, 检查表 checklist, 检查项 item

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
from checklist_tui.domain.round_figures import RoundLike
from checklist_tui.domain.text import sheet_safe, visible
from checklist_tui.reports.document import EMPTY, Cell, Column, Part, line, table


@dataclass(frozen=True)
class LedgerEntry:
    rect: loop.Rectification  # as it stood on the ledger's date
    days_overdue: int
    number: int = 0  # 序号: the row's place in the ledger, from 1
    checklist_name: str = ""  # the checklist's short title (年度自查), else its title; never the id

    @property
    def checklist_shown(self) -> str:
        return self.checklist_name or self.rect.checklist or ""

    @property
    def overdue(self) -> bool:
        return self.days_overdue > 0


@dataclass(frozen=True)
class Ledger:
    as_of: dt.date
    entries: tuple[LedgerEntry, ...]
    filters: tuple[str, ...] = ()  # what was asked for, in words, for the title line


@dataclass(frozen=True)
class LedgerFilter:
    """What a ledger is narrowed to: `unit` is the 被检查单位 (the round's unit), `owner` the
    责任单位, `person` the 责任人; `due_within` N keeps open items with as_of ≤ due ≤ as_of + N
    (临期, overdue ones excluded) and sorts them by due date."""

    status: str | None = None
    overdue_only: bool = False
    owner: str | None = None
    person: str | None = None
    source: str | None = None
    kind: str | None = None
    due_within: int | None = None

    @property
    def narrows(self) -> bool:
        """Whether this filter leaves any item out at all."""
        return (self.overdue_only or self.due_within is not None
                or any(v is not None for v in (self.status, self.owner, self.person, self.source, self.kind)))

    def keeps(self, rect: loop.Rectification, days_overdue: int, as_of: dt.date) -> bool:
        if self.status is not None and rect.state != self.status:
            return False
        if self.overdue_only and days_overdue == 0:
            return False
        wanted = {"owner": self.owner, "person": self.person, "source": self.source, "kind": self.kind}
        if any(value is not None and getattr(rect, key) != value for key, value in wanted.items()):
            return False
        if self.due_within is not None:
            return is_due_within(rect, as_of, self.due_within)
        return True


def is_due_within(rect: loop.Rectification, as_of: dt.date, days: int) -> bool:
    """临期: not closed, due on as_of or within `days` days after it."""
    return (rect.state != "closed" and rect.due is not None
            and as_of <= rect.due <= as_of + dt.timedelta(days=days))


@dataclass(frozen=True)
class LedgerColumn:
    """One column of the ledger sheet, CSV and xlsx alike (the office's column order lives here)."""

    header: str
    value: Callable[[LedgerEntry], str | int | dt.date | None]
    width: int = 10  # characters, in the xlsx sheet
    wrap: bool = False


def latest_progress(rect: loop.Rectification) -> str:
    """整改进展 as the ledger shows it: the latest entry, "2026-12-01 王五:text"."""
    return rect.progress[-1].line() if rect.progress else ""


# The office's column order (issue #12): what a 整改台账 files, then our own columns, then the
# first due date, found date, checklist and item (so an extension never hides lateness).
LEDGER_COLUMNS = (
    LedgerColumn("序号", lambda e: e.number, 5),
    LedgerColumn("问题来源", lambda e: e.rect.source, 8),
    LedgerColumn("被检查单位", lambda e: e.rect.unit, 10, wrap=True),
    LedgerColumn("问题描述", lambda e: e.rect.problem, 40, wrap=True),
    LedgerColumn("整改目标", lambda e: e.rect.goal or "", 20, wrap=True),
    LedgerColumn("整改措施", lambda e: e.rect.measures or "", 30, wrap=True),
    LedgerColumn("整改类型", lambda e: e.rect.kind or "", 8),
    LedgerColumn("责任领导", lambda e: e.rect.leader or "", 8),
    LedgerColumn("责任单位", lambda e: e.rect.owner or "", 10, wrap=True),
    LedgerColumn("责任人", lambda e: e.rect.person or "", 8),
    LedgerColumn("整改时限", lambda e: e.rect.due, 11),
    LedgerColumn("整改进展", lambda e: latest_progress(e.rect), 30, wrap=True),
    LedgerColumn("完成情况", lambda e: loop.STATE_LABELS[e.rect.state], 8),
    LedgerColumn("复核人", lambda e: e.rect.reviewer or "", 8),
    LedgerColumn("销号时间", lambda e: e.rect.closed, 11),
    LedgerColumn("佐证材料", lambda e: ";".join(e.rect.evidence), 24, wrap=True),
    LedgerColumn("备注", lambda e: e.rect.remark or "", 16, wrap=True),
    LedgerColumn("编号", lambda e: e.rect.id, 10),
    LedgerColumn("批次", lambda e: e.rect.round, 7),
    LedgerColumn("期间", lambda e: e.rect.period, 9),
    LedgerColumn("是否逾期", lambda e: "是" if e.overdue else "否", 6),
    LedgerColumn("逾期天数", lambda e: e.days_overdue if e.rect.due is not None else None, 6),
    LedgerColumn("退回次数", lambda e: e.rect.reopen_count, 6),
    LedgerColumn("首次期限", lambda e: e.rect.first_due, 11),
    LedgerColumn("发现日期", lambda e: e.rect.found, 11),
    LedgerColumn("检查表", lambda e: e.checklist_shown if e.rect.checklist else "", 12, wrap=True),
    LedgerColumn("检查项", lambda e: e.rect.item or "", 8),
)
CSV_COLUMNS = tuple(column.header for column in LEDGER_COLUMNS)


def build_ledger(rounds: Iterable[RoundLike], as_of: dt.date, *, status: str | None = None,
                 overdue_only: bool = False, filters: tuple[str, ...] = (),
                 only: LedgerFilter | None = None) -> Ledger:
    """The items of these rounds as of the date, narrowed by `only` (or the older `status` and
    `overdue_only`); 临期 (due_within) sorts by due date, everything else by id."""
    only = only or LedgerFilter(status=status, overdue_only=overdue_only)
    found = []
    names: dict[str, str] = {}
    keeps = only.keeps if only.narrows else None
    for record in rounds:
        names[record.id] = str(record.listing_row().get("short") or record.meta.title)
        for rect in record.rectifications:
            then = loop.as_of(rect, as_of)
            if then is None:
                continue
            days = loop.days_overdue(then, as_of)
            if keeps is None or keeps(then, days, as_of):
                found.append((then, days))
    if only.due_within is not None:
        found.sort(key=lambda e: (e[0].due or as_of, rect_order(e[0].id)))
    else:
        found.sort(key=lambda e: rect_order(e[0].id))
    entries = tuple(LedgerEntry(rect, days, n, names.get(rect.round, ""))
                    for n, (rect, days) in enumerate(found, 1))
    return Ledger(as_of, entries, filters)


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def entry_json(entry: LedgerEntry) -> dict[str, Any]:
    r = entry.rect
    return {
        "id": r.id, "round": r.round, "checklist": r.checklist, "unit": r.unit, "period": r.period,
        "item": r.item, "problem": r.problem, "state": r.state, "owner": r.owner, "measures": r.measures,
        "due": _iso(r.due), "first_due": _iso(r.first_due), "found": _iso(r.found),
        "closed": _iso(r.closed), "overdue": entry.overdue, "reopen_count": r.reopen_count,
        "source": r.source, "goal": r.goal, "kind": r.kind, "leader": r.leader, "person": r.person,
        "progress": [p.to_dict() for p in r.progress], "reviewer": r.reviewer,
        "review_comment": r.review_comment, "evidence": list(r.evidence), "remark": r.remark,
        "history": [t.to_dict() for t in r.history],
    }


def ledger_json(ledger: Ledger, *, lazy: bool = False) -> dict[str, Any]:
    """The ledger as JSON data; `lazy`: its items made one by one as they are written (an
    iterator, for a writer that takes one: cli/json_out.py), so they are never all in memory."""
    items = map(entry_json, ledger.entries)
    return {"as_of": ledger.as_of.isoformat(), "items": items if lazy else list(items)}


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
    due = rect.due
    if due is None:
        return EMPTY
    first = rect.first_due
    if first is not None and first != due:
        return f"{due.isoformat()}\n原 {first.isoformat()}"
    return due.isoformat()


def ledger_parts(ledger: Ledger) -> list[Part]:
    """The ledger for text, Markdown and HTML: the office's columns in its order. Rich merges a few
    and leaves the rest to Markdown/HTML, so that the problem stays readable at 100 columns."""
    overdue = sum(1 for e in ledger.entries if e.overdue)
    asked = ("筛选：" + "，".join(ledger.filters) + "。") if ledger.filters else ""
    head = line(f"截至 {ledger.as_of.isoformat()}，共 {len(ledger.entries)} 项，其中逾期 ",
                Cell(f"{overdue} 项", "bold red" if overdue else ""), "。" + asked)
    title = f"整改台账（截至 {ledger.as_of.isoformat()}）"
    if not ledger.entries:
        return [Part(title, (head,), level=2)]
    rows = []
    styled: dict[tuple[str, str], Cell] = {}  # the few state and lateness cells, each made once

    def cell(text: str, style: str) -> Cell:
        found = styled.get((text, style))
        return found if found is not None else styled.setdefault((text, style), Cell(text, style))

    for e in ledger.entries:
        r = e.rect
        state = loop.STATE_LABELS[r.state]
        late = f"逾期 {e.days_overdue} 天" if e.overdue else ""
        state_style = "green" if r.state == "closed" else "bold red" if e.overdue else ""
        owner, person = r.owner, r.person
        who = "\n".join(x for x in (owner, person) if x) or EMPTY
        rows.append((
            str(e.number), f"{r.id}\n{r.unit}", r.source, r.unit, r.problem, r.goal or EMPTY,
            r.measures or EMPTY, r.kind or EMPTY, r.leader or EMPTY, who, owner or EMPTY,
            person or EMPTY, _due_text(r), latest_progress(r) or EMPTY,
            cell(f"{state}\n{late}".strip(), state_style), cell(state, state_style),
            r.reviewer or EMPTY, _iso(r.closed) or EMPTY, ";".join(r.evidence) or EMPTY,
            r.remark or EMPTY, r.id, r.round, r.period, cell(late or EMPTY, "bold red"),
            str(r.reopen_count),
        ))
    columns = (
        Column("序号", "right", no_wrap=True), Column("编号/单位", ratio=1, width=9, markdown=False),
        Column("问题来源", rich=False), Column("被检查单位", rich=False), Column("问题描述", ratio=4),
        Column("整改目标", rich=False), Column("整改措施", ratio=2), Column("整改类型", rich=False),
        Column("责任领导", rich=False), Column("责任单位/人", ratio=1, width=8, markdown=False),
        Column("责任单位", rich=False), Column("责任人", rich=False), Column("整改时限", no_wrap=True),
        Column("整改进展", rich=False), Column("完成情况", no_wrap=True, markdown=False),
        Column("完成情况", rich=False), Column("复核人", rich=False), Column("销号时间", rich=False),
        Column("佐证材料", rich=False), Column("备注", rich=False), Column("编号", rich=False),
        Column("批次", rich=False), Column("期间", rich=False), Column("逾期", rich=False),
        Column("退回", "right", no_wrap=True),
    )
    return [Part(title, (head, table(columns, rows)), level=2)]
