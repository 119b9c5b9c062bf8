"""The rectification loop (整改闭环): an append-only state machine (DESIGN §4); its figures are in
`domain.metrics`.

A `Rectification` never changes: `transition()` returns a new one with one more history entry,
and every derived value (state, owner, due date, reopen count) is a replay of that history.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from checklist_tui.domain.period import parse_date

STATES = ("found", "notified", "rectifying", "review", "closed")
STATE_LABELS = {
    "found": "待通报",
    "notified": "已通报",
    "rectifying": "整改中",
    "review": "待复核",
    "closed": "已销号",
}
ALLOWED: dict[str, tuple[str, ...]] = {
    "found": ("notified",),
    "notified": ("rectifying",),
    "rectifying": ("review", "rectifying"),  # rectifying → rectifying: 调整/延期 (changes only)
    "review": ("closed", "rectifying"),  # review → rectifying is 退回
    "closed": (),
}
FIELD_LABELS = {"owner": "责任单位", "measures": "整改措施", "due": "整改期限"}
NOTE_LABELS = {"review": "整改情况说明", "closed": "销号意见"}  # the comment each state requires


class LoopError(ValueError):
    """A transition the loop refuses; `allowed` lists the states reachable from the current one."""

    def __init__(self, message: str, allowed: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.allowed = allowed


def _named(state: str) -> str:
    return f"{STATE_LABELS.get(state, '?')}({state})"


def _allowed_text(state: str) -> str:
    allowed = ALLOWED[state]
    if not allowed:
        return "允许:无(已销号为最终状态)"
    return "允许:" + "、".join(f"{s}({STATE_LABELS[s]})" for s in allowed)


@dataclass(frozen=True)
class Transition:
    """One history entry; `changes` maps owner/measures/due to {"from": old, "to": new} (dates ISO)."""

    from_: str | None
    to: str
    date: dt.date
    by: str
    comment: str = ""
    evidence: str = ""
    changes: dict[str, dict[str, str | None]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "from": self.from_,
            "to": self.to,
            "date": self.date.isoformat(),
            "by": self.by,
            "comment": self.comment,
            "evidence": self.evidence,
            "changes": {k: dict(v) for k, v in self.changes.items()},
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Transition:
        return cls(
            from_=data["from"],
            to=data["to"],
            date=parse_date(data["date"]),
            by=data["by"],
            comment=data.get("comment", ""),
            evidence=data.get("evidence", ""),
            changes={k: dict(v) for k, v in (data.get("changes") or {}).items()},
        )


@dataclass(frozen=True)
class Rectification:
    """A 整改事项; `history[0]` is its creation (None → found on the found date)."""

    id: str
    round: str
    checklist: str | None
    unit: str
    period: str
    item: str | None
    problem: str
    found: dt.date
    history: tuple[Transition, ...]

    def _current(self, key: str) -> str | None:
        value = None
        for t in self.history:
            if key in t.changes:
                value = t.changes[key]["to"]
        return value

    @property
    def state(self) -> str:
        return self.history[-1].to

    @property
    def owner(self) -> str | None:
        return self._current("owner")

    @property
    def measures(self) -> str | None:
        return self._current("measures")

    @property
    def due(self) -> dt.date | None:
        value = self._current("due")
        return parse_date(value) if value else None

    @property
    def first_due(self) -> dt.date | None:
        """The first due date ever set: later changes are extensions (延期) and do not move it."""
        for t in self.history:
            if (due := t.changes.get("due", {}).get("to")) is not None:
                return parse_date(due)
        return None

    @property
    def closed(self) -> dt.date | None:
        return self.history[-1].date if self.state == "closed" else None

    @property
    def reopen_count(self) -> int:
        return sum(1 for t in self.history if t.from_ == "review" and t.to == "rectifying")

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "round": self.round,
            "checklist": self.checklist,
            "unit": self.unit,
            "period": self.period,
            "item": self.item,
            "problem": self.problem,
            "found": self.found.isoformat(),
            "history": [t.to_dict() for t in self.history],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Rectification:
        try:
            return cls(
                id=data["id"],
                round=data["round"],
                checklist=data["checklist"],
                unit=data["unit"],
                period=data["period"],
                item=data["item"],
                problem=data["problem"],
                found=parse_date(data["found"]),
                history=tuple(Transition.from_dict(t) for t in data["history"]),
            )
        except (KeyError, TypeError, AttributeError) as exc:
            raise ValueError(f"整改事项数据不完整或格式错误:{exc!r}") from exc


def _text(value: str | None) -> str | None:
    """Strip user text; blank counts as not given."""
    return (value.strip() or None) if value is not None else None


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
) -> Rectification:
    """Open an item in state found; `owner` is the item's suggested owner, pre-filled."""
    if not _text(by):
        raise LoopError("必须填写提出人(by)")
    if not _text(problem):
        raise LoopError("必须填写问题描述(problem)")
    owner = _text(owner)
    changes = {"owner": {"from": None, "to": owner}} if owner else {}
    first = Transition(from_=None, to="found", date=found, by=by.strip(), changes=changes)
    return Rectification(id, round, checklist, unit, period, item, problem.strip(), found, (first,))


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
) -> Rectification:
    """Append one transition, refusing whatever DESIGN §4 forbids (LoopError).

    owner/measures/due are None (or blank) when not given; a given value that differs from the
    current one is recorded in `changes` (a due change after the first is an extension 延期).
    """
    current = rect.state
    if to not in ALLOWED[current]:
        what = f"未知状态 {to!r}" if to not in STATES else f"转到 {_named(to)}"
        raise LoopError(f"不能从 {_named(current)} {what};{_allowed_text(current)}", ALLOWED[current])
    if not _text(by):
        raise LoopError("必须填写操作人(by)", ALLOWED[current])
    previous = rect.history[-1].date
    if date < previous:
        raise LoopError(f"日期 {date} 早于上一次流转的日期 {previous}", ALLOWED[current])

    given = {"owner": _text(owner), "measures": _text(measures), "due": due.isoformat() if due else None}
    now = {"owner": rect.owner, "measures": rect.measures, "due": rect.due.isoformat() if rect.due else None}
    changes = {k: {"from": now[k], "to": v} for k, v in given.items() if v is not None and v != now[k]}
    if (current, to) == ("rectifying", "rectifying") and not changes:
        raise LoopError("调整(延期)需要修改责任单位、整改措施或整改期限中的至少一项", ALLOWED[current])
    if to == "closed" and changes:
        names = "、".join(FIELD_LABELS[k] for k in changes)
        raise LoopError(f"销号时不能修改{names};需要修改请先退回", ALLOWED[current])
    after = {k: given[k] or now[k] for k in now}
    if "due" in changes and (due_text := after["due"]) is not None and parse_date(due_text) < rect.found:
        raise LoopError(f"整改期限 {after['due']} 早于发现日期 {rect.found}", ALLOWED[current])

    comment = comment.strip()
    missing = [f"{FIELD_LABELS[k]}({k})" for k in after if to == "rectifying" and not after[k]]
    note = "退回理由" if (current, to) == ("review", "rectifying") else NOTE_LABELS.get(to)
    if note and not comment:
        missing.append(f"{note}(comment)")
    if missing:
        raise LoopError(f"转到 {_named(to)} 需要填写:" + "、".join(missing), ALLOWED[current])

    step = Transition(current, to, date, by.strip(), comment, evidence.strip(), changes)
    return replace(rect, history=(*rect.history, step))


def as_of(rect: Rectification, d: dt.date) -> Rectification | None:
    """The item as it stood on d (transitions dated ≤ d); None if it was found after d."""
    if rect.found > d:
        return None
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
