"""The stepper's value field follows the one rule for typed numbers (domain.numbers), as import does."""

from __future__ import annotations

from conftest import TODAY
from tuihelpers import screen_text, settle

from checklist_tui.storage.store import Store
from checklist_tui.tui.app import make_app
from checklist_tui.tui.widgets import FieldPrompt


async def test_full_width_rates_are_taken_and_ambiguous_ones_refused(
        data_dir, checklist_dir, store: Store, round_id):
    for item in ("S1.01", "S1.02", "S1.03"):
        store.save_answer(round_id, item, answer="pass")
    app = make_app(data_dir=data_dir, checklist_dirs=[checklist_dir], open_round=round_id, today=TODAY)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        prompt = pilot.app.screen.query_one(FieldPrompt)
        await pilot.press("e", *"9,5", "enter")  # 9.5 or 95? refused, never guessed
        assert prompt.is_open and "不能用 9,5" in screen_text(pilot)
        await pilot.press("ctrl+a", "ctrl+k", *"95%%", "enter")
        assert prompt.is_open
        await pilot.press("ctrl+a", "ctrl+k", *"９６％", "enter")
        await settle(pilot)
        assert not prompt.is_open
    answer = store.load_round(round_id).answers["S2.01"]
    assert (answer.answer, answer.value) == ("pass", 96.0)
