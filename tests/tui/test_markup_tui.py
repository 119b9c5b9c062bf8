"""Markup in checklist text and unit names shows literally on every screen (issue 14): the item
card's question, the section tree's labels, the home list, the board's unit column and round
picker, and the submit dialog's body."""

from __future__ import annotations

from pathlib import Path

import pytest
from boardfixtures import BoardApp
from conftest import MARKUP_CRITICAL, MARKUP_QUESTION, MARKUP_TITLE, MARKUP_UNIT, TODAY
from textual.widgets import DataTable
from tuihelpers import screen_text, settle

from checklist_tui.catalogue.library import load_library
from checklist_tui.storage.store import Store
from checklist_tui.tui.app import make_app
from checklist_tui.tui.dialogs import ConfirmDialog
from checklist_tui.tui.screens.board import BoardScreen
from checklist_tui.tui.widgets.section_tree import SectionTree

SIZE = (120, 36)


@pytest.fixture
def folders(markup_folders: tuple[Path, Path]) -> tuple[Path, Path]:
    return markup_folders


async def test_the_stepper_and_the_submit_dialog_show_markup_literally(folders) -> None:
    data, lists = folders
    app = make_app(data_dir=data, checklist_dirs=[lists], open_round="R0001", today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = screen_text(pilot)
        assert text.count(MARKUP_QUESTION) >= 2  # the item card and the section tree's item label
        tree = app.screen.query_one(SectionTree)
        assert str(tree.root.children[0].label) == f"S1 0/3 {MARKUP_TITLE}"  # section label
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        assert f"S1.02：{MARKUP_CRITICAL}" in screen_text(pilot)  # the unanswered 一票否决 item


async def test_home_shows_the_unit_literally(folders) -> None:
    data, lists = folders
    app = make_app(data_dir=data, checklist_dirs=[lists], today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert MARKUP_UNIT in screen_text(pilot)


async def test_the_board_and_its_round_picker_show_the_unit_literally(folders) -> None:
    data, lists = folders
    store, library = Store(data), load_library([lists])
    store.save_answer("R0001", "S1.01", answer="fail")
    store.save_answer("R0001", "S1.02", answer="pass")
    store.submit("R0001", date=TODAY, allow_unanswered=True)
    app = BoardApp(store, library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
        text = screen_text(pilot)
        table = app.screen.query_one(DataTable)
        cells = [str(cell) for cell in table.get_row_at(0)]
        assert any(MARKUP_UNIT.startswith(cell.rstrip("…")) and cell.startswith("[bold]")  # the unit
                   for cell in cells)
        assert MARKUP_QUESTION in text  # the detail pane names the item's question
        await pilot.press("a")
        await settle(pilot)
        assert f"R0001 {MARKUP_UNIT} 2025" in screen_text(pilot)  # the round picker


