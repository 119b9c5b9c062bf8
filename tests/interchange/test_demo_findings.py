"""A submitted demo round's rectification items read as a 整改台账 reads: the item's finding, with
the value that fell short, then the inspector's note — never a question with an answer tacked on."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from checklist_tui.catalogue.library import checklist_dirs, load_library
from checklist_tui.domain.finding import quantity
from checklist_tui.interchange.demo import make_demo
from checklist_tui.reports.draft_document import build_draft
from checklist_tui.storage.store import Store

DAY = dt.date(2025, 11, 20)


def test_rectification_items_of_submitted_demo_rounds_read_as_findings(tmp_path: Path) -> None:
    store = Store(tmp_path)
    library = load_library(checklist_dirs(None))
    make_demo(store, library, 40, DAY)
    rounds = [r for r in store.load_all().rounds if r.submitted]
    opened = [(r, rect) for r in rounds for rect in r.rectifications if rect.item]
    assert len(opened) > 20
    valued = 0
    for record, rect in opened:
        item = record.checklist.item(rect.item)
        answer = record.answers[rect.item]
        assert "是否" not in rect.problem and "？" not in rect.problem, rect.problem
        assert "自查结果" not in rect.problem, rect.problem
        if item.kind == "number":
            assert quantity(answer.value, item.unit) in rect.problem, rect.problem
            valued += 1
        if item.kind == "deduction":
            assert rect.problem.startswith(f"{answer.value:g} "), rect.problem
            valued += 1
        if answer.note:
            assert rect.problem.endswith(f"说明：{answer.note.rstrip('。')}。"), rect.problem
    assert valued, "some findings carry a value"


def test_the_draft_states_the_findings(tmp_path: Path) -> None:
    store = Store(tmp_path)
    make_demo(store, load_library(checklist_dirs(None)), 40, DAY)
    text = build_draft(store.load_all().rounds, 2025, DAY)
    assert text is not None
    part_two = text.split("## 三、", 1)[0]
    assert "是否" not in part_two and "未完全" not in part_two
