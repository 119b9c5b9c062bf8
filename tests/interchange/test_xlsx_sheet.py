"""xlsx answer sheets as WPS/Excel keep them: the template a unit fills, and the workbook it sends
back read into the same answers as the CSV path, cells as Excel stores them, rows named as Excel
numbers them."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import MINI_ID
from openpyxl import load_workbook
from storefixtures import ROOT, run_main, store_with_round
from test_sheets import EXPECTED, GOOD_ROWS, csv_text, stored

from checklist_tui.storage.store import Store

CHINESE_HEADER = ["检查项编号", "自查结果", "数值", "说明", "佐证材料",
                  "检查表", "类别", "检查内容", "填写说明"]


def make_template(tmp_path: Path, capsys: pytest.CaptureFixture[str], store: Store, *extra: str) -> Path:
    path = tmp_path / "答题表.xlsx"
    code, _, err = run_main(capsys, "template", MINI_ID, *extra, "-o", str(path),
                            "--data", str(store.data_dir), "--checklists", str(tmp_path / "lists"))
    assert code == 0, err
    return path


def test_the_template_is_a_workbook_with_drop_downs_locks_and_a_title(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store, _ = store_with_round(tmp_path)
    path = make_template(tmp_path, capsys, store, "--unit", "麻埠村", "--period", "2025-q1")
    ws = load_workbook(path).active
    assert ws["A1"].value == "单位：麻埠村　期间：2025-Q1"
    assert "A1:I1" in {str(r) for r in ws.merged_cells.ranges}
    assert [c.value for c in ws[2]] == CHINESE_HEADER
    assert [ws.cell(row=r, column=1).value for r in range(3, 10)] == list(EXPECTED)
    assert ws.freeze_panes == "B3"
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9  # A4
    assert ws.print_title_rows == "$1:$2"
    # the reading columns are locked, the answer columns are not, and no password is set
    assert ws.protection.sheet and not ws.protection.password
    assert ws["A3"].protection.locked and ws["H3"].protection.locked
    assert not any(ws[f"{c}3"].protection.locked for c in "BCDE")
    validations = {str(v.sqref): v for v in ws.data_validations.dataValidation}
    status = [v for v in validations.values() if v.type == "list" and "基本符合" in (v.formula1 or "")]
    assert len(status) == 1 and set(str(status[0].sqref).split()) == {"B3", "B5", "B8"}  # S1.01, S1.03, S2.03
    assert status[0].formula1 == '"符合,基本符合,不符合,不适用"'
    critical = validations["B4"]  # S1.02 is critical: no 基本符合
    assert critical.formula1 == '"符合,不符合,不适用"'
    rate = validations["C6"]  # S2.01: a rate in [0, 100]
    assert (rate.type, rate.operator, rate.formula1, rate.formula2) == ("decimal", "between", "0", "100")
    assert validations["C7"].type == "whole"  # S2.02: a count of shortfalls


def test_without_title_the_header_is_row_one(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store, _ = store_with_round(tmp_path)
    ws = load_workbook(make_template(tmp_path, capsys, store)).active
    assert [c.value for c in ws[1]] == CHINESE_HEADER
    assert ws.freeze_panes == "B2"


def test_xlsx_needs_an_output_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_main(capsys, "template", "plan-2025", "--format", "xlsx", "--data", str(tmp_path))
    assert code == 2 and out == "" and "-o" in err


def fill(path: Path, cells: dict[str, object], percent: tuple[str, ...] = ()) -> None:
    book = load_workbook(path)
    ws = book.active
    for ref, value in cells.items():
        ws[ref] = value
    for ref in percent:
        ws[ref].number_format = "0%"
    book.save(path)


def test_a_filled_workbook_imports_as_the_csv_does(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store, rid = store_with_round(tmp_path)
    path = make_template(tmp_path, capsys, store, "--unit", "麻埠村", "--period", "2025-Q1")
    # rows 3..9 hold S1.01..S2.04 (row 1 the merged title, row 2 the header)
    fill(path, {"B3": "符合", "D3": "领导小组已调整", "E3": "麻政〔2025〕3号",
                "B4": "不符合", "D4": "个别决策未留审查记录",  # S1.02 is 一票否决: no 基本符合
                "B5": "不适用", "D5": "本季度无此项",
                "C6": 0.965, "D6": "按台账计算", "E6": "调解统计表",  # typed 96.5% into a % cell
                "C7": 1, "D7": "少排查一次",
                "B8": "符合", "C9": 12.0})
    fill(path, {}, percent=("C6",))
    book = load_workbook(path)
    book.active.insert_rows(6)  # a blank row between the sections, as people leave them
    book.save(path)
    code, _, err = run_main(capsys, "import", rid, str(path), "--data", str(store.data_dir))
    assert code == 0, err
    from_xlsx = stored(store, rid)

    other, other_rid = store_with_round(tmp_path / "csv")
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(csv_text(GOOD_ROWS), encoding="utf-8-sig")
    code, _, err = run_main(capsys, "import", other_rid, str(sheet), "--data", str(other.data_dir))
    assert code == 0, err
    assert from_xlsx == stored(other, other_rid) == EXPECTED
    assert from_xlsx["S2.01"] == ("pass", 96.5, "按台账计算", "调解统计表")


def test_a_bad_cell_is_named_by_its_excel_row(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store, rid = store_with_round(tmp_path)
    path = make_template(tmp_path, capsys, store, "--unit", "麻埠村")
    fill(path, {"B3": "符合", "C6": 120, "C7": "两次", "C9": dt.datetime(2025, 3, 1)})
    before = store.round_path(rid).read_bytes()
    code, _, err = run_main(capsys, "import", rid, str(path), "--data", str(store.data_dir))
    assert code == 2
    assert store.round_path(rid).read_bytes() == before
    lines = [line.strip() for line in err.splitlines() if line.strip().startswith("第")]
    assert [line.split("（")[0] for line in lines] == ["第 6 行", "第 7 行", "第 9 行"]
    assert "S2.01" in lines[0] and "120" in lines[0]
    assert "S2.02" in lines[1] and "两次" in lines[1]
    assert "2025-03-01" in lines[2]  # a date cell is a date, not a serial number


def test_a_general_cell_number_is_taken_as_is(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store, rid = store_with_round(tmp_path)
    path = make_template(tmp_path, capsys, store)
    fill(path, {"C5": 99, "C6": 0, "C8": 3})  # header on row 1: S2.01 is row 5
    code, _, err = run_main(capsys, "import", rid, str(path), "--data", str(store.data_dir))
    assert code == 0, err
    assert stored(store, rid)["S2.01"][:2] == ("pass", 99.0)


def test_a_percent_cell_holding_99_typed_as_99_percent(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store, rid = store_with_round(tmp_path)
    path = make_template(tmp_path, capsys, store)
    fill(path, {"C5": 0.99}, percent=("C5",))
    code, _, err = run_main(capsys, "import", rid, str(path), "--data", str(store.data_dir))
    assert code == 0, err
    assert stored(store, rid)["S2.01"][:2] == ("pass", 99.0)


def test_a_sheet_titled_for_another_unit_is_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store, rid = store_with_round(tmp_path)
    path = make_template(tmp_path, capsys, store, "--unit", "司法所")
    fill(path, {"B3": "符合"})
    code, _, err = run_main(capsys, "import", rid, str(path), "--data", str(store.data_dir))
    assert code == 2 and "司法所" in err and "麻埠村" in err
    assert stored(store, rid) == {}


def test_the_chinese_header_in_csv(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store, rid = store_with_round(tmp_path)
    sheet = tmp_path / "sheet.csv"
    text = csv_text(GOOD_ROWS).replace("item,answer,value,note,evidence", ",".join(CHINESE_HEADER[:5]))
    sheet.write_bytes(("单位：麻埠村\r\n" + text).encode("gb18030"))
    code, _, err = run_main(capsys, "import", rid, str(sheet), "--data", str(store.data_dir))
    assert code == 0, err
    assert stored(store, rid) == EXPECTED


@pytest.mark.parametrize("content", [b"PK\x03\x04broken", b"\xd0\xcf\x11\xe0old xls"], ids=["zip", "xls"])
def test_a_broken_workbook_is_refused_in_words(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes) -> None:
    store, rid = store_with_round(tmp_path)
    path = tmp_path / "答题表.xlsx"
    path.write_bytes(content)
    code, _, err = run_main(capsys, "import", rid, str(path), "--data", str(store.data_dir))
    assert code == 2 and "xlsx" in err and "Traceback" not in err


def test_starting_the_command_line_loads_no_office_library() -> None:
    code = ("import sys\nfrom checklist_tui.cli.main import build_parser\n"
            "build_parser().parse_args(['template', 'x', '-o', 'a.xlsx'])\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('openpyxl', 'docx')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
