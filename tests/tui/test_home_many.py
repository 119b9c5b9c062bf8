"""Home with more rounds than its first paint shows: the newest come first (each still checked
against its round file), the screen says it is still loading, and once the rest are in every row
is there, newest first, with the cursor where it was and the keys working throughout."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import CREATED, TODAY
from storefixtures import rewrite_in_place
from textual.pilot import Pilot
from tuihelpers import notices, screen_text, settle, wait_until

from checklist_tui.domain.checklist import Checklist
from checklist_tui.storage import index
from checklist_tui.storage.store import Store
from checklist_tui.tui.app import make_app
from checklist_tui.tui.screens import StepperScreen, home

SIZE = (100, 32)
LOADING = "正在载入批次"


@pytest.fixture
def few_first(monkeypatch: pytest.MonkeyPatch) -> None:
    """The first paint shows 3 rounds, and the rest join the table 2 at a time."""
    monkeypatch.setattr(home, "FIRST_ROWS", 3)
    monkeypatch.setattr(home, "CHUNK", 2)


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """The home screen's whole read of the index (on its worker thread) waits until the gate opens,
    so a test sees the first paint on its own."""
    opened = threading.Event()
    real = Store.figures

    def gated(self: Store, *, write: bool = True) -> index.IndexResult:
        if threading.current_thread() is not threading.main_thread():
            opened.wait(20)
        return real(self, write=write)

    monkeypatch.setattr(Store, "figures", gated)
    yield opened
    opened.set()


def rounds(store: Store, mini: Checklist, units: list[str]) -> list[str]:
    return [store.new_round(mini, unit, str(2010 + n), created=CREATED).id for n, unit in enumerate(units)]


def listed(pilot: Pilot) -> list[str]:
    """The round ids of the rows on screen, top to bottom."""
    return [line.split()[0] for line in screen_text(pilot).splitlines() if line.strip().startswith("R0")]


def app_on(data_dir: Path, checklist_dir: Path):
    return make_app(data_dir=data_dir, checklist_dirs=[checklist_dir], today=TODAY)


async def test_newest_first_then_all_with_the_cursor_kept_and_keys_working(
        data_dir, checklist_dir, store: Store, mini: Checklist, few_first, gate) -> None:
    # the older rounds' unit is longer: once they are in, the columns are cut anew
    ids = rounds(store, mini, ["综合行政执法大队"] * 5 + ["党政办"] * 3)
    async with app_on(data_dir, checklist_dir).run_test(size=SIZE) as pilot:
        assert await wait_until(pilot, lambda: LOADING in screen_text(pilot))
        assert listed(pilot) == ids[::-1][:3]  # only the newest three so far, newest first
        screen = pilot.app.screen
        assert isinstance(screen, home.HomeScreen) and screen.still_loading
        await pilot.press("down")
        assert screen.selected_round() == ids[-2]
        gate.set()
        assert await wait_until(pilot, lambda: not screen.still_loading)
        await pilot.pause()
        assert listed(pilot) == ids[::-1]
        assert LOADING not in screen_text(pilot)
        assert "综合行政 …" in screen_text(pilot)  # the unit column made wider for them (cut at 100 columns)
        assert screen.selected_round() == ids[-2]  # the cursor stayed on its round
        await pilot.press("down", "down")
        assert screen.selected_round() == ids[-4]  # moving on into the rows that came later
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(pilot.app.screen, StepperScreen) and pilot.app.screen.round_id == ids[-4]


async def test_coming_back_keeps_the_rows_until_the_fresh_ones_are_in(
        data_dir, checklist_dir, store: Store, mini: Checklist, few_first) -> None:
    ids = rounds(store, mini, ["党政办"] * 6)
    async with app_on(data_dir, checklist_dir).run_test(size=SIZE) as pilot:
        screen = pilot.app.screen
        assert await wait_until(pilot, lambda: not screen.still_loading)
        await pilot.press("down", "down", "down", "enter")  # the fourth row: one that came later
        await settle(pilot)
        assert isinstance(pilot.app.screen, StepperScreen) and pilot.app.screen.round_id == ids[2]
        await pilot.press("1")  # 符合 on the first item
        await settle(pilot)
        await pilot.press("escape")
        assert await wait_until(pilot, lambda: pilot.app.screen is screen and not screen.still_loading)
        await pilot.pause()
        assert listed(pilot) == ids[::-1]
        row = next(line for line in screen_text(pilot).splitlines() if ids[2] in line)
        assert "1/7" in row
        assert screen.selected_round() == ids[2]


async def test_the_first_rows_are_never_a_stale_index_entry(
        data_dir, checklist_dir, store: Store, mini: Checklist, few_first, gate,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(index, "RACY_NS", 0)  # the entry is trusted at once: only its stamp decides
    ids = rounds(store, mini, ["党政办"] * 5)
    store.save_answer(ids[-1], "S1.01", answer="pass")
    assert store.listing()[0]["answered"] == 1  # the index says 1/7 for the newest round
    rewrite_in_place(store.round_path(ids[-1]), '"answer":"pass"', '"answer":null  ')
    async with app_on(data_dir, checklist_dir).run_test(size=SIZE) as pilot:
        assert await wait_until(pilot, lambda: LOADING in screen_text(pilot))  # the first paint only
        row = next(line for line in screen_text(pilot).splitlines() if ids[-1] in line)
        assert "0/7" in row and "1/7" not in row
        gate.set()  # the rest of the read goes on, so the app's exit need not wait for it


async def test_first_rows_skip_void_rounds_and_show_a_damaged_file(
        data_dir, checklist_dir, store: Store, mini: Checklist, few_first, gate) -> None:
    ids = rounds(store, mini, ["党政办"] * 6)
    store.void_round(ids[-1], reason="录错了", by="王晓丽")
    store.round_path(ids[-2]).write_text("{ broken", encoding="utf-8")
    async with app_on(data_dir, checklist_dir).run_test(size=SIZE) as pilot:
        assert await wait_until(pilot, lambda: LOADING in screen_text(pilot))
        assert listed(pilot) == [ids[-2], ids[-3], ids[-4]]  # the void round is not listed
        damaged = next(line for line in screen_text(pilot).splitlines() if ids[-2] in line)
        assert "文件损坏" in damaged
        gate.set()
        assert await wait_until(pilot, lambda: not pilot.app.screen.still_loading)
        await pilot.pause()
        assert listed(pilot) == ids[-2::-1]
        assert f"{ids[-2]}.json" in notices(pilot)  # and the damaged file is named


async def test_every_row_can_be_reached_once_all_are_in(
        data_dir, checklist_dir, store: Store, mini: Checklist, few_first) -> None:
    ids = rounds(store, mini, ["党政办"] * 12)
    async with app_on(data_dir, checklist_dir).run_test(size=(100, 12)) as pilot:
        screen = pilot.app.screen
        assert await wait_until(pilot, lambda: not screen.still_loading)
        await pilot.press("ctrl+end")
        await pilot.pause()
        assert screen.selected_round() == ids[0]
        shown = listed(pilot)
        assert ids[0] in shown and ids[-1] not in shown  # scrolled down to the oldest round
        await pilot.press("ctrl+home")
        await pilot.pause()
        assert listed(pilot)[0] == ids[-1]
