"""Home: the rounds list, the empty state, starting a round, announcements (DESIGN §7)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import CREATED, TODAY
from tuihelpers import notices, screen_text, settle

from checklist_tui.catalogue.library import bundled_dir, load_library
from checklist_tui.domain.checklist import Checklist
from checklist_tui.storage.store import Store
from checklist_tui.tui.app import make_app
from checklist_tui.tui.dialogs import NewRoundForm
from checklist_tui.tui.screens import HomeScreen, StepperScreen

SIZE = (100, 32)


def home_app(data_dir: Path, checklist_dir: Path | None = None):
    return make_app(data_dir=data_dir, checklist_dirs=[checklist_dir] if checklist_dir else [], today=TODAY)


async def test_fresh_install_says_what_to_do(data_dir):
    async with home_app(data_dir).run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = screen_text(pilot)
        assert "按 n 新建检查批次" in text
        bundled = pilot.app.services.library.checklists.values()
        assert bundled and all(c.title in text for c in bundled)  # the bundled checklists are offered
        assert pilot.app.screen.check_action("open_round", ()) is None
    assert not (data_dir / "rounds").exists()  # looking changes nothing on disk


async def test_rounds_newest_first_with_progress_and_literal_text(data_dir, checklist_dir, store: Store,
                                                                  mini: Checklist):
    first = store.new_round(mini, "党政办", "2025", created=CREATED).id
    second = store.new_round(mini, "[b]村委[/]", "2025-Q1", created=CREATED).id
    store.save_answer(first, "S1.01", answer="pass")  # a save writes its round file only: the index notices
    async with home_app(data_dir, checklist_dir).run_test(size=SIZE) as pilot:
        await settle(pilot)
        lines = screen_text(pilot).splitlines()
        rows = [line for line in lines if line.strip().startswith("R000")]
        assert [row.split()[0] for row in rows] == [second, first]
        assert "[b]村委[/]" in rows[0]
        assert "1/7" in rows[1] and "0/7" in rows[0]
        assert "未提交" in rows[0]
    assert store.listing()[1]["answered"] == 1  # and the index was brought up to date


async def test_state_column_is_whole_at_80_columns(data_dir, checklist_dir, store: Store, mini: Checklist):
    """With more rounds than rows (a scrollbar) and a damaged file, 进行中 and 文件损坏 are not cut
    (at 80 columns the grade column says it, the state column having dropped)."""
    ids = [store.new_round(mini, unit, f"{year}-{month:02d}", created=CREATED).id
           for year, unit in ((2025, "综合行政执法大队"), (2024, "党政办")) for month in range(1, 13)]
    store.round_path(ids[-1]).write_text("{ not json", encoding="utf-8")
    async with home_app(data_dir, checklist_dir).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        rows = [line for line in screen_text(pilot).splitlines() if line.strip().startswith("R00")]
        assert rows[0].split()[0] == ids[-1] and "文件损坏" in rows[0]
        assert len(rows) > 10 and all("进行中" in row for row in rows[1:])


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_short_titles_and_whole_units_at_80_and_120_columns(data_dir, store: Store, size) -> None:
    """Home's 检查表 column showed `麻埠镇法 …` for two different checklists at 80 columns and the
    unit `综合 …`: now each checklist's short title and the unit are whole, the id never shows, and
    the column counting open items says what it counts."""
    library = load_library([bundled_dir()])
    for checklist_id, unit in (("annual-self-check", "综合行政执法大队"), ("enforcement-quarterly", "司法所"),
                               ("shortcomings-rectification", "便民服务中心")):
        store.new_round(library.checklists[checklist_id], unit, "2026", created=CREATED)
    async with home_app(data_dir).run_test(size=size) as pilot:
        await settle(pilot)
        text = screen_text(pilot)
        rows = {line.split()[0]: line for line in text.splitlines() if line.strip().startswith("R000")}
        assert "年度自查" in rows["R0001"] and "综合行政执法大队" in rows["R0001"]
        assert "执法季查" in rows["R0002"] and "整改自查" in rows["R0003"] and "便民服务中心" in rows["R0003"]
        assert "…" not in text and "enforcement" not in text
        header = next(line for line in text.splitlines() if "编号" in line)
        assert "未销号" in header and "整改" not in header.replace("未销号", "")
        assert all("进行中" in row for row in rows.values())


async def test_new_round_form_fits_80x24(data_dir):
    """With the bundled checklists, the form's buttons and its error line are on screen at 80×24."""
    async with home_app(data_dir).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(pilot.app.screen, NewRoundForm)
        text = screen_text(pilot)
        assert "创建（ctrl+s）" in text and "取消（esc）" in text and "检查人" in text
        assert "年度自查 · " in text and "annual-self-check" not in text  # short titles, never file ids
        pilot.app.screen.query_one("#field-period").value = "2025-Q5"
        await settle(pilot)
        assert "2025-Q5" in screen_text(pilot) and "无效" in screen_text(pilot)


async def test_enter_opens_the_selected_round_and_escape_comes_back(data_dir, checklist_dir, store: Store,
                                                                    mini: Checklist):
    store.new_round(mini, "党政办", "2025", created=CREATED)
    store.new_round(mini, "司法所", "2025", created=CREATED)
    async with home_app(data_dir, checklist_dir).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, StepperScreen)
        assert pilot.app.screen.round_id == "R0001"
        await pilot.press("1")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, HomeScreen)
        row = next(line for line in screen_text(pilot).splitlines() if "R0001" in line)
        assert "1/7" in row  # the answer just given shows on coming back
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(pilot.app.screen, StepperScreen)


async def test_new_round_form_checks_then_opens_the_stepper(data_dir, checklist_dir, store: Store):
    async with home_app(data_dir, checklist_dir).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        assert isinstance(pilot.app.screen, NewRoundForm)
        form = pilot.app.screen
        form.query_one("#field-checklist").highlighted = next(
            i for i, c in enumerate(form.checklists) if c.id == "mini")
        await pilot.press("enter", *"司法所", "enter")
        await pilot.press("ctrl+a", "ctrl+k", *"2025-Q5")
        await pilot.pause()
        assert "期间" in screen_text(pilot) and "无效" in screen_text(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, NewRoundForm)  # refused, nothing created
        assert store.round_ids() == []
        await pilot.press("backspace", "1", "enter", *"王五", "enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, StepperScreen)
    meta = store.load_round("R0001").meta
    assert (meta.checklist, meta.unit, meta.period, meta.inspector, meta.created) == (
        "mini", "司法所", "2025-Q1", "王五", TODAY.isoformat())


async def test_new_round_form_says_a_bad_period_once_and_forgets_it_when_fixed(data_dir, checklist_dir):
    async with home_app(data_dir, checklist_dir).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n", "enter", *"司法所", "enter", "ctrl+a", "ctrl+k", *"2025-Q5", "ctrl+s")
        await settle(pilot)
        assert screen_text(pilot).count("无效") == 1  # under the field, not again at the bottom
        await pilot.press("backspace", "1")
        await settle(pilot)
        assert "无效" not in screen_text(pilot)
        assert pilot.app.screen.error == ""


async def test_new_round_duplicate_is_refused_inline(data_dir, checklist_dir, store: Store, mini: Checklist):
    store.new_round(mini, "司法所", "2025", created=CREATED)
    async with home_app(data_dir, checklist_dir).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        form = pilot.app.screen
        form.query_one("#field-checklist").highlighted = next(
            i for i, c in enumerate(form.checklists) if c.id == "mini")
        await pilot.press("enter", *"司法", "right", "enter")  # → accepts the suggested 司法所
        await pilot.press("ctrl+a", "ctrl+k", *"2025", "ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, NewRoundForm)
        assert "已有同一检查表、单位和期间的批次 R0001" in screen_text(pilot)
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, HomeScreen)
    assert store.round_ids() == ["R0001"]


async def test_overdue_rectifications_are_announced(data_dir, checklist_dir, store: Store, mini: Checklist):
    round_id = store.new_round(mini, "党政办", "2025", created=CREATED).id
    store.save_answer(round_id, "S1.02", answer="fail")
    store.submit(round_id, date=dt.date(2025, 2, 1), allow_unanswered=True)
    store.rectify(f"{round_id}-01", "notified", by="李四", date=dt.date(2025, 2, 2))
    store.rectify(f"{round_id}-01", "rectifying", by="李四", date=dt.date(2025, 2, 3), owner="司法所",
                  measures="补做合法性审查", due=dt.date(2025, 3, 1), person="钱七", kind="限期整改")
    async with home_app(data_dir, checklist_dir).run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "有 1 项整改已逾期，按 r 查看" in notices(pilot)
        row = next(line for line in screen_text(pilot).splitlines() if round_id in line)
        assert "已提交" in row


async def test_checklist_problems_are_shown_not_fatal(data_dir, checklist_dir):
    (checklist_dir / "broken.toml").write_text('[checklist]\nid = "broken"\nwieght = 3\n', encoding="utf-8")
    async with home_app(data_dir, checklist_dir).run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "broken.toml" in notices(pilot)
        assert isinstance(pilot.app.screen, HomeScreen)


async def test_damaged_round_file_is_named_on_home(data_dir, checklist_dir, store: Store, mini: Checklist):
    round_id = store.new_round(mini, "党政办", "2025", created=CREATED).id
    store.round_path(round_id).write_text("{ broken", encoding="utf-8")
    async with home_app(data_dir, checklist_dir).run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "R0001.json" in notices(pilot)
        row = next(line for line in screen_text(pilot).splitlines() if round_id in line)
        assert "文件损坏" in row
