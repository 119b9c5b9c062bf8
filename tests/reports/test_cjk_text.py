"""Chinese line breaking in printed tables: no line starts with ，。？ or a closing bracket, none ends
with an opening one (Rich chopped a question so that its `？` stood alone on the last line)."""

from __future__ import annotations

import pytest
from rich.console import Console
from rich.table import Table

from checklist_tui.reports.cjk_text import NO_LINE_END, NO_LINE_START, CJKText

QUESTION = ("针对“学法不深入不系统、浅尝辄止”，是否已制定年度学法计划（学习专题、学时、考试安排），"
            "并明确牵头单位、责任人和完成时限？")


def wrapped(text: str, width: int) -> list[str]:
    console = Console(width=width + 4, color_system=None)
    table = Table(show_header=False, box=None, padding=0)
    table.add_column(width=width, overflow="fold")  # as rich_table lays out a wrapping column
    table.add_row(CJKText(text))
    with console.capture() as captured:
        console.print(table)
    return [line.rstrip() for line in captured.get().splitlines()]


@pytest.mark.parametrize("width", range(6, 31))
def test_no_line_starts_with_closing_punctuation_or_ends_with_an_opening_one(width: int) -> None:
    lines = wrapped(QUESTION, width)
    assert "".join(lines) == QUESTION  # nothing lost, nothing added
    assert all(line[0] not in NO_LINE_START for line in lines), lines
    assert all(line[-1] not in NO_LINE_END for line in lines[:-1]), lines


def test_the_question_mark_stays_with_its_sentence() -> None:
    """At 12 cells the plain Rich wrap leaves `？` alone on the last line."""
    lines = wrapped(QUESTION, 12)
    assert lines[-1] != "？" and lines[-1].endswith("？")


def test_styles_survive_the_wrap() -> None:
    text = CJKText.assemble(("不符合", "red"), "，说明：记录不全。")
    console = Console(width=8, color_system="truecolor", force_terminal=True)
    with console.capture() as captured:
        console.print(text)
    assert "\x1b[31m" in captured.get()
