"""The plain-text tables (reports/plain_text.py, plain_wrap.py) print exactly what Rich prints for
the same document on a colourless console: compared here table by table, for the kinds of cells
the reports hold (Chinese that wraps with its punctuation rules, long words, empty cells, text
that looks like markup, line breaks, bars, right-aligned and cut-off columns, ratio columns,
narrow widths), and for random tables, so the fast path cannot drift from Rich unnoticed."""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checklist_tui.reports.cjk_text import CJKText
from checklist_tui.reports.document import (
    Bar,
    Cell,
    Column,
    FittingTable,
    Part,
    Table,
    line,
    rich_document,
    table,
)
from checklist_tui.reports.export import to_text as rich_to_text
from checklist_tui.reports.plain_text import plain_document, table_lines, to_text

PROBLEM = ("常年法律顾问未覆盖镇党委、政府及下辖全部6个村（基本符合）。说明：各村法律顾问公示牌或名单"
           "显示内容未及时更新。")


def console(width: int = 100):
    from rich.console import Console

    return Console(file=io.StringIO(), width=width, color_system=None, highlight=False,
                   legacy_windows=False, force_terminal=False, force_jupyter=False)


def by_rich(block: Table, width: int) -> str:
    c = console(width)
    c.print(FittingTable(block))
    return c.file.getvalue()  # type: ignore[attr-defined]


def fast(block: Table, width: int) -> str:
    return "".join(line + "\n" for line in table_lines(console(width), block, width))


LEDGER_LIKE = table(
    (Column("序号", "right", no_wrap=True), Column("编号/单位", ratio=1, width=9),
     Column("问题描述", ratio=4), Column("整改措施", ratio=2), Column("责任单位/人", ratio=1, width=8),
     Column("整改时限", no_wrap=True),
     Column("完成情况", no_wrap=True), Column("退回", "right", no_wrap=True)),
    [("1", "R0001-01\n司法所", PROBLEM, "五个工作日内补充公开，留存各村法律顾问公示牌或名单",
      "司法所\n张红梅", "2022-03-05\n原 2022-02-28", Cell("整改中\n逾期 1732 天", "bold red"), "0"),
     ("12", "R0001-02\n党政办", "[/]备注[bold]x|管道\n第二行", "—", "—", "—", Cell("已销号", "green"), "3"),
     ("123", "", "", "", "", "", "", ""),
     ("4", "R0001-04", "averyveryverylongwordwithoutanyspacesatallthatmustbefoldedacrosslines and more",
      "「引号」开头，《书名》结尾（括号）", "综合行政执法大队", "2025-01-01", "待复核", "10")])

TABLES = {
    "ledger": LEDGER_LIKE,
    "plain": table(("批次", "单位", "得分"), [("R0001", "党政办", "75.0"), ("R0002", "司法所", "45.5")]),
    "bars": table((Column("分项"), Column("得分", "right"), Column("", markdown=False, drop_below=80)),
                  [("依法决策", "90.0", Bar(90.0)), ("依法行政（含执法）", "37.5", Bar(37.5, "red")),
                   ("未作答", "—", Bar(None))]),
    "centre and cut": table((Column("居中", "center"), Column("截断", no_wrap=True), Column("长", ratio=1)),
                            [("中", PROBLEM, PROBLEM), ("ab  ", "x" * 300, "  leading and trailing  ")]),
    "markup": table(("[bold]注[/]", "链接"), [("[link=http://x]y", "[/]备注[bold]x|管道\n第二行"),
                                              ("\\[escaped]", "[red]红[/red]")]),
    "zero width": table(("文字", "说明"), [
        ("零宽\u200b空格" * 12, "组合字符 e\u0301" * 10),
        ("emoji 👩\u200d💻 与变体 ❤\ufe0f" * 5, "制表\u3000全角空格 " * 9)]),
    "empty": table(("甲", "乙"), []),
}


@pytest.mark.parametrize("width", [100, 80, 60, 40, 24, 12, 6])
@pytest.mark.parametrize("name", list(TABLES))
def test_a_table_is_what_rich_prints(name: str, width: int) -> None:
    block = TABLES[name]
    assert fast(block, width) == by_rich(block, width)


def test_a_whole_document_and_its_file_text_are_rich_s() -> None:
    parts = [Part("整改台账（截至 2026-12-01）", (line("共 4 项，其中逾期 ", Cell("1 项", "bold red"), "。"),
                                                LEDGER_LIKE), level=2),
             Part("R0001 自查表 · 党政办 · 2025", (line("说明"),), level=2, panel=True),
             Part("分项得分", (TABLES["bars"], line("未自查的项按 0 分计入得分。"), TABLES["plain"]))]
    c = console()
    pieces = plain_document(c, parts)
    assert pieces is not None
    c.print(rich_document(parts))
    assert "".join(pieces) == c.file.getvalue()  # type: ignore[attr-defined]
    assert to_text(parts) == rich_to_text(rich_document(parts))


def test_a_terminal_or_another_encoding_is_left_to_rich() -> None:
    from rich.console import Console

    assert plain_document(Console(file=io.StringIO(), force_terminal=True), []) is None
    gbk = io.TextIOWrapper(io.BytesIO(), encoding="gbk")  # Chinese Windows: Rich draws ASCII boxes
    assert plain_document(Console(file=gbk, force_terminal=False, color_system=None), []) is None
    assert plain_document(console(), []) is not None


ALPHABET = st.sampled_from(list("法治政府建设自查整改，。、；：？！（）《》「」“”—…·ab cdXYZ019  \n-_[]/"
                                "\u3000\u200b\u0301"))
TEXT = st.text(ALPHABET, max_size=60)
COLUMN = st.builds(lambda justify, no_wrap, ratio, width: Column(
    "列", justify, no_wrap=no_wrap, ratio=ratio, width=width if ratio else None),
    st.sampled_from(["left", "right", "center"]), st.booleans(), st.sampled_from([None, None, 1, 2, 4]),
    st.sampled_from([None, 4, 9]))


@settings(max_examples=150, deadline=None)
@given(st.lists(COLUMN, min_size=1, max_size=5), st.data(), st.integers(8, 100))
def test_random_tables_are_what_rich_prints(columns: list[Column], data: st.DataObject, width: int) -> None:
    headers = data.draw(st.lists(TEXT, min_size=len(columns), max_size=len(columns)))
    columns = [Column(h, c.justify, no_wrap=c.no_wrap, ratio=c.ratio, width=c.width)
               for h, c in zip(headers, columns, strict=True)]
    rows = data.draw(st.lists(st.lists(TEXT, min_size=len(columns), max_size=len(columns)), max_size=4))
    block = table(columns, rows)
    assert fast(block, width) == by_rich(block, width)


@settings(max_examples=100, deadline=None)
@given(st.lists(COLUMN, min_size=1, max_size=5), st.data(), st.integers(8, 100))
def test_tables_whose_cells_repeat_are_what_rich_prints(columns: list[Column], data: st.DataObject,
                                                        width: int) -> None:
    """A column whose cells repeat is laid out once per distinct cell, a line wrapped once per
    column: the same lines as Rich's for each (a styled Cell and a plain text alike)."""
    pool = data.draw(st.lists(TEXT, min_size=1, max_size=3))
    cell = st.one_of(st.sampled_from(pool), st.sampled_from(pool).map(lambda t: Cell(t, "bold")),
                     st.sampled_from(pool).map(lambda t: f"R{len(t):04d}\n{t}"), TEXT)
    rows = data.draw(st.lists(st.lists(cell, min_size=len(columns), max_size=len(columns)),
                              min_size=3, max_size=12))
    block = table(columns, rows)
    assert fast(block, width) == by_rich(block, width)


@pytest.mark.parametrize("text", ["", "R0001-01", "法治，。", "a\xa0b", "a\u2028b", "甲\u3000乙", "a\x1cb",
                                  "a\tb", "x\ny", " lead", "e\u0301", "全角（括号）"])
def test_a_cell_is_measured_as_rich_measures_text(text: str) -> None:
    from rich.measure import Measurement

    from checklist_tui.reports.plain_text import _Cell

    rich = Measurement.get(console(), console().options, CJKText(text))
    assert _Cell(text, True).measure() == (rich.minimum, rich.maximum)
