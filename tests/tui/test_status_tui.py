"""The TUI and the county's rules (issue #10): home shows 进行中 (and a 暂计 score) for a round not
yet submitted, hides void rounds and voids one with x after asking why and who; the stepper's 2
on a 一票否决 item is refused with its reason; the new-round form offers the register's units.

The mini checklist (conftest.MINI_TOML): scored weights S1.01 = 3, S1.02 = 5 (critical),
S1.03 = 2, S2.01 = 2, S2.02 = 2, S2.03 = 1 → Σw = 15.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from conftest import CREATED, TODAY
from textual.widgets import Input
from tuihelpers import notices, screen_text, settle

from checklist_tui.domain.checklist import Checklist
from checklist_tui.storage.store import Store
from checklist_tui.tui.app import make_app
from checklist_tui.tui.dialogs.void import VoidForm
from checklist_tui.tui.screens import HomeScreen, StepperScreen

SIZE = (100, 32)


def app_on(data_dir: Path, checklist_dir: Path, open_round: str | None = None):
    return make_app(data_dir=data_dir, checklist_dirs=[checklist_dir], open_round=open_round, today=TODAY)


def rows_of(pilot) -> dict[str, str]:
    return {line.split()[0]: line for line in screen_text(pilot).splitlines()
            if line.strip().startswith("R000")}


async def test_home_shows_no_grade_for_an_in_progress_round(data_dir, checklist_dir, store: Store,
                                                            mini: Checklist) -> None:
    draft = store.new_round(mini, "党政办", "2025", created=CREATED).id
    store.save_answer(draft, "S1.01", answer="pass")  # 3·1 / 15 = 20.0 so far
    done = store.new_round(mini, "司法所", "2025", created=CREATED).id
    store.save_answer(done, "S1.02", answer="fail")
    store.submit(done, date=dt.date(2025, 2, 1), allow_unanswered=True)  # 0 / 15 → 不合格
    async with app_on(data_dir, checklist_dir).run_test(size=SIZE) as pilot:
        await settle(pilot)
        rows = rows_of(pilot)
        assert "20.0 暂计" in rows[draft] and "进行中" in rows[draft] and "不合格" not in rows[draft]
        assert "0.0" in rows[done] and "不合格" in rows[done] and "进行中" not in rows[done]


async def test_x_voids_the_selected_round_after_asking_why_and_who(data_dir, checklist_dir, store: Store,
                                                                   mini: Checklist) -> None:
    keep = store.new_round(mini, "党政办", "2025", created=CREATED).id
    wrong = store.new_round(mini, "司法所", "2025", created=CREATED).id  # newest: the cursor starts here
    async with app_on(data_dir, checklist_dir).run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "作废批次" in screen_text(pilot)  # in the footer
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(pilot.app.screen, VoidForm)
        text = screen_text(pilot)
        assert f"作废批次 {wrong}" in text and "不能撤销" in text
        await pilot.press("ctrl+s")  # nothing typed: refused, still open
        await settle(pilot)
        assert isinstance(pilot.app.screen, VoidForm) and "作废原因" in pilot.app.screen.error
        await pilot.press(*"单位选错", "tab", *"王晓丽", "ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, HomeScreen)
        assert list(rows_of(pilot)) == [keep]  # the void round left the list
        assert "已作废" in notices(pilot)
    record = store.load_round(wrong)
    assert record.status == "void"
    assert (record.meta.void["reason"], record.meta.void["by"]) == ("单位选错", "王晓丽")


async def test_the_void_form_offers_the_rounds_inspector_as_who(data_dir, checklist_dir, store: Store,
                                                                mini: Checklist) -> None:
    """As in the board's forms, 经办人 starts as the round's 检查人 and is offered while typing."""
    wrong = store.new_round(mini, "司法所", "2025", "张三", created=CREATED).id
    async with app_on(data_dir, checklist_dir).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        assert pilot.app.screen.query_one("#field-by", Input).value == "张三"
        await pilot.press(*"重复建立", "ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, HomeScreen)
    assert store.load_round(wrong).meta.void["by"] == "张三"


async def test_void_refused_in_the_form_once_an_item_is_notified(data_dir, checklist_dir, store: Store,
                                                                 mini: Checklist) -> None:
    rid = store.new_round(mini, "党政办", "2025", created=CREATED).id
    store.save_answer(rid, "S1.02", answer="fail")
    [rect] = store.submit(rid, date=dt.date(2025, 2, 1), allow_unanswered=True)
    store.rectify(rect.id, "notified", by="王晓丽", date=dt.date(2025, 2, 2))
    async with app_on(data_dir, checklist_dir).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("x", *"建错了", "tab", *"王晓丽", "ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, VoidForm)
        assert rect.id in pilot.app.screen.error and "不能作废" in pilot.app.screen.error
    assert store.load_round(rid).status == "submitted"


async def test_the_help_and_palette_name_the_void_key(data_dir, checklist_dir, store: Store,
                                                      mini: Checklist) -> None:
    store.new_round(mini, "党政办", "2025", created=CREATED)
    async with app_on(data_dir, checklist_dir).run_test(size=SIZE) as pilot:
        await settle(pilot)
        titles = [c.title for c in pilot.app.get_system_commands(pilot.app.screen)]
        assert "作废批次" in titles
        await pilot.press("question_mark")
        await settle(pilot)
        assert "作废批次" in screen_text(pilot)


async def test_2_on_a_critical_item_is_refused_with_its_reason(data_dir, checklist_dir, store: Store,
                                                               mini: Checklist) -> None:
    rid = store.new_round(mini, "党政办", "2025", created=CREATED).id
    store.save_answer(rid, "S1.01", answer="pass")  # the stepper opens on S1.02, the critical one
    async with app_on(data_dir, checklist_dir, open_round=rid).run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(pilot.app.screen, StepperScreen) and pilot.app.screen.item.id == "S1.02"
        await pilot.press("2")
        await settle(pilot)
        text = screen_text(pilot)
        assert "S1.02 是一票否决项，不能答基本符合；请按 1、3 或 4" in text
        assert pilot.app.screen.item.id == "S1.02"  # stays, no note field opened
        await pilot.press("3")
        await settle(pilot)
    answers = store.load_round(rid).answers
    assert answers["S1.02"].answer == "fail"  # 不符合 is taken; 基本符合 never reached the file


async def test_the_new_round_form_offers_the_registers_units(data_dir, checklist_dir) -> None:
    async with app_on(data_dir, checklist_dir).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        unit = pilot.app.screen.query_one("#field-unit", Input)
        unit.focus()
        await pilot.press(*"便民", "right")  # → accepts the suggestion from the units register
        await settle(pilot)
        assert unit.value == "便民服务中心"


async def test_the_board_leaves_out_the_items_of_a_void_round(data_dir, checklist_dir, store: Store,
                                                              mini: Checklist) -> None:
    kept = store.new_round(mini, "党政办", "2025", created=CREATED).id
    gone = store.new_round(mini, "司法所", "2025", created=CREATED).id
    for rid in (kept, gone):
        store.save_answer(rid, "S1.02", answer="fail")
        store.submit(rid, date=dt.date(2025, 2, 1), allow_unanswered=True)  # → R000n-01, 待通报
    store.void_round(gone, reason="重复建立", by="王晓丽")
    async with app_on(data_dir, checklist_dir).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        text = screen_text(pilot)
        assert f"{kept}-01" in text and f"{gone}-01" not in text
