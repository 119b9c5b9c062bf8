"""Opening the board and the summary from any screen; both are imported only when first opened,
so the home screen never waits for them (or for the report code the summary pulls in)."""

from __future__ import annotations

from typing import Any

from textual.screen import Screen

from checklist_tui.tui.services import Services


def open_board(screen: Screen[Any], services: Services, round_id: str | None) -> None:
    """The rectification board, for one round or for all."""
    from checklist_tui.tui.screens.board import BoardScreen

    screen.app.push_screen(BoardScreen(services, round_id=round_id))


def open_summary(screen: Screen[Any], services: Services, round_ids: list[str] | None) -> None:
    """The summary of some rounds, or of all."""
    from checklist_tui.tui.screens.summary import SummaryScreen

    screen.app.push_screen(SummaryScreen(services, round_ids=round_ids))
