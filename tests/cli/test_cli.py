"""The command line as DESIGN §6 fixes it: output, JSON fields, exit codes, messages, no tracebacks."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import MINI_ID
from storefixtures import run_main, run_process, write_small

from checklist_tui.storage.store import Store

ROUND_FIELDS = ["id", "checklist", "unit", "period", "status", "answered", "total", "na", "score",
                "base_score", "bonus", "bonus_items", "grade", "submitted"]


@pytest.fixture
def folders(tmp_path: Path) -> tuple[str, ...]:
    """Global options for a fresh data folder that also sees the small checklist."""
    write_small(tmp_path / "lists")
    return ("--data", str(tmp_path / "data"), "--checklists", str(tmp_path / "lists"))


def new_round(capsys: pytest.CaptureFixture[str], folders: tuple[str, ...], unit: str = "麻埠村",
              period: str = "2025-Q1") -> str:
    code, out, err = run_main(capsys, "new", "--checklist", MINI_ID, "--unit", unit, "--period", period,
                              "--inspector", "王晓丽", *folders)
    assert code == 0, err
    return out.strip()


def store_of(folders: tuple[str, ...]) -> Store:
    return Store(Path(folders[1]))


def test_new_prints_the_round_id(capsys: pytest.CaptureFixture[str], folders: tuple[str, ...]) -> None:
    assert new_round(capsys, folders) == "R0001"
    assert new_round(capsys, folders, unit="桃岭村") == "R0002"
    meta = store_of(folders).load_round("R0002").meta
    assert (meta.checklist, meta.unit, meta.period) == (MINI_ID, "桃岭村", "2025-Q1")
    assert meta.inspector == "王晓丽"


def test_rounds_json_has_exactly_the_public_fields(
        capsys: pytest.CaptureFixture[str], folders: tuple[str, ...]) -> None:
    rid = new_round(capsys, folders)
    store = store_of(folders)
    store.save_answer(rid, "S1.01", answer="pass")
    store.save_answer(rid, "S1.02", answer="na")
    new_round(capsys, folders, unit="桃岭村")
    code, out, err = run_main(capsys, "rounds", "--format", "json", *folders)
    assert code == 0, err
    rows = json.loads(out)
    assert [list(row) for row in rows] == [ROUND_FIELDS, ROUND_FIELDS]
    newest, first = rows
    assert newest["id"] == "R0002" and newest["answered"] == 0
    # 3·1 / (15 − 5) = 30.0 (S1.02 n/a leaves the denominator); no bonus item: base = score
    assert first == {"id": "R0001", "checklist": MINI_ID, "unit": "麻埠村", "period": "2025-Q1",
                     "status": "in_progress", "answered": 2, "total": 7, "na": 1,
                     "score": pytest.approx(30.0),
                     "base_score": pytest.approx(30.0), "bonus": 0, "bonus_items": [],
                     "grade": "不合格", "submitted": None}


def test_rounds_text_and_an_empty_folder(
        capsys: pytest.CaptureFixture[str], folders: tuple[str, ...]) -> None:
    code, out, _ = run_main(capsys, "rounds", *folders)
    assert code == 0 and "还没有检查批次" in out
    assert json.loads(run_main(capsys, "rounds", "--format", "json", *folders)[1]) == []
    new_round(capsys, folders)
    code, out, _ = run_main(capsys, "rounds", *folders)
    assert code == 0 and "R0001" in out and "麻埠村" in out and "0/7" in out


@pytest.mark.parametrize("command", ["new", "template"])
def test_a_checklist_whose_file_has_errors_is_not_just_unknown(
        capsys: pytest.CaptureFixture[str], folders: tuple[str, ...], command: str) -> None:
    """The office's own checklist with one mistake was refused as 'unknown', as if the file were
    not there: the message now names the file that was not loaded and how to see why."""
    broken = Path(folders[3]) / "village.toml"
    broken.write_text('[checklist]\nid = "village"\ntitle = "村级自查表"\nwieght = 1\n', encoding="utf-8")
    argv = (("new", "--checklist", "village", "--unit", "甲", "--period", "2025")
            if command == "new" else ("template", "village"))
    code, out, err = run_main(capsys, *argv, *folders)
    assert code == 2 and out == ""
    assert "village" in err and str(broken) in err and "validate" in err


def test_rounds_text_piped_cuts_no_checklist_or_unit(
        capsys: pytest.CaptureFixture[str], folders: tuple[str, ...]) -> None:
    """Piped to a file, the 80-column table cut 'shortcomings-rectification' and long unit names
    to 'shortcom…' and '综合行政 …': the listing lost the very words that identify a round. The
    checklist is named by its short title (整改自查), never by its file id."""
    unit = "综合行政执法大队麻埠中队第一执法组"
    code, _, err = run_main(capsys, "new", "--checklist", "shortcomings-rectification", "--unit", unit,
                            "--period", "2025-Q3", *folders)
    assert code == 0, err
    code, out, _ = run_main(capsys, "rounds", *folders)
    assert code == 0
    line = next(line for line in out.splitlines() if "R0001" in line)
    assert "整改自查" in line and unit in line and "…" not in out
    assert "shortcomings-rectification" not in out


def answer_all(store: Store, rid: str, **skip: bool) -> None:
    for item, kwargs in (("S1.01", {"answer": "partial", "note": "纪要未归档"}),
                         ("S1.02", {"answer": "pass"}), ("S1.03", {"answer": "fail"}),
                         ("S2.01", {"value": 99}), ("S2.02", {"value": 2}), ("S2.03", {"answer": "pass"}),
                         ("S2.04", {"value": 4})):
        if not skip.get(item.replace(".", "_")):
            store.save_answer(rid, item, **kwargs)


def test_submit_refuses_an_unanswered_critical_item_always(
        capsys: pytest.CaptureFixture[str], folders: tuple[str, ...]) -> None:
    rid = new_round(capsys, folders)
    answer_all(store_of(folders), rid, S1_02=True)
    code, _, err = run_main(capsys, "submit", rid, "--allow-unanswered", *folders)
    assert code == 2
    assert "S1.02" in err and "一票否决" in err
    assert not store_of(folders).load_round(rid).submitted


def test_submit_refuses_other_unanswered_items_without_the_flag(
        capsys: pytest.CaptureFixture[str], folders: tuple[str, ...]) -> None:
    rid = new_round(capsys, folders)
    answer_all(store_of(folders), rid, S2_03=True)
    code, _, err = run_main(capsys, "submit", rid, *folders)
    assert code == 2
    assert "S2.03" in err and "--allow-unanswered" in err
    code, _, err = run_main(capsys, "submit", rid, "--allow-unanswered", *folders)
    assert code == 0, err


def test_submit_opens_one_rectification_per_fail_or_partial(
        capsys: pytest.CaptureFixture[str], folders: tuple[str, ...]) -> None:
    rid = new_round(capsys, folders)
    answer_all(store_of(folders), rid)
    today = dt.date.today().isoformat()
    code, out, err = run_main(capsys, "submit", rid, "--date", today, "--by", "王晓丽", *folders)
    assert code == 0, err
    # S1.01 partial, S1.03 fail, S2.02 two shortfalls → max(0, 2 − 1.0) / 2 = 0.5 → partial
    assert [line.split()[:2] for line in out.splitlines()[1:]] == [
        [f"{rid}-01", "S1.01"], [f"{rid}-02", "S1.03"], [f"{rid}-03", "S2.02"]]
    assert "3" in out.splitlines()[0]
    record = store_of(folders).load_round(rid)
    assert record.meta.submitted == today
    assert [(r.item, r.state, r.found.isoformat()) for r in record.rectifications] == [
        ("S1.01", "found", today), ("S1.03", "found", today), ("S2.02", "found", today)]
    code, _, err = run_main(capsys, "submit", rid, *folders)
    assert code == 2 and "不能重复提交" in err and "修改答案" not in err


def test_a_sheet_for_a_submitted_round_is_refused_for_the_round_not_its_rows(
        capsys: pytest.CaptureFixture[str], folders: tuple[str, ...], tmp_path: Path) -> None:
    """The refusal said '以下各行有误' (the following rows are wrong) above a line about the round."""
    rid = new_round(capsys, folders)
    answer_all(store_of(folders), rid)
    assert run_main(capsys, "submit", rid, *folders)[0] == 0
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("item,answer,value,note,evidence\nS1.01,符合,,,\n", encoding="utf-8")
    code, _, err = run_main(capsys, "import", rid, str(sheet), *folders)
    assert code == 2
    assert "已于" in err and "提交" in err and "各行有误" not in err
    assert store_of(folders).load_round(rid).answers["S1.01"].answer == "partial"


def test_raise_and_rectify(capsys: pytest.CaptureFixture[str], folders: tuple[str, ...]) -> None:
    rid = new_round(capsys, folders)
    code, out, err = run_main(capsys, "raise", rid, "--problem", "“法律明白人”作用发挥不充分",
                              "--by", "王晓丽", "--item", "S1.01", "--date", "2025-04-01", *folders)
    assert code == 0, err
    rect = out.strip()
    assert rect == f"{rid}-01"
    code, out, err = run_main(capsys, "rectify", rect, "--to", "closed", "--by", "王晓丽",
                              "--comment", "销号", "--date", "2025-04-02", *folders)
    assert code == 2
    assert "已通报" in err and "已销号" in err  # the refused target and what is allowed
    assert "notified" not in err and "closed" not in err
    code, out, err = run_main(capsys, "rectify", rect, "--to", "notified", "--by", "王晓丽",
                              "--date", "2025-04-02", *folders)
    assert code == 0, err
    assert "已通报" in out and "notified" not in out
    code, _, err = run_main(capsys, "rectify", rect, "--to", "rectifying", "--by", "王晓丽", "--date",
                            "2025-04-03", *folders)
    assert code == 2  # owner is pre-filled from the item, but person, measures, kind and due are required
    code, _, err = run_main(capsys, "rectify", rect, "--to", "rectifying", "--by", "王晓丽", "--date",
                            "2025-04-03", "--measures", "补齐台账", "--due", "2025-05-31", "--person", "钱七",
                            "--kind", "限期整改", *folders)
    assert code == 0, err
    rect_now = store_of(folders).load_round(rid).rectifications[0]
    assert (rect_now.state, rect_now.owner, rect_now.due) == ("rectifying", "党政办", dt.date(2025, 5, 31))


def test_a_date_in_the_future_is_refused(
        capsys: pytest.CaptureFixture[str], folders: tuple[str, ...]) -> None:
    """'raise --date 2052-…' (for 2025) made an item that no ledger showed until 2052, and since a
    transition may not go back in time, it could never be notified, worked or closed."""
    rid = new_round(capsys, folders)
    answer_all(store_of(folders), rid)
    future = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    code, _, err = run_main(capsys, "submit", rid, "--date", future, *folders)
    assert code == 2 and future in err and "晚于今天" in err
    assert run_main(capsys, "submit", rid, *folders)[0] == 0
    code, _, err = run_main(capsys, "raise", rid, "--problem", "台账缺页", "--by", "王", "--date", future,
                            *folders)
    assert code == 2 and future in err and "晚于今天" in err
    code, _, err = run_main(capsys, "rectify", f"{rid}-01", "--to", "notified", "--by", "王", "--date",
                            future, *folders)
    assert code == 2 and future in err
    record = store_of(folders).load_round(rid)
    assert len(record.rectifications) == 3 and {r.state for r in record.rectifications} == {"found"}


@pytest.mark.parametrize(
    "argv",
    [("raise", "R0001", "--problem", "x", "--by", "x"),
     ("rectify", "R0001-01", "--to", "notified", "--by", "x"),
     ("submit", "R0001"), ("import", "R0001", "sheet.csv"), ("restore", "R0001", "1"), ("submit", "R1x")],
)
def test_an_unknown_round_is_bad_input(capsys: pytest.CaptureFixture[str], folders: tuple[str, ...],
                                       argv: tuple[str, ...]) -> None:
    code, _, err = run_main(capsys, *argv, *folders)
    assert code == 2
    assert argv[1] in err or argv[1].upper() in err


def test_global_options_before_and_after_the_command(
        capsys: pytest.CaptureFixture[str], folders: tuple[str, ...]) -> None:
    new = ("new", "--checklist", MINI_ID, "--period", "2025", "--unit")
    code, out, _ = run_main(capsys, *folders, *new, "甲")
    assert (code, out.strip()) == (0, "R0001")
    code, out, _ = run_main(capsys, *new, "乙", *folders)
    assert (code, out.strip()) == (0, "R0002")
    code, out, _ = run_main(capsys, "--data", folders[1], "rounds", "--format", "json",
                            "--checklists", folders[3])
    assert code == 0 and [row["unit"] for row in json.loads(out)] == ["乙", "甲"]


@pytest.mark.parametrize(
    ("argv", "words"),
    [(("new", "--checklist", MINI_ID, "--unit", "甲", "--period", "2025-Q5"), "2025-Q5"),
     (("new", "--checklist", MINI_ID, "--unit", "甲", "--period", "25年"), "YYYY"),
     (("new", "--checklist", MINI_ID, "--unit", "  ", "--period", "2025"), "单位"),
     (("new", "--checklist", "nope", "--unit", "甲", "--period", "2025"), "nope"),
     (("new", "--checklist", MINI_ID, "--unit", "麻埠\n村", "--period", "2025"), "换行"),
     (("new", "--checklist", MINI_ID, "--unit", "甲", "--period", "2025", "--inspector", "王\t五"),
      "检查人"),
     (("submit", "R0001", "--date", "2025-02-30"), "2025-02-30"),
     (("submit", "R0001", "--date", "04/01/2025"), "应为 2026-11-30 形式的日期"),
     (("rectify", "R0001-01", "--to", "done", "--by", "x"), "done"),
     (("rounds", "--format", "xml"), "xml"),
     (("demo", "--rounds", "0"), "--rounds"),
     (("frobnicate",), "frobnicate")],
)
def test_bad_arguments_are_refused_with_a_message(
        capsys: pytest.CaptureFixture[str], folders: tuple[str, ...], argv: tuple[str, ...],
        words: str) -> None:
    code, _, err = run_main(capsys, *argv, *folders)
    assert code == 2
    assert words in err


COMMANDS = ("new", "open", "template", "import", "submit", "rounds", "summary", "ledger", "raise",
            "rectify", "validate", "demo", "draft", "restore")


@pytest.mark.parametrize("command", [(), *((c,) for c in COMMANDS)], ids=["top", *COMMANDS])
def test_help_reads_in_chinese_and_explains_every_option(
        capsys: pytest.CaptureFixture[str], command: tuple[str, ...]) -> None:
    code, out, _ = run_main(capsys, *command, "--help")
    assert code == 0
    assert out.startswith("用法：checklist-tui") and "显示本帮助并退出" in out
    for english in ("usage:", "options:", "positional arguments", "show this help"):
        assert english not in out
    # every option and argument has its own explanation: after the names on its line, or on the
    # next, more indented line (argparse's layout for long names); no bare "--by BY" lines
    lines = out.split("命令：")[0].splitlines()
    entries = [i for i, line in enumerate(lines) if re.match(r"  \S", line)]
    assert entries
    for i in entries:
        explained = re.search(r"\S {2,}\S", lines[i].strip()) is not None
        following = lines[i + 1] if i + 1 < len(lines) else ""
        assert explained or re.match(r" {6,}\S", following), lines[i]


@pytest.mark.parametrize(
    ("argv", "words"),
    [(("new",), "错误：缺少必填参数：--checklist、--unit、--period"),
     (("rounds", "--format", "xml"), "错误：参数 --format：取值「xml」无效；可选：text、json"),
     (("demo", "--rounds", "x"), "参数 --rounds：应为整数，收到「x」"),
     (("rounds", "--frob"), "错误：无法识别的参数：--frob"),
     (("summary", "--compare", "R0001"), "参数 --compare：应有 2 个取值"),
     (("submit", "R0001", "--date", "04/01/2025"), "参数 --date：日期「04/01/2025」无效")],
)
def test_argument_errors_read_in_chinese(
        capsys: pytest.CaptureFixture[str], folders: tuple[str, ...], argv: tuple[str, ...],
        words: str) -> None:
    code, _, err = run_main(capsys, *argv, *folders)
    assert code == 2
    assert err.startswith("用法：") and words in err


@pytest.mark.parametrize("argv", [("template", MINI_ID), ("summary", "--format", "html"),
                                  ("ledger", "--format", "csv"), ("draft", "--year", "2025")])
def test_output_to_a_folder_or_into_a_missing_folder_is_bad_input(
        capsys: pytest.CaptureFixture[str], folders: tuple[str, ...], tmp_path: Path,
        argv: tuple[str, ...]) -> None:
    """-o naming a folder, or a file in a folder that does not exist, is a wrong argument: exit 2
    with the path and what is wrong in Chinese, not exit 1 with 'Is a directory'."""
    new_round(capsys, folders)
    code, _, err = run_main(capsys, *argv, "-o", str(tmp_path), *folders)
    assert code == 2 and f"-o {tmp_path}" in err and "文件夹" in err
    missing = tmp_path / "报表" / "x.out"
    code, _, err = run_main(capsys, *argv, "-o", str(missing), *folders)
    assert code == 2 and str(missing.parent) in err and "不存在" in err
    assert not missing.parent.exists()


@pytest.mark.parametrize("argv", [("rounds",), ("ledger",), ("new", "--checklist", "plan-2025",
                                                                "--unit", "甲", "--period", "2025")])
def test_a_data_folder_that_is_a_file_is_bad_input(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: tuple[str, ...]) -> None:
    """--data naming a file listed 'no rounds yet' (exit 0) or failed with exit 1."""
    path = tmp_path / "数据.json"
    path.write_text("x", encoding="utf-8")
    code, out, err = run_main(capsys, *argv, "--data", str(path))
    assert code == 2 and str(path) in err and "不是文件夹" in err
    assert out == ""


def test_output_redirected_from_a_gbk_console_is_utf8_and_complete(tmp_path: Path) -> None:
    """On Chinese Windows a redirected stdout is GBK; '✓', the CSV BOM and other characters GBK
    lacks stopped validate, summary and 'ledger --format csv > 台账.csv' with an internal error.
    Redirected output is now exactly what -o would write."""
    env = {**os.environ, "PYTHONIOENCODING": "gbk", "NO_COLOR": "1", "CHECKLIST_TUI_DATA": str(tmp_path)}
    env.pop("CHECKLIST_TUI_DEBUG", None)
    runs = {}
    for argv in (("demo", "--rounds", "4"), ("validate",), ("ledger", "--format", "csv"),
                 ("summary",), ("template", "plan-2025")):
        done = subprocess.run([sys.executable, "-m", "checklist_tui", *argv], capture_output=True,
                              env=env, timeout=120)
        assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
        runs[argv[0]] = done.stdout.decode("utf-8")  # strict: the bytes are UTF-8
    assert "✓ annual-self-check" in runs["validate"]
    assert runs["ledger"].startswith("\ufeff序号,问题来源,") and "\r\r\n" not in runs["ledger"]
    assert runs["template"].startswith("\ufeffitem,answer,value,note,evidence")
    assert "自查" in runs["summary"]


def test_python_m_help_works(tmp_path: Path) -> None:
    result = run_process("--help", data=tmp_path)
    assert result.returncode == 0
    for command in ("new", "import", "submit", "rounds", "rectify", "validate", "restore"):
        assert command in result.stdout


def test_no_traceback_on_bad_input(tmp_path: Path) -> None:
    bad_sheet = tmp_path / "sheet.csv"
    bad_sheet.write_bytes(b"\xff\xfe\x00garbage")
    data = tmp_path / "data"
    assert run_process("new", "--checklist", "plan-2025", "--unit", "党政办", "--period", "2025",
                       data=data).returncode == 0
    (data / "rounds" / "R0002.json").write_text('{"meta": {"1": {"schema": 2', encoding="utf-8")
    cases = [
        (("new", "--checklist", "plan-2025", "--unit", "党政办", "--period", "2025-13"), 2),
        (("import", "R0001", str(bad_sheet)), 2),
        (("import", "R0001", str(tmp_path)), 2),
        (("rectify", "R0001-07", "--to", "closed", "--by", "x"), 2),
        (("submit", "R0002"), 1),
        (("rounds",), 1),
        (("validate", str(bad_sheet)), 2),
    ]
    for argv, expected in cases:
        result = run_process(*argv, data=data)
        assert (argv, result.returncode) == (argv, expected), result.stderr
        assert "Traceback" not in result.stderr
        assert result.stderr.strip()


def test_dates_are_understood_as_people_type_them(
        capsys: pytest.CaptureFixture[str], folders: tuple[str, ...]) -> None:
    rid = new_round(capsys, folders)
    for typed in ("2025/04/01", "2025年4月2日"):
        code, _, err = run_main(capsys, "raise", rid, "--problem", f"问题 {typed}", "--by", "王五",
                                "--date", typed, *folders)
        assert code == 0, err
    found = [r.found for r in store_of(folders).load_round(rid).rectifications]
    assert found == [dt.date(2025, 4, 1), dt.date(2025, 4, 2)]


def test_refusals_quote_what_was_given_in_chinese_quotes(
        capsys: pytest.CaptureFixture[str], folders: tuple[str, ...]) -> None:
    """A bad round id and an unknown checklist are named in 「」, not in the programming quotes of
    Python's repr."""
    new_round(capsys, folders)
    code, _, err = run_main(capsys, "submit", "RX1", *folders)
    assert code == 2 and "「RX1」" in err and "'RX1'" not in err
    code, _, err = run_main(capsys, "new", "--checklist", "nosuch", "--unit", "麻埠村", "--period", "2025",
                            *folders)
    assert code == 2 and "「nosuch」" in err and "'nosuch'" not in err
