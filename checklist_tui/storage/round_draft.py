"""A new round built in memory and written once: the Store's rules (answers merged, submission,
items raised by hand, loop steps) applied without a locked read-modify-write per change.

For writers that make whole rounds at once into a folder nobody else is writing to (the demo):
5,000 rounds cost 5,000 file writes instead of ~17 transactions each. The file written is the
one the Store would have written by the same steps.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from checklist_tui.domain import loop
from checklist_tui.domain.answers import UNSET, merge_answer, same_answer
from checklist_tui.domain.checklist import Checklist
from checklist_tui.domain.round import SUBMITTED, Round, RoundMeta
from checklist_tui.domain.scoring import Answer, AnswerError
from checklist_tui.domain.submission import check_submission, opened_by_submission, raised_by_hand
from checklist_tui.errors import BadInput
from checklist_tui.storage.files import atomic_write
from checklist_tui.storage.round_file import SCHEMA, json_safe

ANSWER_FIELDS = ("answer", "value", "note", "evidence", "by", "at")


class RoundDraft:
    """One round under construction; `data()` is its round file's content."""

    def __init__(self, meta: RoundMeta, checklist: Checklist, units: Collection[str] = ()):
        """`checklist` is the scoped copy the round freezes; `units` the register's unit names
        (never accepted as a person)."""
        self.meta = meta
        self.checklist = checklist
        self.units = tuple(units)
        self.answers: dict[str, Answer] = {}
        self.history: list[dict[str, Any]] = []
        self.rectifications: list[loop.Rectification] = []

    def record(self) -> Round:
        return Round(self.meta, self.checklist, dict(self.answers), list(self.rectifications))

    def import_answers(self, rows: Sequence[Mapping[str, Any]], by: str, at: str) -> None:
        """As Store.import_answers: each row's answer/value, non-empty note and evidence."""
        record = self.record()
        for row in rows:
            given = row["answer"] is not None or row["value"] is not None
            item = record.item(row["item"])
            old = self.answers.get(item.id)
            try:
                stored = merge_answer(item, old, answer=row["answer"] if given else UNSET,
                                      value=row["value"] if given else UNSET,
                                      note=row.get("note") or UNSET, evidence=row.get("evidence") or UNSET,
                                      by=by, at=at)
            except AnswerError as error:
                raise BadInput(f"{self.meta.id} {item.id}: {error}") from None
            if old is not None and same_answer(old, stored):
                continue
            self.answers[item.id] = stored
            self.history.append(_answer_doc(item.id, stored))

    def submit(self, date: dt.date, by: str) -> list[loop.Rectification]:
        """As Store.submit with allow_unanswered: close answering, open the findings' items."""
        check = check_submission(self.checklist, self.answers)
        refusal = check.refusal(True)
        if refusal is not None:
            raise BadInput(f"{self.meta.id}: {refusal}")
        self.meta = replace(self.meta, submitted=date.isoformat(), submitted_by=by, status=SUBMITTED)
        opened = opened_by_submission(self.record(), check, date, by)
        self.rectifications += opened
        return opened

    def raise_item(self, *, problem: str, by: str, date: dt.date, source: str,
                   item: str | None = None) -> loop.Rectification:
        rect = raised_by_hand(self.record(), problem=problem, by=by, item=item, date=date, source=source,
                              units=self.units)
        self.rectifications.append(rect)
        return rect

    def rectify(self, rect_id: str, to: str, **fields: Any) -> loop.Rectification:
        """One loop step of one of this round's items (loop.transition's rules)."""
        index = next(i for i, r in enumerate(self.rectifications) if r.id == rect_id)
        try:
            updated = loop.transition(self.rectifications[index], to, units=self.units, **fields)
        except loop.LoopError as error:
            raise BadInput(f"整改事项 {rect_id}：{error}") from None
        self.rectifications[index] = updated
        return updated

    def data(self) -> dict[str, Any]:
        """The round file's content, as the Store lays it out."""
        current = {item: _answer_doc(item, answer) for item, answer in self.answers.items()}
        return {
            "meta": {"1": {**self.meta.__dict__, "schema": SCHEMA}},
            "checklist": {"1": {"raw": json_safe(dict(self.checklist.raw))}},
            "answers": _table(current.values()),
            "history": _table(self.history),
            "rectifications": _table(r.to_dict() for r in self.rectifications),
        }


def _answer_doc(item: str, answer: Answer) -> dict[str, Any]:
    return {"item": item, **{key: getattr(answer, key) for key in ANSWER_FIELDS}}


def _table(docs: Iterable[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {str(number): doc for number, doc in enumerate(docs, start=1)}


def write_draft(path: Any, draft: RoundDraft, *, sync: bool = True) -> None:
    """Write the draft's round file (whole or not at all)."""
    atomic_write(path, draft.data(), sync=sync)
