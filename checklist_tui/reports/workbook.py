"""The ledger and the summary as xlsx workbooks, for the office to sort, filter and print on A4.

Every sheet: a title row, a bold header frozen below it and repeated on every printed page, wrapped
text, A4 landscape fitted to the page width. Numbers stay numbers (scores with one decimal, rates
as percentages), dates stay dates. Text is always written as text: a problem typed as `=1+1` is
shown as typed, never run as a formula. openpyxl is imported only here, inside the functions.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

from checklist_tui.domain.answers import FINDING_ANSWERS, answer_text
from checklist_tui.domain.round import Round
from checklist_tui.interchange.xlsx_sheet import print_landscape, row_height
from checklist_tui.reports.across_rounds import matrix_parts, round_order
from checklist_tui.reports.document import Cell, CellLike, Fields, Table
from checklist_tui.reports.ledger import LEDGER_COLUMNS, Ledger
from checklist_tui.reports.summary import LEFT_OUT_REASONS, METRIC_LABELS, TITLE, Summary, detailed

LEDGER_TITLE = "麻埠镇法治政府建设整改台账"
OVERDUE_FILL = "FCE4E4"
HEADER_FILL = "DDEBF7"
SCORE_FORMAT = "0.0"
RATE_FORMAT = "0.0%"
DATE_FORMAT = "yyyy-mm-dd"


class SheetWriter:
    """Rows into one worksheet: title, header, body, and the print settings."""

    def __init__(self, ws: Any, title: str, headers: Sequence[str], widths: Sequence[int]):
        """With no headers (parts that bring their own), only the title row is frozen and repeated."""
        from openpyxl.styles import Font
        from openpyxl.utils import get_column_letter

        self.ws = ws
        self.widths = list(widths)
        self.columns = len(widths)
        ws.cell(row=1, column=1, value=title).font = Font(bold=True, size=14)
        if self.columns > 1:
            ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=self.columns)
        ws.row_dimensions[1].height = 24
        for column, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(column)].width = width
        self.row = 1
        if headers:
            self.header(headers)
        ws.freeze_panes = f"A{self.row + 1}"
        print_landscape(ws, self.row)
        ws.oddFooter.center.text = "第 &P 页，共 &N 页"

    def add(self, values: Sequence[Any], formats: Sequence[str | None] = (), fill: str | None = None,
            bold: bool = False) -> None:
        from openpyxl.styles import Alignment, Font, PatternFill

        self.row += 1
        self.ws.row_dimensions[self.row].height = row_height(values, self.widths, range(1, len(values) + 1))
        for column, value in enumerate(values, start=1):
            cell = self.ws.cell(row=self.row, column=column)
            if isinstance(value, str):
                cell.value = value
                cell.data_type = "s"  # text as typed, never a formula
            else:
                cell.value = value
            number_format = formats[column - 1] if column <= len(formats) else None
            if isinstance(value, dt.date):
                number_format = number_format or DATE_FORMAT
            if number_format:
                cell.number_format = number_format
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            if fill:
                cell.fill = PatternFill("solid", fgColor=fill)
            if bold:
                cell.font = Font(bold=True)

    def header(self, headers: Sequence[str]) -> None:
        from openpyxl.styles import Alignment, Font, PatternFill

        self.row += 1
        self.ws.row_dimensions[self.row].height = row_height(headers, self.widths, range(1, len(headers) + 1))
        for column, header in enumerate(headers, start=1):
            cell = self.ws.cell(row=self.row, column=column, value=header)
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)

    def gap(self) -> None:
        self.row += 1


def new_book() -> Any:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    return book


def to_bytes(book: Any) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- the ledger ----------------------------------------------------------------------------------


def ledger_xlsx(ledger: Ledger) -> bytes:
    """The ledger's columns (ledger.LEDGER_COLUMNS, the same as its CSV), overdue rows marked."""
    book = new_book()
    ws = book.create_sheet("整改台账")
    overdue = sum(1 for e in ledger.entries if e.overdue)
    asked = ("，" + "，".join(ledger.filters)) if ledger.filters else ""
    title = (f"{LEDGER_TITLE}（截至 {ledger.as_of.isoformat()}，共 {len(ledger.entries)} 项，"
             f"逾期 {overdue} 项{asked}）")
    sheet = SheetWriter(ws, title, [c.header for c in LEDGER_COLUMNS], [c.width for c in LEDGER_COLUMNS])
    for entry in ledger.entries:
        sheet.add([column.value(entry) for column in LEDGER_COLUMNS],
                  fill=OVERDUE_FILL if entry.overdue else None)
    if ledger.entries:
        ws.auto_filter.ref = f"A2:{ws.cell(row=sheet.row, column=sheet.columns).coordinate}"
    return to_bytes(book)


# --- the summary ---------------------------------------------------------------------------------


def _score(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def overview_sheet(book: Any, summary: Summary) -> None:
    headers = ("批次", "检查表", "单位", "期间", "得分", "等次", "已答", "总数", "不适用", "未自查",
               "一票否决不符合", "提交日期")
    sheet = SheetWriter(book.create_sheet("概览"), f"{TITLE}（截至 {summary.as_of.isoformat()}）", headers,
                        (7, 24, 12, 9, 7, 7, 6, 6, 6, 6, 16, 11))
    formats = (None, None, None, None, SCORE_FORMAT)
    for r in summary.rounds:
        t = r.score.tally
        submitted = dt.date.fromisoformat(r.meta.submitted) if r.meta.submitted else "未提交"
        sheet.add((r.id, r.meta.title, r.meta.unit, r.meta.period, _score(t.score), r.score.grade or "—",
                   t.answered, t.total, t.na, t.unanswered, "、".join(r.score.critical_failed), submitted),
                  formats, fill=OVERDUE_FILL if r.score.critical_failed else None)


def sections_sheet(book: Any, rounds: Sequence[Round]) -> None:
    headers = ("批次", "单位", "期间", "部分编号", "部分", "得分", "已答", "总数", "不适用")
    sheet = SheetWriter(book.create_sheet("分项得分"), "各批次分项得分", headers,
                        (7, 12, 9, 8, 50, 7, 6, 6, 6))
    for r in rounds:
        for s in r.score.sections:
            t = s.tally
            sheet.add((r.id, r.meta.unit, r.meta.period, s.id, s.title, _score(t.score), t.answered, t.total,
                       t.na), (None, None, None, None, None, SCORE_FORMAT))


def _plain(cell: CellLike, number: bool) -> Any:
    """A document cell's text; in a score column, a score as a number (— stays text)."""
    text = cell.text if isinstance(cell, Cell) else cell
    if number and isinstance(text, str):
        try:
            return float(text)
        except ValueError:
            return text
    return text


def matrix_sheet(book: Any, rounds: Sequence[Round], units: Sequence[str] = ()) -> None:
    """The matrix parts (one per checklist) one under the other, each with its header and legend."""
    parts = matrix_parts(sorted(rounds, key=round_order), units)
    tables = [next(b for b in part.blocks if isinstance(b, Table)) for part in parts]
    width = max((len(t.columns) for t in tables), default=2)
    sheet = SheetWriter(book.create_sheet("矩阵"), "各单位分项得分（各单位最近一期）", (),
                        [14, 9, *[8] * (width - 2)])
    for part, tab in zip(parts, tables, strict=True):
        shown = [i for i, column in enumerate(tab.columns) if column.markdown]
        sheet.gap()
        sheet.add((part.title,), bold=True)
        sheet.header([tab.columns[i].header for i in shown])
        for row in tab.rows:
            values = [_plain(row[i], tab.columns[i].justify == "right") for i in shown]
            sheet.add(values, [SCORE_FORMAT if isinstance(v, float) else None for v in values])
        for block in part.blocks:
            if isinstance(block, Fields):
                for key, value in block.pairs:
                    sheet.add((key, _plain(value, False)))


def failed_sheet(book: Any, rounds: Sequence[Round]) -> None:
    headers = ("批次", "单位", "期间", "检查项", "问题", "自查结果", "一票否决", "说明", "佐证材料")
    sheet = SheetWriter(book.create_sheet("不符合项"), "不符合和基本符合项", headers,
                        (7, 12, 9, 8, 44, 18, 8, 30, 20))
    for r in rounds:
        for item in r.checklist.items:
            answer = r.answers.get(item.id)
            if answer is None or answer.answer not in FINDING_ANSWERS:
                continue
            sheet.add((r.id, r.meta.unit, r.meta.period, item.id, item.text, answer_text(item, answer),
                       "是" if item.critical else "", answer.note, answer.evidence),
                      fill=OVERDUE_FILL if answer.answer == "fail" else None)


def loop_sheet(book: Any, summary: Summary) -> None:
    m = summary.loop
    sheet = SheetWriter(book.create_sheet("整改闭环"), f"整改闭环（截至 {m.as_of.isoformat()}）",
                        ("指标", "数值", "口径"), (16, 10, 60))
    rows: list[tuple[str, Any, str | None, str]] = [
        ("整改事项", m.total, "0", "所选批次的整改事项（含手工新增）"),
        ("已销号", m.closed, "0", ""),
        ("逾期", m.overdue, "0", "未销号且已过整改期限（含待复核）"),
        ("整改完成率", m.closure, RATE_FORMAT, "已销号 ÷ 整改事项"),
        ("按期整改率", m.on_time, RATE_FORMAT, "按首次整改期限计，延期不算按期"),
        ("复核一次通过率", m.first_pass, RATE_FORMAT, "已销号事项中从未被退回的比例"),
        ("问题反弹率", m.recurrence, RATE_FORMAT, "销号后再次检查仍不符合或基本符合的比例"),
        ("平均整改天数", None if m.mean_days_to_close is None else round(m.mean_days_to_close, 1), "0.0",
         "从发现到销号"),
        ("闭环得分", round(m.loop_score, 1), SCORE_FORMAT,
         "40% 完成率 + 25% 按期率 + 20% 一次通过率 + 15%（1 − 反弹率）"),
    ]
    for label, value, number_format, note in rows:
        sheet.add((label, "—" if value is None else value, note), (None, number_format))
    for term in m.left_out:
        sheet.add((f"未计入：{METRIC_LABELS[term]}", "—", LEFT_OUT_REASONS[term]))


def summary_xlsx(summary: Summary) -> bytes:
    """One sheet per part: 概览, 分项得分, 矩阵, 不符合项, 整改闭环 (the rounds read from their files)."""
    book = new_book()
    rounds = detailed(summary.rounds)
    overview_sheet(book, summary)
    sections_sheet(book, rounds)
    matrix_sheet(book, rounds, summary.units)
    failed_sheet(book, rounds)
    loop_sheet(book, summary)
    return to_bytes(book)
