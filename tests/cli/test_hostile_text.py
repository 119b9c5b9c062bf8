"""Text that reaches where it should not (issue 14): terminal control characters, formulas in
sheets, -o over the app's own files, round ids that are no ids, bytes that are not UTF-8."""

from __future__ import annotations

import csv
import io
import json
import subprocess
from pathlib import Path

import pytest
from conftest import MINI_ID, MINI_TOML
from storefixtures import PYTHON, ROOT, file_bytes, run_main, store_with_round, write_small

from checklist_tui.errors import BadInput
from checklist_tui.storage.store import Store

ESC_NOTE = "看\x1b[2J\x1b]0;pwned\x07这里"


def folder_with_round(tmp_path: Path) -> tuple[Store, str, tuple[str, ...]]:
    store, rid = store_with_round(tmp_path)
    return store, rid, ("--data", str(store.data_dir), "--checklists", str(tmp_path / "lists"))


@pytest.mark.parametrize("argv", [
    ("raise", "R0001", "--problem", ESC_NOTE, "--by", "王"),
    ("raise", "R0001", "--problem", "问题", "--by", "王\x1b[31m"),
    ("submit", "R0001", "--by", "a\x9bb", "--allow-unanswered"),
])
def test_control_characters_on_the_command_line_are_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...]) -> None:
    store, _, folders = folder_with_round(tmp_path)
    before = file_bytes(store.data_dir)
    code, _, err = run_main(capsys, *argv, *folders)
    assert code == 2 and "控制字符" in err and "\x1b" not in err
    assert file_bytes(store.data_dir) == before


def test_control_characters_in_a_rectification_step_are_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store, rid, folders = folder_with_round(tmp_path)
    rect = store.raise_item(rid, problem="未建台账", by="王")
    for field in ("--comment", "--owner", "--measures", "--evidence"):
        code, _, err = run_main(capsys, "rectify", rect.id, "--to", "notified", "--by", "王", field,
                                "x\x1b[0m", *folders)
        assert code == 2 and "控制字符" in err, field


@pytest.mark.parametrize("field", ["note", "evidence"])
def test_control_characters_in_an_answer_are_refused(tmp_path: Path, field: str) -> None:
    store, rid = store_with_round(tmp_path)
    with pytest.raises(BadInput, match="控制字符"):
        store.save_answer(rid, "S1.01", answer="pass", **{field: ESC_NOTE})
    assert store.load_round(rid).answers == {}


def test_control_characters_in_a_sheet_are_refused_by_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store, rid, folders = folder_with_round(tmp_path)
    sheet = tmp_path / "s.csv"
    sheet.write_text(f"item,answer,value,note,evidence\r\nS1.01,pass,,ok,\r\nS1.03,pass,,{ESC_NOTE},\r\n",
                     encoding="utf-8")
    before = file_bytes(store.data_dir)
    code, _, err = run_main(capsys, "import", rid, str(sheet), *folders)
    assert code == 2 and "第 3 行" in err and "S1.03" in err and "\x1b" not in err
    assert file_bytes(store.data_dir) == before


def test_a_line_break_in_a_note_is_kept(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store, rid, folders = folder_with_round(tmp_path)
    sheet = tmp_path / "s.csv"
    sheet.write_bytes('item,answer,value,note,evidence\r\nS1.01,pass,,"第一行\r\n第二行",\r\n'.encode())
    code, _, err = run_main(capsys, "import", rid, str(sheet), *folders)
    assert code == 0, err
    assert store.load_round(rid).answers["S1.01"].note == "第一行\n第二行"


def plant_old_text(store: Store, rid: str) -> None:
    """Text stored before the rule (or by another program): written into the file directly."""
    path = store.round_path(rid)
    data = json.loads(path.read_text("utf-8"))
    data["answers"] = {"1": {"item": "S1.01", "answer": "fail", "value": None, "note": ESC_NOTE,
                             "evidence": "", "by": "", "at": "2025-01-06T09:00:00"}}
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


@pytest.mark.parametrize("fmt", ["text", "md", "html", "json"])
def test_control_characters_already_stored_never_reach_an_export_raw(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    store, rid, folders = folder_with_round(tmp_path)
    plant_old_text(store, rid)
    code, _, err = run_main(capsys, "submit", rid, "--allow-unanswered", "--date", "2025-03-01", *folders)
    assert code == 2 or code == 0, err  # the critical S1.02 is unanswered: refused, fine either way
    store.raise_item(rid, problem="见说明", by="王")
    for argv in (("summary", "--format", fmt), ("ledger", "--format", "csv" if fmt == "json" else fmt)):
        code, out, err = run_main(capsys, *argv, *folders)
        assert code == 0, err
        assert "\x1b" not in out and "\x07" not in out


def test_ledger_csv_guards_every_formula_start(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store, rid, folders = folder_with_round(tmp_path)
    for problem in ("=1+1", "＝HYPERLINK(1)", "+1", "-1", "@SUM(1)", "＋1", "－1", "＠x"):
        store.raise_item(rid, problem=problem, by="王")
    code, out, err = run_main(capsys, "ledger", "--format", "csv", *folders)
    assert code == 0, err
    rows = list(csv.reader(io.StringIO(out.lstrip("\ufeff"))))
    problems = [row[rows[0].index("问题描述")] for row in rows[1:]]
    assert problems and all(cell.startswith("'") for cell in problems), problems


def test_template_csv_guards_every_cell(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lists = tmp_path / "lists"
    write_small(lists, MINI_TOML.replace('title = "(一)组织领导"', 'title = "=cmd|\' /C calc\'!A0"')
                .replace('text = "人民调解成功率是多少？"', 'text = "＝1+1 人民调解成功率是多少？"'))
    code, out, err = run_main(capsys, "template", MINI_ID, "--data", str(tmp_path / "data"),
                              "--checklists", str(lists))
    assert code == 0, err
    cells = [cell for row in csv.reader(io.StringIO(out.lstrip("\ufeff"))) for cell in row]
    assert not [cell for cell in cells if cell and cell[0] in "=+-@＝＋－＠"]
    assert "'=cmd|' /C calc'!A0" in cells and "'＝1+1 人民调解成功率是多少？" in cells


@pytest.mark.parametrize("target", ["rounds/R0001.json", "index.jsonl", "backups/R0001.json.1", "new.md"])
def test_output_inside_the_data_folder_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                  target: str) -> None:
    store, rid, folders = folder_with_round(tmp_path)
    store.save_answer(rid, "S1.01", answer="pass")
    store.listing()
    before = file_bytes(store.data_dir)
    for argv in (("summary", "-o"), ("ledger", "-o"), ("template", MINI_ID, "-o"), ("draft", "--year",
                                                                                      "2025", "-o")):
        path = store.data_dir / target
        path.parent.mkdir(exist_ok=True)
        code, _, err = run_main(capsys, *argv, str(path), *folders)
        assert code == 2 and "数据文件夹" in err, argv
        assert file_bytes(store.data_dir) == before


def test_output_beside_the_data_folder_is_fine(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, _, folders = folder_with_round(tmp_path)
    code, _, err = run_main(capsys, "summary", "-o", str(tmp_path / "data-summary.md"), "--format", "md",
                            *folders)
    assert code == 0, err


@pytest.mark.parametrize("argv", [
    ("import", "R" + "1" * 300, "x.csv"), ("submit", "R" + "1" * 300), ("raise", "R" + "1" * 300, "--problem",
                                                                        "p", "--by", "b"),
    ("rectify", "R" + "1" * 300 + "-01", "--to", "notified", "--by", "b"), ("restore", "R" + "1" * 300),
    ("restore", "R" + "1" * 300, "1"), ("summary", "R" + "1" * 300), ("ledger", "--round", "R" + "1" * 300),
    ("ledger", "--round", ""), ("summary", ""), ("submit", ""), ("restore", ""),
])
def test_round_ids_that_are_no_ids_are_refused_cleanly(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...]) -> None:
    _, _, folders = folder_with_round(tmp_path)
    code, _, err = run_main(capsys, *argv, *folders)
    assert code == 2, err
    assert "内部错误" not in err and ("批次" in err or "整改事项" in err)


def run_bytes(*argv: bytes | str, data: Path) -> subprocess.CompletedProcess:
    return subprocess.run([PYTHON, "-m", "checklist_tui", *argv, "--data", str(data)], capture_output=True,
                          cwd=ROOT, timeout=60, stdin=subprocess.DEVNULL)


def test_open_of_an_empty_round_id_is_refused_not_home(tmp_path: Path) -> None:
    _, _, folders = folder_with_round(tmp_path)
    result = run_bytes("open", "", data=Path(folders[1]))
    assert result.returncode == 2 and "批次编号".encode() in result.stderr


@pytest.mark.parametrize("argv", [(b"raise", b"R0001", b"--problem", b"bad\xff", b"--by", b"x"),
                                  (b"new", b"--checklist", b"plan-2025", b"--unit", b"\xe9\x83", b"--period",
                                   b"2025")])
def test_arguments_that_are_not_utf8_are_refused(tmp_path: Path, argv: tuple[bytes, ...]) -> None:
    store, _, _ = folder_with_round(tmp_path)
    before = file_bytes(store.data_dir)
    result = run_bytes(*argv, data=store.data_dir)
    stderr = result.stderr.decode("utf-8", "replace")
    assert result.returncode == 2, stderr
    assert "UTF-8" in stderr and "Traceback" not in stderr and "内部错误" not in stderr
    assert file_bytes(store.data_dir) == before
