"""Writing one answer into a round file being edited (within Store's transaction): the merged
answer replaces the item's row in `answers` and is appended to `history`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tinydb import Query, TinyDB

from checklist_tui.domain.answers import merge_answer, same_answer
from checklist_tui.domain.round import Round
from checklist_tui.domain.scoring import Answer, AnswerError
from checklist_tui.domain.sheet_problem import SheetProblem
from checklist_tui.domain.text import refuse_unplain
from checklist_tui.errors import BadInput


def put_answer(db: TinyDB, record: Round, item_id: str, answer: Any, value: Any, note: Any,
               evidence: Any, by: str, at: str) -> Answer:
    """Merge what is given (the rest stays) into the item's answer; bad input names the reason."""
    refuse_unplain(note=note, evidence=evidence, by=by)
    item = record.item(item_id)
    old = record.answers.get(item_id)
    try:
        stored = merge_answer(item, old, answer=answer, value=value, note=note, evidence=evidence,
                              by=by, at=at)
    except AnswerError as error:
        raise BadInput(str(error)) from None
    if old is not None and same_answer(old, stored):
        return old  # nothing changed (the same sheet imported again): no history entry, no write
    doc = {"item": item_id, **{k: getattr(stored, k) for k in ("answer", "value", "note", "evidence",
                                                                "by", "at")}}
    db.table("answers").upsert(doc, Query().item == item_id)
    db.table("history").insert(doc)
    return stored


def row_problem(row: Mapping[str, Any], reason: str) -> SheetProblem:
    """A sheet row's problem, named by its line (or JSON entry) and item."""
    return SheetProblem(row.get("line", 0), row.get("item"), reason, row.get("entry", False))
