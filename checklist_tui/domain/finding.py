"""An item's finding: the shortfall stated as a 整改台账 or a report states it (DESIGN §10).

A checklist item may carry `finding`, written by hand in the report's register, e.g.
"法治建设工作领导小组未随人事变动及时调整", or for a number item
"本季度末在岗执法人员持证上岗率为 {value},未达到 {target} 的要求". Placeholders:

- number items: `{value}` (required: the value given, with its unit as people read it, "95.5%",
  "3 次"), `{target}` (the target's number with its unit, "100%") and `{unit}` (the unit alone);
- deduction items: `{n}` (required: the number of shortfalls, "2"); the text carries its own
  measure word, "{n} 次未按期开展……", "{n} 人未及时注销执法证";
- status items: none.

`{{` and `}}` stand for literal braces. An item without `finding` (an office's own file) falls back
to its question, the answer and the value where there is one.
"""

from __future__ import annotations

from string import Formatter

from checklist_tui.domain.checklist import Item, format_number
from checklist_tui.domain.scoring import ANSWER_LABELS

PLACEHOLDERS = {"number": ("value", "target", "unit"), "deduction": ("n",)}
REQUIRED = {"number": "value", "deduction": "n"}


def quantity(value: float, unit: str) -> str:
    """95.5 and "%" → "95.5%"; 3 and "次" → "3 次"; 12 and "" → "12"."""
    number = format_number(value)
    return f"{number}{unit}" if unit in ("", "%") else f"{number} {unit}"


def finding_problems(finding: str, kind: str) -> list[str]:
    """What is wrong with a finding's placeholders for an item of this kind, in words; [] if fine."""
    allowed = PLACEHOLDERS.get(kind, ())
    try:
        parts = list(Formatter().parse(finding))
    except ValueError:
        return ["花括号不成对；占位符应写成 {value} 这样，字面的花括号写成 {{ 或 }}"]
    problems, used = [], set()
    for _literal, name, spec, conversion in parts:
        if name is None:
            continue
        shown = "{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
        if name not in allowed or spec or conversion:
            hint = "、".join("{" + a + "}" for a in allowed) if allowed else "无（状态类检查项不用占位符）"
            problems.append(f"未知的占位符 {shown}；{kind} 类检查项可用：{hint}")
        used.add(name)
    required = REQUIRED.get(kind)
    if required and required not in used and not problems:
        problems.append(f"{kind} 类检查项的 finding 须含 {{{required}}}，以写明实际数值")
    return problems


def fill(item: Item, value: str = "", n: str = "") -> str:
    """The item's finding with its placeholders filled by already-formatted texts (the draft passes
    a span of values such as "90～94.8%"); assumes the finding passed `finding_problems`."""
    target = quantity(item.target.value, item.unit) if item.target is not None else ""
    return item.finding.format(value=value, target=target, unit=item.unit, n=n)


def render_finding(item: Item, answer: str | None, value: float | None = None) -> str:
    """The shortfall for one answer: the finding with its value, or, for an item without a finding,
    its question, the answer and the value ("…是多少? —— 自查结果: 不符合,填报 95.5%")."""
    if item.finding:
        if item.kind == "number":
            return fill(item, value=quantity(value, item.unit) if value is not None else "（未填）")
        if item.kind == "deduction":
            return fill(item, n=format_number(value) if value is not None else "（未填）")
        return fill(item)
    text = f"{item.text} —— 自查结果：{ANSWER_LABELS.get(answer or '', '未自查')}"
    if value is None:
        return text
    shown = quantity(value, item.unit) if item.kind == "number" else format_number(value)
    return f"{text}，填报 {shown}"
