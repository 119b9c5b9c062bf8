"""`rounds` printed to a pipe without Rich's layout: byte for byte what Rich prints there."""

from __future__ import annotations

import io

import pytest
from rich.console import Console
from rich.table import Table
from rich.text import Text

from checklist_tui.cli.plain_table import MAX_WIDTH, plain_table

HEADERS = ("编号", "检查表", "单位", "期间", "进度", "得分", "等次", "提交")
ROWS = [
    ["R0002", "annual-self-check", "党政办", "2025", "28/28", "80.7", "良好", "2026-01-17"],
    ["R0001", "village-annual", "麻埠村😀Ａｱé", "2025-Q1", "0/16", "61.0(暂计)", "进行中", "未提交"],
    ["R10000", "x", "[b]村委[/]", "2025-12", "3/4", "—", "—", "未提交"],
]


def rich_text(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    console = Console(file=buffer, highlight=False, soft_wrap=True, width=100)
    table = Table(title="检查批次")
    for column in HEADERS:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*(Text(v) for v in row))
    wide = console.options.update_width(MAX_WIDTH)
    console.width = max(console.width, console.measure(table, options=wide).maximum)
    console.print(table)
    return buffer.getvalue()


def plain(rows: list[list[str]]) -> str | None:
    console = Console(file=io.StringIO(), highlight=False, soft_wrap=True, width=100)
    return plain_table(console, "检查批次", HEADERS, rows)


@pytest.mark.parametrize("count", [1, 2, 3])
def test_the_same_bytes_as_rich(count: int) -> None:
    assert plain(ROWS[:count]) == rich_text(ROWS[:count])


@pytest.mark.parametrize("cell", ["a\nb", "tab\there", "\x1b[31m", "村" * 600])
def test_what_only_rich_can_lay_out_is_left_to_rich(cell: str) -> None:
    assert plain([[cell, *ROWS[0][1:]]]) is None


def test_a_terminal_is_left_to_rich() -> None:
    console = Console(file=io.StringIO(), force_terminal=True, width=100)
    assert plain_table(console, "检查批次", HEADERS, ROWS) is None
