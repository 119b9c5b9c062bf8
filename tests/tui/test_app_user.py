"""The person at the screen (`serve` starts each browser session's app with the login name): the
`by` of every answer, note and submission, and the first name in the forms."""

from __future__ import annotations

from pathlib import Path

from boardfixtures import TODAY, build
from textual.widgets import DataTable, Input
from tuihelpers import settle

from checklist_tui.storage.store import Store
from checklist_tui.tui.app import make_app
from checklist_tui.tui.dialogs import NewRoundForm
from checklist_tui.tui.dialogs.rect_forms import TransitionForm
from checklist_tui.tui.screens.board import BoardScreen

SIZE = (100, 32)

async def test_answers_and_notes_are_saved_by_the_person_logged_in(
        data_dir: Path, checklist_dir: Path, store: Store, round_id: str) -> None:
    app = make_app(data_dir=data_dir, checklist_dirs=[checklist_dir], open_round=round_id, today=TODAY,
                   user="王五")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("1", "3", *"无记录", "enter")
        await settle(pilot)
    record = store.load_round(round_id)
    assert record.meta.inspector == "张三"
    assert {k: (a.answer, a.by) for k, a in record.answers.items()} == {
        "S1.01": ("pass", "王五"), "S1.02": ("fail", "王五")}
    assert record.answers["S1.02"].note == "无记录"

async def test_without_a_login_the_rounds_inspector_saves(data_dir: Path, checklist_dir: Path, store: Store,
                                                          round_id: str) -> None:
    app = make_app(data_dir=data_dir, checklist_dirs=[checklist_dir], open_round=round_id, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("1")
        await settle(pilot)
    assert store.load_round(round_id).answers["S1.01"].by == "张三"

async def test_a_new_rounds_inspector_starts_as_the_person_logged_in(data_dir: Path,
                                                                     checklist_dir: Path) -> None:
    app = make_app(data_dir=data_dir, checklist_dirs=[checklist_dir], today=TODAY, user="王五")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(pilot.app.screen, NewRoundForm)
        assert pilot.app.screen.query_one("#field-inspector", Input).value == "王五"

async def test_a_loop_steps_first_handler_is_the_person_logged_in(tmp_path: Path) -> None:
    store, _ = build(tmp_path)
    app = make_app(data_dir=tmp_path / "data", checklist_dirs=[tmp_path / "checklists"], today=TODAY,
                   user="赵六")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        board = pilot.app.screen
        assert isinstance(board, BoardScreen)
        table = board.query_one(DataTable)
        table.move_cursor(row=[str(table.get_row_at(i)[0]) for i in range(table.row_count)].index("R0001-01"))
        await pilot.pause()
        await pilot.press("t")
        form = pilot.app.screen
        assert isinstance(form, TransitionForm)
        assert form.query_one("#field-by", Input).value == "赵六"
        await pilot.press("ctrl+s")
        await settle(pilot)
    rect = next(r for r in store.load_round("R0001").rectifications if r.id == "R0001-01")
    assert (rect.state, rect.history[-1].by) == ("notified", "赵六")
