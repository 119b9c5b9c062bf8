"""The item being answered, and the answer it has so far.

Everything shown here comes from a checklist file or from what someone typed, so it is built as
literal `Content` (never parsed as markup); only the labels carry styles, taken from the theme.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from checklist_tui.domain.answers import answer_label, value_text
from checklist_tui.domain.checklist import Item, Section, format_number
from checklist_tui.domain.scoring import UNANSWERED_LABEL, Answer
from checklist_tui.domain.text import visible
from checklist_tui.tui.widgets.cells import ANSWER_STYLES
from checklist_tui.tui.widgets.cjk_content import cjk

KIND_LABELS = {"status": "是非项", "number": "数值项", "deduction": "扣分项", "bonus": "加分项"}
LABEL_STYLE = "bold $accent"


def show(widget: Static, content: Content) -> None:
    """`widget.update(content)` wrapped with 禁则 (no line starts with `？`), asking for a layout pass
    only when the content's height changes: a layout pass of the whole screen was a good part of
    what each answer key cost."""
    content = cjk(content)
    width, height = widget.content_size
    same = width > 0 and content.get_height(widget.styles, width) == height  # type: ignore[arg-type]
    widget.update(content, layout=not same)


def labelled(label: str, value: str | Content, value_style: str = "") -> Content:
    """`label：value`, the value taken literally. No space after the colon: Chinese text has no
    spaces, and a space would let the wrapper push the whole value onto the next line."""
    body = value if isinstance(value, Content) else Content(visible(value))
    if value_style:
        body = body.stylize(value_style)
    return Content.assemble((f"{label}：", LABEL_STYLE), body)


def measure_text(item: Item) -> str:
    """What a number or deduction item asks for, in words."""
    if item.kind == "deduction":
        each, cap = format_number(item.each or 0), format_number(item.cap or 0)
        return f"填写缺少的次数（{item.range_text()}）：每次扣 {each} 分，累计不超过 {cap} 分" \
               f"（权重 {format_number(item.weight)}）"
    if item.kind == "bonus":
        each, cap = format_number(item.each or 0), format_number(item.cap or 0)
        return f"加分项，填写次数（{item.range_text()}）：每次加 {each} 分，累计不超过 {cap} 分，计入总分"
    target = f"目标 {item.target.label}{item.unit}" if item.target else "只记录，不计分"
    return f"范围 {item.range_text()} · {target}"


def answer_text(item: Item, answer: Answer | None) -> Content:
    if answer is None or not answer.given:
        return Content(UNANSWERED_LABEL).stylize("dim")
    label = Content(answer_label(answer)).stylize(ANSWER_STYLES.get(answer.answer or "", "bold"))
    if item.needs_value and answer.value is not None:
        return Content.assemble(label, f"  ({value_text(item, answer.value)})")
    return label


class ItemCard(Static):
    """Question, the report's own words, guidance, evidence hint, suggested owner, kind."""

    def show_item(self, item: Item, section: Section, position: int, total: int) -> None:
        kind = [KIND_LABELS.get(item.kind, item.kind), f"权重 {format_number(item.weight)}"]
        lines: list[Content] = [
            Content.assemble((item.id, "bold $primary"), f" · 第 {position}/{total} 项 · {section.id}"),
            Content(visible(section.title)).stylize("dim"),  # an old round's frozen copy may hold
            Content(visible(item.text)).stylize("bold"),  # control characters: shown as pictures
            Content(""),
        ]
        if item.quote:
            lines.append(labelled("报告原文", f"“{item.quote}”", "italic"))
        if item.guidance:
            lines.append(labelled("核查要点", item.guidance))
        if item.evidence:
            lines.append(labelled("佐证材料", "、".join(item.evidence)))
        if item.owner:
            lines.append(labelled("建议责任单位", item.owner))
        kind_line = labelled("类型", " · ".join(kind))
        if item.critical:
            kind_line = Content.assemble(kind_line, "  ", ("一票否决", "bold $error"))
        lines.append(kind_line)
        if item.needs_value:
            lines.append(labelled("填写", measure_text(item)))
        show(self, Content("\n").join(lines))

    def show_message(self, text: str) -> None:
        self.update(cjk(text))


class AnswerPanel(Static):
    """The current answer, value, note (说明) and evidence (佐证材料) of the item."""

    def show_answer(self, item: Item, answer: Answer | None, unsaved: str | None = None) -> None:
        first = labelled("自查结果", answer_text(item, answer))
        if unsaved:
            first = Content.assemble(first, "  ", ("未保存", "bold reverse $error"))
        lines = [first]
        note = visible(answer.note) if answer else ""  # an old file's control characters, as pictures
        evidence = visible(answer.evidence) if answer else ""
        lines.append(labelled("说明", note or Content("（无，按 n 填写）").stylize("dim")))
        lines.append(labelled("佐证材料", evidence or Content("（无，按 v 填写）").stylize("dim")))
        show(self, Content("\n").join(lines))
