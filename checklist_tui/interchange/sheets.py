"""Answer sheets: the blank CSV template villages fill in, and reading filled sheets back (DESIGN §6).

CSV is written UTF-8 with a BOM so Excel and WPS open it with Chinese intact; it is read as UTF-8
(with or without BOM), else GB18030, which is what Excel/WPS save on Chinese Windows.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checklist_tui.domain.checklist import Checklist, format_number
from checklist_tui.domain.scoring import ANSWER_LABELS, AnswerError, normalise_answer

COLUMNS = ("item", "answer", "value", "note", "evidence")
# The template names its checklist on every row, so a sheet of another checklist (whose item ids
# may well overlap) is refused on import instead of filling the wrong items.
CHECKLIST_COLUMN = "checklist"
TEMPLATE_EXTRA = (CHECKLIST_COLUMN, "section", "question", "how")


class SheetError(ValueError):
    """The sheet as a whole cannot be read (encoding, header, JSON shape)."""


@dataclass
class Sheet:
    rows: list[dict[str, Any]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def how_to_answer(item: Any) -> str:
    if item.kind == "number":
        target = f",目标 {item.target.label}" if item.target else ",只记录不计分"
        return f"在 value 列填数值,范围 {item.range_text()}{target};answer 留空(不适用填 na)"
    if item.kind == "deduction":
        return f"在 value 列填缺项次数(整数),每次扣 {format_number(item.each or 0)} 分,最多扣 " \
               f"{format_number(item.cap or 0)} 分;answer 留空"
    return "answer 列填 " + "、".join(f"{k}({v})" for k, v in ANSWER_LABELS.items())


def template_csv(checklist: Checklist) -> str:
    """A blank answer sheet for a checklist, as text (write it with encoding 'utf-8-sig')."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
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
    """Read a filled answer sheet (CSV or JSON) into rows; problems name line, item and reason."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise SheetError(f"{path}: 无法读取 ({error.strerror or error})") from None
    text = decode(data, str(path))
    if path.suffix.lower() == ".json" or text.lstrip().startswith("["):
        return _read_json(text, str(path))
    return _read_csv(text, str(path))


def _read_csv(text: str, name: str) -> Sheet:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise SheetError(f"{name}: 文件是空的") from None
    except csv.Error as error:
        raise SheetError(f"{name}: 第 1 行: CSV 格式错误 ({error})") from None
    found = tuple(cell.strip().lower() for cell in header[: len(COLUMNS)])
    if found != COLUMNS:
        raise SheetError(f"{name}: 第 1 行: 表头应以 {','.join(COLUMNS)} 开头,实际为 {','.join(header)}")
    names = [cell.strip().lower() for cell in header]
    checklist_at = names.index(CHECKLIST_COLUMN) if CHECKLIST_COLUMN in names else None
    sheet = Sheet()
    line = 2
    try:
        for cells in reader:
            start, line = line, reader.line_num + 1
            if not any(cell.strip() for cell in cells[: len(COLUMNS)]):
                continue
            row = dict(zip(COLUMNS, (cells + [""] * len(COLUMNS))[: len(COLUMNS)], strict=True))
            if checklist_at is not None and checklist_at < len(cells):
                row[CHECKLIST_COLUMN] = cells[checklist_at]
            _add_row(sheet, f"第 {start} 行", row)
    except csv.Error as error:
        raise SheetError(f"{name}: 第 {line} 行: CSV 格式错误 ({error})") from None
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
