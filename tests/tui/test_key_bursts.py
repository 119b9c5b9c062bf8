"""Keys that come in one burst (a fast typist, `tmux send-keys '张三' Tab '整改措施' Tab …`) land in
the forms exactly as typed slowly: each character in the field that had the focus when it was
typed, tab and enter moving on before the next key (issue #16)."""

from __future__ import annotations

from pathlib import Path

from boardfixtures import TODAY as BOARD_TODAY
from boardfixtures import BoardApp, build
from conftest import CREATED, TODAY
from textual.widgets import DataTable, Input
from tuihelpers import burst, settle

from checklist_tui.storage.store import Store
from checklist_tui.tui.app import make_app
from checklist_tui.tui.dialogs.rect_forms import TransitionForm
from checklist_tui.tui.dialogs.void import VoidForm

SIZE = (100, 32)


async def test_a_burst_of_text_and_tabs_fills_each_field_of_a_board_form(tmp_path: Path) -> None:
    store, library = build(tmp_path)
    store.rectify("R0001-01", "notified", by="李四", date=BOARD_TODAY)
    async with BoardApp(store, library).run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = pilot.app.screen.query_one(DataTable)
        table.move_cursor(row=table.get_row_index("R0001-01"))
        await pilot.press("w")  # 开始整改: 责任单位, 责任人, 整改措施, 整改类型, 整改时限 …
        await settle(pilot)
        form = pilot.app.screen
        assert isinstance(form, TransitionForm)
        form.query_one("#field-owner", Input).value = ""
        await burst(pilot, *"司法所", "tab", *"张三", "tab", *"补做合法性审查", "tab", "tab",
                    *"2025-04-30", "enter", *"王局长", "enter", *"全部决策经过审查")
        values = {key: form.query_one(f"#field-{key}", Input).value
                  for key in ("owner", "person", "measures", "due", "leader", "goal")}
        assert values == {"owner": "司法所", "person": "张三", "measures": "补做合法性审查",
                          "due": "2025-04-30", "leader": "王局长", "goal": "全部决策经过审查"}
        await burst(pilot, "ctrl+s")
    rect = store.load_round("R0001").rectifications[0]
    assert (rect.state, rect.owner, rect.person, rect.measures) == ("rectifying", "司法所", "张三",
                                                                    "补做合法性审查")


async def test_a_burst_fills_the_void_form_as_typed(data_dir, checklist_dir, store: Store, mini) -> None:
    rid = store.new_round(mini, "司法所", "2025", created=CREATED).id
    async with make_app(data_dir=data_dir, checklist_dirs=[checklist_dir], today=TODAY).run_test(
            size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(pilot.app.screen, VoidForm)
        await burst(pilot, *"单位选错", "tab", *"王晓丽")
        form = pilot.app.screen
        assert form.query_one("#field-reason", Input).value == "单位选错"
        assert form.query_one("#field-by", Input).value == "王晓丽"
        await burst(pilot, "ctrl+s")
    assert store.load_round(rid).meta.void["by"] == "王晓丽"


async def test_a_burst_through_the_new_round_form_picks_the_list_and_fills_each_field(
        data_dir, checklist_dir, store: Store) -> None:
    """Enter on the checklist list moves on at once, so the unit typed right after it is the unit."""
    async with make_app(data_dir=data_dir, checklist_dirs=[checklist_dir], today=TODAY).run_test(
            size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = pilot.app.screen
        await burst(pilot, "down", "up", "enter", *"司法所x", "backspace", "tab", *"2025", "left", "left",
                    *"-Q1", "delete", "delete", "tab", *"张三")
        values = {key: form.query_one(f"#field-{key}", Input).value
                  for key in ("unit", "period", "inspector")}
        assert values == {"unit": "司法所", "period": "20-Q1", "inspector": "张三"}


async def test_a_burst_from_the_board_opens_the_form_fills_it_and_saves(tmp_path: Path) -> None:
    """j to the item, c (提交复核), its 说明, tab, 佐证材料, ctrl+s: all sent at once from the table."""
    store, library = build(tmp_path)
    async with BoardApp(store, library).run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = pilot.app.screen.query_one(DataTable)
        assert table.ordered_rows[0].key.value == "R0002-01"  # 整改中, first: open items by due date
        await burst(pilot, "j", "k", "c", *"已补做合法性审查", "tab", *"麻政发十二号", "ctrl+s")
    rect = store.load_round("R0002").rectifications[0]
    assert rect.state == "review"
    assert (rect.history[-1].comment, rect.history[-1].evidence) == ("已补做合法性审查", "麻政发十二号")


async def test_a_burst_of_answers_and_notes_in_the_stepper_lands_as_typed(
        data_dir, checklist_dir, store: Store, round_id: str) -> None:
    """1, 3 with its note and Enter, 4, e with a value and Enter: each on its own item."""
    app = make_app(data_dir=data_dir, checklist_dirs=[checklist_dir], open_round=round_id, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await burst(pilot, "1", "3", *"没有台账", "enter", "4", "e", *"96", "enter")
    answers = store.load_round(round_id).answers
    assert {k: (a.answer, a.note) for k, a in answers.items()} == {
        "S1.01": ("pass", ""), "S1.02": ("fail", "没有台账"), "S1.03": ("na", ""), "S2.01": ("pass", "")}
    assert answers["S2.01"].value == 96


async def test_a_unit_the_checklist_does_not_apply_to_is_refused_in_chinese(data_dir, tmp_path: Path) -> None:
    """The refusal names the checklist by its title, never by its file id, in full-width punctuation."""
    lists = tmp_path / "villages"
    lists.mkdir()
    (lists / "v.toml").write_text(
        '[checklist]\nid = "village-only"\ntitle = "村级小测表"\nversion = "1"\ncadence = "annual"\n\n'
        '[[section]]\nid = "S1"\ntitle = "组织"\n\n'
        '[[section.item]]\nid = "S1.01"\ntext = "是否开展集体学法？"\nweight = 2\napplies_to = ["村"]\n',
        encoding="utf-8")
    async with make_app(data_dir=data_dir, checklist_dirs=[lists], today=TODAY).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await burst(pilot, "enter", *"党政办", "tab", *"2025", "ctrl+s")
        form = pilot.app.screen
        assert "检查表「村级小测表」没有适用于 党政办 的检查项，不能为它新建批次" in form.error
        assert "village-only" not in form.error
