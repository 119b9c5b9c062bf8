"""`county summary|ledger --format xlsx`: the county's merge as workbooks, laid out like the town's
(reports/workbook.py: title row, frozen bold header repeated on every page, A4 landscape), with the
乡镇 column first. openpyxl is imported only inside the functions (through workbook.py).
"""

from __future__ import annotations

from typing import Any

from checklist_tui.domain.metrics import LoopMetrics
from checklist_tui.reports.county import LEDGER_TITLE, OVERALL, TITLE, CountyLedger, CountySummary
from checklist_tui.reports.ledger import LEDGER_COLUMNS
from checklist_tui.reports.workbook import (
    OVERDUE_FILL,
    RATE_FORMAT,
    SCORE_FORMAT,
    SheetWriter,
    new_book,
    to_bytes,
)

TOWN = "乡镇"
LOOP_HEADERS = ("乡镇", "已提交批次", "整改事项", "已销号", "逾期", "整改完成率", "按期整改率",
                "复核一次通过率", "问题反弹率", "平均整改天数", "闭环得分")
LOOP_FORMATS = (None, "0", "0", "0", "0", RATE_FORMAT, RATE_FORMAT, RATE_FORMAT, RATE_FORMAT, "0.0",
                SCORE_FORMAT)


def _round1(value: float | None) -> float | str:
    return "—" if value is None else round(value, 1)


def _rate(value: float | None) -> float | str:
    return "—" if value is None else value


def _loop_row(name: str, rounds: int, m: LoopMetrics) -> tuple[Any, ...]:
    return (name, rounds, m.total, m.closed, m.overdue, _rate(m.closure), _rate(m.on_time),
            _rate(m.first_pass), _rate(m.recurrence), _round1(m.mean_days_to_close), round(m.loop_score, 1))


def _loop_sheet(book: Any, summary: CountySummary) -> None:
    title = f"{TITLE}（截至 {summary.as_of.isoformat()}）：各乡镇整改闭环与逾期"
    sheet = SheetWriter(book.create_sheet("整改闭环"), title, LOOP_HEADERS,
                        (12, 8, 8, 8, 6, 10, 10, 10, 10, 10, 8))
    for town in summary.towns:
        sheet.add(_loop_row(town.town, town.rounds, town.loop), LOOP_FORMATS,
                  fill=OVERDUE_FILL if town.loop.overdue else None)
    sheet.add(_loop_row(OVERALL, sum(t.rounds for t in summary.towns), summary.overall), LOOP_FORMATS,
              bold=True)


def _matrix_sheet(book: Any, summary: CountySummary) -> None:
    """Per checklist version, towns × sections, one block under the other."""
    width = max((len(m.sections) for m in summary.matrices), default=0) + 3
    sheet = SheetWriter(book.create_sheet("分项得分"), "各乡镇分项得分（已提交批次的平均分）", (),
                        [12, 7, 8, *[8] * (width - 3)])
    for m in summary.matrices:
        sheet.gap()
        sheet.add((f"{m.title}（{m.version} 版）",), bold=True)
        sheet.header([TOWN, "批次", "总分", *(sid for sid, _ in m.sections)])
        for row in m.rows:
            scores = (_round1(score) for score, _ in row.sections)
            sheet.add((row.town, row.rounds, _round1(row.score), *scores),
                      (None, "0", *[SCORE_FORMAT] * (len(m.sections) + 1)))
        for sid, title in m.sections:
            sheet.add((sid, title))


def county_summary_xlsx(summary: CountySummary) -> bytes:
    """Two sheets: 整改闭环 (a row per town and one for all towns) and 分项得分 (the matrices)."""
    book = new_book()
    _loop_sheet(book, summary)
    _matrix_sheet(book, summary)
    return to_bytes(book)


def county_ledger_xlsx(ledger: CountyLedger) -> bytes:
    """The ledger's columns (the same as its CSV) after 乡镇, numbered across the county."""
    book = new_book()
    ws = book.create_sheet("整改台账")
    entries = ledger.entries
    overdue = sum(1 for _, e in entries if e.overdue)
    asked = ("，" + "，".join(ledger.filters)) if ledger.filters else ""
    title = (f"{LEDGER_TITLE}（截至 {ledger.as_of.isoformat()}，{len(ledger.towns)} 个乡镇"
             f"共 {len(entries)} 项，逾期 {overdue} 项{asked}）")
    sheet = SheetWriter(ws, title, [TOWN, *(c.header for c in LEDGER_COLUMNS)],
                        [10, *(c.width for c in LEDGER_COLUMNS)])
    for town, entry in entries:
        sheet.add([town, *(column.value(entry) for column in LEDGER_COLUMNS)],
                  fill=OVERDUE_FILL if entry.overdue else None)
    if entries:
        ws.auto_filter.ref = f"A2:{ws.cell(row=sheet.row, column=sheet.columns).coordinate}"
    return to_bytes(book)
