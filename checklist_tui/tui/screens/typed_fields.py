"""The field under the stepper's card: what it asks for, and what a typed note, evidence or value
becomes (a change to save, or the reason it is refused and the field stays open)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from checklist_tui.domain.checklist import Item, format_number
from checklist_tui.domain.numbers import NUMBER_HINT, TypedNumberError, parse_typed_number
from checklist_tui.domain.scoring import ANSWER_LABELS, Answer, AnswerError, resolve

FIELD_LABELS = {"note": "说明", "note_next": "说明", "evidence": "佐证材料", "value": "数值"}


class Refused(Exception):
    """What was typed cannot be saved; the message says why (shown under the field)."""


@dataclass(frozen=True)
class Change:
    shown: Answer  # the answer as the screen shows it at once
    done: str  # what the status line says was saved
    fields: dict[str, Any] = field(default_factory=dict)  # for Store.save_answer


def field_label(item: Item, name: str) -> str:
    """The field's label and hint: `S1.01 数值(缺少次数,范围 0–9) — Enter 保存,Esc 取消`."""
    label = f"{item.id} {FIELD_LABELS[name]}"
    if name == "value":
        what = {"deduction": "缺少次数，", "bonus": "加分次数，"}.get(item.kind, "")
        label += f"（{what}范围 {item.range_text()}）"
    hint = "Enter 保存并下一项，Esc 关闭" if name == "note_next" else "Enter 保存，Esc 取消"
    return f"{label} — {hint}"


def typed_change(item: Item, old: Answer, name: str, typed: str) -> Change | None:
    """The change `typed` in field `name` makes to `old` (None: nothing changed). Raises Refused."""
    text = typed.strip()
    if name == "value":
        try:
            number = parse_typed_number(text)
        except TypedNumberError as error:
            raise Refused(f"请输入数字，收到「{error.shown}」；{NUMBER_HINT}") from None
        if number is None:
            raise Refused("请输入数字")
        try:
            answer, value = resolve(item, None, number)
        except AnswerError as error:
            raise Refused(str(error)) from None
        label = f"数值 {format_number(number)} → {ANSWER_LABELS[answer]}"
        return Change(replace(old, answer=answer, value=value), label, {"value": value})
    if name in ("note", "note_next") and text != old.note:
        return Change(replace(old, note=text), "说明", {"note": text})
    if name == "evidence" and text != old.evidence:
        return Change(replace(old, evidence=text), "佐证材料", {"evidence": text})
    return None
