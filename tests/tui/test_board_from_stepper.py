"""The board opened from a round's stepper (key `r`): the app's own saves are not another program's."""

from __future__ import annotations

from conftest import TODAY
from textual.widgets import Input
from tuihelpers import notices, settle, wait_until

from checklist_tui.storage.store import Store
from checklist_tui.tui.app import make_app
from checklist_tui.tui.dialogs.rect_forms import TransitionForm
from checklist_tui.tui.screens import StepperScreen
from checklist_tui.tui.screens.board import BoardScreen

SIZE = (100, 32)


async def test_a_transition_on_the_board_is_no_other_programs_update(data_dir, checklist_dir, store: Store,
                                                                      round_id):
    store.save_answer(round_id, "S1.01", answer="fail", note="领导小组未调整")
    store.save_answer(round_id, "S1.02", answer="pass")
    store.submit(round_id, date=TODAY, by="张三", allow_unanswered=True)
    app = make_app(data_dir=data_dir, checklist_dirs=[checklist_dir], open_round=round_id, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        stepper = pilot.app.screen
        assert isinstance(stepper, StepperScreen)
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(pilot.app.screen, BoardScreen)
        await pilot.press("t")
        await settle(pilot)
        form = pilot.app.screen
        assert isinstance(form, TransitionForm)
        form.query_one("#field-by", Input).value = "张三"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert store.load_round(round_id).rectifications[0].state == "notified"
        # the stepper below notices the file changed and takes the new state in …
        assert await wait_until(pilot, lambda: stepper._known_stamp == store.stamp(round_id))
        await settle(pilot)
        # … without calling the app's own save another program's
        assert "其他程序" not in notices(pilot)


async def test_a_slow_first_read_is_no_other_programs_update(data_dir, checklist_dir, store: Store, round_id,
                                                             monkeypatch):
    """The round's file read takes longer than the stepper's 1-second look for other writers (a busy
    machine): opening it is not taken for a change."""
    import threading

    release = threading.Event()
    load_round = Store.load_round

    def slow_load(self: Store, rid: str):
        release.wait(5)
        return load_round(self, rid)

    monkeypatch.setattr(Store, "load_round", slow_load)
    app = make_app(data_dir=data_dir, checklist_dirs=[checklist_dir], open_round=round_id, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(1.5)  # the look for other writers has come once, the read not yet done
        release.set()
        await settle(pilot)
        assert isinstance(pilot.app.screen, StepperScreen) and pilot.app.screen.record is not None
        await pilot.pause(1.2)
        await settle(pilot)
        assert "其他程序" not in notices(pilot)
