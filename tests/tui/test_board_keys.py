"""The board moves with j/k as the stepper does, and its `?` help names the movement keys."""

from __future__ import annotations

from pathlib import Path

from boardfixtures import BoardApp, build
from textual.widgets import DataTable
from tuihelpers import screen_text

from checklist_tui.tui.screens import HelpScreen
from checklist_tui.tui.screens.board import BoardScreen

SIZE = (100, 32)


async def test_j_and_k_move_the_board_and_help_lists_them(tmp_path: Path) -> None:
    store, library = build(tmp_path)
    app = BoardApp(store, library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        board = pilot.app.screen
        assert isinstance(board, BoardScreen)
        first = board.selected
        await pilot.press("j")
        await pilot.pause()
        assert board.selected != first and board.query_one(DataTable).cursor_row == 1
        await pilot.press("k")
        await pilot.pause()
        assert board.selected == first
        pilot.app.push_screen(HelpScreen(board))  # what `?` shows over the board in the app
        await pilot.pause()
        text = screen_text(pilot)
        assert "j / ↓" in text and "下一项" in text and "k / ↑" in text and "上一项" in text
