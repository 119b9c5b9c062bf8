"""The summary screen (S): the CLI's parts in a scrollable view, loaded in a worker, user text shown
as typed, escape back, keys in the help; plus a snapshot with Chinese text."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from reportfixtures import build
from textual import events
from textual.containers import VerticalScroll
from textual.pilot import Pilot
from textual.screen import Screen
from tuihelpers import APP_CSS, burst, screen_text, settle

from checklist_tui.catalogue.library import load_library
from checklist_tui.storage.store import Store
from checklist_tui.tui.app import ChecklistApp, make_app
from checklist_tui.tui.screens.summary import SummaryScreen
from checklist_tui.tui.services import Services

AS_OF = dt.date(2025, 3, 1)


class SummaryApp(ChecklistApp):
    """The real app (its footer, keys and palette) opening on the summary screen, on a fixed date."""

    CSS_PATH = APP_CSS

    def __init__(self, data: Path, lists: Path, round_ids: list[str] | None) -> None:
        super().__init__(Services.fixed(Store(data), load_library([lists]), AS_OF))
        self.round_ids = round_ids

    def get_default_screen(self) -> Screen:
        return Screen()  # not home: its notices (整改逾期 …) would come and go under the screen shown

    def on_mount(self, event: events.Mount) -> None:
        event.prevent_default()  # not ChecklistApp's on_mount (a round to open)
        self.push_screen(SummaryScreen(self.services, round_ids=self.round_ids))


async def test_one_round_shows_header_sections_problems_and_the_note_as_typed(tmp_path: Path) -> None:
    app = SummaryApp(*build(tmp_path), ["R0001"])
    async with app.run_test(size=(120, 120)) as pilot:
        await settle(pilot)
        text = screen_text(pilot)
        assert "R0001 麻埠镇法治建设小测表 · 党政办 · 2025" in text
        assert "75.0" in text and "90.0" in text and "37.5" in text and "合格" in text
        assert "已答/总数 7/7" in text
        assert "[/]备注[bold]x|管道" in text and "第二行" in text and "[link=http://x]y" in text
        assert "整改闭环（截至 2025-03-01）" in text and "33.3%" in text and "逾期 整改事项" not in text


async def test_all_rounds_show_the_overview_matrix_and_trends(tmp_path: Path) -> None:
    app = SummaryApp(*build(tmp_path), None)
    async with app.run_test(size=(120, 150)) as pilot:
        await settle(pilot)
        text = screen_text(pilot)
        assert "汇总 · 全部批次" in text and "批次概览（截至 2025-03-01）" in text
        assert "各单位分项得分 — 麻埠镇法治建设小测表（各单位最近一期）" in text
        assert "得分趋势" in text and "2024 86.7 → 2025 75.0" in text
        assert "一票否决项不符合（1 项）" in text


async def test_long_summary_scrolls(tmp_path: Path) -> None:
    app = SummaryApp(*build(tmp_path), None)
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        scroll = app.screen.query_one("#summary-scroll", VerticalScroll)
        assert scroll.max_scroll_y > 0
        await pilot.press("G")
        await pilot.pause()
        assert scroll.scroll_y > 0
        assert "逾期整改事项" in screen_text(pilot)


async def test_ten_j_in_one_burst_scroll_ten_lines(tmp_path: Path) -> None:
    app = SummaryApp(*build(tmp_path), None)
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        scroll = app.screen.query_one("#summary-scroll", VerticalScroll)
        assert scroll.max_scroll_y > 10
        await burst(pilot, *"j" * 10)
        assert scroll.scroll_y == 10
        await burst(pilot, "space")  # a page down, also at once
        assert scroll.scroll_y > 10


async def test_at_80_columns_the_overview_fits_with_figures_whole(tmp_path: Path) -> None:
    """At 80 columns the summary was laid out for 100 and cut on the right (不适用 gone, `l` ten times
    moved one column): now it is laid out for the width it has, nothing to scroll sideways, figures
    such as 75.0 and 不合格 never broken, and no stray `▏` on the line above the footer."""
    app = SummaryApp(*build(tmp_path), None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        lines = screen_text(pilot).splitlines()
        rows = {line.split()[0]: line for line in lines if line.startswith(" R000")}
        assert "75.0" in rows["R0001"] and "不合格" in rows["R0002"]
        assert "R0003" not in rows and "R0005" not in rows  # still in progress: not in the town's summary
        header = next(line for line in lines if "编号" in line and "期间" in line)
        assert "不适用" in header and "未自查" in header and "已答/总数" in header
        assert lines[-2].strip() not in ("▏", "▎", "▍")
        scroll = app.screen.query_one("#summary-scroll", VerticalScroll)
        assert scroll.max_scroll_x == 0
        await pilot.press(*"llll")
        await pilot.pause()
        assert scroll.scroll_x == 0 and "不适用" in screen_text(pilot)


async def test_at_80_columns_one_round_wraps_and_cuts_nothing(tmp_path: Path) -> None:
    """The round's box keeps its right border, the problems table its 佐证材料 header, and the
    一票否决 line ends with its whole verdict (it ended `—— 不` at the edge)."""
    app = SummaryApp(*build(tmp_path), ["R0002"])
    async with app.run_test(size=(80, 80)) as pilot:
        await settle(pilot)
        text = screen_text(pilot)
        top = next(line for line in text.splitlines() if "R0002 麻埠镇法治建设小测表" in line)
        assert top.rstrip().endswith("╮")
        assert "佐证材料" in text and "不适用" in text and "——不符合" in text
        assert all(len(line.rstrip()) <= 80 for line in text.splitlines())
        assert not any(line.lstrip().startswith(("，", "？", "。", "、")) for line in text.splitlines())


async def test_escape_goes_back_and_help_lists_the_keys(tmp_path: Path) -> None:
    data, lists = build(tmp_path)
    app = make_app(data, checklist_dirs=[lists], today=AS_OF)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        home = app.screen
        app.push_screen(SummaryScreen(app.services, round_ids=["R0002"]))
        await settle(pilot)
        assert isinstance(app.screen, SummaryScreen)
        assert "R0002 麻埠镇法治建设小测表 · 司法所 · 2025" in screen_text(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        help_text = screen_text(pilot)
        assert "返回" in help_text and "刷新" in help_text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is home


async def test_S_on_home_opens_the_summary_of_all_rounds(tmp_path: Path) -> None:
    data, lists = build(tmp_path)
    app = make_app(data, checklist_dirs=[lists], today=AS_OF)
    async with app.run_test(size=(120, 60)) as pilot:
        await settle(pilot)
        await pilot.press("S")
        await settle(pilot)
        assert isinstance(app.screen, SummaryScreen)
        assert "批次概览（截至 2025-03-01）" in screen_text(pilot)


async def test_loop_figures_use_the_apps_date(tmp_path: Path) -> None:
    data, lists = build(tmp_path)
    app = make_app(data, checklist_dirs=[lists], today=dt.date(2025, 2, 15))
    async with app.run_test(size=(120, 120)) as pilot:
        await settle(pilot)
        app.push_screen(SummaryScreen(app.services, round_ids=["R0001"]))
        await settle(pilot)
        assert "整改闭环（截至 2025-02-15）" in screen_text(pilot)


async def _loaded(pilot: Pilot) -> None:
    await settle(pilot)


def test_snapshot_of_one_round(snap_compare, tmp_path: Path) -> None:
    app = SummaryApp(*build(tmp_path), ["R0002"])
    assert snap_compare(app, terminal_size=(100, 40), run_before=_loaded)
