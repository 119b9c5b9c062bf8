"""The TUI under hostile input (issue 14): a save that fails unexpectedly is shown as 未保存 and
nothing is reordered; an item id that looks like markup shows literally on the board."""

from __future__ import annotations

import json
from pathlib import Path

from boardfixtures import BoardApp, build
from conftest import TODAY
from textual.widgets import DataTable
from tuihelpers import screen_text, settle

from checklist_tui.storage.store import Store
from checklist_tui.tui.app import make_app
from checklist_tui.tui.screens.board import BoardScreen
from checklist_tui.tui.screens.ordered_saves import OrderedSaves


def test_saves_run_in_key_order_and_a_stray_error_is_reported() -> None:
    done: list[str] = []
    errors: list[Exception] = []
    saves = OrderedSaves(lambda: None, errors.append)

    def job(name: str, fail: bool = False):
        def run() -> None:
            if fail:
                raise RuntimeError(name)
            done.append(name)
        return run
    for name, fail in (("1", False), ("2", True), ("3", False), ("4", False)):
        saves.put(job(name, fail))
    saves.drain()
    assert done == ["1", "3", "4"]  # in the order given, never newest first, none skipped
    assert [str(e) for e in errors] == ["2"]
    assert not saves.busy


async def test_an_unexpected_error_in_a_save_shows_unsaved(
        data_dir, checklist_dir, store: Store, round_id, monkeypatch) -> None:
    before = store.round_path(round_id).read_bytes()

    def broken(*args, **kwargs):
        raise RuntimeError("磁盘控制器异常")
    monkeypatch.setattr(Store, "save_answer", broken)
    app = make_app(data_dir=data_dir, checklist_dirs=[checklist_dir], open_round=round_id, today=TODAY)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("1")
        await settle(pilot)
        await pilot.pause(0.2)
        await settle(pilot)
        assert "未保存" in screen_text(pilot)
        assert app.screen.unsaved.get("S1.01")
    assert store.round_path(round_id).read_bytes() == before


async def test_an_item_id_like_markup_shows_literally_on_the_board(tmp_path: Path) -> None:
    store, library = build(tmp_path)
    path = store.round_path("R0001")
    data = json.loads(path.read_text("utf-8"))
    for doc in data["rectifications"].values():
        if doc["id"] == "R0001-01":
            doc["item"] = "S1.01[/]"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    app = BoardApp(store, library)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
        table = app.screen.query_one(DataTable)  # the board has no 检查项 column now (issue #12):
        table.move_cursor(row=table.get_row_index("R0001-01"))  # the detail pane names the item
        await settle(pilot)
        assert "S1.01[/]" in screen_text(pilot)
        assert not hasattr(BoardScreen, "visible") or BoardScreen.visible is not BoardScreen.shown_items


OLD_NOTE = "会议\x1b[31m纪要\x07缺页"  # written by a version that let control characters through
SHOWN_NOTE = "会议␛[31m纪要␇缺页"


def plant(path: Path, typed: str, stored: str) -> None:
    """Put `stored` where the round file holds `typed`, as an old version would have saved it."""
    text = path.read_text(encoding="utf-8")
    assert typed in text
    path.write_text(text.replace(typed, json.dumps(stored, ensure_ascii=False)[1:-1]), encoding="utf-8")


async def test_control_characters_stored_by_an_old_version_show_visibly_in_the_stepper(
        data_dir, checklist_dir, store: Store, round_id) -> None:
    store.save_answer(round_id, "S1.01", answer="partial", note="旧说明", evidence="旧佐证")
    plant(store.round_path(round_id), "旧说明", OLD_NOTE)
    plant(store.round_path(round_id), "旧佐证", "\x1b]0;标题\x07麻政〔2025〕3号")
    app = make_app(data_dir=data_dir, checklist_dirs=[checklist_dir], open_round=round_id, today=TODAY)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("k")  # back to S1.01 from the first unanswered item
        await settle(pilot)
        text = screen_text(pilot)
        assert SHOWN_NOTE in text and "␛]0;标题␇麻政〔2025〕3号" in text
        assert "\x1b" not in text and "\x07" not in text  # nothing of it reaches the terminal


async def test_control_characters_stored_by_an_old_version_show_visibly_on_the_board(tmp_path: Path) -> None:
    store, library = build(tmp_path)
    plant(store.round_path("R0002"), "两项决策未经审查", OLD_NOTE)  # the overdue item, selected first
    plant(store.round_path("R0002"), "补做合法性审查", "补做\x1b[2J合法性审查")
    plant(store.round_path("R0002"), "钱七", "钱\x1b[1m七")  # 责任人: a column of the table too
    app = BoardApp(store, library)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        assert app.screen.selected == "R0002-01"
        text = screen_text(pilot)
        assert SHOWN_NOTE in text and "补做␛[2J合法性审查" in text  # the problem, measures and history
        assert text.count("钱␛[1m七") >= 2  # in the table and in the detail pane
        assert "\x1b" not in text and "\x07" not in text
        for _ in range(6):  # the 责任人 filter names the person chosen: as a picture too
            await pilot.press("h")
            await settle(pilot)
            filters = str(app.screen.query_one("#board-filters").content)
            assert "\x1b" not in filters
            if "钱␛[1m七" in filters:
                break
        else:
            raise AssertionError("the 责任人 filter never reached 钱七")


async def test_control_characters_in_an_old_rounds_frozen_checklist_show_visibly_in_the_item_card(
        data_dir, checklist_dir, store: Store, round_id) -> None:
    """A round keeps the checklist it was started on; one frozen before checklist files refused control
    characters may hold them in a question, a section title or guidance."""
    path = store.round_path(round_id)
    plant(path, "核实调整文件", "核实\x1b[5m调整文件")
    plant(path, "组织领导", "组织\x07领导")
    plant(path, "由党政主要负责人任组长", "由党政\x1b[8m主要负责人任组长")
    app = make_app(data_dir=data_dir, checklist_dirs=[checklist_dir], open_round=round_id, today=TODAY)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        text = screen_text(pilot)
        assert "核实␛[5m调整文件" in text and "组织␇领导" in text and "由党政␛[8m主要负责人" in text
        assert "\x1b" not in text and "\x07" not in text
