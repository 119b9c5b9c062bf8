"""The loop's figures as of a date (DESIGN §4): closure, on time, overdue, first pass, recurrence,
mean days to close and the loop score, replayed from the items' histories."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import asdict, astuple, dataclass
from typing import Any

from checklist_tui.domain.answers import REINSPECTION_ANSWERS
from checklist_tui.domain.loop import Rectification, as_of, is_overdue
from checklist_tui.domain.period import parse_period

WEIGHTS = {"closure": 0.40, "on_time": 0.25, "first_pass": 0.20, "recurrence": 0.15}


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


_Index = dict[tuple[str, str], list[tuple[dt.date, dt.date, InspectedRound]]]


def _submitted_rounds(rounds: Iterable[InspectedRound], d: dt.date) -> _Index:
    """Rounds submitted by d, by (checklist, unit), earliest period start first, then submitted date."""
    index: _Index = {}
    for r in rounds:
        if r.submitted is not None and r.submitted <= d:
            index.setdefault((r.checklist, r.unit), []).append((parse_period(r.period).start, r.submitted, r))
    for entries in index.values():
        entries.sort(key=lambda e: (e[0], e[1]))
    return index


def _reinspection(rect: Rectification, index: _Index) -> str | None:
    """The answer to rect's item in the earliest later round that answered pass, partial or fail."""
    if rect.item is None or rect.checklist is None:
        return None
    end = parse_period(rect.period).end
    for start, _, r in index.get((rect.checklist, rect.unit), []):
        if start > end and (answer := r.answers.get(rect.item)) in REINSPECTION_ANSWERS:
            return answer
    return None


@dataclass(frozen=True)
class LoopCounts:
    """What the metrics are ratios of; counts of several towns add up (county reports), where
    each town's recurrence was looked for within that town."""

    total: int = 0
    closed: int = 0
    overdue: int = 0
    on_time: int = 0
    late: int = 0
    first_pass: int = 0
    recurred: int = 0
    reinspected: int = 0
    days: int = 0  # Σ (closed − found) over the closed items

    def __add__(self, other: LoopCounts) -> LoopCounts:
        return LoopCounts(*(a + b for a, b in zip(astuple(self), astuple(other), strict=True)))


def loop_counts(rects: Iterable[Rectification], rounds: Iterable[InspectedRound], d: dt.date) -> LoopCounts:
    """The counts behind DESIGN §4's metrics as of d.

    An item closed without any due date (only possible in hand-made data, since entering 整改中
    needs one) cannot be late, so it counts as closed on time.
    """
    items = [r for r in (as_of(x, d) for x in rects) if r is not None]
    closed = [r for r in items if r.state == "closed"]

    on_time = late = 0
    for r in items:
        first = r.first_due
        if r.closed is not None and (first is None or r.closed <= first):
            on_time += 1
        elif r.closed is not None or (first is not None and first < d):
            late += 1  # closed after its first due date, or still open past it

    index = _submitted_rounds(rounds, d)
    answers = [a for a in (_reinspection(r, index) for r in closed) if a is not None]
    return LoopCounts(
        total=len(items), closed=len(closed), overdue=sum(1 for r in items if is_overdue(r, d)),
        on_time=on_time, late=late, first_pass=sum(1 for r in closed if r.reopen_count == 0),
        recurred=sum(1 for a in answers if a != "pass"), reinspected=len(answers),
        days=sum((r.closed - r.found).days for r in closed if r.closed is not None))


def metrics_of(c: LoopCounts, d: dt.date) -> LoopMetrics:
    """The metrics of these counts (DESIGN §4): rates, the loop score over the terms that have a
    denominator (the others left out, their weights renormalised; 100 with no item at all)."""
    rates: dict[str, float | None] = {
        "closure": _ratio(c.closed, c.total),
        "on_time": _ratio(c.on_time, c.on_time + c.late),
        "first_pass": _ratio(c.first_pass, c.closed),
        "recurrence": _ratio(c.recurred, c.reinspected),
    }
    terms = {name: rate for name, rate in rates.items() if rate is not None}
    if "recurrence" in terms:
        terms["recurrence"] = 1 - terms["recurrence"]
    weight = sum(WEIGHTS[name] for name in terms)
    score = 100 * sum(WEIGHTS[name] * v for name, v in terms.items()) / weight if weight else 100.0
    return LoopMetrics(
        as_of=d,
        total=c.total,
        closed=c.closed,
        overdue=c.overdue,
        closure=rates["closure"],
        on_time=rates["on_time"],
        first_pass=rates["first_pass"],
        recurrence=rates["recurrence"],
        mean_days_to_close=c.days / c.closed if c.closed else None,
        loop_score=score,
        left_out=tuple(name for name, rate in rates.items() if rate is None),
    )


def loop_metrics(rects: Iterable[Rectification], rounds: Iterable[InspectedRound], d: dt.date) -> LoopMetrics:
    """DESIGN §4 metrics as of d (see loop_counts and metrics_of)."""
    return metrics_of(loop_counts(rects, rounds, d), d)
