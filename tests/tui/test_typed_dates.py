"""A date typed in a board form as 2025/04/05 or 2025年4月5日 is understood (issue #16)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from boardfixtures import BoardApp, build
from textual.widgets import DataTable, Input

from checklist_tui.tui.dialogs.rect_forms import TransitionForm


async def test_a_slashed_and_a_chinese_date_are_taken(tmp_path: Path) -> None:
    store, library = build(tmp_path)
    app = BoardApp(store, library)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        table = app.board.query_one(DataTable)
        table.move_cursor(row=[str(table.get_row_at(i)[0]) for i in range(table.row_count)].index("R0001-01"))
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, TransitionForm)
        form.query_one("#field-by", Input).value = "李四"
        form.query_one("#field-date", Input).value = "2025年4月5日"
        await pilot.press("ctrl+s")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert pilot.app.screen is not form, getattr(form, "error", "")
    rect = next(r for r in store.load_round("R0001").rectifications if r.id == "R0001-01")
    assert (rect.state, rect.history[-1].date) == ("notified", date(2025, 4, 5))
