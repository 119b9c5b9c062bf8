"""Data for the board tests: two submitted rounds of the common checklist (conftest.MINI_TOML) with
fixed dates, and the app opening on the board.

Plain functions so test files import exactly what they use.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from conftest import MINI_TOML
from textual import events
from textual.screen import Screen
from tuihelpers import APP_CSS

from checklist_tui.catalogue.library import Library, load_library
from checklist_tui.storage.store import Store
from checklist_tui.tui.app import ChecklistApp
from checklist_tui.tui.screens.board import BoardScreen
from checklist_tui.tui.services import Services

TODAY = date(2025, 4, 10)
SUBMITTED = date(2025, 4, 1)
MARKUP_NOTE = "[/]备注[bold]x"

def pass_the_rest(store: Store, round_id: str) -> None:
    """Section S2 all 符合, so that only section S1's answers open rectification items."""
    store.save_answer(round_id, "S2.01", value=96)
    store.save_answer(round_id, "S2.02", value=0)
    store.save_answer(round_id, "S2.03", answer="pass")
    store.save_answer(round_id, "S2.04", value=3)


def build(tmp_path: Path) -> tuple[Store, Library]:
    """R0001 (党政办): S1.01 不符合, S1.03 基本符合 with a markup-looking note → R0001-01, R0001-02.
    R0002 (司法所): S1.02 不符合 → R0002-01, worked to 整改中 with due 2025-04-05 (5 days overdue
    on TODAY)."""
    folder = tmp_path / "checklists"
    folder.mkdir()
    (folder / "mini.toml").write_text(MINI_TOML, encoding="utf-8")
    library = load_library([folder])
    checklist = library.get("mini")
    store = Store(tmp_path / "data")

    first = store.new_round(checklist, "党政办", "2025-Q1", "李四", created=date(2025, 3, 1))
    store.save_answer(first.id, "S1.01", answer="fail", note="领导小组未随人事变动调整")
    store.save_answer(first.id, "S1.02", answer="pass")
    store.save_answer(first.id, "S1.03", answer="partial", note=MARKUP_NOTE)
    pass_the_rest(store, first.id)
    store.submit(first.id, date=SUBMITTED, by="李四")

    second = store.new_round(checklist, "司法所", "2025-Q1", "王五", created=date(2025, 3, 1))
    store.save_answer(second.id, "S1.01", answer="pass")
    store.save_answer(second.id, "S1.02", answer="fail", note="两项决策未经审查")
    store.save_answer(second.id, "S1.03", answer="na")
    pass_the_rest(store, second.id)
    store.submit(second.id, date=SUBMITTED, by="王五")
    store.rectify("R0002-01", "notified", by="王五", date=date(2025, 4, 2))
    store.rectify("R0002-01", "rectifying", by="王五", date=date(2025, 4, 3), measures="补做合法性审查",
                  due=date(2025, 4, 5), person="钱七", kind="限期整改")
    return store, library


class BoardApp(ChecklistApp):
    """The real app (its keys, footer and palette, as the snapshots must show), opening on the board
    instead of home, with a fixed today."""

    CSS_PATH = APP_CSS

    def __init__(self, store: Store, library: Library, round_id: str | None = None) -> None:
        super().__init__(Services.fixed(store, library, TODAY))
        self.board = BoardScreen(self.services, round_id=round_id)

    def get_default_screen(self) -> Screen:
        return Screen()  # not home: its notices (整改逾期 …) would come and go under the screen shown

    def on_mount(self, event: events.Mount) -> None:
        event.prevent_default()  # not ChecklistApp's on_mount (a round to open)
        self.push_screen(self.board)
