"""What listings, summaries and the ledger need of a round, without its frozen checklist and its
answers' notes: `RoundFigures`, as the data folder's index keeps it (storage/index.py), and
`RoundLike`, what a report may ask of a `Round` and of `RoundFigures` alike.

A report that needs a round's answers in detail (its problems, notes, the comparison of two
rounds, the draft's findings) takes a `Round`, read from its file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any, NamedTuple, Protocol

from checklist_tui.domain import loop
from checklist_tui.domain.metrics import InspectedRound
from checklist_tui.domain.round import MetaView, RoundMeta
from checklist_tui.domain.scoring import RoundScore


class RoundLike(Protocol):
    """A round as the overview, matrix, trends, loop metrics, ledger and listings see it."""

    @property
    def id(self) -> str: ...

    @property
    def meta(self) -> RoundMeta: ...

    @property
    def status(self) -> str: ...

    @property
    def submitted(self) -> bool: ...

    @property
    def is_void(self) -> bool: ...

    @property
    def counted(self) -> bool: ...

    @property
    def score(self) -> RoundScore: ...

    @property
    def rectifications(self) -> Sequence[loop.Rectification]: ...

    @property
    def loop_items(self) -> Sequence[loop.Rectification]:
        """The items for the loop's counts: states, dates and due dates, maybe nothing else."""
        ...

    def inspected(self) -> InspectedRound: ...

    def item_text(self, item_id: str) -> str: ...

    def listing_row(self) -> dict[str, Any]: ...


@dataclass(frozen=True)
class Details:
    """The part of a round's figures that listings do not need (read only when asked for)."""

    score: RoundScore
    item_texts: Mapping[str, str]  # the questions of its failed critical items


class AnswerKey(NamedTuple):
    """What the figures keep of an answer: its key, its value, and whether the item is one of the
    round's checklist (a file may hold answers to items its checklist does not have)."""

    answer: str | None
    value: float | None
    known: bool


class LazyAnswers(Mapping[str, "str | None"]):
    """A round's answer keys (item id → key), read the first time recurrence looks at one."""

    def __init__(self, load: Callable[[], Mapping[str, AnswerKey]]):
        self._load = load

    @cached_property
    def keys_(self) -> Mapping[str, AnswerKey]:
        return self._load()

    @property
    def _answers(self) -> Mapping[str, AnswerKey]:
        return self.keys_

    def __getitem__(self, key: str) -> str | None:
        return self._answers[key].answer

    def __iter__(self) -> Iterator[str]:
        return iter(self._answers)

    def __len__(self) -> int:
        return len(self._answers)


class RoundFigures(MetaView):
    """A round's figures as the index holds them; `row` is its listing row (Round.listing_row()).
    Its details, answer keys and rectification items are read on first use, so a listing never
    pays for them."""

    def __init__(self, meta: RoundMeta, row: Mapping[str, Any], details: Callable[[], Details],
                 answers: Callable[[], Mapping[str, AnswerKey]],
                 rects: Callable[[], list[loop.Rectification]],
                 loop_items: Callable[[], list[loop.Rectification]] | None = None):
        self.meta = meta
        self.row = row
        self._details, self._rects, self._loop = details, rects, loop_items
        self.answers = LazyAnswers(answers)

    @cached_property
    def details(self) -> Details:
        return self._details()

    @property
    def score(self) -> RoundScore:
        return self.details.score

    @cached_property
    def rectifications(self) -> list[loop.Rectification]:
        return self._rects()

    @cached_property
    def loop_items(self) -> list[loop.Rectification]:
        """The items reduced to what the loop's counts replay (no problem text, people or comments):
        a summary reads these, and the full items only of the few it lists."""
        return self._loop() if self._loop is not None else self.rectifications

    def inspected(self) -> InspectedRound:
        submitted = dt.date.fromisoformat(self.meta.submitted) if self.meta.submitted else None
        return InspectedRound(self.id, self.meta.checklist, self.meta.unit, self.meta.period, submitted,
                              self.answers)

    def item_text(self, item_id: str) -> str:
        return self.details.item_texts[item_id]

    def answer_key(self, item_id: str) -> AnswerKey:
        return self.answers.keys_[item_id]

    def listing_row(self) -> dict[str, Any]:
        return dict(self.row)
