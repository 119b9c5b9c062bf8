"""Answer sheets: the blank CSV template villages fill in, and reading filled sheets back (DESIGN §6).

CSV is written UTF-8 with a BOM so Excel and WPS open it with Chinese intact; it is read as UTF-8
(with or without BOM), else GB18030, which is what Excel/WPS save on Chinese Windows.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checklist_tui.domain.checklist import Checklist, format_number
from checklist_tui.domain.numbers import TypedNumberError, parse_typed_number
from checklist_tui.domain.scoring import ANSWER_LABELS, AnswerError, normalise_answer
from checklist_tui.domain.sheet_problem import SheetProblem
from checklist_tui.domain.text import normalise_breaks, sheet_safe, visible

COLUMNS = ("item", "answer", "value", "note", "evidence")
# The xlsx template's header, column for column; either header is read back, in CSV too.
CHINESE_COLUMNS = ("检查项编号", "自查结果", "数值", "说明", "佐证材料",
                   "检查表", "类别", "检查内容", "填写说明")
# The template names its checklist on every row, so a sheet of another checklist (whose item ids
# may well overlap) is refused on import instead of filling the wrong items.
CHECKLIST_COLUMN = "checklist"
TEMPLATE_EXTRA = (CHECKLIST_COLUMN, "section", "question", "how")


MAX_SHEET_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
MAX_CELL_CHARS = 10_000
_SURROGATE = re.compile("[\ud800-\udfff]")


class SheetError(ValueError):
    """The sheet as a whole cannot be read (encoding, header, JSON shape, size)."""


ENGLISH_NAME = dict(zip(CHINESE_COLUMNS, (*COLUMNS, *TEMPLATE_EXTRA), strict=True))
# A title row above the header: "单位：U　期间：P" (either part may be missing)
TITLE = re.compile(r"\s*(?:单位[：:]\s*(?P<unit>.*?))?\s*(?:期间[：:]\s*(?P<period>\S*))?\s*")


@dataclass
class Sheet:
    rows: list[dict[str, Any]] = field(default_factory=list)
    problems: list[SheetProblem] = field(default_factory=list)
    blank: int = 0  # rows naming an item with nothing filled in (a template row left as it was)
    checklists: set[str] = field(default_factory=set)  # the checklist column of every row, blank too
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


# what a JSON value is, in the words of the person who wrote the sheet (not Python's type names)
JSON_KINDS = {"dict": "对象", "list": "列表", "bool": "真假值（true/false）", "NoneType": "空值（null）",
              "int": "数字", "float": "数字"}


def how_to_answer(item: Any) -> str:
    if item.kind == "number":
        target = f"，目标 {item.target.label}{item.unit}" if item.target else "，只记录不计分"
        return f"在 value 列填数值，范围 {item.range_text()}{target}；answer 留空（不适用填 na）"
    if item.kind == "deduction":
        return f"在 value 列填缺项次数（{item.range_text()}），每次扣 {format_number(item.each or 0)} 分，" \
               f"最多扣 {format_number(item.cap or 0)} 分；answer 留空"
    if item.kind == "bonus":
        each, cap = format_number(item.each or 0), format_number(item.cap or 0)
        return f"加分项：在 value 列填次数（{item.range_text()}），每次加 {each} 分，" \
               f"累计不超过 {cap} 分；answer 留空（不适用填 na）"
    return "answer 列填 " + "、".join(f"{k}（{v}）" for k, v in ANSWER_LABELS.items())


def template_csv(checklist: Checklist, unit: str | None = None, period: str | None = None) -> str:
    """A blank answer sheet for a checklist, as text (write it with encoding 'utf-8-sig'); with a
    unit or period, a title row stands above the header."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    if unit or period:
        writer.writerow([sheet_safe(title_text(unit, period))])
    writer.writerow(COLUMNS + TEMPLATE_EXTRA)
    for section in checklist.sections:
        for item in section.items:  # every cell guarded: a question may well begin with "-" or "＝"
            writer.writerow([sheet_safe(cell) for cell in (
                item.id, "", "", "", "", checklist.id, section.title, item.text, how_to_answer(item))])
    return out.getvalue()


def decode(data: bytes, name: str) -> str:
    """UTF-8 (a BOM is dropped), else GB18030; anything else is refused, with or without a BOM."""
    body, bom = (data[3:], True) if data.startswith(b"\xef\xbb\xbf") else (data, False)
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as error:
        if bom:  # a BOM says UTF-8: bytes that are not are damage, not another encoding
            raise SheetError(f"{name}：文件以 UTF-8 标记开头，但第 {error.start + 3} 字节附近"
                             "不是有效的 UTF-8；"
                             "请在 Excel/WPS 中重新另存为「CSV UTF-8」") from None
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as error:
        raise SheetError(f"{name}：无法识别文件编码（应为 UTF-8 或 GBK/GB18030），"
                         f"第 {error.start} 字节附近") from None


def read_sheet(path: Path) -> Sheet:
    """Read a filled answer sheet (CSV, xlsx or JSON) into rows; problems name line, item and reason.

    Limits (README): the file at most MAX_SHEET_BYTES, at most MAX_ROWS rows or entries, each cell
    at most MAX_CELL_CHARS characters; only the first 50 problems are listed, then how many more
    (`domain.sheet_problem.problems_text`).
    """
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_SHEET_BYTES + 1)
    except OSError as error:
        raise SheetError(f"{path}：无法读取（{error.strerror or error}）") from None
    if len(data) > MAX_SHEET_BYTES:
        raise SheetError(f"{path}：文件超过 {MAX_SHEET_BYTES // (1024 * 1024)} MB，不像一张答题表；"
                         "请检查是否选错了文件")
    if path.suffix.lower() in (".xlsx", ".xlsm") or data.startswith(b"PK\x03\x04"):
        from checklist_tui.interchange.xlsx_sheet import xlsx_rows

        return sheet_from_rows(xlsx_rows(data, str(path)), str(path))
    text = decode(data, str(path))
    if path.suffix.lower() == ".json" or text.lstrip().startswith("["):
        return _read_json(text, str(path))
    return sheet_from_rows(_csv_rows(text, str(path)), str(path))


def _csv_rows(text: str, name: str) -> Iterator[tuple[int, list[str]]]:
    """(line where the row starts, cells) for each CSV row; header = line 1."""
    # strict: an unclosed quote is an error at the line it opened on, not a note that swallows
    # every row after it
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    line = 1
    try:
        for cells in reader:
            start, line = line, reader.line_num + 1
            yield start, cells
    except csv.Error as error:
        raise SheetError(f"{name}：第 {line} 行：{_csv_reason(error)}") from None


def _csv_reason(error: csv.Error) -> str:
    text = str(error)
    if "unexpected end of data" in text:
        return "引号未闭合（某个单元格以引号开头，却没有对应的结束引号），该行之后的内容无法读取"
    if "field larger than field limit" in text:
        return f"单元格超过 {csv.field_size_limit()} 个字符"
    return f"CSV 格式错误（{text}）"


def sheet_from_rows(numbered: Iterable[tuple[int, list[str]]], name: str) -> Sheet:
    """Check the rows of a CSV or xlsx sheet, each with the row number the user sees.

    An optional title row (单位/期间) may stand above the header; the header is the English or the
    Chinese one (the five answer columns first, more may follow)."""
    rows = iter(numbered)
    builder = _SheetBuilder(name, entry=False)
    sheet = builder.sheet
    first = next(rows, None)
    if first is not None and first[1] and (title := parse_title(first[1][0])) is not None:
        sheet.unit, sheet.period = title
        first = next(rows, None)
    if first is None:
        raise SheetError(f"{name}：文件是空的")
    header_line, header = first
    names = [ENGLISH_NAME.get(cell.strip(), cell.strip().lower()) for cell in header]
    if tuple(names[: len(COLUMNS)]) != COLUMNS:
        raise SheetError(f"{name}：第 {header_line} 行：表头应以「{','.join(COLUMNS)}」或"
                         f"「{','.join(CHINESE_COLUMNS[: len(COLUMNS)])}」开头，"
                         f"实际为「{visible(','.join(header)[:200])}」")
    checklist_at = names.index(CHECKLIST_COLUMN) if CHECKLIST_COLUMN in names else None
    for start, cells in rows:
        if not any(cell.strip() for cell in cells[: len(COLUMNS)]):
            continue
        row = dict(zip(COLUMNS, (cells + [""] * len(COLUMNS))[: len(COLUMNS)], strict=True))
        if checklist_at is not None and checklist_at < len(cells):
            row[CHECKLIST_COLUMN] = cells[checklist_at]
        builder.add(start, row)
    return sheet


def _json_int(text: str) -> int:
    if len(text.lstrip("-")) > 15:
        raise SheetError(f"JSON 中的整数 {text[:20]}… 位数过多")
    return int(text)


def _json_constant(text: str) -> float:
    raise SheetError(f"JSON 中的 {text} 不是数字")


def _json_float(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise SheetError(f"JSON 中的数 {text[:20]} 超出范围")
    return number


def _read_json(text: str, name: str) -> Sheet:
    try:
        data = json.loads(text, parse_int=_json_int, parse_float=_json_float,
                          parse_constant=_json_constant)
    except json.JSONDecodeError as error:
        raise SheetError(f"{name}：JSON 第 {error.lineno} 行：{error.msg}") from None
    except SheetError as error:
        raise SheetError(f"{name}: {error}") from None
    except RecursionError:
        raise SheetError(f"{name}：JSON 嵌套过深；答题表应为对象列表") from None
    if not isinstance(data, list):
        raise SheetError(f"{name}：JSON 应为对象列表 [{{\"item\": …, \"answer\": …}}, …]")
    sheet = _SheetBuilder(name, entry=True)
    for index, obj in enumerate(data, start=1):
        if not isinstance(obj, dict):
            sheet.problem(index, None, "应为对象 {\"item\": …}")
            continue
        item = obj.get("item") if isinstance(obj.get("item"), str) else None
        unknown = sorted(set(obj) - {*COLUMNS, CHECKLIST_COLUMN})
        if unknown:
            sheet.problem(index, item, f"未知字段 {'、'.join(unknown)}")
            continue
        cells: dict[str, Any] = {}
        for key in (*COLUMNS, CHECKLIST_COLUMN):
            value = obj.get(key)
            if value is None:
                cells[key] = ""
            elif isinstance(value, str):
                cells[key] = value
            elif key == "value" and isinstance(value, int | float) and not isinstance(value, bool):
                cells[key] = value  # a JSON number is taken as it is
            else:  # never str() it: {"a": 1} would be stored as "{'a': 1}", false as "False"
                sheet.problem(index, item, f"字段 {key} 应为文本{'或数字' if key == 'value' else ''}，"
                                           f"实际为{JSON_KINDS.get(type(value).__name__, '其他类型的值')}")
                break
        else:
            if any(cells[key] != "" for key in COLUMNS):
                sheet.add(index, cells)
    return sheet.done()


class _SheetBuilder:
    """Rows and problems as they are found: one pass, a set for duplicates, capped lists."""

    def __init__(self, name: str, entry: bool):
        self.name = name
        self.entry = entry
        self.sheet = Sheet()
        self.seen: set[str] = set()
        self.count = 0

    def problem(self, line: int, item: str | None, reason: str) -> None:
        self.sheet.problems.append(SheetProblem(line, item, reason, self.entry))

    def add(self, line: int, cells: dict[str, Any]) -> None:
        """Check one filled row and keep it, or note its problem."""
        self.count += 1
        if self.count > MAX_ROWS:
            where = f"第 {line} {'条' if self.entry else '行'}"
            raise SheetError(f"{self.name}：超过 {MAX_ROWS} 行答案（{where}），"
                             "不像一张答题表；请检查是否选错了文件")
        if cells.get(CHECKLIST_COLUMN, "").strip():
            self.sheet.checklists.add(cells[CHECKLIST_COLUMN].strip())
        item = cells["item"].strip()
        for key, text in cells.items():
            if not isinstance(text, str):
                continue
            if len(text) > MAX_CELL_CHARS:
                self.problem(line, item or None, f"{key} 超过 {MAX_CELL_CHARS} 个字符")
                return
            if _SURROGATE.search(text):
                self.problem(line, item or None, f"{key} 含有无效字符（孤立的 UTF-16 代理项）")
                return
        if not item:
            self.problem(line, None, "缺少 item（检查项编号）")
            return
        if item in self.seen:
            self.problem(line, item, "同一检查项出现了两次")
            return
        self.seen.add(item)
        try:
            answer = normalise_answer(cells["answer"])
            raw = cells["value"]
            value = float(raw) if isinstance(raw, int | float) else parse_typed_number(raw)
        except AnswerError as error:
            self.problem(line, item, str(error))
            return
        except TypedNumberError as error:
            self.problem(line, item, f"value {error}")
            return
        note, evidence = normalise_breaks(cells["note"].strip()), normalise_breaks(cells["evidence"].strip())
        if answer is None and value is None and not note and not evidence:
            self.sheet.blank += 1  # a template row nobody filled: nothing to save
            return
        self.sheet.rows.append({"line": line, "entry": self.entry, "item": item, "answer": answer,
                                "value": value, "note": note, "evidence": evidence,
                                "checklist": cells.get(CHECKLIST_COLUMN, "").strip()})

    def done(self) -> Sheet:
        return self.sheet
