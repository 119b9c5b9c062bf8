"""The board moves with j/k as the stepper does, and its `?` help names the movement keys."""

from __future__ import annotations

from pathlib import Path

from boardfixtures import BoardApp, build
from textual import events
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


async def test_a_key_typed_right_after_j_acts_on_the_item_j_moved_to(tmp_path: Path) -> None:
    """Keys typed fast (j then w, as a terminal delivers them in one read) act on the new selection."""
    from checklist_tui.tui.dialogs.rect_forms import TransitionForm

    store, library = build(tmp_path)
    app = BoardApp(store, library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        board = pilot.app.screen
        assert isinstance(board, BoardScreen)
        table = board.query_one(DataTable)
        order = [row.key.value for row in table.ordered_rows]
        assert order[0] == "R0002-01"  # 整改中, so w would open 调整/延期 on it
        pilot.app.post_message(events.Key("j", "j"))
        pilot.app.post_message(events.Key("t", "t"))  # 通报: only the next one (待通报) takes it
        await pilot.pause()
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, TransitionForm) and form.rect.id == order[1]
