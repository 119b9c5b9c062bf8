"""Answer sheets that once lost data, crashed or were reinterpreted (issue 14): each is refused with
its line and reason (exit 2) and leaves every file as it was, or imports exactly what it says."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import MINI_ID
from storefixtures import file_bytes, run_main, store_with_round

from checklist_tui.interchange.sheets import MAX_CELL_CHARS, MAX_ROWS, MAX_SHEET_BYTES
from checklist_tui.storage.store import Store

HEADER = "item,answer,value,note,evidence\r\n"


def attempt(tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes,
            name: str = "sheet.csv") -> tuple[Store, str, int, str, str]:
    store, rid = store_with_round(tmp_path)
    sheet = tmp_path / name
    sheet.write_bytes(content)
    code, out, err = run_main(capsys, "import", rid, str(sheet), "--data", str(store.data_dir))
    assert "Traceback" not in err and "内部错误" not in err
    return store, rid, code, out, err


def refused(tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes,
            name: str = "sheet.csv") -> str:
    """Import `content`, expect exit 2 and every file of the data folder byte-identical."""
    store, rid = store_with_round(tmp_path)
    before = file_bytes(store.data_dir)
    sheet = tmp_path / name
    sheet.write_bytes(content)
    code, _, err = run_main(capsys, "import", rid, str(sheet), "--data", str(store.data_dir))
    assert code == 2, err
    assert "Traceback" not in err and "内部错误" not in err
    assert file_bytes(store.data_dir) == before
    return err


def stored(store: Store, rid: str) -> dict[str, tuple]:
    return {k: (a.answer, a.value, a.note) for k, a in store.load_round(rid).answers.items()}


def test_an_unclosed_quote_is_refused_not_swallowed(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = (HEADER + 'S1.03,pass,,"说明开头,\r\nS1.01,fail,,,\r\nS2.04,,5,,\r\n').encode("utf-8")
    err = refused(tmp_path, capsys, content)
    assert "第 2 行" in err and "引号" in err


def test_a_bom_then_invalid_utf8_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    err = refused(tmp_path, capsys, b"\xef\xbb\xbf" + HEADER.encode() + b"S1.01,pass,,\xff\xfe,\r\n")
    assert "UTF-8" in err


@pytest.mark.parametrize("depth", [1000, 100_000])
def test_json_nested_deep_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str], depth: int) -> None:
    err = refused(tmp_path, capsys, b"[" * depth + b"]" * depth, "sheet.json")
    assert "JSON" in err


@pytest.mark.parametrize("number", ["1" * 5000, "1" * 20, "1e400", "NaN", "Infinity"])
def test_json_numbers_too_large_or_not_numbers_are_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], number: str) -> None:
    refused(tmp_path, capsys, f'[{{"item": "S2.04", "value": {number}}}]'.encode(), "sheet.json")


@pytest.mark.parametrize(("key", "value"), [("note", {"a": 1}), ("answer", False), ("note", [1]),
                                            ("item", 1), ("evidence", 3.5), ("value", True)])
def test_json_values_that_are_not_text_are_refused_not_coerced(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], key: str, value: object) -> None:
    entry = {"item": "S1.01", "answer": "pass", key: value}
    err = refused(tmp_path, capsys, json.dumps([entry]).encode(), "sheet.json")
    assert "第 1 条" in err and key in err


def test_a_lone_surrogate_in_json_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    err = refused(tmp_path, capsys, b'[{"item": "S1.01", "answer": "pass", "note": "bad\\ud800"}]', "s.json")
    assert "第 1 条" in err and "S1.01" in err


def test_a_json_number_value_is_taken_as_it_is(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = json.dumps([{"item": "S2.04", "value": 0}, {"item": "S2.01", "value": 96.5}]).encode()
    store, rid, code, _, err = attempt(tmp_path, capsys, content, "sheet.json")
    assert code == 0, err
    assert stored(store, rid) == {"S2.04": ("pass", 0.0, ""), "S2.01": ("pass", 96.5, "")}


def test_a_sheet_over_the_size_limit_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    padding = "x" * 1000
    rows = "".join(f"S1.01,,,{padding},\r\n" for _ in range(MAX_SHEET_BYTES // 1000 + 10))
    err = refused(tmp_path, capsys, (HEADER + rows).encode())
    assert "MB" in err


def test_a_sheet_over_the_row_limit_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = "".join(f"X{n},pass,,,\r\n" for n in range(MAX_ROWS + 1))
    err = refused(tmp_path, capsys, (HEADER + rows).encode())
    assert f"超过 {MAX_ROWS} 行" in err and len(err) < 1000


@pytest.mark.parametrize("name", ["sheet.csv", "sheet.json"])
def test_a_cell_over_the_cell_limit_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                               name: str) -> None:
    note = "长" * (MAX_CELL_CHARS + 1)
    content = (json.dumps([{"item": "S1.01", "answer": "pass", "note": note}], ensure_ascii=False)
               if name.endswith(".json") else HEADER + f"S1.01,pass,,{note},\r\n")
    err = refused(tmp_path, capsys, content.encode(), name)
    assert str(MAX_CELL_CHARS) in err and "S1.01" in err


def test_only_the_first_fifty_problems_are_listed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = "".join(f"X{n},pass,,,\r\n" for n in range(120))
    err = refused(tmp_path, capsys, (HEADER + rows).encode())
    listed = [line for line in err.splitlines() if line.startswith("第 ")]
    assert len(listed) == 50
    assert listed[0].startswith("第 2 行") and listed[-1].startswith("第 51 行")
    assert "另有 70 处" in err and "共 120 处" in err


def test_problems_from_reading_and_from_the_round_are_in_the_sheet_order(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = ["S9.99,pass,,,", "S1.01,maybe,,,", "S2.01,,120,,", "S1.01,pass,,,"]  # round, sheet, round, sheet
    err = refused(tmp_path, capsys, (HEADER + "\r\n".join(rows) + "\r\n").encode())
    listed = [line.split("（")[0] for line in err.splitlines() if line.startswith("第 ")]
    assert listed == ["第 2 行", "第 3 行", "第 4 行", "第 5 行"]


def test_a_blank_template_is_refused_and_writes_nothing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store, rid = store_with_round(tmp_path)
    template = tmp_path / "模板.csv"
    code, _, err = run_main(capsys, "template", MINI_ID, "-o", str(template), "--data", str(store.data_dir),
                            "--checklists", str(tmp_path / "lists"))
    assert code == 0, err
    before = file_bytes(store.data_dir)
    code, _, err = run_main(capsys, "import", rid, str(template), "--data", str(store.data_dir))
    assert code == 2
    assert "没有填写任何答案" in err and "7 行未填写" in err
    assert file_bytes(store.data_dir) == before


def test_a_half_filled_template_imports_the_filled_rows_only(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = (HEADER + "S1.01,pass,,,\r\nS1.02,,,,\r\nS2.01,,,,\r\n").encode()
    store, rid, code, out, err = attempt(tmp_path, capsys, content)
    assert code == 0, err
    assert "导入 1 条" in out and "2 行未填写" in out
    assert stored(store, rid) == {"S1.01": ("pass", None, "")}
    assert len(store.load_round(rid).answers) == 1


@pytest.mark.parametrize(("typed", "value"), [("95", 95.0), ("９５", 95.0), ("９５％", 95.0), ("95%", 95.0),
                                              ("96.5", 96.5), ("９６．５", 96.5), (" 97 ", 97.0)])
def test_typed_rates_offices_write(tmp_path: Path, capsys: pytest.CaptureFixture[str], typed: str,
                                   value: float) -> None:
    store, rid, code, _, err = attempt(tmp_path, capsys, (HEADER + f"S2.01,,{typed},,\r\n").encode())
    assert code == 0, err
    assert stored(store, rid)["S2.01"][1] == value


def test_thousands_separators_in_groups_of_three(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store, rid, code, _, err = attempt(tmp_path, capsys, (HEADER + 'S2.04,,"1,234",,\r\n').encode())
    assert code == 0, err
    assert stored(store, rid)["S2.04"][1] == 1234.0


@pytest.mark.parametrize("typed", ['"9,5"', '"1,5"', "9_5", "95%%", "%", '","', "1e3", '"1,0000"', "٩٥",
                                   "0x10", "--5", "5-", "."])
def test_numbers_that_would_be_reinterpreted_are_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], typed: str) -> None:
    err = refused(tmp_path, capsys, (HEADER + f"S2.01,,{typed},,\r\n").encode())
    assert "第 2 行" in err and "S2.01" in err and "不是数字" in err
