"""What every command works with: the parsed arguments, the data folder and its Store, the
checklist library (loaded on first use), the consoles, writing to stdout or to `-o FILE`, and the
checks of arguments several commands share."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console
from rich.text import Text

from checklist_tui.catalogue.library import Library, library_for
from checklist_tui.domain.checklist import Checklist
from checklist_tui.domain.period import parse_period
from checklist_tui.domain.units import scoped
from checklist_tui.errors import BadInput, DataError
from checklist_tui.storage.files import os_reason
from checklist_tui.storage.store import Store, default_data_dir


def out() -> Console:
    return Console(highlight=False, soft_wrap=True)


def err() -> Console:
    return Console(stderr=True, highlight=False, soft_wrap=True)


def warn_damaged(damaged: Sequence[Exception]) -> None:
    for error in damaged:
        err().print(Text(f"警告：{error}"))


class Context:
    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.data_dir: Path = getattr(args, "data", None) or default_data_dir()
        self.extra_dirs: list[Path] = list(getattr(args, "checklists", None) or [])
        self.store = Store(self.data_dir)
        self._library: Library | None = None

    @property
    def library(self) -> Library:
        if self._library is None:
            self._library = library_for(self.data_dir, self.extra_dirs)
        return self._library

    def checklist(self, checklist_id: str) -> Checklist:
        """A checklist the app would load; an unknown id is bad input (exit 2)."""
        try:
            return self.library.require(checklist_id)
        except KeyError as error:
            raise BadInput(error.args[0]) from None

    def round_id(self, text: str) -> str:
        return self.store.normalise_round_id(text)

    def live_round_id(self, text: str) -> str:
        """A round named to be shown or opened: a void one is refused (its damage, if any, is
        left to the command, which names it and shows the rest)."""
        round_id = self.round_id(text)
        try:
            record = self.store.load_round(round_id)
        except DataError:
            return round_id
        if record.is_void:
            raise BadInput(f"批次 {round_id} 已作废")
        return round_id

    def write(self, text: str, output: Path | None, encoding: str = "utf-8") -> None:
        """Write to a file (-o) or to stdout."""
        if output is None:
            sys.stdout.write(text)
            return
        self.check_output(output)
        try:
            output.write_text(text, encoding=encoding, newline="")
        except OSError as error:
            raise DataError(f"无法写入 {output}：{os_reason(error)}") from None
        err().print(Text(f"已写入 {output}"))

    def check_output(self, output: Path) -> None:
        """Refuse an -o that is a folder, in a missing folder, or inside the data folder: a report
        written over rounds/R0001.json or index.jsonl would damage the app's own files."""
        try:
            inside = output.resolve().is_relative_to(self.data_dir.resolve())
        except (OSError, RuntimeError):
            inside = False
        if inside:
            raise BadInput(f"-o {output}：位于数据文件夹 {self.data_dir} 之内；为免覆盖批次文件和备份，"
                           "请写到数据文件夹以外的位置")
        if output.is_dir():
            raise BadInput(f"-o {output}：这是一个文件夹，请给出要写入的文件名")
        if not output.parent.is_dir():
            raise BadInput(f"-o {output}：文件夹 {output.parent} 不存在，请先建好或换一个位置")

    def write_bytes(self, data: bytes, output: Path, quiet: bool = False) -> None:
        """Write a binary document (xlsx, docx) to the -o file."""
        self.check_output(output)
        try:
            output.write_bytes(data)
        except OSError as error:
            raise DataError(f"无法写入 {output}：{os_reason(error)}") from None
        if not quiet:
            err().print(Text(f"已写入 {output}"))


def file_format(args: argparse.Namespace, binary: tuple[str, ...] = ("xlsx",)) -> str:
    """--format, else the -o file's extension when it is one of the binary formats, else the default.
    A binary format needs -o (no workbook bytes on the terminal)."""
    output = args.output
    fmt = args.format
    if fmt is None:
        suffix = output.suffix.lower().lstrip(".") if output is not None else ""
        fmt = suffix if suffix in binary else "csv"
    if fmt in binary and output is None:
        raise BadInput(f"--format {fmt} 需要用 -o 给出要写入的文件名（如 -o 答题表.{fmt}）")
    return fmt


def check_period(text: str) -> str:
    """The period as stored (2026-q3 → 2026-Q3); a bad one is bad input."""
    try:
        return parse_period(text).label
    except ValueError as error:
        raise BadInput(f"--period {text}: {error}") from None
    return text


def unit_checklist(ctx: Context, checklist: Checklist, unit: str) -> Checklist:
    """The checklist narrowed to what applies to the unit; none applying is bad input."""
    narrowed = scoped(checklist, unit, ctx.library.units)
    if not narrowed.items:
        raise BadInput(f"检查表 {checklist.id} 没有适用于 {unit} 的检查项")
    return narrowed
