"""`?` help and the command palette list the current screen's keys in Chinese (DESIGN §7)."""

from __future__ import annotations

from conftest import TODAY
from textual.command import CommandPalette
from textual.widgets import Input
from tuihelpers import screen_text, settle, wait_until

from checklist_tui.tui.app import make_app
from checklist_tui.tui.screens import HelpScreen, HomeScreen, StepperScreen

SIZE = (100, 40)


async def test_help_lists_every_key_of_the_stepper(data_dir, checklist_dir, round_id):
    app = make_app(data_dir=data_dir, checklist_dirs=[checklist_dir], open_round=round_id, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        assert isinstance(pilot.app.screen, HelpScreen)
        text = screen_text(pilot)
        for binding in StepperScreen.BINDINGS:
            assert binding.description in text, binding.description
        assert "j / ↓" in text and "下一项" in text
        await pilot.press("question_mark")  # ? again closes it
        assert isinstance(pilot.app.screen, StepperScreen)
        await pilot.press("question_mark", "escape")
        assert isinstance(pilot.app.screen, StepperScreen)


async def test_help_on_home_and_q_closes_it(data_dir):
    async with make_app(data_dir=data_dir, today=TODAY).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        text = screen_text(pilot)
        assert "新建批次" in text and "整改台账" in text and "帮助" in text
        await pilot.press("q")  # closes the help, does not quit
        assert isinstance(pilot.app.screen, HomeScreen)
        assert pilot.app.is_running


async def test_palette_offers_the_screens_actions_that_apply(data_dir, checklist_dir, store, round_id):
    app = make_app(data_dir=data_dir, checklist_dirs=[checklist_dir], open_round=round_id, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = pilot.app.screen
        titles = {c.title: c for c in pilot.app.get_system_commands(screen)}
        assert {"符合", "不适用", "说明", "提交", "下一项", "返回", "帮助", "退出"} <= set(titles)
        assert "数值" not in titles  # S1.01 is a 是非项
        await titles["下一项"].callback()
        assert screen.item.id == "S1.02"
        await titles["符合"].callback()
        await settle(pilot)
    assert store.load_round(round_id).answers["S1.02"].answer == "pass"


async def test_palette_leaves_out_keys_of_a_submitted_round(data_dir, checklist_dir, store, round_id):
    store.save_answer(round_id, "S1.02", answer="pass")
    store.submit(round_id, date=TODAY, allow_unanswered=True)
    app = make_app(data_dir=data_dir, checklist_dirs=[checklist_dir], open_round=round_id, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        titles = {c.title for c in pilot.app.get_system_commands(pilot.app.screen)}
        assert "下一项" in titles
        assert not {"符合", "说明", "提交"} & titles


async def test_keys_of_a_binding_are_each_shown_by_name(data_dir, checklist_dir, round_id):
    """In the palette a binding with several keys names each one ('esc / q / ?'), not the footer's
    label once per key ('esc / esc / esc')."""
    app = make_app(data_dir=data_dir, checklist_dirs=[checklist_dir], open_round=round_id, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        assert isinstance(pilot.app.screen, HelpScreen)
        commands = {c.title: c.help for c in pilot.app.get_system_commands(pilot.app.screen)}
        assert commands["关闭"] == "按键 esc / q / ?"
        await pilot.press("escape", "s")  # the submit dialog: n or esc cancels
        commands = {c.title: c.help for c in pilot.app.get_system_commands(pilot.app.screen)}
        assert commands["取消"] == "按键 n / esc"


async def test_palette_lists_each_action_once(data_dir):
    """On home q and ctrl+q both quit: one 退出 naming both keys, not three 退出 entries."""
    async with make_app(data_dir=data_dir, today=TODAY).run_test(size=SIZE) as pilot:
        await settle(pilot)
        commands = list(pilot.app.get_system_commands(pilot.app.screen))
        quits = [c for c in commands if c.title == "退出"]
        assert len(quits) == 1 and quits[0].help == "按键 q / ^q"
        titles = [c.title for c in commands]
        assert len(titles) == len(set(titles))


async def test_theme_picker_asks_in_chinese(data_dir):
    async with make_app(data_dir=data_dir, today=TODAY).run_test(size=SIZE) as pilot:
        await settle(pilot)
        pilot.app.action_change_theme()
        await pilot.pause()
        assert isinstance(pilot.app.screen, CommandPalette)
        assert pilot.app.screen.query_one(Input).placeholder == "搜索主题…（如 light、dark）"


async def test_palette_says_no_matches_in_chinese(data_dir):
    """Textual's palette said `No matches found` (and `Search for commands…`) in a Chinese app."""
    async with make_app(data_dir=data_dir, today=TODAY).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(pilot.app.screen, CommandPalette)
        assert pilot.app.screen.query_one(Input).placeholder.startswith("搜索命令")
        await pilot.press(*"zzqx")
        assert await wait_until(pilot, lambda: "没有找到匹配的命令" in screen_text(pilot))
        assert "No matches" not in screen_text(pilot)


async def test_help_names_the_board_and_the_summary(data_dir):
    async with make_app(data_dir=data_dir, today=TODAY).run_test(size=SIZE) as pilot:
        await settle(pilot)
        for key, name in (("r", "整改台账"), ("S", "汇总")):
            await pilot.press(key)
            await settle(pilot)
            await pilot.press("question_mark")
            assert f"按键帮助 · {name}" in screen_text(pilot)
            await pilot.press("escape", "escape")
            assert isinstance(pilot.app.screen, HomeScreen)
