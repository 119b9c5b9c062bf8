"""Answer sheets as xlsx workbooks: the template a unit fills in WPS or Excel, and reading a filled
workbook into the same numbered rows the CSV path checks (sheets.sheet_from_rows).

openpyxl is imported inside these functions: the command line and the TUI start without it.

Cells are read as the person meant them, from what Excel stores: a number in a cell whose number
format contains `%` is value × 100 (typing 99 into a % cell stores 0.99), a number in a General
cell is taken as is, a date cell is a date (YYYY-MM-DD).
"""

from __future__ import annotations

import datetime as dt
import io
import math
from collections.abc import Container, Iterator, Sequence
from pathlib import Path
from typing import Any

from checklist_tui.domain.checklist import Checklist, Item, format_number
from checklist_tui.domain.scoring import ANSWER_LABELS
from checklist_tui.interchange.sheets import CHINESE_COLUMNS, SheetError, title_text

SHEET_TITLE = "答题表"
ANSWER_WORDS = tuple(ANSWER_LABELS.values())  # 符合, 基本符合, 不符合, 不适用
CRITICAL_WORDS = tuple(ANSWER_LABELS[key] for key in ("pass", "fail", "na"))
# column widths in characters; with fit-to-width they print on one A4 landscape page width
WIDTHS = (10, 11, 9, 22, 16, 18, 16, 40, 26)
SECTION_SHOWN = 15  # characters of a section title in the 类别 column (two lines); the rest as …
WRAPPED = {4, 5, 7, 8, 9}  # 说明, 佐证材料, 类别, 检查内容, 填写说明 (1-based columns)
ANSWER_COLUMNS = (2, 3, 4, 5)  # 自查结果, 数值, 说明, 佐证材料: editable; the rest is locked


def how_to_fill(item: Item) -> str:
    """The 填写说明 cell: what to put where, in the template's own column names."""
    if item.kind == "number":
        target = f"，目标 {item.target.label}{item.unit}" if item.target else "，只记录不计分"
        return f"在“数值”列填数值，范围 {item.range_text()}{target}；“自查结果”留空（不适用填 不适用）"
    if item.kind == "deduction":
        return (f"在“数值”列填缺项次数（整数），每次扣 {format_number(item.each or 0)} 分，最多扣 "
                f"{format_number(item.cap or 0)} 分；“自查结果”留空")
    if item.kind == "bonus":
        each, cap = format_number(item.each or 0), format_number(item.cap or 0)
        return (f"加分项：在“数值”列填次数（{item.range_text()}），每次加 {each} 分，"
                f"累计不超过 {cap} 分；“自查结果”留空（不适用填 不适用）")
    words = CRITICAL_WORDS if item.critical else ANSWER_WORDS
    return "“自查结果”从下拉列表选择：" + "、".join(words) + ("（一票否决项）" if item.critical else "")


def template_xlsx(checklist: Checklist, unit: str | None = None, period: str | None = None) -> bytes:
    """A blank answer sheet as an xlsx workbook (bytes), ready for WPS or Excel and for A4 printing."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    ws = book.active
    ws.title = SHEET_TITLE
    title = title_text(unit, period)
    header_row = 2 if title else 1
    if title:
        ws.cell(row=1, column=1, value=title).font = Font(bold=True, size=14)
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(CHINESE_COLUMNS))
        ws.row_dimensions[1].height = 24
    fill = PatternFill("solid", fgColor="DDEBF7")
    for column, name in enumerate(CHINESE_COLUMNS, start=1):
        cell = ws.cell(row=header_row, column=column, value=name)
        cell.font = Font(bold=True)
        cell.fill = fill
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(column)].width = WIDTHS[column - 1]
    ws.row_dimensions[header_row].height = 20

    status = DataValidation(type="list", formula1='"' + ",".join(ANSWER_WORDS) + '"', allow_blank=True,
                            showErrorMessage=True, errorTitle="自查结果",
                            error="请从下拉列表选择：" + "、".join(ANSWER_WORDS))
    critical = DataValidation(type="list", formula1='"' + ",".join(CRITICAL_WORDS) + '"', allow_blank=True,
                              showErrorMessage=True, errorTitle="自查结果",
                              error="一票否决项请选择：" + "、".join(CRITICAL_WORDS))
    not_applicable = DataValidation(type="list", formula1=f'"{ANSWER_LABELS["na"]}"', allow_blank=True,
                                    showErrorMessage=True, errorTitle="自查结果",
                                    error="数值项的自查结果留空，不适用时选“不适用”")
    for validation in (status, critical, not_applicable):
        ws.add_data_validation(validation)

    row = header_row
    for section in checklist.sections:
        for item in section.items:
            row += 1
            values = (item.id, None, None, None, None, checklist.id, shortened(section.title), item.text,
                      how_to_fill(item))
            for column, value in enumerate(values, start=1):
                cell = ws.cell(row=row, column=column, value=value)
                cell.alignment = Alignment(vertical="top", wrap_text=column in WRAPPED)
                if column in ANSWER_COLUMNS:
                    cell.protection = Protection(locked=False)
            ws.row_dimensions[row].height = row_height(values, WIDTHS, WRAPPED)
            answer_cell = f"B{row}"
            if item.needs_value:
                not_applicable.add(answer_cell)
                ws.add_data_validation(value_validation(item, f"C{row}"))
            else:
                (critical if item.critical else status).add(answer_cell)

    ws.freeze_panes = ws.cell(row=header_row + 1, column=2)
    print_landscape(ws, header_row)
    ws.print_options.horizontalCentered = True
    # reading columns locked; no password, so an office can lift it (审阅 → 撤销工作表保护)
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def print_landscape(ws: Any, title_rows: int) -> None:
    """Print on landscape A4, one page wide, the first `title_rows` rows on every page."""
    ws.print_title_rows = f"1:{title_rows}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def shortened(title: str) -> str:
    """A section title cut to two lines of the 类别 column, so rows stay as tall as their question."""
    return title if len(title) <= SECTION_SHOWN + 1 else title[:SECTION_SHOWN] + "…"


def row_height(values: Sequence[Any], widths: Sequence[float], wrapped: Container[int]) -> float:
    """Points for a row whose wrapped cells show all their text: WPS and LibreOffice do not grow a
    row by themselves when the file gives no height. A Chinese character takes about two width units."""
    lines = 1
    for column, value in enumerate(values, start=1):
        if column in wrapped and value:
            text = str(value)
            units = sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)
            width = widths[column - 1] if column <= len(widths) else 10
            lines = max(lines, math.ceil(units / max(1.0, width - 1)))
    return 15.0 * lines + 3


def value_validation(item: Item, cell: str) -> Any:
    """Cell validation of a number item's 数值 (its range) or a deduction's count (a whole number ≥ 0)."""
    from openpyxl.worksheet.datavalidation import DataValidation

    if item.kind == "deduction":
        validation = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0")
    elif item.min is not None and item.max is not None:
        validation = DataValidation(type="decimal", operator="between", formula1=format_number(item.min),
                                    formula2=format_number(item.max))
    elif item.min is not None:
        validation = DataValidation(type="decimal", operator="greaterThanOrEqual",
                                    formula1=format_number(item.min))
    elif item.max is not None:
        validation = DataValidation(type="decimal", operator="lessThanOrEqual",
                                    formula1=format_number(item.max))
    else:
        validation = DataValidation(type="decimal", operator="between", formula1="-1E+307",
                                    formula2="1E+307")
    validation.allow_blank = True
    validation.showErrorMessage = True
    validation.errorTitle = "数值"
    validation.error = f"应为 {item.range_text()}"
    validation.add(cell)
    return validation


def write_template_xlsx(checklist: Checklist, path: Path, unit: str | None = None,
                        period: str | None = None) -> None:
    path.write_bytes(template_xlsx(checklist, unit, period))


def number_text(value: float) -> str:
    """A cell's number as the person typed it: 95.0 → "95", 0.95 × 100 → "95" (not 95.00000000000001)."""
    rounded = round(float(value), 9)
    return format_number(rounded) if rounded.is_integer() else repr(rounded)


def cell_text(value: Any, number_format: str | None) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return number_text(value * 100 if "%" in (number_format or "") else value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def xlsx_rows(data: bytes, name: str) -> Iterator[tuple[int, list[str]]]:
    """(Excel row number, cell texts) of the workbook's first sheet, blank rows included."""
    import zipfile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(io.BytesIO(data), data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise SheetError(f"{name}：无法读取 xlsx 工作簿（文件已损坏，或不是 xlsx 格式），"
                         "请用 WPS/Excel 另存为 .xlsx 或 CSV 后再导入") from None
    ws = book.worksheets[0]
    for row in ws.iter_rows():
        if not row:
            continue
        yield row[0].row, [cell_text(cell.value, cell.number_format) for cell in row]
