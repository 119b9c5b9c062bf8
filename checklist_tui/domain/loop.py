"""The rectification loop (整改闭环): an append-only state machine (DESIGN §4, issue #12); its
figures are in `domain.metrics`, the item's data in `domain.rectification`.

A `Rectification` never changes: `transition()` returns a new one with one more history entry,
and every derived value (state, owner, due date, reopen count) is a replay of that history.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import replace
from typing import cast

from checklist_tui.domain.period import parse_date
from checklist_tui.domain.rectification import (
    FIELD_LABELS,
    KINDS,
    PROGRESS,
    SOURCES,
    STATE_LABELS,
    STATES,
    Progress,
    Rectification,
    RectState,
    Transition,
    changes_text,
    step_name,
)

__all__ = ["ALLOWED", "FIELD_LABELS", "KINDS", "SOURCES", "STATES", "STATE_LABELS", "LoopError", "Progress",
           "RectState", "Rectification", "Transition", "as_of", "changes_text", "days_overdue", "is_overdue",
           "new_rectification", "progress", "step_name", "transition"]

ALLOWED: dict[str, tuple[RectState, ...]] = {
    "found": ("notified",),
    "notified": ("rectifying",),
    "rectifying": ("review", "rectifying"),  # rectifying → rectifying: 调整/延期 (changes only)
    "review": ("closed", "rectifying"),  # review → rectifying is 退回
    "closed": (),
}
NOTE_LABELS = {"review": "整改情况说明", "closed": "复核意见"}  # the comment each state requires


class LoopError(ValueError):
    """A transition the loop refuses; `allowed` lists the states reachable from the current one."""

    def __init__(self, message: str, allowed: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.allowed = allowed


def _named(state: str) -> str:
    return STATE_LABELS.get(state, "未知状态")


def _allowed_text(state: str) -> str:
    allowed = ALLOWED[state]
    if not allowed:
        return "允许：无（已销号为最终状态）"
    words = {"rectifying": "退回" if state == "review" else "调整、延期、进展" if state == "rectifying"
             else STATE_LABELS["rectifying"]}
    return "允许：" + "、".join(words.get(s, STATE_LABELS[s]) for s in allowed)


QUICK_DAYS = 15  # 立行立改: due this many days after the found date unless given


def _text(value: str | None) -> str | None:
    """Strip user text; blank counts as not given."""
    return (value.strip() or None) if value is not None else None


def _no_unit_names(units: Collection[str], **names: str | None) -> None:
    """经办人, 责任人, 责任领导 and 复核人 are people: a name of the units register is refused."""
    labels = {"by": "经办人", "person": "责任人", "leader": "责任领导", "reviewer": "复核人"}
    for key, value in names.items():
        if value and value.strip() in units:
            raise LoopError(f"{labels[key]}应填写人员姓名，「{value.strip()}」是单位名称")


def new_rectification(
    id: str,
    round: str,
    checklist: str | None,
    unit: str,
    period: str,
    item: str | None,
    problem: str,
    found: dt.date,
    by: str,
    owner: str | None = None,
    source: str = "其他",
    units: Collection[str] = (),
) -> Rectification:
    """Open an item in state found; `owner` is the item's suggested owner, pre-filled."""
    if not _text(by):
        raise LoopError("必须填写提出人（经办人）")
    if not _text(problem):
        raise LoopError("必须填写问题描述")
    if source not in SOURCES:
        raise LoopError(f"问题来源「{source}」不对，应为：" + "、".join(SOURCES))
    _no_unit_names(units, by=by)
    owner = _text(owner)
    changes = {"owner": {"from": None, "to": owner}} if owner else {}
    first = Transition(from_=None, to="found", date=found, by=by.strip(), changes=changes)
    return Rectification(id, round, checklist, unit, period, item, problem.strip(), found, (first,), source)


def _checked_step(rect: Rectification, to: str, by: str, date: dt.date) -> None:
    current = rect.state
    if to not in ALLOWED[current]:
        what = "未知状态" if to not in STATES else f"转到{_named(to)}"
        raise LoopError(f"不能从{_named(current)}{what}；{_allowed_text(current)}", ALLOWED[current])
    if not _text(by):
        raise LoopError("必须填写经办人", ALLOWED[current])
    previous = rect.history[-1].date
    if date < previous:
        raise LoopError(f"日期 {date} 早于上一次流转的日期 {previous}", ALLOWED[current])


def _missing_to_rectify(after: Mapping[str, str | None]) -> list[str]:
    """What entering 整改中 (from 已通报, or 退回) needs."""
    missing = [FIELD_LABELS[k] for k in ("owner", "person", "measures", "kind") if not after[k]]
    if not after["due"]:
        missing.append("第一阶段时限" if after["kind"] == "长期坚持" else "整改时限")
    return missing


def transition(
    rect: Rectification,
    to: str,
    *,
    by: str,
    date: dt.date,
    comment: str = "",
    evidence: str = "",
    owner: str | None = None,
    measures: str | None = None,
    due: dt.date | None = None,
    person: str | None = None,
    leader: str | None = None,
    kind: str | None = None,
    goal: str | None = None,
    reviewer: str | None = None,
    remark: str | None = None,
    units: Collection[str] = (),
) -> Rectification:
    """Append one transition, refusing whatever DESIGN §4 and issue #12 forbid (LoopError).

    The fields are None (or blank) when not given; a given value that differs from the current
    one is recorded in `changes` (a due change after the first is an extension 延期). 立行立改
    without a due date gets found + 15 days. `units` are the register's unit names, refused as
    names of people.
    """
    current = rect.state
    _checked_step(rect, to, by, date)
    allowed = ALLOWED[current]
    _no_unit_names(units, by=by, person=person, leader=leader, reviewer=reviewer)
    kind = _text(kind)
    if kind is not None and kind not in KINDS:
        raise LoopError(f"整改类型「{kind}」不对，应为：" + "、".join(KINDS), allowed)

    texts = {"owner": owner, "measures": measures, "person": person, "leader": leader, "kind": kind,
             "goal": goal, "reviewer": reviewer, "remark": remark}
    given = {k: _text(v) for k, v in texts.items()} | {"due": due.isoformat() if due else None}
    now = {k: rect.current(k) for k in given}
    entering = to == "rectifying" and current != "rectifying"
    if (to == "rectifying" and (given["kind"] or now["kind"]) == "立行立改"
            and not given["due"] and not now["due"]):
        given["due"] = (rect.found + dt.timedelta(days=QUICK_DAYS)).isoformat()
    if to == "closed" and not given["reviewer"] and not now["reviewer"]:
        given["reviewer"] = by.strip()
    changes = {k: {"from": now[k], "to": v} for k, v in given.items() if v is not None and v != now[k]}
    if (current, to) == ("rectifying", "rectifying") and not changes:
        raise LoopError("调整（延期）需要修改" + "、".join(FIELD_LABELS.values()) + "中的至少一项", allowed)
    if to == "closed" and (fixed := [k for k in changes if k not in ("reviewer", "remark")]):
        names = "、".join(FIELD_LABELS[k] for k in fixed)
        raise LoopError(f"销号时不能修改{names}；需要修改请先退回", allowed)
    after = {k: given[k] or now[k] for k in now}
    if "due" in changes and (due_text := after["due"]) is not None and parse_date(due_text) < rect.found:
        raise LoopError(f"整改时限 {after['due']} 早于发现日期 {rect.found}", allowed)
    if to == "closed":
        reviewer_name = after["reviewer"]
        if reviewer_name and reviewer_name == after["person"]:
            raise LoopError(f"复核人不能是责任人（{reviewer_name}）", allowed)
        if reviewer_name and reviewer_name == rect.submitted_by:
            raise LoopError(f"复核人不能是提交复核的人（{reviewer_name}）", allowed)

    comment = comment.strip()
    missing = _missing_to_rectify(after) if entering else []
    note = "退回理由" if (current, to) == ("review", "rectifying") else NOTE_LABELS.get(to)
    if note and not comment:
        missing.append(note)
    if missing:
        raise LoopError(f"转到{_named(to)}需要填写：" + "、".join(missing), allowed)

    # `to` is one of ALLOWED[current], checked by _checked_step
    step = Transition(current, cast(RectState, to), date, by.strip(), comment, evidence.strip(), changes)
    return replace(rect, history=(*rect.history, step))


def progress(rect: Rectification, *, by: str, date: dt.date, text: str, evidence: str = "",
             units: Collection[str] = ()) -> Rectification:
    """Append a 整改进展 entry (only while 整改中); it changes nothing else and no metric."""
    if rect.state != "rectifying":
        raise LoopError(f"只有整改中的事项可以登记整改进展，该事项现为{_named(rect.state)}",
                        ALLOWED[rect.state])
    _checked_step(rect, "rectifying", by, date)
    _no_unit_names(units, by=by)
    if not text.strip():
        raise LoopError("整改进展需要填写进展情况", ALLOWED[rect.state])
    step = Transition("rectifying", "rectifying", date, by.strip(), text.strip(), evidence.strip(),
                      action=PROGRESS)
    return replace(rect, history=(*rect.history, step))


def as_of(rect: Rectification, d: dt.date) -> Rectification | None:
    """The item as it stood on d (transitions dated ≤ d); None if it was found after d."""
    if rect.found > d:
        return None
    if rect.latest <= d:  # nothing after d: the item as it is
        return rect
    return replace(rect, history=tuple(t for t in rect.history if t.date <= d))


def days_overdue(rect: Rectification, d: dt.date) -> int:
    """Days past the due date current on d, if not closed on d; else 0."""
    then = as_of(rect, d)
    if then is None or then.state == "closed" or then.due is None or then.due >= d:
        return 0
    return (d - then.due).days


def is_overdue(rect: Rectification, d: dt.date) -> bool:
    """Not closed on d and its due date then current is before d (待复核 included)."""
    return days_overdue(rect, d) > 0
