"""Answer sheets: the blank CSV template villages fill in, and reading filled sheets back (DESIGN §6).

CSV is written UTF-8 with a BOM so Excel and WPS open it with Chinese intact; it is read as UTF-8
(with or without BOM), else GB18030, which is what Excel/WPS save on Chinese Windows.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checklist_tui.domain.checklist import Checklist, format_number
from checklist_tui.domain.scoring import ANSWER_LABELS, AnswerError, normalise_answer

COLUMNS = ("item", "answer", "value", "note", "evidence")
# The xlsx template's header, column for column; either header is read back, in CSV too.
CHINESE_COLUMNS = ("检查项编号", "自查结果", "数值", "说明", "佐证材料",
                   "检查表", "类别", "检查内容", "填写说明")
# The template names its checklist on every row, so a sheet of another checklist (whose item ids
# may well overlap) is refused on import instead of filling the wrong items.
CHECKLIST_COLUMN = "checklist"
TEMPLATE_EXTRA = (CHECKLIST_COLUMN, "section", "question", "how")


class SheetError(ValueError):
    """The sheet as a whole cannot be read (encoding, header, JSON shape)."""


ENGLISH_NAME = dict(zip(CHINESE_COLUMNS, (*COLUMNS, *TEMPLATE_EXTRA), strict=True))
# A title row above the header: "单位：U　期间：P" (either part may be missing)
TITLE = re.compile(r"\s*(?:单位[：:]\s*(?P<unit>.*?))?\s*(?:期间[：:]\s*(?P<period>\S*))?\s*")


@dataclass
class Sheet:
    rows: list[dict[str, Any]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    unit: str | None = None  # from the title row, when the sheet has one
    period: str | None = None


def title_text(unit: str | None, period: str | None) -> str:
    """The title row of a sheet sent to a unit: 单位：U　期间：P."""
    return "\u3000".join(part for part in (unit and f"单位：{unit}", period and f"期间：{period}") if part)


def parse_title(text: str) -> tuple[str | None, str | None] | None:
    """(unit, period) from a title row, or None when the row is not a title."""
    found = TITLE.fullmatch(text)
    if found is None or not (found["unit"] or found["period"]):
        return None
    return (found["unit"] or None), (found["period"] or None)


def how_to_answer(item: Any) -> str:
    if item.kind == "number":
        target = f",目标 {item.target.label}" if item.target else ",只记录不计分"
        return f"在 value 列填数值,范围 {item.range_text()}{target};answer 留空(不适用填 na)"
    if item.kind == "deduction":
        return f"在 value 列填缺项次数({item.range_text()}),每次扣 {format_number(item.each or 0)} 分," \
               f"最多扣 {format_number(item.cap or 0)} 分;answer 留空"
    if item.kind == "bonus":
        return f"加分项:在 value 列填次数({item.range_text()}),每次加 {format_number(item.each or 0)} 分," \
               f"累计不超过 {format_number(item.cap or 0)} 分;answer 留空(不适用填 na)"
    return "answer 列填 " + "、".join(f"{k}({v})" for k, v in ANSWER_LABELS.items())


def template_csv(checklist: Checklist, unit: str | None = None, period: str | None = None) -> str:
    """A blank answer sheet for a checklist, as text (write it with encoding 'utf-8-sig'); with a
    unit or period, a title row stands above the header."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    if unit or period:
        writer.writerow([title_text(unit, period)])
    writer.writerow(COLUMNS + TEMPLATE_EXTRA)
    for section in checklist.sections:
        for item in section.items:
            writer.writerow([item.id, "", "", "", "", checklist.id, section.title, item.text,
                             how_to_answer(item)])
    return out.getvalue()


def decode(data: bytes, name: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as error:
        raise SheetError(f"{name}: 无法识别文件编码(应为 UTF-8 或 GBK/GB18030),"
                         f"第 {error.start} 字节附近") from None


def read_sheet(path: Path) -> Sheet:
    """Read a filled answer sheet (CSV, xlsx or JSON) into rows; problems name line, item and reason."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise SheetError(f"{path}: 无法读取 ({error.strerror or error})") from None
    if path.suffix.lower() in (".xlsx", ".xlsm") or data.startswith(b"PK\x03\x04"):
        from checklist_tui.interchange.xlsx_sheet import xlsx_rows

        return sheet_from_rows(xlsx_rows(data, str(path)), str(path))
    text = decode(data, str(path))
    if path.suffix.lower() == ".json" or text.lstrip().startswith("["):
        return _read_json(text, str(path))
    return sheet_from_rows(_csv_rows(text, str(path)), str(path))


def _csv_rows(text: str, name: str) -> Iterator[tuple[int, list[str]]]:
    """(line where the row starts, cells) for each CSV row; header = line 1."""
    reader = csv.reader(io.StringIO(text, newline=""))
    line = 1
    try:
        for cells in reader:
            start, line = line, reader.line_num + 1
            yield start, cells
    except csv.Error as error:
        raise SheetError(f"{name}: 第 {line} 行: CSV 格式错误 ({error})") from None


def sheet_from_rows(numbered: Iterable[tuple[int, list[str]]], name: str) -> Sheet:
    """Check the rows of a CSV or xlsx sheet, each with the row number the user sees.

    An optional title row (单位/期间) may stand above the header; the header is the English or the
    Chinese one (the five answer columns first, more may follow)."""
    rows = iter(numbered)
    sheet = Sheet()
    first = next(rows, None)
    if first is not None and first[1] and (title := parse_title(first[1][0])) is not None:
        sheet.unit, sheet.period = title
        first = next(rows, None)
    if first is None:
        raise SheetError(f"{name}: 文件是空的")
    header_line, header = first
    names = [ENGLISH_NAME.get(cell.strip(), cell.strip().lower()) for cell in header]
    if tuple(names[: len(COLUMNS)]) != COLUMNS:
        raise SheetError(f"{name}: 第 {header_line} 行: 表头应以 {','.join(COLUMNS)} 或 "
                         f"{','.join(CHINESE_COLUMNS[: len(COLUMNS)])} 开头,实际为 {','.join(header)}")
    checklist_at = names.index(CHECKLIST_COLUMN) if CHECKLIST_COLUMN in names else None
    for start, cells in rows:
        if not any(cell.strip() for cell in cells[: len(COLUMNS)]):
            continue
        row = dict(zip(COLUMNS, (cells + [""] * len(COLUMNS))[: len(COLUMNS)], strict=True))
        if checklist_at is not None and checklist_at < len(cells):
            row[CHECKLIST_COLUMN] = cells[checklist_at]
        _add_row(sheet, f"第 {start} 行", row)
    return sheet


def _read_json(text: str, name: str) -> Sheet:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise SheetError(f"{name}: JSON 第 {error.lineno} 行: {error.msg}") from None
    if not isinstance(data, list):
        raise SheetError(f"{name}: JSON 应为对象列表 [{{\"item\": …, \"answer\": …}}, …]")
    sheet = Sheet()
    for index, obj in enumerate(data, start=1):
        where = f"第 {index} 条"
        if not isinstance(obj, dict):
            sheet.problems.append(f"{where}: 应为对象")
            continue
        unknown = sorted(set(obj) - {*COLUMNS, CHECKLIST_COLUMN})
        if unknown:
            sheet.problems.append(f"{where}: 未知字段 {', '.join(unknown)}")
            continue
        cells = {key: "" if obj.get(key) is None else str(obj.get(key)) for key in COLUMNS}
        if any(cells.values()):
            cells[CHECKLIST_COLUMN] = str(obj.get(CHECKLIST_COLUMN) or "")
            _add_row(sheet, where, cells)
    return sheet


def _add_row(sheet: Sheet, where: str, cells: dict[str, str]) -> None:
    item = cells["item"].strip()
    if not item:
        sheet.problems.append(f"{where}: 缺少 item(检查项编号)")
        return
    if any(row["item"] == item for row in sheet.rows):
        sheet.problems.append(f"{where} (item {item}): 同一检查项出现了两次")
        return
    try:
        answer = normalise_answer(cells["answer"])
    except AnswerError as error:
        sheet.problems.append(f"{where} (item {item}): {error}")
        return
    raw_value = cells["value"].strip().rstrip("%").replace(",", "")
    value = None
    if raw_value:
        try:
            value = float(raw_value)
        except ValueError:
            sheet.problems.append(f"{where} (item {item}): value {cells['value']!r} 不是数字")
            return
    sheet.rows.append({"line": where, "item": item, "answer": answer, "value": value,
                       "note": cells["note"].strip(), "evidence": cells["evidence"].strip(),
                       "checklist": cells.get(CHECKLIST_COLUMN, "").strip()})
