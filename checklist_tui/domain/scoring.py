"""Answers, item values, section and round scores, coverage and grades (DESIGN §3).

Pure functions over a `Checklist` and a mapping item id → `Answer`. JSON carries the unrounded
score; the grade is taken from the score rounded to one decimal, which is what people see.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final, Literal, get_args

from checklist_tui.domain.checklist import Checklist, Item, format_number

AnswerKey = Literal["pass", "partial", "fail", "na"]  # as stored in round files and sheets
ANSWER_KEYS: tuple[AnswerKey, ...] = get_args(AnswerKey)
FINDING_ANSWERS: Final[tuple[AnswerKey, ...]] = ("fail", "partial")  # 不符合/基本符合: each opens an item
ANSWER_VALUES: dict[str, float | None] = {"pass": 1.0, "partial": 0.5, "fail": 0.0, "na": None}
ANSWER_LABELS: dict[str, str] = {"pass": "符合", "partial": "基本符合", "fail": "不符合", "na": "不适用"}
UNANSWERED_LABEL = "未自查"
LABEL_TO_ANSWER: dict[str, AnswerKey] = {ANSWER_LABELS[key]: key for key in ANSWER_KEYS}
_KEY_OF: dict[str, AnswerKey] = {key: key for key in ANSWER_KEYS}
GRADES = ((90.0, "优秀"), (80.0, "良好"), (60.0, "合格"))
FAILING_GRADE = "不合格"


class AnswerError(ValueError):
    """An answer that the item cannot take; the message names the item and why."""


@dataclass(frozen=True)
class Answer:
    """The current answer to one item, as stored."""

    answer: AnswerKey | None
    value: float | None = None
    note: str = ""
    evidence: str = ""
    by: str = ""
    at: str = ""

    @property
    def given(self) -> bool:
        return self.answer is not None


def normalise_answer(text: str | None) -> AnswerKey | None:
    """`pass`/`符合`/… → the answer key; empty → None. Unknown words raise AnswerError."""
    if text is None:
        return None
    word = text.strip()
    if not word:
        return None
    lowered = word.lower()
    if lowered in _KEY_OF:
        return _KEY_OF[lowered]
    if word in LABEL_TO_ANSWER:
        return LABEL_TO_ANSWER[word]
    choices = "、".join(f"{key}/{label}" for key, label in ANSWER_LABELS.items())
    raise AnswerError(f"无法识别的答案「{word}」；应为 {choices}")


def resolve(item: Item, answer: AnswerKey | None, value: float | None) -> tuple[AnswerKey, float | None]:
    """Check an answer against its item and return (answer, value) to store.

    Status items take an answer. Number, deduction and bonus items take a value, from which the
    answer follows (a bonus count is always 符合); an explicit answer that contradicts the value is
    refused; `na` needs no value. A critical item (一票否决) takes 符合, 不符合 or 不适用 only.
    """
    if answer == "na" and value is None:
        return "na", None
    if answer == "partial" and item.critical:
        raise AnswerError(f"检查项 {item.id} 是一票否决项，只能答 符合、不符合 或 不适用，不能答 基本符合")
    if item.kind == "status":
        if answer is None:
            raise AnswerError(f"检查项 {item.id}：需要答案（pass/partial/fail/na）")
        if value is not None:
            raise AnswerError(f"检查项 {item.id}：是非类检查项不填数值")
        return answer, None
    if value is None:
        raise AnswerError(f"检查项 {item.id}：需要填写数值，范围 {item.range_text()}")
    if not math.isfinite(value):  # float("nan") passes every range comparison
        raise AnswerError(f"检查项 {item.id}：数值 {value} 不是有效数字，范围 {item.range_text()}")
    if item.counted:
        what = "扣分次数" if item.kind == "deduction" else "加分次数"
        if value < 0 or not float(value).is_integer():
            raise AnswerError(f"检查项 {item.id}：{what}应为不小于 0 的整数，收到 {format_number(value)}")
        if item.max is not None and value > item.max:
            raise AnswerError(
                f"检查项 {item.id}: {what} {format_number(value)} 超出范围 {item.range_text()}")
        derived = deduction_answer(item, value) if item.kind == "deduction" else "pass"
    else:
        if (item.min is not None and value < item.min) or (item.max is not None and value > item.max):
            raise AnswerError(
                f"检查项 {item.id}：数值 {format_number(value)} 超出范围 {item.range_text()}")
        derived = "pass" if item.target is None or item.target.met_by(value) else "fail"
    if answer is not None and answer != derived:
        raise AnswerError(
            f"检查项 {item.id}：答案 {ANSWER_LABELS[answer]} 与数值 {format_number(value)} 不符"
            f"（按数值应为 {ANSWER_LABELS[derived]}）")
    return derived, float(value)


def deduction_value(item: Item, count: float) -> float:
    """v = max(0, weight − min(cap, n × each)) / weight."""
    lost = min(item.cap or 0.0, count * (item.each or 0.0))
    return max(0.0, item.weight - lost) / item.weight


def deduction_answer(item: Item, count: float) -> AnswerKey:
    if count == 0:
        return "pass"
    return "fail" if deduction_value(item, count) == 0 else "partial"


def bonus_points(item: Item, answer: Answer | None) -> float:
    """A bonus item's points: min(cap, n × each); 0 when unanswered or n/a."""
    if item.kind != "bonus" or answer is None or answer.answer != "pass" or answer.value is None:
        return 0.0
    return min(item.cap or 0.0, answer.value * (item.each or 0.0))


def item_value(item: Item, answer: Answer | None) -> float | None:
    """The value v of one item: None when it is left out (n/a or not scored), 0 when unanswered."""
    if answer is not None and answer.answer == "na":
        return None
    if answer is None or answer.answer is None:
        return 0.0
    if item.kind == "deduction" and answer.value is not None:
        return deduction_value(item, answer.value)
    return ANSWER_VALUES[answer.answer]


def grade(score: float | None, critical_failed: bool = False) -> str | None:
    """优秀/良好/合格/不合格 from the score rounded to one decimal; a failed critical item → 不合格."""
    if critical_failed:
        return FAILING_GRADE
    if score is None:
        return None
    shown = round(score, 1)
    return next((name for bar, name in GRADES if shown >= bar), FAILING_GRADE)


@dataclass(frozen=True)
class Tally:
    """Coverage and score of a group of items."""

    score: float | None
    answered: int
    total: int
    na: int

    @property
    def unanswered(self) -> int:
        return self.total - self.answered

    @property
    def coverage(self) -> float:
        return self.answered / self.total if self.total else 1.0


def tally(items: tuple[Item, ...], answers: Mapping[str, Answer]) -> Tally:
    weighted = weights = 0.0
    answered = na = 0
    for item in items:
        answer = answers.get(item.id)
        if answer is not None and answer.given:
            answered += 1
            na += answer.answer == "na"
        value = item_value(item, answer)
        if value is not None and item.scored:
            weighted += item.weight * value
            weights += item.weight
    score = 100.0 * weighted / weights if weights else None
    return Tally(score, answered, len(items), na)


@dataclass(frozen=True)
class SectionScore:
    id: str
    title: str
    tally: Tally

    def to_dict(self) -> dict:
        t = self.tally
        return {"id": self.id, "title": self.title, "score": t.score, "answered": t.answered,
                "total": t.total, "na": t.na}


@dataclass(frozen=True)
class RoundScore:
    """`tally.score` is the weighted score (base_score); `score` adds the bonus, capped at 100."""

    tally: Tally
    grade: str | None
    critical_failed: tuple[str, ...]
    sections: tuple[SectionScore, ...] = field(default=())
    bonus_items: tuple[tuple[str, float], ...] = ()
    legacy_partial: tuple[str, ...] = ()

    @property
    def base_score(self) -> float | None:
        return self.tally.score

    @property
    def bonus(self) -> float:
        return sum(points for _item, points in self.bonus_items)

    @property
    def score(self) -> float | None:
        base = self.tally.score
        return None if base is None else min(100.0, base + self.bonus)

    def bonus_json(self) -> dict:
        """The JSON fields a round gains with 加分项: base_score, bonus, bonus_items."""
        return {"base_score": self.base_score, "bonus": self.bonus,
                "bonus_items": [{"item": item, "points": points} for item, points in self.bonus_items]}


def score_round(checklist: Checklist, answers: Mapping[str, Answer]) -> RoundScore:
    """Section scores, the round score (weighted score + bonus, capped at 100), coverage, grade
    and the failed critical items. A critical item answered 基本符合 (kept from before such an
    answer was refused) fails the veto too; `legacy_partial` names it."""
    sections = tuple(SectionScore(s.id, s.title, tally(s.items, answers)) for s in checklist.sections)
    overall = tally(checklist.items, answers)
    failed = tuple(
        item.id for item in checklist.items
        if item.critical and (a := answers.get(item.id)) is not None and a.answer in FINDING_ANSWERS
    )
    legacy = tuple(i for i in failed if answers[i].answer == "partial")
    bonus = tuple((item.id, points) for item in checklist.items
                  if item.kind == "bonus" and (points := bonus_points(item, answers.get(item.id))) > 0)
    result = RoundScore(overall, None, failed, sections, bonus, legacy)
    return RoundScore(overall, grade(result.score, bool(failed)), failed, sections, bonus, legacy)


def unanswered(checklist: Checklist, answers: Mapping[str, Answer]) -> list[Item]:
    return [item for item in checklist.items if not (a := answers.get(item.id)) or not a.given]


def first_unanswered(checklist: Checklist, answers: Mapping[str, Answer], after: int = -1) -> int | None:
    """Index of the first unanswered item after position `after`, wrapping around; None if all answered."""
    items = checklist.items
    count = len(items)
    for step in range(1, count + 1):
        index = (after + step) % count
        answer = answers.get(items[index].id)
        if answer is None or not answer.given:
            return index
    return None
