"""Quitting with ctrl+q while a field under the card is open keeps what was typed (issue #16)."""

from __future__ import annotations

from conftest import TODAY
from tuihelpers import settle

from checklist_tui.storage.store import Store
from checklist_tui.tui.app import make_app
from checklist_tui.tui.widgets import FieldPrompt

SIZE = (100, 32)


async def test_ctrl_q_in_the_note_after_fail_keeps_the_note(data_dir, checklist_dir, store: Store, round_id):
    app = make_app(data_dir=data_dir, checklist_dirs=[checklist_dir], open_round=round_id, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("3", *"领导小组未调整")
        assert pilot.app.screen.query_one(FieldPrompt).field == "note_next"
        await pilot.press("ctrl+q")  # no Enter
        await settle(pilot)
    stored = store.load_round(round_id).answers["S1.01"]
    assert (stored.answer, stored.note) == ("fail", "领导小组未调整")


async def test_ctrl_q_in_the_evidence_field_keeps_it(data_dir, checklist_dir, store: Store, round_id):
    app = make_app(data_dir=data_dir, checklist_dirs=[checklist_dir], open_round=round_id, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("v", *"麻政3号")
        await pilot.press("ctrl+q")
        await settle(pilot)
    assert store.load_round(round_id).answers["S1.01"].evidence == "麻政3号"
