"""A round (检查批次): its metadata, the frozen checklist it answers, its answers and its
rectification items. How a round is stored is storage's business (storage/round_file.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Final, Literal, get_args

from checklist_tui.domain import loop
from checklist_tui.domain.checklist import Checklist, Item
from checklist_tui.domain.metrics import InspectedRound
from checklist_tui.domain.period import parse_period
from checklist_tui.domain.scoring import Answer, RoundScore, score_round
from checklist_tui.domain.text import visible
from checklist_tui.errors import BadInput

RoundStatus = Literal["in_progress", "submitted", "void"]  # as stored in round files and JSON output
IN_PROGRESS: Final = "in_progress"
SUBMITTED: Final = "submitted"
VOID: Final = "void"
STATUSES: tuple[RoundStatus, ...] = get_args(RoundStatus)
STATUS_LABELS: dict[str, str] = {IN_PROGRESS: "进行中", SUBMITTED: "已提交", VOID: "已作废"}


def status_of(doc: Mapping[str, Any]) -> RoundStatus:
    """A round's status from its stored meta (or listing row); rows written before statuses were
    stored follow from the submission date."""
    status = doc.get("status")
    for known in STATUSES:
        if status == known:
            return known
    return SUBMITTED if doc.get("submitted") else IN_PROGRESS


@dataclass(frozen=True)
class RoundMeta:
    id: str
    checklist: str
    title: str
    version: str
    unit: str
    period: str
    inspector: str
    created: str
    submitted: str | None = None
    status: RoundStatus = IN_PROGRESS
    void: Mapping[str, str] | None = None  # {by, at, reason} once the round is withdrawn (作废)
    submitted_by: str = ""  # who closed answering: the only record of it when no item was opened

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> RoundMeta:
        names = cls.__dataclass_fields__
        fields: dict[str, Any] = {k: doc.get(k) for k in names if k in doc}
        fields.setdefault("status", status_of(doc))
        return cls(**fields)


class MetaView:
    """What a round's metadata says of it, for `Round` and the index's `RoundFigures` alike."""

    meta: RoundMeta

    @property
    def id(self) -> str:
        return self.meta.id

    @property
    def submitted(self) -> bool:
        return self.meta.submitted is not None

    @property
    def status(self) -> RoundStatus:
        return self.meta.status

    @property
    def is_void(self) -> bool:
        return self.meta.status == VOID

    @property
    def counted(self) -> bool:
        """Submitted (and not void): what summaries, trends and the draft count by default."""
        return self.meta.status == SUBMITTED


@dataclass
class Round(MetaView):
    """One round as read from its file; `stamp` is the file's (mtime_ns, size) when read."""

    meta: RoundMeta
    checklist: Checklist
    answers: dict[str, Answer]
    rectifications: list[loop.Rectification] = field(default_factory=list)
    stamp: tuple[int, int] = (0, 0)

    @cached_property
    def score(self) -> RoundScore:
        return score_round(self.checklist, self.answers)

    @property
    def loop_items(self) -> list[loop.Rectification]:
        """The items the loop's counts replay: here, read from the file, the items themselves."""
        return self.rectifications

    def inspected(self) -> InspectedRound:
        submitted = dt.date.fromisoformat(self.meta.submitted) if self.meta.submitted else None
        return InspectedRound(
            self.id, self.meta.checklist, self.meta.unit, self.meta.period, submitted,
            {item: a.answer for item, a in self.answers.items()})

    def listing_row(self) -> dict[str, Any]:
        """The round's row in the index: its metadata and the figures listings show (home, `rounds`)."""
        score = self.score
        return {
            **self.meta.__dict__,
            "short": self.checklist.short,  # the checklist's short title (年度自查), for narrow columns
            "answered": score.tally.answered, "total": score.tally.total, "na": score.tally.na,
            "score": score.score, "grade": score.grade,
            **score.bonus_json(),
            "open": sum(1 for r in self.rectifications if r.state != "closed"),
            "stamp": list(self.stamp),
        }

    def item_text(self, item_id: str) -> str:
        """The question of one of the round's items."""
        return self.checklist.item(item_id).text

    def item(self, item_id: str) -> Item:
        """The item of the round's own checklist; an id it does not have is bad input."""
        try:
            return self.checklist.item(item_id)
        except KeyError:
            raise BadInput(f"批次 {self.id} 的检查表中没有检查项「{item_id}」") from None


def round_period(unit: str, inspector: str, period: str) -> str:
    """A new round's period as stored (2025-q1 → 2025-Q1), once unit and inspector are one line
    of text each; bad input otherwise."""
    for name, text in (("单位", unit), ("检查人", inspector)):
        if any(ord(c) < 32 or ord(c) == 127 for c in text):
            raise BadInput(f"{name}「{visible(text)}」含有换行、制表符等控制字符；应为一行文字")
    try:
        return parse_period(period).label
    except ValueError as error:
        raise BadInput(str(error)) from None
