"""The rectification loop (整改闭环): an append-only state machine and its metrics (DESIGN §4).

A `Rectification` never changes: `transition()` returns a new one with one more history entry,
and every derived value (state, owner, due date, reopen count) is a replay of that history.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field, replace
from functools import lru_cache
from typing import Any

from checklist_tui.domain.period import parse_date, parse_period

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
WEIGHTS = {"closure": 0.40, "on_time": 0.25, "first_pass": 0.20, "recurrence": 0.15}


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


@dataclass(frozen=True)
class InspectedRound:
    """What recurrence needs from a round: where, when, submitted on, and item id → answer."""

    id: str
    checklist: str
    unit: str
    period: str
    submitted: dt.date | None
    answers: Mapping[str, str | None]


@dataclass(frozen=True)
class LoopMetrics:
    """The loop's figures as of a date; rates are fractions 0–1, None when their denominator is 0."""

    as_of: dt.date
    total: int
    closed: int
    overdue: int
    closure: float | None
    on_time: float | None
    first_pass: float | None
    recurrence: float | None
    mean_days_to_close: float | None
    loop_score: float
    left_out: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """The `loop` object of `summary --format json` (DESIGN §6)."""
        data = asdict(self)
        del data["as_of"]
        data["left_out"] = list(self.left_out)
        return data


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


_period = lru_cache(maxsize=1024)(parse_period)  # metrics meet the same few periods many times
_Index = dict[tuple[str, str], list[tuple[dt.date, dt.date, InspectedRound]]]


def _submitted_rounds(rounds: Iterable[InspectedRound], d: dt.date) -> _Index:
    """Rounds submitted by d, by (checklist, unit), earliest period start first, then submitted date."""
    index: _Index = {}
    for r in rounds:
        if r.submitted is not None and r.submitted <= d:
            index.setdefault((r.checklist, r.unit), []).append((_period(r.period).start, r.submitted, r))
    for entries in index.values():
        entries.sort(key=lambda e: (e[0], e[1]))
    return index


def _reinspection(rect: Rectification, index: _Index) -> str | None:
    """The answer to rect's item in the earliest later round that answered pass, partial or fail."""
    if rect.item is None or rect.checklist is None:
        return None
    end = _period(rect.period).end
    for start, _, r in index.get((rect.checklist, rect.unit), []):
        if start > end and (answer := r.answers.get(rect.item)) in ("pass", "partial", "fail"):
            return answer
    return None


def loop_metrics(rects: Iterable[Rectification], rounds: Iterable[InspectedRound], d: dt.date) -> LoopMetrics:
    """DESIGN §4 metrics as of d.

    An item closed without any due date (only possible in hand-made data, since entering 整改中
    needs one) cannot be late, so it counts as closed on time.
    """
    items = [r for r in (as_of(x, d) for x in rects) if r is not None]
    closed = [r for r in items if r.state == "closed"]
    n, k = len(items), len(closed)

    on_time = late = 0
    for r in items:
        first = r.first_due
        if r.closed is not None and (first is None or r.closed <= first):
            on_time += 1
        elif r.closed is not None or (first is not None and first < d):
            late += 1  # closed after its first due date, or still open past it

    index = _submitted_rounds(rounds, d)
    answers = [a for a in (_reinspection(r, index) for r in closed) if a is not None]
    rates: dict[str, float | None] = {
        "closure": _ratio(k, n),
        "on_time": _ratio(on_time, on_time + late),
        "first_pass": _ratio(sum(1 for r in closed if r.reopen_count == 0), k),
        "recurrence": _ratio(sum(1 for a in answers if a != "pass"), len(answers)),
    }
    terms = {name: rate for name, rate in rates.items() if rate is not None}
    if "recurrence" in terms:
        terms["recurrence"] = 1 - terms["recurrence"]
    weight = sum(WEIGHTS[name] for name in terms)
    score = 100 * sum(WEIGHTS[name] * v for name, v in terms.items()) / weight if weight else 100.0
    days = [(r.closed - r.found).days for r in closed if r.closed is not None]

    return LoopMetrics(
        as_of=d,
        total=n,
        closed=k,
        overdue=sum(1 for r in items if is_overdue(r, d)),
        closure=rates["closure"],
        on_time=rates["on_time"],
        first_pass=rates["first_pass"],
        recurrence=rates["recurrence"],
        mean_days_to_close=sum(days) / len(days) if days else None,
        loop_score=score,
        left_out=tuple(name for name, rate in rates.items() if rate is None),
    )
