"""The board's forms as a person uses them: typing starts in the top field, every field looks like
one and the focused one stands out, the round's 检查人 is offered as 经办人, a note typed into
经办人 is refused and never offered again, and the whole form fits 80×24 (issue #16)."""

from __future__ import annotations

from pathlib import Path

from boardfixtures import SUBMITTED, BoardApp, build
from textual.pilot import Pilot
from textual.widgets import Button, DataTable, Input, Label
from tuihelpers import settle

from checklist_tui.tui.dialogs.rect_forms import TransitionForm
from checklist_tui.tui.screens.board import BoardScreen

SIZE = (100, 32)


async def open_form(pilot: Pilot, rect_id: str, key: str) -> TransitionForm:
    await settle(pilot)
    table = pilot.app.screen.query_one(DataTable)
    table.move_cursor(row=table.get_row_index(rect_id))
    await pilot.pause()
    await pilot.press(key)
    await pilot.pause()
    form = pilot.app.screen
    assert isinstance(form, TransitionForm)
    return form


async def test_typing_starts_in_the_top_field_though_a_later_one_is_empty(tmp_path: Path) -> None:
    store, library = build(tmp_path)
    store.rectify("R0001-01", "notified", by="李四", date=SUBMITTED)
    async with BoardApp(store, library).run_test(size=SIZE) as pilot:
        form = await open_form(pilot, "R0001-01", "w")  # 开始整改: 责任单位 filled, 责任人 empty below it
        assert form.query_one("#field-person", Input).value == ""
        assert pilot.app.focused is form.query_one("#field-owner")
        assert form.query_one("#label-owner", Label).has_class("-active")


async def test_every_field_is_drawn_as_one_and_the_focused_one_stands_out(tmp_path: Path) -> None:
    store, library = build(tmp_path)
    async with BoardApp(store, library).run_test(size=SIZE) as pilot:
        form = await open_form(pilot, "R0002-01", "c")  # 提交复核: 说明, 佐证材料, 经办人, 日期
        inputs = list(form.query(Input))
        assert len(inputs) == 4
        for field in inputs:  # a line to write on under every field, empty or not
            assert field.styles.border_bottom[0] not in ("", "none", "hidden"), field.id
        focused, other = inputs[0], inputs[1]
        assert pilot.app.focused is focused
        assert focused.styles.border_bottom[1] != other.styles.border_bottom[1]
        assert focused.styles.background != other.styles.background
        await pilot.press("tab")
        assert form.query_one(f"#label-{other.id.removeprefix('field-')}", Label).has_class("-active")
        assert not form.query_one(f"#label-{focused.id.removeprefix('field-')}", Label).has_class("-active")


async def test_the_rounds_inspector_is_offered_as_the_person_acting(tmp_path: Path) -> None:
    store, library = build(tmp_path)
    async with BoardApp(store, library).run_test(size=SIZE) as pilot:
        form = await open_form(pilot, "R0001-01", "t")  # R0001's 检查人 is 李四
        by = form.query_one("#field-by", Input)
        assert by.value == "李四"
        assert by.suggester is not None and await by.suggester.get_suggestion("李") == "李四"


async def test_a_note_typed_as_the_person_is_refused_and_never_offered_again(tmp_path: Path) -> None:
    store, library = build(tmp_path)
    note = "已电话通知党政办，明日报送材料"
    async with BoardApp(store, library).run_test(size=SIZE) as pilot:
        form = await open_form(pilot, "R0001-01", "t")
        form.query_one("#field-by", Input).value = note
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert pilot.app.screen is form  # refused in the form, with the reason under the fields
        assert "经办人请只填写人员姓名" in str(form.query_one("#form-check").content)
        assert store.load_round("R0001").rectifications[0].state == "found"
        form.query_one("#field-by", Input).value = "张三"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, BoardScreen)
        assert store.load_round("R0001").rectifications[0].history[-1].by == "张三"
        form = await open_form(pilot, "R0001-02", "t")
        assert form.query_one("#field-by", Input).value == "张三"  # the name, not the note


async def test_the_longest_form_fits_80_by_24_with_its_buttons(tmp_path: Path) -> None:
    store, library = build(tmp_path)
    store.rectify("R0001-01", "notified", by="李四", date=SUBMITTED)
    async with BoardApp(store, library).run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot, "R0001-01", "w")  # 开始整改: ten fields
        await pilot.pause()
        for button in form.query(Button):
            assert button.region.bottom <= 23, button.id  # above the footer's row
        for _ in range(9):  # to the last field: it scrolls into sight
            await pilot.press("tab")
        assert pilot.app.focused is form.query_one("#field-date")
        date = form.query_one("#field-date")
        scroll = form.query_one(".form-scroll")
        assert scroll.region.contains_region(date.region)
