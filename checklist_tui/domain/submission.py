"""Submitting a round (DESIGN §3, §4): what blocks it, and the rectification items it opens —
one per 不符合/基本符合 answer — plus the items the office raises by hand."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from checklist_tui.domain import loop
from checklist_tui.domain.answers import is_finding
from checklist_tui.domain.checklist import Checklist, Item
from checklist_tui.domain.finding import render_finding
from checklist_tui.domain.ids import next_rect_id
from checklist_tui.domain.round import Round
from checklist_tui.domain.scoring import Answer, unanswered
from checklist_tui.errors import BadInput


@dataclass(frozen=True)
class SubmissionCheck:
    """What submitting would meet: unanswered items, and the findings that open rectifications."""

    unanswered: tuple[Item, ...]
    findings: tuple[tuple[Item, Answer], ...]

    @property
    def critical(self) -> tuple[Item, ...]:
        """Unanswered critical (一票否决) items: these block a submission always."""
        return tuple(item for item in self.unanswered if item.critical)

    def refusal(self, allow_unanswered: bool) -> str | None:
        """Why the round cannot be submitted (the command line's words), or None."""
        if self.critical:
            names = "、".join(f"{i.id} {i.text}" for i in self.critical)
            return f"一票否决项尚未自查，不能提交：{names}"
        if self.unanswered and not allow_unanswered:
            names = "、".join(i.id for i in self.unanswered)
            return f"还有 {len(self.unanswered)} 项未自查：{names}（确认提交请加 --allow-unanswered）"
        return None


def check_submission(checklist: Checklist, answers: Mapping[str, Answer]) -> SubmissionCheck:
    findings = tuple((item, answer) for item in checklist.items
                     if is_finding(answer := answers.get(item.id)) and answer is not None)
    return SubmissionCheck(tuple(unanswered(checklist, answers)), findings)


def problem_text(item: Item, answer: Answer) -> str:
    """A finding's `problem`, as a 整改台账 states it: the item's finding with its value (a 基本符合
    answer marked as such) and the inspector's note; an item without `finding` gives its question,
    the answer and the value instead (see domain.finding)."""
    if not item.finding:
        text = render_finding(item, answer.answer, answer.value)
        return f"{text}；说明：{answer.note.strip()}" if answer.note.strip() else text
    text = render_finding(item, answer.answer, answer.value)
    if answer.answer == "partial" and item.kind == "status":  # a value says how far it fell short
        text += "（基本符合）"
    note = answer.note.strip().rstrip("。")
    return f"{text}。说明：{note}。" if note else f"{text}。"


def opened_by_submission(record: Round, check: SubmissionCheck, date: dt.date,
                         by: str) -> list[loop.Rectification]:
    """One rectification item per finding, found on the submission date, owner pre-filled."""
    ids = [r.id for r in record.rectifications]
    opened = []
    for item, answer in check.findings:
        rect = loop.new_rectification(
            next_rect_id(record.id, ids), record.id, record.meta.checklist, record.meta.unit,
            record.meta.period, item.id, problem_text(item, answer), date,
            by or record.meta.inspector or "系统", owner=item.owner or None, source="自查")
        ids.append(rect.id)
        opened.append(rect)
    return opened


def check_raised(problem: str, by: str) -> None:
    """An item raised by hand needs a problem and who raised it."""
    if not problem.strip():
        raise BadInput("问题描述（--problem）不能为空")
    if not by.strip():
        raise BadInput("经办人（--by）不能为空")


def raised_by_hand(record: Round, *, problem: str, by: str, item: str | None, date: dt.date,
                   source: str = "其他", units: Collection[str] = ()) -> loop.Rectification:
    """An item the office raises itself, linked to one of the round's checklist items or not;
    `source` is its 问题来源 (default 其他)."""
    check_raised(problem, by)
    owner = (record.item(item).owner or None) if item is not None else None
    return loop.new_rectification(
        next_rect_id(record.id, [r.id for r in record.rectifications]), record.id,
        record.meta.checklist, record.meta.unit, record.meta.period, item, problem.strip(), date,
        by.strip(), owner=owner, source=source, units=units)
