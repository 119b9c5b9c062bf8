"""Giving an answer: merging what was given (answer, value, note, evidence) into what is stored.

A field not given keeps its stored value. A number item's answer follows from its value: a value
alone re-derives the answer, and an answer alone keeps the value unless it clears it (none, n/a).
"""

from __future__ import annotations

from typing import Any, Final

from checklist_tui.domain.checklist import Item, format_number
from checklist_tui.domain.scoring import (
    ANSWER_LABELS,
    FINDING_ANSWERS,
    UNANSWERED_LABEL,
    Answer,
    AnswerKey,
    resolve,
)

# what a later round can tell (not n/a)
REINSPECTION_ANSWERS: Final[tuple[AnswerKey, ...]] = ("pass", "partial", "fail")
STORED_FIELDS: Final = ("answer", "value", "note", "evidence")


class _Unset:
    def __repr__(self) -> str:
        return "UNSET"


UNSET: Any = _Unset()  # "not given": distinct from None, which clears an answer or a value


def is_finding(answer: Answer | None) -> bool:
    """Answered 不符合 or 基本符合: a problem found, which submitting turns into a rectification item."""
    return answer is not None and answer.answer in FINDING_ANSWERS


def answer_label(answer: Answer | None) -> str:
    """符合 / 基本符合 / 不符合 / 不适用, or 未自查 when there is no answer."""
    if answer is None or answer.answer is None:
        return UNANSWERED_LABEL
    return ANSWER_LABELS.get(answer.answer, answer.answer)


def value_text(item: Item, value: float) -> str:
    """数值 80% / 数值 2次: a number item's value with its unit, a counted item's count."""
    return f"数值 {format_number(value)}{'次' if item.counted else item.unit}"


def answer_text(item: Item, answer: Answer | None) -> str:
    """符合 / 不符合（数值 80%，目标 ≥ 95%）/ 基本符合（缺 2 次，扣 1 分）/ 未自查: full-width
    punctuation, and the target in the item's unit like the value."""
    if answer is None or answer.answer is None:
        return UNANSWERED_LABEL
    label = ANSWER_LABELS[answer.answer]
    if answer.value is None:
        return label
    value = format_number(answer.value)
    if item.kind == "deduction":
        lost = min(item.cap or 0.0, answer.value * (item.each or 0.0))
        return f"{label}（缺 {value} 次，扣 {format_number(round(lost, 2))} 分）"
    if item.kind == "bonus":
        gained = min(item.cap or 0.0, answer.value * (item.each or 0.0))
        return f"加分项 {value} 次，加 {format_number(round(gained, 2))} 分"
    target = f"，目标 {item.target.label}{item.unit}" if item.target is not None else ""
    return f"{label}（{value_text(item, answer.value)}{target}）"


def merge_answer(item: Item, old: Answer | None, *, answer: Any = UNSET, value: Any = UNSET,
                 note: Any = UNSET, evidence: Any = UNSET, by: str = "", at: str = "") -> Answer:
    """The answer to store once the given fields are applied to `old` (AnswerError if refused)."""
    old = old or Answer(None)
    new_answer = old.answer if answer is UNSET else answer
    new_value = old.value if value is UNSET else value
    if answer is not UNSET or value is not UNSET:
        if value is UNSET:  # an answer alone keeps a number's value, unless it clears it
            new_value = old.value if item.needs_value and answer not in (None, "na") else None
        if answer is UNSET:  # a value alone: the answer follows from it
            new_answer = None
        if new_answer is not None or new_value is not None:
            new_answer, new_value = resolve(item, new_answer, new_value)
    return Answer(
        new_answer, new_value,
        old.note if note is UNSET else note,
        old.evidence if evidence is UNSET else evidence,
        by or old.by, at,
    )


def same_answer(old: Answer, new: Answer) -> bool:
    """Nothing a person would see changed (the same sheet imported again): no save, no history."""
    return all(getattr(new, k) == getattr(old, k) for k in STORED_FIELDS)
