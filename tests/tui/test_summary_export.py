"""导出 from the summary screen (e): a form names the format, file and folder; the file is written
whole where asked and opens (HTML, xlsx, docx); a bad folder is refused in the form, nothing written."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from reportfixtures import build
from test_summary_screen import AS_OF, SummaryApp
from textual.widgets import Input, Select
from tuihelpers import screen_text, settle

from checklist_tui.tui.app import make_app
from checklist_tui.tui.dialogs.export import ExportForm
from checklist_tui.tui.screens.summary import SummaryScreen


async def open_export(pilot) -> ExportForm:
    await settle(pilot)
    await pilot.press("e")
    await settle(pilot)
    form = pilot.app.screen
    assert isinstance(form, ExportForm)
    return form


async def export(pilot, form: ExportForm, fmt: str, folder: Path) -> None:
    form.query_one("#field-format", Select).value = fmt
    await pilot.pause()
    form.query_one("#field-folder", Input).value = str(folder)
    await pilot.press("ctrl+s")
    await settle(pilot)


@pytest.mark.parametrize("fmt", ["html", "xlsx", "docx"])
async def test_export_writes_a_file_that_opens(tmp_path: Path, fmt: str) -> None:
    out = tmp_path / "导出"
    out.mkdir()
    app = SummaryApp(*build(tmp_path), ["R0001"])
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_export(pilot)
        assert form.query_one("#field-name", Input).value == "自查汇总-R0001-2025-03-01.html"
        assert form.query_one("#field-folder", Input).value == str(Path.cwd())  # the current folder
        await export(pilot, form, fmt, out)
        assert isinstance(app.screen, SummaryScreen)  # the form closed
    written = out / f"自查汇总-R0001-2025-03-01.{fmt}"
    assert [p.name for p in out.iterdir()] == [written.name]  # the name followed the format
    data = written.read_bytes()
    if fmt == "html":
        page = data.decode("utf-8")
        assert "<title>麻埠镇法治政府建设自查汇总</title>" in page and "R0001 麻埠镇法治建设小测表" in page
    elif fmt == "xlsx":
        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(data))
        assert "概览" in book.sheetnames and "党政办" in str([c.value for row in book["概览"].iter_rows()
                                                            for c in row])
    else:
        import docx

        text = "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
        assert "麻埠镇法治政府建设自查情况汇总" in text and "麻埠镇法治建设小测表" in text


async def test_export_does_not_overwrite_a_file_of_that_name(tmp_path: Path) -> None:
    app = SummaryApp(*build(tmp_path), ["R0001"])
    (tmp_path / "自查汇总-R0001-2025-03-01.html").write_text("mine", encoding="utf-8")
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_export(pilot)
        await export(pilot, form, "html", tmp_path)
    assert (tmp_path / "自查汇总-R0001-2025-03-01.html").read_text(encoding="utf-8") == "mine"
    assert "R0001" in (tmp_path / "自查汇总-R0001-2025-03-01(2).html").read_text(encoding="utf-8")


async def test_a_bad_folder_is_refused_in_the_form_and_nothing_is_written(tmp_path: Path) -> None:
    data, lists = build(tmp_path)
    app = SummaryApp(data, lists, None)
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    a_file = tmp_path / "a.txt"
    a_file.write_text("x", encoding="utf-8")
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_export(pilot)
        for folder, words in ((tmp_path / "没有这个文件夹", "不存在"), (data, "数据文件夹之内"),
                              (data / "rounds", "数据文件夹之内"), (a_file, "不是文件夹")):
            await export(pilot, form, "xlsx", folder)
            assert app.screen is form, folder  # the form stays open, saying why
            assert words in form.error and words in screen_text(pilot)
        form.query_one("#field-name", Input).value = "a/b"
        await export(pilot, form, "xlsx", tmp_path)
        assert app.screen is form and "不能作文件名" in form.error
    after = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p != a_file)
    assert after == before


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes anywhere")
async def test_a_folder_that_cannot_be_written_is_refused(tmp_path: Path) -> None:
    locked = tmp_path / "只读"
    locked.mkdir()
    locked.chmod(0o500)
    app = SummaryApp(*build(tmp_path), None)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            form = await open_export(pilot)
            await export(pilot, form, "docx", locked)
            assert app.screen is form and "不能写入" in form.error
    finally:
        locked.chmod(0o700)
    assert list(locked.iterdir()) == []


async def test_export_key_is_in_the_footer_and_the_help(tmp_path: Path) -> None:
    data, lists = build(tmp_path)
    app = make_app(data, checklist_dirs=[lists], today=AS_OF)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("S")
        await settle(pilot)
        assert isinstance(app.screen, SummaryScreen)
        assert "e 导出" in screen_text(pilot).splitlines()[-1]
        await pilot.press("question_mark")
        await settle(pilot)
        assert "按键帮助 · 汇总" in screen_text(pilot) and "导出" in screen_text(pilot)
