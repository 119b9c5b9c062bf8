"""The demo is the first thing a reviewer sees: it must read like a real office's year."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from checklist_tui.catalogue.library import checklist_dirs, load_library
from checklist_tui.interchange.demo import OFFICES, VILLAGES, make_demo
from checklist_tui.interchange.demo_words import DOCUMENTS, NA_NOTE
from checklist_tui.storage.round_file import Round
from checklist_tui.storage.store import Store

UNITS = {*OFFICES, *VILLAGES, "系统"}


@pytest.fixture(scope="module")
def rounds(tmp_path_factory: pytest.TempPathFactory) -> list[Round]:
    store = Store(tmp_path_factory.mktemp("demo"))
    make_demo(store, load_library(checklist_dirs(None)), 70, dt.date(2026, 2, 20))
    return store.load_all().rounds


def test_villages_answer_the_village_checklist_and_offices_the_others(rounds) -> None:
    pairs = {(r.meta.checklist, r.meta.unit in VILLAGES) for r in rounds}
    assert ("village-annual", True) in pairs
    assert all(is_village == (checklist == "village-annual") for checklist, is_village in pairs)


def test_the_2025_tasks_are_checked_for_2025(rounds) -> None:
    periods = {r.meta.period for r in rounds if r.meta.checklist == "plan-2025"}
    assert periods == {"2025"}


def test_notes_fit_their_item(rounds) -> None:
    checked = 0
    for record in rounds:
        for item in record.checklist.items:
            answer = record.answers.get(item.id)
            if answer is None or not answer.note or answer.note == NA_NOTE:
                continue
            if item.kind == "status":  # a note names one of the item's own evidence
                assert any(e in answer.note for e in item.evidence), (item.id, item.evidence, answer.note)
                checked += 1
    assert checked > 30


def test_document_numbers_only_on_documents(rounds) -> None:
    seen = 0
    for record in rounds:
        for answer in record.answers.values():
            if "〔" in answer.evidence:
                name = answer.evidence.split("（", 1)[0]
                assert name.endswith(DOCUMENTS), answer.evidence
                seen += 1
            elif answer.evidence:
                assert not re.search(r"(登记表|台账|记录|截图|照片)\(麻", answer.evidence), answer.evidence
    assert seen


def test_people_not_units_do_the_work_and_someone_else_reviews(rounds) -> None:
    rects = [rect for r in rounds for rect in r.rectifications]
    assert rects
    for record in rounds:
        assert record.meta.inspector and record.meta.inspector not in UNITS
    reviewed = 0
    for rect in rects:
        for step in rect.history[1:]:
            assert step.by not in UNITS, (rect.id, step.by)
        doers = {s.by for s in rect.history if s.to == "review"}
        for step in rect.history:
            if step.from_ == "review":  # closed or sent back: by someone who did not rectify it
                assert step.by not in doers, (rect.id, step.by, doers)
                reviewed += 1
    assert reviewed > 10


def test_a_deduction_speaks_of_its_measure_word(rounds) -> None:
    found = [rect.problem for r in rounds for rect in r.rectifications
             if rect.item and r.checklist.item(rect.item).kind == "deduction"]
    assert found
    assert all(re.match(r"^\d+ (人|件|次|项)", p) for p in found), found
