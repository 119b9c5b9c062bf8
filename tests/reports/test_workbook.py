"""`ledger --format xlsx` and `summary --format xlsx`, read back with openpyxl: the ledger's columns,
overdue rows marked, text kept as text; one summary sheet per part with numbers as numbers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook
from reportfixtures import MARKUP_NOTE, Folders, run
from test_ledger import CSV_HEADER


def write(capsys: pytest.CaptureFixture[str], report_folders: Folders, tmp_path: Path, *args: str) -> Path:
    path = tmp_path / "out.xlsx"
    code, out, err = run(capsys, *report_folders, *args, "--format", "xlsx", "-o", str(path))
    assert code == 0, err
    assert out == ""
    return path


def test_the_ledger_workbook(capsys, report_folders, tmp_path: Path) -> None:
    ws = load_workbook(write(capsys, report_folders, tmp_path, "ledger", "--as-of", "2025-03-01")).active
    assert ws["A1"].value.startswith("麻埠镇法治政府建设整改台账（截至 2025-03-01，共 6 项，逾期 1 项")
    assert [c.value for c in ws[2]] == CSV_HEADER
    rows = {r[CSV_HEADER.index("编号")].value: r for r in ws.iter_rows(min_row=3)}
    assert list(rows) == ["R0001-01", "R0001-02", "R0001-03", "R0002-01", "R0002-02", "R0004-01"]
    overdue = rows["R0001-02"]
    assert overdue[CSV_HEADER.index("是否逾期")].value == "是"
    assert overdue[CSV_HEADER.index("逾期天数")].value == 19  # due 2025-02-10, as of 2025-03-01
    assert overdue[0].fill.fgColor.rgb.endswith("FCE4E4")
    assert rows["R0001-01"][0].fill.fill_type is None
    due = rows["R0002-01"][CSV_HEADER.index("整改时限")]
    assert due.value == dt.datetime(2025, 3, 15) and due.number_format == "yyyy-mm-dd"
    problem = rows["R0002-02"][CSV_HEADER.index("问题描述")]
    assert problem.value == "=法律顾问未列席党委会" and problem.data_type == "s"  # text, not a formula
    assert rows["R0001-01"][CSV_HEADER.index("问题描述")].alignment.wrap_text
    assert ws.freeze_panes == "A3" and ws.print_title_rows == "$1:$2"
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9


def test_the_summary_workbook_has_a_sheet_per_part(capsys, report_folders, tmp_path: Path) -> None:
    book = load_workbook(write(capsys, report_folders, tmp_path, "summary", "--as-of", "2025-03-01"))
    assert book.sheetnames == ["概览", "分项得分", "矩阵", "不符合项", "整改闭环"]
    overview = {r[0].value: [c.value for c in r] for r in book["概览"].iter_rows(min_row=3)}
    assert overview["R0001"][4] == 75.0 and overview["R0001"][5] == "合格"
    assert overview["R0002"][10] == "S1.02"  # the failed critical item named
    sections = [[c.value for c in r] for r in book["分项得分"].iter_rows(min_row=3)]
    assert ["R0001", "党政办", "2025", "S2", "(二)矛盾纠纷化解", 37.5, 4, 4, 1] in sections
    matrix = [[c.value for c in r] for r in book["矩阵"].iter_rows()]
    assert any(row[:2] == ["党政办", "2025"] and 75.0 in row for row in matrix)
    failed = [[c.value for c in r] for r in book["不符合项"].iter_rows(min_row=3)]
    noted = next(row for row in failed if row[:4] == ["R0001", "党政办", "2025", "S1.03"])
    assert noted[5] == "基本符合" and noted[7] == MARKUP_NOTE
    loop = {r[0].value: r[1] for r in book["整改闭环"].iter_rows(min_row=3)}
    assert loop["整改事项"].value == 6
    assert loop["整改完成率"].number_format == "0.0%" and 0 < loop["整改完成率"].value < 1


@pytest.mark.parametrize("command", ["ledger", "summary"])
def test_xlsx_needs_an_output_file(capsys, report_folders, command: str) -> None:
    code, out, err = run(capsys, *report_folders, command, "--format", "xlsx")
    assert code == 2 and out == "" and "-o" in err
