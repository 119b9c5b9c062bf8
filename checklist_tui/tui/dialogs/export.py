"""导出: the summary screen's export to a file named in the form (HTML, xlsx or docx).

The form asks the format, the file name and the folder (the current folder by default). A folder
that does not exist, is not a folder, cannot be written or lies inside the data folder is refused
in the form, which stays open. The file is written by `tui.delivery.deliver`: whole or not at all,
never over an existing file (a name taken gets "(2)"), or handed to the browser under `serve`.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from textual import on, work
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Input, Select

from checklist_tui.errors import AppError
from checklist_tui.tui.dialogs.form import Field, FormDialog

FORMATS = (("网页 HTML（浏览器打开、打印）", "html"), ("Excel 工作簿 xlsx", "xlsx"),
           ("Word 文档 docx（公文格式）", "docx"))
MIME_TYPES = {
    "html": "text/html",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
BAD_NAME_CHARACTERS = set('\\/:*?"<>|')  # what Windows refuses in a file name


@dataclass(frozen=True)
class ExportRequest:
    """What the form hands back to the screen that makes the bytes: the format, the file's bare
    name (with its suffix) and the folder."""

    format: str
    name: str
    folder: Path


def folder_problem(folder: Path, data_dir: Path) -> str | None:
    """Why `folder` cannot take the export, in the form's words, or None."""
    try:
        inside = folder.resolve().is_relative_to(data_dir.resolve())
    except (OSError, RuntimeError):
        inside = False
    if inside:
        return f"文件夹 {folder} 在数据文件夹之内；为免覆盖批次文件和备份，请换一个位置"
    if not folder.exists():
        return f"文件夹 {folder} 不存在，请先建好或换一个位置"
    if not folder.is_dir():
        return f"{folder} 不是文件夹"
    if not os.access(folder, os.W_OK | os.X_OK):
        return f"文件夹 {folder} 不能写入（没有权限或只读），请换一个位置"
    return None


def file_name(text: str, fmt: str) -> str:
    """The bare file name with the format's suffix (added, or put in place of another one);
    ValueError when it is empty or names a folder."""
    name = text.strip()
    if not name:
        raise ValueError("请填写文件名")
    if any(c in BAD_NAME_CHARACTERS or ord(c) < 32 for c in name) or name in (".", ".."):
        raise ValueError(f"“{name}”不能作文件名（不能含 \\ / : * ? \" < > | 等字符，文件夹请填在下一栏）")
    path = Path(name)
    if path.suffix.lower() in (".html", ".htm", ".xlsx", ".docx"):
        path = path.with_suffix("")
    return f"{path.name}.{fmt}"


class ExportForm(FormDialog[Path | str]):
    """Dismisses with the path written (a str, "已下载", in a browser), or None when cancelled.

    `make` turns a request into the file's bytes (it runs in a worker); `deliver` hands them on."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "取消"),
        Binding("ctrl+s", "save", "导出"),
    ]

    class Done(Message):
        def __init__(self, result: Path | str | None, error: str | None) -> None:
            self.result, self.error = result, error
            super().__init__()

    def __init__(self, *, stem: str, data_dir: Path, make: Callable[[str], bytes],
                 deliver: Callable[[str, bytes, Path, str], Path | None], folder: Path | None = None,
                 web: bool = False) -> None:
        self.data_dir, self.make, self.deliver, self.web = data_dir, make, deliver, web
        fields = [
            Field("format", "格式", "html", required=True, choices=FORMATS),
            Field("name", "文件名", f"{stem}.html", required=True),
        ]
        if not web:  # a browser saves downloads where it saves them
            fields.append(Field("folder", "保存到文件夹", str(folder or Path.cwd()), required=True))
        subtitle = "文件由浏览器下载" if web else "默认保存到当前文件夹；同名文件不会被覆盖，会另存为“(2)”"
        super().__init__("导出汇总", subtitle, fields, save_label="导出", focus="name")

    @on(Select.Changed, "#field-format")
    def _format_changed(self, event: Select.Changed) -> None:
        """The file name follows the format: 汇总.html → 汇总.xlsx."""
        if event.value is Select.BLANK:
            return
        name = self.query_one("#field-name", Input)
        try:
            name.value = file_name(name.value, str(event.value))
        except ValueError:
            pass  # said when saving

    def submit(self, values: dict[str, Any]) -> None:
        fmt = values["format"]
        try:
            name = file_name(values["name"], fmt)
        except ValueError as error:
            self.refuse(str(error), "name")
            return
        folder = Path(values.get("folder") or ".").expanduser()
        if not self.web:
            problem = folder_problem(folder, self.data_dir)
            if problem:
                self.refuse(problem, "folder")
                return
        self.say("正在导出…")
        self._export(ExportRequest(fmt, name, folder))

    @work(thread=True, exclusive=True, group="export")
    def _export(self, request: ExportRequest) -> None:
        try:
            data = self.make(request.format)
            path = self.deliver(request.name, data, request.folder, MIME_TYPES[request.format])
        except AppError as error:
            self.post_message(self.Done(None, str(error)))
            return
        self.post_message(self.Done(path if path is not None else "已下载", None))

    @on(Done)
    def _done(self, message: Done) -> None:
        if message.error is not None:
            self.refuse(message.error)
        elif message.result is not None:
            self.accept(message.result)
