"""A 整改事项 and its history entries: the data of the rectification loop (DESIGN §4, issue #12).

Nothing is rewritten: every value an office changes over time (责任单位, 责任人, 责任领导, 整改措施,
整改类型, 整改目标, 整改时限, 复核人, 备注) is a replay of the `changes` of the history, and 整改进展
are history entries rectifying → rectifying marked `"action": "progress"`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple, get_args

from checklist_tui.domain.period import parse_date

# 待通报, 已通报, 整改中, 待复核, 已销号: as stored in round files and the ledger's JSON
RectState = Literal["found", "notified", "rectifying", "review", "closed"]
STATES: tuple[RectState, ...] = get_args(RectState)
STATE_LABELS: dict[str, str] = {
    "found": "待通报",
    "notified": "已通报",
    "rectifying": "整改中",
    "review": "待复核",
    "closed": "已销号",
}
SOURCES = ("自查", "督察", "巡察", "审计", "执法案卷评查", "群众反映", "其他")
KINDS = ("立行立改", "限期整改", "长期坚持")
# Every field a transition may change, with its label (the order is the ledger's).
FIELD_LABELS = {
    "goal": "整改目标", "measures": "整改措施", "kind": "整改类型", "leader": "责任领导",
    "owner": "责任单位", "person": "责任人", "due": "整改时限", "reviewer": "复核人", "remark": "备注",
}
PROGRESS = "progress"  # the `action` of a 整改进展 entry


class Transition(NamedTuple):
    """One history entry; `changes` maps a field to {"from": old, "to": new} (dates ISO), never
    changed once made (entries without changes share one empty dict); `action` is "progress" for
    a 整改进展 entry, else empty (and not written). A named tuple, not a dataclass: a ledger of
    5,000 rounds makes 85,000 of them, three times faster so."""

    from_: RectState | None
    to: RectState
    date: dt.date
    by: str
    comment: str = ""
    evidence: str = ""
    changes: dict[str, dict[str, str | None]] = {}  # noqa: RUF012 (never changed: shared)
    action: str = ""

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "from": self.from_,
            "to": self.to,
            "date": self.date.isoformat(),
            "by": self.by,
            "comment": self.comment,
            "evidence": self.evidence,
            "changes": {k: dict(v) for k, v in self.changes.items()},
        }
        if self.action:
            data["action"] = self.action
        return data

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
            action=data.get("action", "") or "",
        )

    @property
    def is_progress(self) -> bool:
        return self.action == PROGRESS

    @property
    def is_return(self) -> bool:
        """退回: 待复核 → 整改中."""
        return self.from_ == "review" and self.to == "rectifying"


def step_name(t: Transition) -> str:
    """How people name a history entry: 进展, 退回, 延期/调整 (with what changed), else the new state."""
    if t.is_progress:
        return "进展"
    if t.is_return:
        return "退回"
    if t.from_ == t.to == "rectifying":
        return "延期" if "due" in t.changes else "调整"
    return STATE_LABELS.get(t.to, t.to)


def changes_text(t: Transition) -> str:
    """What an entry changed, in words: 整改时限 2025-03-31 → 2025-04-30;责任人 → 王五."""
    parts = []
    for key, change in t.changes.items():
        label = FIELD_LABELS.get(key, key)
        old, new = change.get("from"), change.get("to")
        parts.append(f"{label} {old} → {new}" if old else f"{label} → {new}")
    return ";".join(parts)


@dataclass(frozen=True, slots=True)
class Progress:
    """One 整改进展 entry."""

    date: dt.date
    by: str
    text: str

    def to_dict(self) -> dict[str, str]:
        return {"date": self.date.isoformat(), "by": self.by, "text": self.text}

    def line(self) -> str:
        """As the ledger's 整改进展 cell shows it: 2026-12-01 王五:text."""
        return f"{self.date.isoformat()} {self.by}:{self.text}"


@dataclass(frozen=True, slots=True)
class _Replay:
    """A history replayed: each changed field's last value, the first due date ever set (ISO),
    the number of 退回 and the latest entry's date."""

    fields: dict[str, str | None]
    first_due: str | None
    reopen_count: int
    latest: dt.date

    @classmethod
    def of(cls, history: tuple[Transition, ...]) -> _Replay:
        fields: dict[str, str | None] = {}
        first_due = None
        returns = 0
        latest = history[0].date if history else dt.date.min
        for t in history:
            if t.changes:
                for key, change in t.changes.items():
                    fields[key] = change.get("to")
                if first_due is None and (due := t.changes.get("due", {}).get("to")) is not None:
                    first_due = due
            if t.from_ == "review" and t.to == "rectifying":
                returns += 1
            if t.date > latest:
                latest = t.date
        return cls(fields, first_due, returns, latest)


@dataclass(frozen=True, slots=True)
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
    source: str = "其他"  # 问题来源

    # what the whole history comes to, replayed once on first use (a ledger asks each item for a
    # dozen fields): the items are frozen, so it never goes stale
    _replay: _Replay | None = field(default=None, init=False, repr=False, compare=False)

    def _replayed(self) -> _Replay:
        found = self._replay
        if found is None:
            found = _Replay.of(self.history)
            object.__setattr__(self, "_replay", found)
        return found

    def current(self, key: str) -> str | None:
        """The value of a changeable field after the whole history."""
        return self._replayed().fields.get(key)

    _current = current  # the name older code used

    @property
    def state(self) -> RectState:
        return self.history[-1].to

    @property
    def owner(self) -> str | None:
        return self.current("owner")

    @property
    def measures(self) -> str | None:
        return self.current("measures")

    @property
    def person(self) -> str | None:
        return self.current("person")

    @property
    def leader(self) -> str | None:
        return self.current("leader")

    @property
    def kind(self) -> str | None:
        return self.current("kind")

    @property
    def goal(self) -> str | None:
        return self.current("goal")

    @property
    def reviewer(self) -> str | None:
        return self.current("reviewer")

    @property
    def remark(self) -> str | None:
        return self.current("remark")

    @property
    def due(self) -> dt.date | None:
        value = self.current("due")
        return parse_date(value) if value else None

    @property
    def first_due(self) -> dt.date | None:
        """The first due date ever set: later changes are extensions (延期) and do not move it."""
        first = self._replayed().first_due
        return parse_date(first) if first is not None else None

    @property
    def latest(self) -> dt.date:
        """The date of the latest history entry (entries are normally in date order, not always)."""
        return self._replayed().latest

    @property
    def closed(self) -> dt.date | None:
        return self.history[-1].date if self.state == "closed" else None

    @property
    def reopen_count(self) -> int:
        return self._replayed().reopen_count

    @property
    def progress(self) -> tuple[Progress, ...]:
        return tuple(Progress(t.date, t.by, t.comment) for t in self.history if t.is_progress)

    @property
    def review_comment(self) -> str | None:
        """复核意见: the comment of the 销号 entry."""
        return (self.history[-1].comment or None) if self.state == "closed" else None

    @property
    def submitted_by(self) -> str | None:
        """Who sent it for review last (the `by` of the latest → 待复核 entry)."""
        for t in reversed(self.history):
            if t.to == "review":
                return t.by
        return None

    @property
    def evidence(self) -> tuple[str, ...]:
        """Every evidence entry of the history, in order."""
        return tuple(t.evidence for t in self.history if t.evidence)

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
            "source": self.source,
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
                source=data.get("source") or ("自查" if data.get("item") else "其他"),
            )
        except KeyError as exc:  # the file's own field name: what someone repairing it looks for
            raise ValueError(f"整改事项数据不完整：缺少「{exc.args[0]}」") from exc
        except (TypeError, AttributeError) as exc:
            raise ValueError("整改事项数据格式错误") from exc
