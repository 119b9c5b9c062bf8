"""A round (检查批次): its metadata, the frozen checklist it answers, its answers and its
rectification items. How a round is stored is storage's business (storage/round_file.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from checklist_tui.domain import loop
from checklist_tui.domain.checklist import Checklist, Item
from checklist_tui.domain.scoring import Answer, RoundScore, score_round
from checklist_tui.errors import BadInput


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

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> RoundMeta:
        names = cls.__dataclass_fields__
        return cls(**{k: doc.get(k) for k in names if k in doc})


@dataclass
class Round:
    """One round as read from its file; `stamp` is the file's (mtime_ns, size) when read."""

    meta: RoundMeta
    checklist: Checklist
    answers: dict[str, Answer]
    rectifications: list[loop.Rectification] = field(default_factory=list)
    stamp: tuple[int, int] = (0, 0)

    @property
    def id(self) -> str:
        return self.meta.id

    @property
    def submitted(self) -> bool:
        return self.meta.submitted is not None

    @cached_property
    def score(self) -> RoundScore:
        return score_round(self.checklist, self.answers)

    def inspected(self) -> loop.InspectedRound:
        submitted = dt.date.fromisoformat(self.meta.submitted) if self.meta.submitted else None
        return loop.InspectedRound(
            self.id, self.meta.checklist, self.meta.unit, self.meta.period, submitted,
            {item: a.answer for item, a in self.answers.items()})

    def catalog_row(self) -> dict[str, Any]:
        """The round's row in the catalog: its metadata and the figures the home screen shows."""
        score = self.score
        return {
            **self.meta.__dict__,
            "answered": score.tally.answered, "total": score.tally.total, "na": score.tally.na,
            "score": score.score, "grade": score.grade,
            "open": sum(1 for r in self.rectifications if r.state != "closed"),
            "stamp": list(self.stamp),
        }

    def item(self, item_id: str) -> Item:
        """The item of the round's own checklist; an id it does not have is bad input."""
        try:
            return self.checklist.item(item_id)
        except KeyError:
            raise BadInput(f"批次 {self.id} 的检查表中没有检查项 {item_id!r}") from None
