"""xlsx answer sheets, generated with openpyxl: cells of every type (text, whole and huge numbers,
floats, booleans, dates, formulas, % cells), blank rows, a title row or none, the English, the
Chinese or an odd header. Whatever comes in, `import` exits 0 or 2, never with a traceback; a
refused workbook leaves every file of the data folder byte-identical; an accepted one stores
exactly what its rows said."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from budget import examples, no_fsync
from hypothesis import example, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from storefixtures import store_with_round
from test_sheet_contract import HEADER, ROW, check_import

from checklist_tui.interchange.sheets import CHINESE_COLUMNS
from checklist_tui.storage.store import Store

__all__ = ["no_fsync"]  # the autouse fixture, imported to apply here

HEADERS = st.one_of(
    st.just(HEADER), st.just(list(CHINESE_COLUMNS[:5])), st.just(list(CHINESE_COLUMNS)),
    st.lists(st.sampled_from([*HEADER, *CHINESE_COLUMNS, "", "Item ", "答案", "=A1"]), max_size=6),
)
TITLES = st.sampled_from([None, "单位：麻埠村　期间：2025-Q1", "单位：麻埠村", "期间：2025-Q1",
                          "单位：司法所　期间：2025-Q1", "单位：麻埠村　期间：2024", "说明：请于月底前交回"])
FORMULAS = st.sampled_from(["=1+1", "=SUM(C3:C9)", '=HYPERLINK("http://x","y")', "=A1/0", "＝1", "@cmd"])
CELL = st.one_of(
    st.none(),
    st.text(max_size=10),
    st.sampled_from(["S1.01", "S1.02", "S2.01", "S2.04", "S9.99", "符合", "不适用", "fail", "95%", "1,234"]),
    st.integers(-(10**30), 10**30),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.datetimes(min_value=dt.datetime(1900, 3, 1), max_value=dt.datetime(2100, 12, 31)),
    st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(2100, 12, 31)),
    FORMULAS,
)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> tuple[Store, str, Path]:
    tmp = tmp_path_factory.mktemp("xlsx")
    store, rid = store_with_round(tmp)
    return store, rid, tmp


def workbook(title: str | None, header: list[str], rows: list[list[Any]], blank_before: set[int],
             percent: frozenset[tuple[int, int]] = frozenset(), text_as_text: bool = False) -> bytes:
    """The bytes of a workbook: an optional title row, the header, then the rows (an empty row
    before each index in `blank_before`); cells at (row, column) in `percent` get a % format.
    Text starting with = is a formula, as in Excel, unless `text_as_text` (a cell formatted as text)."""
    book = Workbook()
    ws = book.active
    if title is not None:
        ws.append([title])
    ws.append(header)
    for index, row in enumerate(rows):
        if index in blank_before:
            ws.append([])
        ws.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in row])
        for column, value in enumerate(row):
            cell = ws.cell(row=ws.max_row, column=column + 1)
            if (index, column) in percent:
                cell.number_format = "0%"
            if text_as_text and isinstance(value, str):
                cell.data_type = "s"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@settings(max_examples=examples(60))
@given(title=TITLES, header=HEADERS, rows=st.lists(st.lists(CELL, max_size=7), max_size=6),
       blank_before=st.sets(st.integers(0, 5), max_size=2))
def test_xlsx_of_any_cells(folder, title, header, rows, blank_before) -> None:
    check_import(folder, workbook(title, header, rows, blank_before), "sheet.xlsx", None)


def typed(row: tuple[str, ...], style: str) -> tuple[list[Any], bool]:
    """The row's cells as a person would type them into Excel: a value that is a plain whole number
    goes in as a number, or for the % item as a fraction in a % cell; text stays text."""
    item, word, value, note, evidence = row
    cells: list[Any] = [item, word, value, note, evidence]
    percent = False
    if value.isascii() and value.isdigit() and style != "text":  # not '²', a digit int() refuses
        if style == "percent" and item == "S2.01":
            cells[2], percent = int(value) / 100, True
        else:
            cells[2] = int(value)
    return cells, percent


def said(row: tuple[str, ...]) -> tuple[str, ...]:
    """What the row says once in a workbook: text cells lose the characters xlsx cannot hold."""
    return tuple(ILLEGAL_CHARACTERS_RE.sub("", cell) for cell in row)


# Whole numbers for the rate and the count, typed as numbers, as text or (the rate) into a % cell.
NUMBER_ROW = st.tuples(st.sampled_from(["S2.01", "S2.04"]), st.just(""), st.integers(0, 100).map(str),
                       st.just(""), st.just(""))


@settings(max_examples=examples(60))
@given(rows=st.lists(st.one_of(ROW, NUMBER_ROW), min_size=1, max_size=5, unique_by=lambda r: r[0].strip()),
       styles=st.lists(st.sampled_from(["number", "text", "percent"]), min_size=5, max_size=5),
       title=st.sampled_from([None, "单位：麻埠村　期间：2025-Q1"]),
       header=st.sampled_from([HEADER, list(CHINESE_COLUMNS[:5])]),
       blank_before=st.sets(st.integers(0, 4), max_size=2))
# found by HYPOTHESIS_PROFILE=long: a row naming an unknown item with nothing filled in (skipped by
# import, as every unfilled row is), and a value the test took for a whole number ('²'.isdigit())
@example(rows=[("S1.01", "FAIL", "", "", ""), ("S9.99", "", "", "", "")], styles=["number"] * 5, title=None,
         header=HEADER, blank_before=set())
@example(rows=[("S9.99", "", "²", "", "")], styles=["number"] * 5, title=None, header=HEADER,
         blank_before=set())
def test_xlsx_sheets_store_what_they_say(folder, rows, styles, title, header, blank_before) -> None:
    cells: list[list[Any]] = []
    percent: set[tuple[int, int]] = set()
    for index, (row, style) in enumerate(zip(rows, styles, strict=False)):
        typed_row, in_percent = typed(row, style)
        cells.append(typed_row)
        if in_percent:
            percent.add((index, 2))
    content = workbook(title, header, cells, blank_before, frozenset(percent), text_as_text=True)
    check_import(folder, content, "sheet.xlsx", [said(row) for row in rows])
