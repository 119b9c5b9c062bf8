"""Snapshots of the rectification board with Chinese text and fixed dates (DESIGN §7)."""

from __future__ import annotations

from pathlib import Path

from boardfixtures import BoardApp, build
from textual.pilot import Pilot
from textual.widgets import DataTable
from tuihelpers import settle

SIZE = (100, 32)


async def _select_overdue(pilot: Pilot) -> None:
    """Wait for the items, then select R0002-01: 整改中, 5 days overdue, with a history."""
    await settle(pilot)
    table = pilot.app.screen.query_one(DataTable)
    table.move_cursor(row=table.get_row_index("R0002-01"))
    await pilot.pause()


def test_board_with_an_overdue_item_selected(snap_compare, tmp_path: Path) -> None:
    store, library = build(tmp_path)
    assert snap_compare(BoardApp(store, library), terminal_size=SIZE, run_before=_select_overdue)


async def _open_send_back_refused(pilot: Pilot) -> None:
    """R0002-01 worked to 待复核, then 退回 saved without a reason: the form shows the refusal."""
    await settle(pilot)
    table = pilot.app.screen.query_one(DataTable)
    table.move_cursor(row=table.get_row_index("R0002-01"))
    await pilot.pause()
    await pilot.press("c")
    pilot.app.screen.query_one("#field-comment").value = "已补做审查"
    pilot.app.screen.query_one("#field-by").value = "王五"
    await pilot.press("ctrl+s")
    await settle(pilot)
    await pilot.press("b")
    pilot.app.screen.query_one("#field-by").value = "王五"
    await pilot.press("ctrl+s")
    await settle(pilot)


def test_send_back_form_shows_the_refusal(snap_compare, tmp_path: Path) -> None:
    store, library = build(tmp_path)
    assert snap_compare(BoardApp(store, library), terminal_size=SIZE, run_before=_open_send_back_refused)


def test_board_at_80_by_24(snap_compare, tmp_path: Path) -> None:
    """80×24: 整改时限 dropped, 问题 readable without its leading 本季度, the footer on one row."""
    from datetime import date

    store, library = build(tmp_path)
    store.raise_item("R0001", problem="本季度未组织执法人员专题培训，部分人员未参加", by="王五",
                     date=date(2025, 4, 2), source="督察")
    assert snap_compare(BoardApp(store, library), terminal_size=(80, 24), run_before=_select_overdue)
