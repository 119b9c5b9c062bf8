"""Answer sheets as villages send them back: Excel/WPS encodings, Chinese answer words, blank rows,
extra columns; one bad row and nothing is saved, with every bad row named."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from conftest import MINI_ID
from storefixtures import run_main, store_with_round

from checklist_tui.storage.store import Store

HEADER = "item,answer,value,note,evidence"
GOOD_ROWS = [
    "S1.01,符合,,领导小组已调整,麻政〔2025〕3号",
    "S1.02,不符合,,个别决策未留审查记录,",
    "S1.03,不适用,,本季度无此项,",
    "S2.01,,96.5,按台账计算,调解统计表",
    "S2.02,,1,少排查一次,",
    "S2.03,符合,,,",
    "S2.04,,12,,",
]
EXPECTED = {
    "S1.01": ("pass", None, "领导小组已调整", "麻政〔2025〕3号"),
    "S1.02": ("fail", None, "个别决策未留审查记录", ""),
    "S1.03": ("na", None, "本季度无此项", ""),
    "S2.01": ("pass", 96.5, "按台账计算", "调解统计表"),
    "S2.02": ("partial", 1.0, "少排查一次", ""),  # (2 − 0.5) / 2 = 0.75 → 基本符合
    "S2.03": ("pass", None, "", ""),
    "S2.04": ("pass", 12.0, "", ""),              # no target: recorded
}


def csv_text(rows: list[str], newline: str = "\r\n") -> str:
    return newline.join([HEADER, *rows]) + newline


def stored(store: Store, round_id: str) -> dict[str, tuple]:
    answers = store.load_round(round_id).answers
    return {k: (a.answer, a.value, a.note, a.evidence) for k, a in answers.items()}


def import_bytes(tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes,
                 name: str = "sheet.csv") -> tuple[Store, str, int, str, str]:
    store, rid = store_with_round(tmp_path)
    sheet = tmp_path / name
    sheet.write_bytes(content)
    code, out, err = run_main(capsys, "import", rid, str(sheet), "--data", str(store.data_dir))
    return store, rid, code, out, err


@pytest.mark.parametrize(
    "content",
    [
        ("\ufeff" + csv_text(GOOD_ROWS)).encode("utf-8"),  # Excel "CSV UTF-8"
        csv_text(GOOD_ROWS).encode("gb18030"),              # WPS/Excel on Chinese Windows
        csv_text(GOOD_ROWS, "\n").encode("utf-8"),           # UTF-8 without BOM, Unix lines
    ],
    ids=["utf8-bom-crlf", "gb18030-crlf", "utf8-lf"],
)
def test_csv_in_the_encodings_offices_write(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes) -> None:
    store, rid, code, out, err = import_bytes(tmp_path, capsys, content)
    assert code == 0, err
    assert "导入 7 条答案" in out
    assert stored(store, rid) == EXPECTED


def test_json_sheet(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = [dict(zip(HEADER.split(","), row.split(","), strict=True)) for row in GOOD_ROWS]
    rows[3]["value"] = 96.5  # a JSON number is fine too
    content = json.dumps(rows, ensure_ascii=False).encode("utf-8")
    store, rid, code, _, err = import_bytes(tmp_path, capsys, content, "sheet.json")
    assert code == 0, err
    assert stored(store, rid) == EXPECTED


def test_english_keys_blank_rows_and_extra_columns(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = ("item,answer,value,note,evidence,section,question,备注\r\n"
            "S1.01,pass,,,,(一),问题?,多余\r\n"
            ",,,,\r\n"
            "\r\n"
            "S1.02,FAIL,,未审查,,,,\r\n")
    store, rid, code, _, err = import_bytes(tmp_path, capsys, text.encode("utf-8"))
    assert code == 0, err
    assert stored(store, rid) == {"S1.01": ("pass", None, "", ""), "S1.02": ("fail", None, "未审查", "")}


def test_one_bad_row_and_nothing_is_saved(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = [
        "S1.01,符合,,,",          # line 2: fine
        "S9.99,符合,,,",          # line 3: unknown item
        "S1.02,大致符合,,,",      # line 4: bad answer word
        "S2.01,,120,,",           # line 5: out of range (a rate above 100%)
        "S2.02,,两次,,",          # line 6: not a number
        "S1.01,不符合,,,",        # line 7: the same item twice
        "S1.03,符合,,,",          # line 8: fine
        "S2.04,,nan,,",           # line 9: "nan" reads as a float but is no number
    ]
    store, rid = store_with_round(tmp_path)
    before = store.round_path(rid).read_bytes()
    sheet = tmp_path / "sheet.csv"
    sheet.write_bytes(csv_text(rows).encode("gb18030"))
    code, _, err = run_main(capsys, "import", rid, str(sheet), "--data", str(store.data_dir))
    assert code == 2
    assert store.round_path(rid).read_bytes() == before
    assert "Traceback" not in err
    problems = {line.split("（")[0].strip(): line for line in err.splitlines()
                if line.strip().startswith("第")}
    assert list(problems) == [f"第 {n} 行" for n in (3, 4, 5, 6, 7, 9)]  # in the sheet's order
    assert "S9.99" in problems["第 3 行"]
    assert "S1.02" in problems["第 4 行"] and "大致符合" in problems["第 4 行"]
    assert "S2.01" in problems["第 5 行"] and "120" in problems["第 5 行"]
    assert "[0, 100]%" in problems["第 5 行"]
    assert "S2.02" in problems["第 6 行"] and "两次" in problems["第 6 行"]
    assert "S1.01" in problems["第 7 行"]
    assert "S2.04" in problems["第 9 行"] and "nan" in problems["第 9 行"]


def test_line_numbers_count_blank_and_multiline_rows(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = ('item,answer,value,note,evidence\r\n'
            'S1.01,符合,,"第一行\r\n第二行",\r\n'   # lines 2–3
            '\r\n'                                   # line 4
            'S1.02,也许,,,\r\n')                     # line 5
    _, _, code, _, err = import_bytes(tmp_path, capsys, text.encode("utf-8"))
    assert code == 2
    assert "第 5 行" in err and "S1.02" in err


def test_a_wrong_header_names_line_one(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = "检查项,答案,数值,说明,佐证\r\nS1.01,符合,,,\r\n".encode("gb18030")
    store, rid, code, _, err = import_bytes(tmp_path, capsys, content)
    assert code == 2
    assert "第 1 行" in err and "item,answer,value,note,evidence" in err
    assert stored(store, rid) == {}


@pytest.mark.parametrize(
    ("content", "name", "words"),
    [(b"", "sheet.csv", "空"),
     (b"\x81\x30\xff\xff\xfe", "sheet.csv", "编码"),
     (b'[{"item": "S1.01", "answer": "pass"', "sheet.json", "JSON"),
     (b'[{"item": "S1.01", "answr": "pass"}]', "sheet.json", "answr")],
    ids=["empty", "undecodable", "broken-json", "unknown-json-key"],
)
def test_unreadable_sheets_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes,
                                       name: str, words: str) -> None:
    store, rid, code, _, err = import_bytes(tmp_path, capsys, content, name)
    assert code == 2
    assert words in err and "Traceback" not in err
    assert stored(store, rid) == {}


def test_importing_into_an_unknown_round_is_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(csv_text(GOOD_ROWS), encoding="utf-8")
    code, _, err = run_main(capsys, "import", "R0042", str(sheet), "--data", str(tmp_path / "data"))
    assert code == 2 and "R0042" in err


def test_template_fills_and_imports_back(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store, rid = store_with_round(tmp_path)
    lists = tmp_path / "lists"
    template = tmp_path / "模板.csv"
    code, _, err = run_main(capsys, "template", MINI_ID, "-o", str(template), "--data", str(store.data_dir),
                            "--checklists", str(lists))
    assert code == 0, err
    content = template.read_bytes()
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    assert rows[0] == ["item", "answer", "value", "note", "evidence",
                       "checklist", "section", "question", "how"]
    assert [r[0] for r in rows[1:]] == list(EXPECTED)
    assert {r[5] for r in rows[1:]} == {MINI_ID}
    assert rows[1][7].startswith("是否随人事变动及时调整法治建设工作领导小组，")

    fill = {"S1.01": ("符合", ""), "S1.02": ("不符合", ""), "S1.03": ("不适用", ""),
            "S2.01": ("", "95"), "S2.02": ("", "0"), "S2.03": ("符合", ""), "S2.04": ("", "7")}
    for row in rows[1:]:
        row[1], row[2] = fill[row[0]]
        row[3] = f"{row[0]} 已核实"
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    template.write_bytes(out.getvalue().encode("utf-8-sig"))  # saved back as Excel would

    code, _, err = run_main(capsys, "import", rid, str(template), "--data", str(store.data_dir))
    assert code == 0, err
    assert stored(store, rid) == {
        "S1.01": ("pass", None, "S1.01 已核实", ""), "S1.02": ("fail", None, "S1.02 已核实", ""),
        "S1.03": ("na", None, "S1.03 已核实", ""), "S2.01": ("pass", 95.0, "S2.01 已核实", ""),
        "S2.02": ("pass", 0.0, "S2.02 已核实", ""), "S2.03": ("pass", None, "S2.03 已核实", ""),
        "S2.04": ("pass", 7.0, "S2.04 已核实", ""),
    }


def test_template_to_stdout_starts_with_a_bom(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_main(capsys, "template", "plan-2025", "--data", str(tmp_path))
    assert code == 0
    assert out.startswith("\ufeffitem,answer,value,note,evidence")


def test_template_of_an_unknown_checklist(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_main(capsys, "template", "no-such-list", "--data", str(tmp_path))
    assert code == 2 and "no-such-list" in err and "plan-2025" in err


def test_a_sheet_of_another_checklist_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # item ids such as S1.01 recur across checklists: the template's checklist column catches a
    # village that filled the wrong sheet, before it fills the wrong items
    store, rid = store_with_round(tmp_path)
    sheet = tmp_path / "答题表.csv"
    sheet.write_text("item,answer,value,note,evidence,checklist,section,question,how\r\n"
                     f"S1.01,符合,,,,{MINI_ID},,,\r\n"
                     "S1.03,符合,,,,annual-self-check,,,\r\n", encoding="utf-8-sig")
    before = store.round_path(rid).read_bytes()
    code, _, err = run_main(capsys, "import", rid, str(sheet), "--data", str(store.data_dir))
    assert code == 2
    assert "第 3 行" in err and "S1.03" in err and "annual-self-check" in err
    assert "第 2 行" not in err
    assert store.round_path(rid).read_bytes() == before


def test_partial_on_a_critical_item_is_a_bad_row_and_nothing_is_saved(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = ["S1.01,符合,,,", "S1.02,基本符合,,个别决策未留审查记录,"]  # S1.02 is 一票否决
    store, rid, code, _, err = import_bytes(tmp_path, capsys, csv_text(rows).encode("utf-8"))
    assert code == 2
    assert "第 3 行" in err and "S1.02" in err and "一票否决" in err
    assert stored(store, rid) == {}
