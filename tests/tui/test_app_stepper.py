"""The stepper with the keyboard alone: what is stored, shown and refused (DESIGN §7)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import MARKUP_NOTE, TODAY
from tuihelpers import notices, screen_text, settle, wait_until

from checklist_tui.errors import DataError
from checklist_tui.storage.store import Store
from checklist_tui.tui.app import make_app
from checklist_tui.tui.dialogs import ConfirmDialog
from checklist_tui.tui.screens import StepperScreen
from checklist_tui.tui.widgets import AnswerPanel, FieldPrompt, SectionTree

SIZE = (100, 32)


def stepper_app(data_dir: Path, checklist_dir: Path, round_id: str):
    return make_app(data_dir=data_dir, checklist_dirs=[checklist_dir], open_round=round_id, today=TODAY)


def current(pilot) -> str:
    screen = pilot.app.screen
    assert isinstance(screen, StepperScreen)
    return screen.item.id


def field_value(pilot) -> str:
    return pilot.app.screen.query_one("#prompt-input").value


async def test_walk_a_round_with_the_keys(data_dir, checklist_dir, store: Store, round_id):
    async with stepper_app(data_dir, checklist_dir, round_id).run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert current(pilot) == "S1.01"
        await pilot.press("1")  # S1.01 符合, moves on
        await pilot.press("3")  # S1.02 不符合, opens the note on S1.02
        assert current(pilot) == "S1.02"
        assert pilot.app.screen.query_one(FieldPrompt).is_open
        await pilot.press(*MARKUP_NOTE, "enter")  # saves the note and moves on
        await pilot.press("4")  # S1.03 不适用
        assert current(pilot) == "S2.01"
        await pilot.press("1")  # a number item takes a value, not an answer key
        await settle(pilot)
        assert current(pilot) == "S2.01"
        assert "请按 e 填写数值" in screen_text(pilot)
        await pilot.press("e", *"96.5", "enter")  # >= 95 → 符合
        await pilot.press("e", "0", "enter")  # deduction: no shortfall → 符合
        await pilot.press("2", "escape")  # S2.03 基本符合, the note closed, still here
        assert current(pilot) == "S2.03"
        assert not pilot.app.screen.query_one(FieldPrompt).is_open
        await settle(pilot)

        answers = store.load_round(round_id).answers
        assert {k: a.answer for k, a in answers.items()} == {
            "S1.01": "pass", "S1.02": "fail", "S1.03": "na", "S2.01": "pass", "S2.02": "pass",
            "S2.03": "partial"}
        assert answers["S1.02"].note == MARKUP_NOTE
        assert answers["S2.01"].value == 96.5
        assert answers["S2.02"].value == 0

        await pilot.press("k", "k", "k", "k")  # back to S1.02: its note shows exactly as typed
        assert current(pilot) == "S1.02"
        await settle(pilot)
        assert MARKUP_NOTE in screen_text(pilot)


async def test_fast_keys_save_every_item_in_order(data_dir, checklist_dir, store: Store, round_id):
    async with stepper_app(data_dir, checklist_dir, round_id).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("1", "1", "4")
        assert current(pilot) == "S2.01"
        await settle(pilot)
    answers = store.load_round(round_id).answers
    assert [answers[i].answer for i in ("S1.01", "S1.02", "S1.03")] == ["pass", "pass", "na"]


async def test_partial_opens_the_note_with_the_earlier_note(data_dir, checklist_dir, store: Store, round_id):
    store.save_answer(round_id, "S1.01", answer="pass", note="旧的说明")
    store.save_answer(round_id, "S1.02", answer="pass")
    async with stepper_app(data_dir, checklist_dir, round_id).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("k", "k")
        assert current(pilot) == "S1.01"
        await pilot.press("2")
        assert pilot.app.screen.query_one(FieldPrompt).field == "note_next"
        assert field_value(pilot) == "旧的说明"
        await pilot.press("escape")
        assert current(pilot) == "S1.01"
        await settle(pilot)
    stored = store.load_round(round_id).answers["S1.01"]
    assert (stored.answer, stored.note) == ("partial", "旧的说明")


async def test_note_and_evidence_keys_do_not_move(data_dir, checklist_dir, store: Store, round_id):
    async with stepper_app(data_dir, checklist_dir, round_id).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n", *"需补会议纪要", "enter")
        await pilot.press("v", *"麻政[2025]3号", "enter")
        await pilot.press("v", *"不要这个", "escape")  # cancelled: not saved
        assert current(pilot) == "S1.01"
        await pilot.press("n", "down", "enter")  # ↓ in the field does not change the item
        assert current(pilot) == "S1.01"
        await settle(pilot)
        text = screen_text(pilot)
        assert "需补会议纪要" in text and "麻政[2025]3号" in text
    stored = store.load_round(round_id).answers["S1.01"]
    assert (stored.answer, stored.note, stored.evidence) == (None, "需补会议纪要", "麻政[2025]3号")


async def test_out_of_range_value_is_refused_on_screen(data_dir, checklist_dir, store: Store, round_id):
    for item in ("S1.01", "S1.02", "S1.03"):
        store.save_answer(round_id, item, answer="pass")
    async with stepper_app(data_dir, checklist_dir, round_id).run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert current(pilot) == "S2.01"
        await pilot.press("e", *"120", "enter")
        prompt = pilot.app.screen.query_one(FieldPrompt)
        assert prompt.is_open and field_value(pilot) == "120"
        assert "超出范围" in screen_text(pilot)
        await pilot.press("ctrl+a", "ctrl+k", *"abc", "enter")
        assert prompt.is_open and "请输入数字" in screen_text(pilot)
        await pilot.press("escape")
        await pilot.press("j", "e", *"1.5", "enter")  # a deduction count must be whole
        assert "整数" in screen_text(pilot)
        await settle(pilot)
    answers = store.load_round(round_id).answers
    assert "S2.01" not in answers and "S2.02" not in answers


async def test_footer_fits_80_columns_on_a_number_item(data_dir, checklist_dir, store: Store, round_id):
    """On a number item 1/2/3 do not apply: the footer leaves them out, so 帮助 and the palette still
    fit an 80×24 terminal, and pressing 1 says what to press instead."""
    for item in ("S1.01", "S1.02", "S1.03"):
        store.save_answer(round_id, item, answer="pass")
    async with stepper_app(data_dir, checklist_dir, round_id).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert current(pilot) == "S2.01"
        footer = screen_text(pilot).splitlines()[-1]
        assert "4 不适用" in footer and "e 数值" in footer and "? 帮助" in footer and "命令面板" in footer
        assert "1 符合" not in footer
        await pilot.press("1")
        await settle(pilot)
        assert current(pilot) == "S2.01" and "请按 e 填写数值" in screen_text(pilot)
        await pilot.press("k")  # a yes/no item offers 1/2/3 again, and the footer still fits
        footer = screen_text(pilot).splitlines()[-1]
        assert "1 符合" in footer and "? 帮助" in footer and "命令面板" in footer
    assert "S2.01" not in store.load_round(round_id).answers


async def test_answering_the_last_item_says_what_is_left(data_dir, checklist_dir, store: Store, round_id):
    """The hint on the last item ('还有 1 项未自查，按 u 前往') is still there once the save is confirmed."""
    for item in ("S1.01", "S1.02", "S2.01", "S2.02", "S2.03"):
        store.save_answer(round_id, item, answer="na")
    async with stepper_app(data_dir, checklist_dir, round_id).run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        await pilot.press("j", "j", "j", "j")
        assert current(pilot) == "S2.04"
        await pilot.press("e", "5", "enter")
        await settle(pilot)
        text = screen_text(pilot)
        assert "已保存 S2.04 数值 5 → 符合" in text and "还有 1 项未自查，按 u 前往" in text
        await pilot.press("u", "4")  # S1.03, then back to the last item: all answered now
        await pilot.press("j", "j", "j", "j", "n", *"备注", "enter")
        await settle(pilot)
        assert "全部已自查，按 s 提交" in screen_text(pilot)


async def test_value_field_label_is_whole_at_80_columns(data_dir, checklist_dir, store: Store, round_id):
    """The value field's label (range and keys) wraps on a narrow terminal instead of being cut."""
    for item in ("S1.01", "S1.02", "S1.03", "S2.01"):
        store.save_answer(round_id, item, answer="na")
    async with stepper_app(data_dir, checklist_dir, round_id).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert current(pilot) == "S2.02"
        await pilot.press("e")
        label = str(pilot.app.screen.query_one("#prompt-label").content)
        assert label.endswith("Esc 取消")
        text = "".join(line.strip(" ▕") for line in screen_text(pilot).splitlines())
        assert label.replace(" ", "") in text.replace(" ", "")


async def test_empty_or_wrong_value_is_refused_plainly(data_dir, checklist_dir, store: Store, round_id):
    for item in ("S1.01", "S1.02", "S1.03"):
        store.save_answer(round_id, item, answer="pass")
    async with stepper_app(data_dir, checklist_dir, round_id).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e", "enter")
        error = str(pilot.app.screen.query_one("#prompt-error").content)
        assert error == "请输入数字"  # not "请输入数字，收到 ''"
        await pilot.press(*"九十", "enter")
        assert str(pilot.app.screen.query_one("#prompt-error").content).startswith("请输入数字，收到「九十」")


async def test_resume_lands_on_the_first_unanswered_item(data_dir, checklist_dir, store: Store, round_id):
    for item in ("S1.01", "S1.02", "S2.01"):
        store.save_answer(round_id, item, answer="na")
    async with stepper_app(data_dir, checklist_dir, round_id).run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert current(pilot) == "S1.03"


async def test_u_goes_to_the_next_unanswered_item_wrapping(data_dir, checklist_dir, store: Store, round_id):
    for item in ("S1.01", "S1.03", "S2.01", "S2.03", "S2.04"):
        store.save_answer(round_id, item, answer="na")
    async with stepper_app(data_dir, checklist_dir, round_id).run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert current(pilot) == "S1.02"
        await pilot.press("u")
        assert current(pilot) == "S2.02"
        await pilot.press("u")  # wraps around to the start
        assert current(pilot) == "S1.02"
        await pilot.press("down", "down", "up")  # arrows cross sections too
        assert current(pilot) == "S1.03"


async def test_submit_refuses_while_a_critical_item_is_unanswered(data_dir, checklist_dir, store: Store,
                                                                  round_id):
    async with stepper_app(data_dir, checklist_dir, round_id).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("s")
        assert isinstance(pilot.app.screen, ConfirmDialog)
        text = screen_text(pilot)
        assert "不能提交" in text and "S1.02" in text
        await pilot.press("y")  # there is nothing to confirm
        assert isinstance(pilot.app.screen, ConfirmDialog)
        await pilot.press("escape")
        await settle(pilot)
    assert store.load_round(round_id).meta.submitted is None


async def test_submit_lists_unanswered_then_submits(data_dir, checklist_dir, store: Store, round_id):
    async with stepper_app(data_dir, checklist_dir, round_id).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("3", "enter", "1")  # S1.01 不符合, S1.02 符合
        await pilot.press("s")
        assert isinstance(pilot.app.screen, ConfirmDialog)
        text = screen_text(pilot)
        assert "还有5项未自查" in text and "S2.03" in text
        await pilot.press("y")
        await settle(pilot)
        assert "已提交，开启了 1 项整改事项" in screen_text(pilot)
        assert "开启了 1 项整改事项" in notices(pilot)
        assert "已提交" in pilot.app.screen.sub_title
    record = store.load_round(round_id)
    assert record.meta.submitted == TODAY.isoformat()
    assert [r.item for r in record.rectifications] == ["S1.01"]


async def test_submitted_round_greys_the_editing_keys(data_dir, checklist_dir, store: Store, round_id):
    store.save_answer(round_id, "S1.02", answer="pass")
    store.submit(round_id, date=TODAY, allow_unanswered=True)
    async with stepper_app(data_dir, checklist_dir, round_id).run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = pilot.app.screen
        assert "已提交" in screen.sub_title and "只读" in screen.sub_title
        for action in ("answer", "edit_note", "edit_evidence", "submit"):
            assert screen.check_action(action, ()) is None
        await pilot.press("1", "n", "s")
        assert not screen.query_one(FieldPrompt).is_open
        assert pilot.app.screen is screen  # no dialog
        await pilot.press("j")  # moving still works
        assert current(pilot) == "S1.02"
        await settle(pilot)
        status = str(screen.query_one("#status").content)
        assert "只能查看" in status and "v 佐证材料" not in status  # no hint at keys that do nothing
    assert "S1.01" not in store.load_round(round_id).answers


async def test_damaged_file_is_shown_read_only(data_dir, checklist_dir, store: Store, round_id):
    store.round_path(round_id).write_text("{ not json", encoding="utf-8")
    async with stepper_app(data_dir, checklist_dir, round_id).run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = pilot.app.screen
        assert "文件损坏" in screen.sub_title
        assert screen.check_action("answer", ()) is None
        assert "R0001.json" in screen_text(pilot)
        await pilot.press("1")
    assert store.round_path(round_id).read_text(encoding="utf-8") == "{ not json"


async def test_failed_save_keeps_the_answer_on_screen(data_dir, checklist_dir, store: Store, round_id,
                                                      monkeypatch: pytest.MonkeyPatch):
    def refuse(*args, **kwargs):
        raise DataError("无法写入 R0001.json: 只读文件系统")

    async with stepper_app(data_dir, checklist_dir, round_id).run_test(size=SIZE) as pilot:
        await settle(pilot)
        monkeypatch.setattr(pilot.app.services.store, "save_answer", refuse)
        await pilot.press("n", *"写不进去的说明", "enter")
        await settle(pilot)
        text = screen_text(pilot)
        assert "只读文件系统" in text and "未保存" in text
        assert "写不进去的说明" in text
    assert "S1.01" not in store.load_round(round_id).answers


async def test_another_writer_refreshes_the_screen(data_dir, checklist_dir, store: Store, round_id):
    async with stepper_app(data_dir, checklist_dir, round_id).run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert pilot.app.screen.query_one(AnswerPanel)
        store.save_answer(round_id, "S1.01", answer="fail", note="另一台电脑填写的说明")
        assert await wait_until(pilot, lambda: "另一台电脑填写的说明" in screen_text(pilot))
        assert "已被其他程序更新" in notices(pilot)
        assert current(pilot) == "S1.01"  # the cursor stays where it was


async def test_clicking_the_tree_moves_to_the_item_or_the_sections_first(data_dir, checklist_dir, round_id):
    async with stepper_app(data_dir, checklist_dir, round_id).run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert current(pilot) == "S1.01"  # the tree: S1, S1.01, S1.02, S1.03, S2 (closed)
        assert await pilot.click(SectionTree, offset=(6, 3))
        await settle(pilot)
        assert current(pilot) == "S1.03"
        assert await pilot.click(SectionTree, offset=(6, 4))
        await settle(pilot)
        assert current(pilot) == "S2.01"
        assert "S2.01 · 第 4/7 项" in screen_text(pilot)  # the card shows it


async def test_the_tree_follows_the_card_with_marks_counts_and_the_open_section(
        data_dir, checklist_dir, round_id):
    """The next item's card is painted first; the section tree catches up a frame later: the
    answered item's mark, its section's count, and the section of the item shown opened."""
    async with stepper_app(data_dir, checklist_dir, round_id).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("1", "1", "4")  # S1.01, S1.02 符合; S1.03 不适用; on to S2.01
        tree = pilot.app.screen.query_one(SectionTree)

        def labels() -> list[str]:
            return [str(node.label) for node in tree.root.children]

        assert await wait_until(pilot, lambda: labels()[0].startswith("S1 3/3"))
        s1, s2 = tree.root.children
        assert [str(node.label)[:7] for node in s1.children] == ["✓ S1.01", "✓ S1.02", "– S1.03"]
        assert await wait_until(pilot, lambda: s2.is_expanded and not s1.is_expanded)
        assert await wait_until(pilot, lambda: tree.cursor_node is not None
                                and tree.cursor_node.data == "S2.01")
