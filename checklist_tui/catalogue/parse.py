"""Checking a parsed checklist document and building the model from it (DESIGN §2).

A checklist is checked as a whole, and either returned as a frozen `Checklist` or refused with
every `Problem` found, each naming file, section, item and field.

Beyond DESIGN §2: `[checklist] short` is a short title for narrow screens (at most 8 characters,
e.g. 年度自查); an item's `finding` is its shortfall as a 整改台账 states it, with `{value}`
(required), `{target}`, `{unit}` on number items and `{n}` (required) on deductions; an unknown
placeholder or an unpaired brace is an error (see `domain.finding`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any, cast

from checklist_tui.domain.checklist import (
    CADENCES,
    KINDS,
    Checklist,
    ChecklistError,
    Item,
    ItemKind,
    Problem,
    Section,
    Target,
    format_number,
)
from checklist_tui.domain.finding import finding_problems
from checklist_tui.domain.text import normalise_breaks, text_problem, visible
from checklist_tui.domain.units import UnitRegister

PACKAGE_DIR = Path(__file__).resolve().parent.parent
CHECKLIST_KEYS = {"id", "title", "short", "version", "cadence"}
SECTION_KEYS = {"id", "title", "item"}
ITEM_KEYS = {
    "id", "text", "source", "quote", "weight", "kind", "critical", "owner", "evidence",
    "guidance", "unit", "min", "max", "target", "each", "cap", "finding", "applies_to",
}
SHORT_MAX = 8  # characters of `short`: what fits a narrow column
NUMBER_KEYS = {"unit", "min", "target"}  # `max` also bounds a deduction's or a bonus's count
COUNT_KEYS = {"each", "cap"}
# \A…\Z, never ^…$: `$` also matches before a final newline, so "probe\n" passed.
ID_PATTERN = re.compile(r"\A[a-z0-9]+(-[a-z0-9]+)*\Z")              # a checklist id: kebab-case
ITEM_ID_PATTERN = re.compile(r"\A[A-Za-z0-9][A-Za-z0-9._-]*\Z")      # section and item ids
TARGET_PATTERN = re.compile(r"\A\s*(>=|<=|==|>|<)\s*(-?[0-9]{1,15}(?:\.[0-9]{1,15})?)\s*\Z")
NUMBER_LIMIT = 1e9  # weight, min, max, each, cap and target: finite, and no larger than this


@cache
def source_points() -> dict[str, str]:
    """The report's 50 source points, id → title, from the package data."""
    text = (PACKAGE_DIR / "data" / "source-points.tsv").read_text("utf-8")
    rows = [line.split("\t") for line in text.splitlines()[1:] if line.strip()]
    return {row[0]: row[4] for row in rows}





class _Checker:
    """Collects problems for one file while the model is built."""

    def __init__(self, file: str):
        self.file = file
        self.problems: list[Problem] = []
        self.units: UnitRegister | None = None
        self.frozen = False

    def add(self, message: str, section: str | None = None, item: str | None = None,
            field: str | None = None) -> None:
        self.problems.append(Problem(self.file, message, section, item, field))

    def text(self, table: Mapping[str, Any], key: str, required: bool, **where: str | None) -> str:
        value = table.get(key)
        if value is None:
            if required:
                self.add("缺少必填字段", field=key, **where)
            return ""
        if not isinstance(value, str):
            self.add(f"应为文本，实际为{_kind(value)}", field=key, **where)
            return ""
        if required and not value.strip():
            self.add("不能为空", field=key, **where)
        problem = text_problem(normalise_breaks(value))  # a TOML escape such as \u001b is ESC
        if problem and not self.frozen:  # an old round's frozen copy is shown with visible()
            self.add(problem, field=key, **where)
        return value

    def number(self, table: Mapping[str, Any], key: str, **where: str | None) -> float | None:
        value = table.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.add(f"应为数字，实际为{_shown(value)}", field=key, **where)
            return None
        if isinstance(value, int) and abs(value) > NUMBER_LIMIT:  # float() of 5,000 digits overflows
            self.add(f"数值过大（绝对值不能超过 {NUMBER_LIMIT:.0e}）", field=key, **where)
            return None
        if not math.isfinite(value) or abs(value) > NUMBER_LIMIT:
            self.add(f"应为有限的数，绝对值不超过 {NUMBER_LIMIT:.0e}；实际为{_shown(value)}",
                     field=key, **where)
            return None
        return float(value)

    def item_id(self, value: str, what: str, strict: bool, **where: str | None) -> None:
        if value and strict and not ITEM_ID_PATTERN.match(value):
            self.add(f"{what}{_shown(value)}无效：应以字母或数字开头，只含字母、数字和 . _ -",
                     field="id", **where)

    def unknown_keys(self, table: Mapping[str, Any], allowed: set[str], **where: str | None) -> None:
        for key in sorted(set(table) - allowed):
            self.add(f"未知字段；允许：{'、'.join(sorted(allowed))}", field=key, **where)


def _shown(value: Any) -> str:
    """A value found in the file, in 「」 as the messages quote what was given."""
    text = visible(str(value)).replace("\n", "\u240a").replace("\t", "\u2409")  # ␊ ␉: one line
    return f"「{text if len(text) <= 60 else text[:60] + '…'}」"


# what the author of the file reads instead of Python's type names
_KIND_WORDS = {"int": "数字", "float": "数字", "bool": "真假值", "list": "列表", "dict": "表",
               "datetime": "日期时间", "date": "日期", "time": "时间"}


def _kind(value: Any) -> str:
    return _KIND_WORDS.get(type(value).__name__, "其他类型的值")


def parse_checklist(data: Mapping[str, Any], file: str = "<checklist>", *,
                    units: UnitRegister | None = None, frozen: bool = False) -> Checklist:
    """Build a Checklist from a parsed TOML document, or raise ChecklistError with every problem.

    `units` is the register `applies_to` is checked against (None: not checked). `frozen` marks
    the copy kept inside a round already begun: the rules added after rounds were first written
    (a deduction's cap above its weight, a critical deduction, unknown units) are not applied to
    it, so an old round still opens as it was.
    The strict section and item id pattern is not applied to a frozen copy either.
    """
    check = _Checker(file)
    check.units, check.frozen = units, frozen
    check.unknown_keys(data, {"checklist", "section"})
    head = data.get("checklist")
    if not isinstance(head, dict):
        check.add("缺少 [checklist] 表", field="checklist")
        head = {}
    check.unknown_keys(head, CHECKLIST_KEYS)
    checklist_id = check.text(head, "id", True)
    if checklist_id and not ID_PATTERN.match(checklist_id):
        check.add(f"id{_shown(checklist_id)}应为小写字母、数字和短横线（如 annual-self-check）", field="id")
    title = check.text(head, "title", True)
    short = check.text(head, "short", False)
    if "short" in head and isinstance(head["short"], str):
        if not short.strip():
            check.add("不能为空", field="short")
        elif any(ord(c) < 32 or 127 <= ord(c) < 160 for c in short):
            check.add("简称含有换行、制表符等控制字符；应为一行文字", field="short")
        elif len(short.strip()) > SHORT_MAX:
            check.add(f"简称「{short.strip()}」过长；不超过 {SHORT_MAX} 个字", field="short")
    version = head.get("version", "")
    if not isinstance(version, str):
        version = str(version)
    cadence = check.text(head, "cadence", False) or "once"
    if cadence not in CADENCES:
        check.add(f"cadence「{cadence}」无效；应为 {'、'.join(CADENCES)}", field="cadence")

    raw_sections = data.get("section", [])
    if not isinstance(raw_sections, list) or not raw_sections:
        check.add("至少需要一个 [[section]]", field="section")
        raw_sections = []
    sections: list[Section] = []
    section_ids: set[str] = set()
    item_ids: set[str] = set()
    for index, raw in enumerate(raw_sections, start=1):
        if not isinstance(raw, dict):
            check.add("应为表", section=f"#{index}")
            continue
        section_id = check.text(raw, "id", True, section=f"#{index}") or f"#{index}"
        check.item_id(section_id, "section id", not frozen and not section_id.startswith("#"),
                      section=f"#{index}")
        if section_id in section_ids:
            check.add("section id 重复", section=section_id, field="id")
        section_ids.add(section_id)
        check.unknown_keys(raw, SECTION_KEYS, section=section_id)
        section_title = check.text(raw, "title", True, section=section_id)
        items = []
        raw_items = raw.get("item", [])
        if not isinstance(raw_items, list) or not raw_items:
            check.add("该部分没有检查项", section=section_id, field="item")
            raw_items = []
        for position, raw_item in enumerate(raw_items, start=1):
            item = _parse_item(check, raw_item, section_id, position, item_ids)
            if item is not None:
                items.append(item)
        sections.append(Section(section_id, section_title, tuple(items)))

    if check.problems:
        raise ChecklistError(check.problems, checklist_id or None)
    return Checklist(checklist_id, title, version, cadence, tuple(sections), file,
                     short=short.strip(), raw=data)


def _parse_item(check: _Checker, raw: Any, section: str, position: int, seen: set[str]) -> Item | None:
    if not isinstance(raw, dict):
        check.add("应为表", section=section, item=f"#{position}")
        return None
    item_id = check.text(raw, "id", True, section=section, item=f"#{position}") or f"#{position}"
    check.item_id(item_id, "item id", not check.frozen and not item_id.startswith("#"), section=section,
                  item=f"#{position}")
    at = {"section": section, "item": item_id}
    if item_id in seen:
        check.add("item id 重复", field="id", **at)
    seen.add(item_id)
    check.unknown_keys(raw, ITEM_KEYS, **at)
    text = check.text(raw, "text", True, **at)
    kind = check.text(raw, "kind", False, **at) or "status"
    if kind not in KINDS:
        check.add(f"kind「{kind}」无效；应为 {'、'.join(KINDS)}", field="kind", **at)
    weight = check.number(raw, "weight", **at)
    weight = 1.0 if weight is None else weight
    if weight < 0:
        check.add(f"权重不能为负数（{format_number(weight)}）", field="weight", **at)
    critical = raw.get("critical", False)
    if not isinstance(critical, bool):
        check.add("应为 true 或 false", field="critical", **at)
        critical = False

    source = _string_list(check, raw, "source", at)
    known = source_points()
    for point in source:
        if point not in known:
            check.add(f"未知的来源要点「{point}」", field="source", **at)
    evidence = _string_list(check, raw, "evidence", at)

    for key in sorted(NUMBER_KEYS & raw.keys()) if kind != "number" else ():
        check.add(f"字段只用于 number 类检查项（本项 kind 为 {kind}）", field=key, **at)
    if "max" in raw and kind not in ("number", "deduction", "bonus"):
        check.add(f"字段只用于 number、deduction、bonus 类检查项（本项 kind 为 {kind}）", field="max", **at)
    for key in sorted(COUNT_KEYS & raw.keys()) if kind not in ("deduction", "bonus") else ():
        check.add(f"字段只用于 deduction、bonus 类检查项（本项 kind 为 {kind}）", field=key, **at)

    unit = check.text(raw, "unit", False, **at)
    low, high, target, each, cap = (check.number(raw, "min", **at), check.number(raw, "max", **at),
                                    None, check.number(raw, "each", **at), check.number(raw, "cap", **at))
    if kind == "number":
        target = _number_rules(check, raw, at, unit, low, high, weight, critical)
        if unit == "%":
            low = 0.0 if low is None else low
            high = 100.0 if high is None else high
    elif kind in ("deduction", "bonus"):
        _count_rules(check, raw, at, kind, weight, critical, each, cap, high)
        if kind == "bonus" and "weight" not in raw:
            weight = 0.0
    applies_to = _string_list(check, raw, "applies_to", at)
    if check.units is not None and not check.frozen:
        for name in applies_to:
            if not check.units.known(name):
                check.add(f"适用范围中的「{name}」不是单位名录中的单位或单位类别；"
                          f"已有：{'、'.join(check.units.choices())}", field="applies_to", **at)

    finding = _finding(check, raw, kind, weight, target, at)
    return Item(
        id=item_id, text=text, section=section, source=source,
        quote=check.text(raw, "quote", False, **at), weight=weight, critical=critical,
        kind=cast(ItemKind, kind),  # checked against KINDS above
        owner=check.text(raw, "owner", False, **at), evidence=evidence,
        guidance=check.text(raw, "guidance", False, **at), unit=unit, min=low, max=high,
        target=target, each=each, cap=cap, finding=finding, applies_to=applies_to,
    )


def _finding(check: _Checker, raw: Mapping[str, Any], kind: str, weight: float, target: Target | None,
             at: dict[str, str]) -> str:
    """`finding`: text like `text`, for items that can fall short; placeholders checked for the kind."""
    if "finding" not in raw:
        return ""
    finding = check.text(raw, "finding", True, **at)
    if not finding.strip():
        return ""
    if kind == "number" and target is None:
        check.add("没有 target 的数值项只记录不计分，不会形成问题，不需要 finding", field="finding", **at)
    elif kind == "bonus":
        check.add("加分项只加分、不会形成问题，不需要 finding", field="finding", **at)
        return ""
    for message in finding_problems(finding, kind):
        check.add(message, field="finding", **at)
    return finding.strip()


def _number_rules(check: _Checker, raw: Mapping[str, Any], at: dict[str, str], unit: str,
                  low: float | None, high: float | None, weight: float, critical: bool) -> Target | None:
    """A number item's range and target; returns the target (None when it has none)."""
    target = None
    if unit == "%":
        low = 0.0 if low is None else low
        high = 100.0 if high is None else high
        if high > 100:
            check.add(f"百分比的上限不能超过 100（max = {format_number(high)}）", field="max", **at)
    if low is not None and high is not None and low > high:
        check.add(f"min（{format_number(low)}）大于 max（{format_number(high)}）", field="min", **at)
    raw_target = raw.get("target")
    if raw_target is not None:
        match = TARGET_PATTERN.match(raw_target) if isinstance(raw_target, str) else None
        if match is None:
            check.add(f"target「{raw_target}」无效；应为 >=、<=、>、<、== 加一个数，如「>= 95」",
                      field="target", **at)
        else:
            target = Target(match.group(1), float(match.group(2)))
            if abs(target.value) > NUMBER_LIMIT:
                check.add(f"target 的数值过大（绝对值不能超过 {NUMBER_LIMIT:.0e}）", field="target", **at)
            if (low is not None and target.value < low) or (high is not None and target.value > high):
                check.add(f"target「{target}」不在 min 到 max 的范围内", field="target", **at)
    elif weight > 0:
        check.add("没有 target 的数值项只记录不计分，权重 weight 必须为 0", field="target", **at)
    if target is None and critical:
        check.add("没有 target 的数值项不能设为一票否决（critical）", field="critical", **at)
    return target


def _count_rules(check: _Checker, raw: Mapping[str, Any], at: dict[str, str], kind: str, weight: float,
                 critical: bool, each: float | None, cap: float | None, high: float | None) -> None:
    """A deduction (扣分项) or a bonus (加分项): each, cap and the optional `max` count."""
    name = "扣分项" if kind == "deduction" else "加分项"
    if kind == "deduction" and weight <= 0:
        check.add("扣分项的权重必须大于 0", field="weight", **at)
    if kind == "bonus":
        if "weight" in raw and weight != 0:
            check.add(f"加分项不计入权重，weight 只能为 0 或省略（{format_number(weight)}）",
                      field="weight", **at)
        if critical:
            check.add("加分项不能设为一票否决（critical）", field="critical", **at)
    elif critical and not check.frozen:
        check.add("扣分项不能设为一票否决（critical）：一票否决项只能答 符合、不符合 或 不适用",
                  field="critical", **at)
    for key, value in (("each", each), ("cap", cap)):
        if value is None:
            check.add(f"{name}缺少必填字段", field=key, **at)
        elif value <= 0:
            check.add(f"必须大于 0（{format_number(value)}）", field=key, **at)
    if (kind == "deduction" and not check.frozen and cap is not None and weight > 0
            and cap > weight):
        check.add(f"累计扣分上限 cap（{format_number(cap)}）大于权重 weight（{format_number(weight)}）；"
                  "扣分不能超过该项的分值", field="cap", **at)
    if high is not None and (high < 1 or not float(high).is_integer()):
        check.add(f"次数上限 max 应为不小于 1 的整数（{format_number(high)}）", field="max", **at)


def notes(checklist: Checklist) -> list[str]:
    """What is legal but worth a second look: a deduction whose cap is below its weight keeps a
    floor under the item (missing every time still scores 基本符合)."""
    found = []
    for item in checklist.items:
        if item.kind == "deduction" and item.cap is not None and item.cap < item.weight:
            found.append(f"{checklist.path}：检查项 {item.id}：累计扣分上限 cap（{format_number(item.cap)}）"
                         f"小于权重（{format_number(item.weight)}），全部未做仍得 "
                         f"{format_number(item.weight - item.cap)} 分（保底）")
    return found


def _string_list(check: _Checker, raw: Mapping[str, Any], key: str, at: dict[str, str]) -> tuple[str, ...]:
    value = raw.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        check.add("应为文本列表", field=key, **at)
        return ()
    for text in value:
        problem = text_problem(normalise_breaks(text))
        if problem and not check.frozen:
            check.add(problem, field=key, **at)
    return tuple(value)

