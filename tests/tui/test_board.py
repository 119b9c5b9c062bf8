"""The rectification board: the whole loop driven by keys, refusals shown in the form, filters,
manual items, and user text shown literally (DESIGN §4, §7)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from boardfixtures import MARKUP_NOTE, TODAY, BoardApp, build
from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import DataTable, Input
from tuihelpers import notices, screen_text, settle, wait_until

from checklist_tui.tui.app import make_app
from checklist_tui.tui.dialogs.rect_forms import ManualItemForm, RectForm, TransitionForm
from checklist_tui.tui.screens.board import BoardScreen
from checklist_tui.tui.widgets.rect_detail import RectDetail

SIZE = (100, 32)


def board(pilot: Pilot) -> BoardScreen:
    """The board, also while one of its forms is open on top of it."""
    return next(s for s in reversed(pilot.app.screen_stack) if isinstance(s, BoardScreen))


def rows(pilot: Pilot) -> list[str]:
    table = board(pilot).query_one(DataTable)
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


def detail_text(pilot: Pilot) -> str:
    console = Console(width=300, record=True, color_system=None)
    console.print(board(pilot).query_one(RectDetail).content)
    return console.export_text()


async def select(pilot: Pilot, rect_id: str) -> None:
    table = board(pilot).query_one(DataTable)
    table.move_cursor(row=rows(pilot).index(rect_id))
    await pilot.pause()
    assert board(pilot).selected == rect_id


async def fill(pilot: Pilot, **values: str) -> None:
    """Put text into the open form's fields, replacing what is there (set directly: the Pilot only
    types characters it has key names for, and 〔 or [ are not all among them)."""
    form = pilot.app.screen
    assert isinstance(form, RectForm)
    for key, text in values.items():
        field = form.query_one(f"#field-{key}", Input)
        field.focus()
        field.value = text
    await pilot.pause()


async def save(pilot: Pilot) -> None:
    await pilot.press("ctrl+s")
    await settle(pilot)


def stored(store, rect_id: str):
    record = store.load_round(rect_id.rsplit("-", 1)[0])
    return next(r for r in record.rectifications if r.id == rect_id)


async def test_full_loop_by_keys(tmp_path: Path) -> None:
    store, library = build(tmp_path)
    app = BoardApp(store, library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await select(pilot, "R0001-01")

        # 通报: typing starts in the top field (通报说明); 经办人 offers the round's 检查人; Enter moves
        # on (a pre-filled field is selected, so typing replaces it), Enter on the last field saves
        await pilot.press("t")
        assert isinstance(app.screen, TransitionForm)
        assert app.focused is not None and app.focused.id == "field-comment"
        assert app.screen.query_one("#field-by", Input).value == "李四"
        await pilot.press("enter", *"张三", "enter", "enter")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
        assert stored(store, "R0001-01").state == "notified"

        await pilot.press("w")
        form = app.screen
        assert isinstance(form, TransitionForm)
        assert form.query_one("#field-owner", Input).value == "党政办"  # the item's suggested owner
        assert form.query_one("#field-by", Input).value == "张三"  # the last name used this session
        await fill(pilot, measures="重新印发调整文件", due="2025-04-30", person="钱七")
        await save(pilot)
        rect = stored(store, "R0001-01")
        assert (rect.state, rect.owner, rect.measures, rect.due) == (
            "rectifying", "党政办", "重新印发调整文件", date(2025, 4, 30))

        await pilot.press("c")
        await fill(pilot, comment="已印发调整文件", evidence="麻政办〔2025〕3号")
        await save(pilot)
        assert stored(store, "R0001-01").state == "review"

        await pilot.press("b")
        await fill(pilot, comment="文件未附签发页")
        await save(pilot)
        rect = stored(store, "R0001-01")
        assert (rect.state, rect.reopen_count) == ("rectifying", 1)

        await pilot.press("c")
        await fill(pilot, comment="已补签发页")
        await save(pilot)
        await pilot.press("x")
        await fill(pilot, comment="同意销号", reviewer="赵六")
        await save(pilot)

        rect = stored(store, "R0001-01")
        assert rect.state == "closed"
        # creation + 通报, 整改, 复核, 退回, 复核, 销号
        assert [(t.from_, t.to) for t in rect.history] == [
            (None, "found"), ("found", "notified"), ("notified", "rectifying"), ("rectifying", "review"),
            ("review", "rectifying"), ("rectifying", "review"), ("review", "closed")]
        assert rect.history[3].evidence == "麻政办〔2025〕3号"
        assert rect.history[4].comment == "文件未附签发页"
        assert {t.by for t in rect.history[1:]} == {"张三"}
        assert rect.history[-1].date == TODAY  # the form's default date
        # the board shows the new state and the whole history
        assert board(pilot).query_one(DataTable).get_row("R0001-01")[1].plain == "已销号"
        shown = detail_text(pilot)
        assert "退回  经办人：张三" in shown and "待复核→已销号" in shown
        assert "说明：文件未附签发页" in shown and "退回次数：1" in shown


async def test_refusals_stay_in_the_form(tmp_path: Path) -> None:
    store, library = build(tmp_path)
    app = BoardApp(store, library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await select(pilot, "R0002-01")  # 整改中
        await pilot.press("c")
        await fill(pilot, comment="已补做审查", by="王五")
        await save(pilot)
        assert stored(store, "R0002-01").state == "review"

        # 销号 without a comment: the domain's refusal is shown and the form stays open
        await pilot.press("x")
        form = app.screen
        await fill(pilot, by="赵六")
        await save(pilot)
        assert app.screen is form
        assert "复核意见" in form.error
        assert stored(store, "R0002-01").state == "review"

        # a date before the previous transition, then a date that is no date
        await fill(pilot, comment="同意", date="2025-04-01")
        await save(pilot)
        assert "早于上一次流转的日期" in form.error
        await fill(pilot, date="2025-13-01")
        await save(pilot)
        assert "应为 2026-11-30 形式的日期" in form.error and app.screen is form
        assert stored(store, "R0002-01").state == "review"

        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        assert len(stored(store, "R0002-01").history) == 4  # found, 通报, 整改, 复核: nothing more


async def test_keys_that_do_not_apply_are_left_out_and_explained(tmp_path: Path) -> None:
    store, library = build(tmp_path)
    app = BoardApp(store, library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await select(pilot, "R0001-02")  # 待通报
        bindings = app.screen.active_bindings
        assert bindings["t"].enabled and bindings["t"].binding.show
        assert not any(bindings[k].binding.show for k in "xb" if k in bindings)  # not in the footer
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)  # no form opened
        assert any("不能销号" in n and "t 通报" in n for n in notices(pilot).splitlines())
        assert stored(store, "R0001-02").state == "found"


async def test_footer_fits_80_columns(tmp_path: Path) -> None:
    """At 80×24 the footer shows every key the selected item can take, 新增, 帮助 and the palette,
    whole: no label cut off."""
    build(tmp_path)
    app = make_app(tmp_path / "data", [tmp_path / "checklists"], today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(BoardScreen(app.services, round_id="R0002"))  # a one-round board also offers p
        await settle(pilot)
        await select(pilot, "R0002-01")  # 整改中: w and c apply
        footer = screen_text(pilot).splitlines()[-1]
        for label in ("esc 返回", "p 全部/本批次", "w 整改", "c 提交复核", "a 新增事项", "e 进展", "? 帮助",
                      "^p 命令面板"):
            assert label in footer, (label, footer)
        assert "x 销号" not in footer


async def test_days_overdue_stay_on_screen_at_80_columns(tmp_path: Path) -> None:
    """Long unit and owner names are cut, not the column that says what is late; under 100 columns
    整改时限 drops (the detail pane shows the date) so the problem keeps room; a wide terminal shows
    more of the problem."""
    store, library = build(tmp_path)
    checklist = library.get("mini")
    long_unit = store.new_round(checklist, "综合行政执法大队第一中队", "2025-Q1", created=date(2025, 3, 1))
    store.raise_item(long_unit.id, problem="执法案卷未按规定归档,缺少法制审核意见", by="王五",
                     date=date(2025, 4, 2))
    app = BoardApp(store, library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        text = screen_text(pilot)
        header = text.splitlines()[2]
        assert "逾期/临期" in header and "责任人" in header and "整改时限" not in header
        assert "逾期5天" in text and "整改时限：2025-04-05" in text  # the selected one's, in the detail
        assert "综合行政执法大队第一中队" not in text and "执法案卷未按规定归档,缺少法制审核意见" not in text
        assert "执法案卷未按规定" in text  # but the problem's start is there to read
        await pilot.resize_terminal(200, 40)
        await settle(pilot)
        text = screen_text(pilot)
        assert "综合行政执法大队第一中队" in text and "执法案卷未按规定归档,缺少法制审核意见" in text


async def test_an_empty_board_says_how_items_get_there(tmp_path: Path) -> None:
    app = make_app(tmp_path / "data", today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert "还没有整改事项" in screen_text(pilot) and "按 n 新建" in screen_text(pilot)


async def test_filters_that_hide_everything_say_so(tmp_path: Path) -> None:
    store, library = build(tmp_path)
    app = BoardApp(store, library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f", "f", "f", "f", "f")  # 已销号: none yet
        assert rows(pilot) == []
        assert "没有符合筛选条件的整改事项" in screen_text(pilot)


async def test_extension_is_recorded_and_shown(tmp_path: Path) -> None:
    store, library = build(tmp_path)
    app = BoardApp(store, library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await select(pilot, "R0002-01")  # 整改中, due 2025-04-05
        await pilot.press("w")
        await fill(pilot, due="2025-04-30", comment="等待县司法局反馈", by="王五")
        await save(pilot)
        rect = stored(store, "R0002-01")
        assert (rect.state, rect.due, rect.first_due) == ("rectifying", date(2025, 4, 30), date(2025, 4, 5))
        shown = detail_text(pilot)
        assert "整改时限 2025-04-05 → 2025-04-30（延期）" in shown
        assert "首次期限 2025-04-05" in shown


async def test_filters_change_the_rows(tmp_path: Path) -> None:
    store, library = build(tmp_path)
    app = BoardApp(store, library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert rows(pilot) == ["R0002-01", "R0001-01", "R0001-02"]  # open items, earliest due (overdue) first
        late = board(pilot).query_one(DataTable).get_cell("R0002-01", "逾期/临期")
        assert str(late) == "逾期5天" and app.theme_variables["error"] in str(late.style)  # the theme's red

        await pilot.press("f")  # 待通报
        assert rows(pilot) == ["R0001-01", "R0001-02"]
        await pilot.press("f", "f")  # 已通报 → 整改中
        assert rows(pilot) == ["R0002-01"]
        assert "状态：整改中" in str(board(pilot).query_one("#board-filters").content)
        await pilot.press("f", "f", "f")  # 待复核 → 已销号 → 全部
        assert len(rows(pilot)) == 3

        await pilot.press("g")  # units sorted: 党政办, 司法所
        assert rows(pilot) == ["R0001-01", "R0001-02"]
        await pilot.press("g")
        assert rows(pilot) == ["R0002-01"]
        await pilot.press("g")
        assert len(rows(pilot)) == 3

        await pilot.press("o")
        assert rows(pilot) == ["R0002-01"]
        assert board(pilot).selected == "R0002-01"
        await pilot.press("o", "o")  # 临期 (none within 7 days), then 不限
        assert len(rows(pilot)) == 3


async def test_one_round_and_the_scope_key(tmp_path: Path) -> None:
    store, library = build(tmp_path)
    app = BoardApp(store, library, round_id="R0002")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert rows(pilot) == ["R0002-01"]
        await pilot.press("p")
        assert len(rows(pilot)) == 3
        await pilot.press("p")
        assert rows(pilot) == ["R0002-01"]


async def test_user_text_is_shown_literally(tmp_path: Path) -> None:
    store, library = build(tmp_path)
    checklist = library.get("mini")
    village = store.new_round(checklist, "[red]大湾村[/]", "2025-Q1", created=date(2025, 3, 1))
    store.raise_item(village.id, problem="台账缺失", by="[b]李", date=date(2025, 4, 2))
    app = BoardApp(store, library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert str(board(pilot).query_one(DataTable).get_row("R0003-01")[2]) == "[red]大湾村[/]"
        await pilot.press("g", "g", "g")  # the register's units (党政办, 司法所) first, then the others
        assert rows(pilot) == ["R0003-01"]
        assert "单位：[red]大湾村[/]" in str(board(pilot).query_one("#board-filters").content)
        assert "经办人：[b]李" in detail_text(pilot)
        await pilot.press("a")  # the round picker lists the village's round by its unit
        await pilot.pause()
        assert isinstance(app.screen, ManualItemForm)
        assert app.screen.values()["round"] == "R0003"
        await pilot.press("escape", "g")  # after the last unit: all of them again
        await pilot.pause()
        assert len(rows(pilot)) == 4
        await select(pilot, "R0001-02")  # its problem carries the note "[/]备注[bold]x"
        assert MARKUP_NOTE in detail_text(pilot)
        await pilot.press("t")
        await fill(pilot, comment="[bold]注意[/]", by="[red]赵六")
        await save(pilot)
        shown = detail_text(pilot)
        assert "说明：[bold]注意[/]" in shown and "经办人：[red]赵六" in shown


async def test_form_labels_are_whole_at_80_columns(tmp_path: Path) -> None:
    """The longest label, 检查项编号（可选）, fits its column instead of wrapping its end onto a line."""
    store, library = build(tmp_path)
    app = BoardApp(store, library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, ManualItemForm)
        assert "检查项编号（可选）" in screen_text(pilot)


async def test_an_open_form_shows_its_own_keys(tmp_path: Path) -> None:
    """While a form is open the footer offers 取消 and 保存, not the board's keys behind it."""
    store, library = build(tmp_path)
    app = BoardApp(store, library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await select(pilot, "R0002-01")
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, TransitionForm)
        footer = screen_text(pilot).splitlines()[-1]
        assert "esc 取消" in footer and "^s 保存" in footer
        assert "提交复核" not in footer and "新增事项" not in footer


async def test_raise_an_item_by_hand(tmp_path: Path) -> None:
    store, library = build(tmp_path)
    app = BoardApp(store, library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await select(pilot, "R0002-01")
        await pilot.press("a")
        form = app.screen
        assert isinstance(form, ManualItemForm)
        assert form.values()["round"] == "R0002"  # the selected item's round comes first

        await fill(pilot, problem="执法案卷评查发现[/]文书不规范", item="S9.99", by="王五")
        await save(pilot)
        assert "「S9.99」" in form.error and app.screen is form  # no such checklist item
        assert len(store.load_round("R0002").rectifications) == 1

        await fill(pilot, item="")
        await save(pilot)
        assert isinstance(app.screen, BoardScreen)
        rect = stored(store, "R0002-02")
        assert (rect.item, rect.problem, rect.state, rect.found) == (
            None, "执法案卷评查发现[/]文书不规范", "found", TODAY)
        assert "R0002-02" in rows(pilot) and board(pilot).selected == "R0002-02"
        assert "执法案卷评查发现[/]文书不规范" in detail_text(pilot)


async def test_damaged_round_file_is_named_and_the_rest_shown(tmp_path: Path) -> None:
    store, library = build(tmp_path)
    (store.rounds_dir / "R0003.json").write_text("{not json", encoding="utf-8")
    app = BoardApp(store, library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert len(rows(pilot)) == 3
        assert any("R0003.json" in n for n in notices(pilot).splitlines())


async def test_opened_with_r_from_home_and_from_a_round(tmp_path: Path) -> None:
    from checklist_tui.tui.app import make_app

    store, _ = build(tmp_path)
    app = make_app(data_dir=store.data_dir, checklist_dirs=[tmp_path / "checklists"], today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen) and app.screen.today == TODAY  # the app's today
        assert rows(pilot) == ["R0002-01", "R0001-01", "R0001-02"]
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, BoardScreen)

    app = make_app(data_dir=store.data_dir, checklist_dirs=[tmp_path / "checklists"], open_round="R0002",
                   today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
        assert rows(pilot) == ["R0002-01"]


# --- issue #12: the office's columns, 临期, the new filters and forms -------------------------------


async def test_wide_board_shows_the_new_columns_and_narrow_drops_the_less_important(tmp_path: Path) -> None:
    store, library = build(tmp_path)
    app = BoardApp(store, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = board(pilot).query_one(DataTable)
        assert [str(c.label) for c in table.columns.values()] == [
            "编号", "状态", "来源", "单位", "问题", "类型", "责任单位", "责任人", "整改时限", "逾期/临期"]
        assert str(table.get_cell("R0002-01", "责任人")) == "钱七"
        assert str(table.get_cell("R0002-01", "类型")) == "限期整改"
        assert str(table.get_cell("R0002-01", "来源")) == "自查"
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        table = board(pilot).query_one(DataTable)
        assert [str(c.label) for c in table.columns.values()] == [
            "编号", "状态", "单位", "问题", "责任人", "逾期/临期"]  # 整改时限： in the detail pane
        text = screen_text(pilot)
        assert "钱七" in text and "逾期5天" in text and "整改时限：2025-04-05" in text


async def test_soon_due_is_marked_at_seven_days_and_filtered(tmp_path: Path) -> None:
    store, library = build(tmp_path)
    store.rectify("R0001-01", "notified", by="张三", date=date(2025, 4, 3))
    store.rectify("R0001-01", "rectifying", by="张三", date=date(2025, 4, 4), measures="m", person="孙八",
                  kind="限期整改", due=TODAY + timedelta(days=7))
    store.rectify("R0001-02", "notified", by="张三", date=date(2025, 4, 3))
    store.rectify("R0001-02", "rectifying", by="张三", date=date(2025, 4, 4), measures="m", person="孙八",
                  kind="限期整改", owner="司法所", due=TODAY + timedelta(days=8))
    app = BoardApp(store, library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = board(pilot).query_one(DataTable)
        assert str(table.get_cell("R0001-01", "逾期/临期")) == "临期7天"
        assert str(table.get_cell("R0001-02", "逾期/临期")) == "—"  # 8 days: not yet 临期
        await pilot.press("o")
        assert rows(pilot) == ["R0002-01"]  # 只看逾期
        await pilot.press("o")
        assert rows(pilot) == ["R0001-01"]  # 临期
        assert "时限：临期" in str(board(pilot).query_one("#board-filters").content)
        await pilot.press("o", "h")  # 不限, then the first 责任人 by pinyin: 钱七 (qián) before 孙八 (sūn)
        assert rows(pilot) == ["R0002-01"]
        assert "责任人：钱七" in str(board(pilot).query_one("#board-filters").content)
        await pilot.press("h")
        assert rows(pilot) == ["R0001-01", "R0001-02"]  # 孙八


async def test_progress_has_its_own_key_and_changes_no_state(tmp_path: Path) -> None:
    store, library = build(tmp_path)
    app = BoardApp(store, library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await select(pilot, "R0002-01")  # 整改中
        await pilot.press("e")
        assert isinstance(app.screen, TransitionForm)
        await fill(pilot, comment="已完成一半案卷的补正", by="钱七")
        await save(pilot)
        rect = stored(store, "R0002-01")
        assert (rect.state, rect.history[-1].action) == ("rectifying", "progress")
        assert [p.text for p in rect.progress] == ["已完成一半案卷的补正"]
        shown = detail_text(pilot)
        assert "进展  经办人：钱七" in shown and "最新进展：" in shown
        await select(pilot, "R0001-01")  # 待通报: no progress to record
        await pilot.press("e")
        assert isinstance(app.screen, BoardScreen)


async def test_the_work_form_asks_for_person_and_kind_and_refuses_a_unit(tmp_path: Path) -> None:
    store, library = build(tmp_path)
    app = BoardApp(store, library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await select(pilot, "R0001-01")
        await pilot.press("t", "ctrl+s")  # 通报 by the round's 检查人, offered as 经办人
        await settle(pilot)
        await pilot.press("w")
        form = app.screen
        assert isinstance(form, TransitionForm)
        text = screen_text(pilot)
        assert "责任人" in text and "整改类型" in text and "立行立改可不填" in text
        await fill(pilot, measures="重新印发", person="党政办")
        await save(pilot)
        assert app.screen is form and "「党政办」是单位名称" in form.error
        await fill(pilot, person="孙八", due="")
        await save(pilot)
        assert "整改时限" in form.error  # 限期整改 needs one


async def test_notice_for_the_selected_unit_is_written(tmp_path: Path) -> None:
    store, library = build(tmp_path)
    app = BoardApp(store, library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await select(pilot, "R0002-01")  # overdue 5 days
        owner = stored(store, "R0002-01").owner
        await pilot.press("d")
        folder = store.data_dir / "导出"
        await wait_until(pilot, lambda: folder.exists() and any(folder.iterdir()))
        files = list(folder.iterdir())
        assert [f.name for f in files] == [f"督办通知-{owner}-{TODAY.isoformat()}.docx"]
        from docx import Document

        text = "\n".join(p.text for p in Document(str(files[0])).paragraphs)
        assert f"{owner}：" in text and "关于督促整改逾期事项的通知" in text


async def test_owner_source_and_kind_filters(tmp_path: Path) -> None:
    store, library = build(tmp_path)
    store.raise_item("R0001", problem="督察指出的问题", by="王五", date=date(2025, 4, 2), source="督察")
    app = BoardApp(store, library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert len(rows(pilot)) == 4
        await pilot.press("y", "y")  # 来源 in the loop's order of sources: 自查, then 督察
        assert rows(pilot) == ["R0001-03"]
        assert "y 来源：督察" in str(board(pilot).query_one("#board-filters").content)
        await pilot.press("y")  # all
        assert len(rows(pilot)) == 4
        await pilot.press("l")  # 类型: 限期整改, the only kind given so far
        assert rows(pilot) == ["R0002-01"]
        assert "l 类型：限期整改" in str(board(pilot).query_one("#board-filters").content)
        await pilot.press("l", "u")  # all kinds; 责任单位: the first owner in the register's order
        owners = {stored(store, rid).owner for rid in rows(pilot)}
        assert len(owners) == 1
