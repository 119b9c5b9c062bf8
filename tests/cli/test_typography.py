"""What the command line says, in Chinese typography (issue #16): help, argument errors, refused
sheets, checklist files and rectifications, damaged files. No half-width `:` `,` `;` `(` next to a
Chinese character, no value in ASCII quotes inside Chinese text, no English from argparse."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from conftest import MINI_ID, MINI_TOML
from storefixtures import run_main, write_small

CJK = r"[\u3400-\u9fff]"
FAULTS = (
    re.compile(rf"{CJK}[,:;?!()]"),                   # 错误: / 文件,未 / 批次(
    re.compile(rf"[,:;?!()]{CJK}"),                   # ,否则 / )恢复
    re.compile(rf"[,:;] +{CJK}"),                     # rounds: 参数 / -o x: 文件夹
    re.compile(rf"\([^()\n]*{CJK}[^()\n]*\)"),        # (xlsx 或 CSV)
    re.compile(rf"{CJK} ?(['\"])[^'\"\n]{{1,80}}\1|(['\"])[^'\"\n]{{1,80}}\2 ?{CJK}"),  # 检查项 'S9.99'
    re.compile(r"usage:|error:|options:|positional arguments|show this help|invalid choice|"
               r"choose from|the following arguments|unrecognized arguments|expected one argument"),
)


def faults(text: str) -> list[str]:
    """Each line of `text` that breaks a rule, with the offending piece. What stands in 「」 is a
    value quoted as given (a typed answer, a CSV header): it keeps its own characters."""
    found = []
    for line in re.sub(r"「[^」\n]*」", "「」", text).splitlines():
        for rule in FAULTS:
            hit = rule.search(line)
            if hit:
                found.append(f"{hit.group()!r} in {line.strip()}")
    return found


def test_the_rules_catch_what_the_command_line_used_to_say() -> None:
    old = ["错误: 找不到批次 R0009", "checklist-tui rounds: 参数错误: 参数 --format 的取值 'xml' 无效",
           "生成空白答题表 (xlsx 或 CSV)", "第 3 行 (item S9.99): 没有检查项 'S9.99'", "usage: checklist-tui",
           "批次 R0001 已提交,生成整改事项 2 项"]
    assert all(faults(line) for line in old)
    assert not faults("错误：参数 --format：取值「xml」无效；可选：text、json（见 -h）")


# the common checklist with its own text in full width too, so that any fault found is ours
FULL_WIDTH_TOML = MINI_TOML.replace("(一)", "（一）").replace("(二)", "（二）").replace("小组,由", "小组，由")


@pytest.fixture
def folders(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[str, ...]:
    """A data folder with R0001 (submitted, two open rectifications) and R0002 (answering)."""
    write_small(tmp_path / "lists", FULL_WIDTH_TOML)
    options = ("--data", str(tmp_path / "data"), "--checklists", str(tmp_path / "lists"))
    for unit in ("麻埠村", "桃岭村"):
        code, _, err = run_main(capsys, "new", "--checklist", MINI_ID, "--unit", unit, "--period", "2025",
                                "--inspector", "王晓丽", *options)
        assert code == 0, err
    sheet = tmp_path / "answers.csv"
    sheet.write_text("item,answer,value,note,evidence\nS1.01,不符合,,未调整,\nS1.02,符合,,,\n"
                     "S1.03,基本符合,,,\nS2.01,,90,,\nS2.02,,0,,\nS2.03,符合,,,\nS2.04,,3,,\n",
                     encoding="utf-8")
    for argv in (("import", "R0001", str(sheet)), ("submit", "R0001", "--date", "2025-03-01")):
        code, _, err = run_main(capsys, *argv, *options)
        assert code == 0, err
    return options


HELP = ("new", "open", "template", "import", "submit", "rounds", "summary", "ledger", "raise", "rectify",
        "notice", "void", "validate", "demo", "draft", "restore", "serve")


@pytest.mark.parametrize("command", [(), *((c,) for c in HELP)], ids=["top", *HELP])
def test_help_in_chinese_typography(capsys: pytest.CaptureFixture[str], command: tuple[str, ...]) -> None:
    code, out, _ = run_main(capsys, *command, "--help")
    assert code == 0
    # bundle's and county's own lines come from cli/county.py, which is swept with that module
    ours = [line for line in out.splitlines() if not line.lstrip().startswith(("bundle ", "county "))]
    assert faults("\n".join(ours)) == []


BAD_ARGUMENTS = [
    ("new",), ("bogus",), ("rounds", "--format", "xml"), ("rounds", "--format"), ("rounds", "--frob"),
    ("demo", "--rounds", "x"), ("summary", "--compare", "R0001"), ("submit", "R0002", "--date", "04/01/2025"),
    ("rectify", "R0001-01", "--to", "完成", "--by", "王晓丽"), ("rectify", "R0001-01", "--by", "王晓丽"),
    ("ledger", "--overdue", "--due-within", "3"), ("submit", "R0002", "--allow-unanswered=是"),
    ("ledger", "--source", "群众"), ("ledger", "--due-within", "三"),
]
BAD_INPUT = [
    ("new", "--checklist", "nope", "--unit", "麻埠村", "--period", "2025"),
    ("new", "--checklist", MINI_ID, "--unit", "麻埠村", "--period", "2025-13"),
    ("new", "--checklist", MINI_ID, "--unit", "麻埠村", "--period", "2025"),
    ("submit", "R0009"), ("submit", "X1"), ("submit", "R0001"), ("submit", "R0002"),
    ("import", "R0002", "missing.csv"), ("import", "R0001", "missing.csv"), ("import",),
    ("ledger", "--unit", "响洪甸村"), ("summary", "--format", "xlsx"),
    ("summary", "R0002", "--unit", "麻埠村"),
    ("rectify", "R0001-99", "--to", "notified", "--by", "王晓丽"),
    ("rectify", "R0001-01", "--to", "closed", "--by", "王晓丽"),
    ("rectify", "R0001-01", "--to", "rectifying", "--by", "王晓丽"),
    ("rectify", "R0001-01", "--action", "延期", "--by", "王晓丽"),
    ("rectify", "R0001-01", "--to", "notified", "--by", "司法所"),
    ("rectify", "R0001-01", "--to", "notified", "--by", "王晓丽", "--date", "2099-01-01"),
    ("raise", "R0001", "--problem", " ", "--by", "王晓丽"),
    ("void", "R0002", "--reason", " ", "--by", "王晓丽"),
    ("demo", "--rounds", "0"), ("demo",), ("draft", "--year", "2019"),
    ("template", "nope"), ("restore", "R0002", "9"), ("validate", "nowhere.toml"),
]


@pytest.mark.parametrize("argv", BAD_ARGUMENTS + BAD_INPUT, ids=lambda argv: " ".join(argv) or "none")
def test_refusals_in_chinese_typography(capsys: pytest.CaptureFixture[str], folders: tuple[str, ...],
                                        argv: tuple[str, ...]) -> None:
    code, out, err = run_main(capsys, *argv, *folders)
    assert code == 2, err
    assert err.strip()
    assert faults(out + err) == []


SHEET_ROWS = (
    "S9.99,符合,,,",      # an item the checklist lacks
    "S1.01,也许,,,",      # an answer no one knows
    "S1.02,基本符合,,,",  # 一票否决 answered partly
    "S1.03,符合,5,,",     # a value on a yes/no item
    "S2.01,,120,,",       # beyond 100%
    "S2.01,,很多,,",      # not a number, and the item twice
    "S2.02,,1.5,,",       # a count that is not whole
    "S2.04,符合,,,",      # a number item answered with a word
    ",符合,,,",           # no item
)


def test_a_refused_csv_sheet_in_chinese_typography(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], folders: tuple[str, ...]) -> None:
    sheet = tmp_path / "bad.csv"
    sheet.write_text("item,answer,value,note,evidence\n" + "\n".join(SHEET_ROWS) + "\n", encoding="utf-8")
    code, _, err = run_main(capsys, "import", "R0002", str(sheet), *folders)
    assert code == 2 and err.count("\n第 ") >= len(SHEET_ROWS) - 1
    assert faults(err) == []


@pytest.mark.parametrize(("name", "text"), [
    ("s.json", '{"item": "S1.01"}'), ("s.json", '[{"item": "S1.01", "answer": 1, "extra": true}, 5]'),
    ("s.json", '[{"item": "S1.01",'), ("s.csv", "item;answer\nS1.01;符合\n"),
    ("s.csv", 'item,answer,value,note,evidence\nS1.01,"符合\n'), ("s.csv", ""), ("s.xlsx", "不是工作簿"),
], ids=["not-a-list", "bad-entries", "broken-json", "wrong-header", "open-quote", "empty", "not-xlsx"])
def test_unreadable_sheets_in_chinese_typography(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                 folders: tuple[str, ...], name: str, text: str) -> None:
    sheet = tmp_path / name
    sheet.write_text(text, encoding="utf-8")
    code, _, err = run_main(capsys, "import", "R0002", str(sheet), *folders)
    assert code == 2
    assert faults(err) == []


BAD_CHECKLIST = """\
[checklist]
id = "Bad List"
title = "坏表"
version = "1"
cadence = "weekly"
wieght = 1

[[section]]
id = "S1"
title = "第一部分"

[[section.item]]
id = "S1.01"
text = "问题？"
weight = -1
kind = "yesno"

[[section.item]]
id = "S1.02"
text = "比例"
kind = "number"
unit = "%"
min = 10
max = 5
target = "about 95"

[[section.item]]
id = "S1.02"
text = ""
kind = "deduction"
each = 0
weight = 2

[[section.item]]
id = "S1.03"
text = "扣分"
kind = "deduction"
each = 1
cap = 5
weight = 2
critical = true
evidence = "文件"
"""


def test_checklist_problems_in_chinese_typography(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "bad"
    write_small(folder, BAD_CHECKLIST, "bad.toml")
    write_small(folder, '[checklist]\nid = "x\n', "broken.toml")
    write_small(folder, f'[checklist]\nid = "{MINI_ID}"\n', "other.toml")
    code, out, err = run_main(capsys, "validate", str(folder), "--data", str(tmp_path / "data"))
    assert code == 2 and err.count("\n") > 8
    assert faults(out + err) == []


def test_a_damaged_round_file_in_chinese_typography(
        capsys: pytest.CaptureFixture[str], folders: tuple[str, ...]) -> None:
    (Path(folders[1]) / "rounds" / "R0002.json").write_text('{"meta": {"id": "R0002"', encoding="utf-8")
    for argv in (("rounds",), ("summary", "R0002"), ("submit", "R0002")):
        code, out, err = run_main(capsys, *argv, *folders)
        assert code == 1 and "R0002" in err
        assert faults(out + err) == [], argv


def test_the_template_says_each_target_with_its_unit(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], folders: tuple[str, ...]) -> None:
    """The 填写说明 of a percentage item reads 目标 ≥ 95%, as the item card does; the rest full-width."""
    for name in ("blank.csv", "blank.xlsx"):
        code, _, err = run_main(capsys, "template", MINI_ID, "-o", str(tmp_path / name), *folders)
        assert code == 0, err
    rows = list(csv.reader(io.StringIO((tmp_path / "blank.csv").read_text(encoding="utf-8-sig"))))
    how = [row[-1] for row in rows[1:]]  # 填写说明, the last column
    assert any("目标 ≥ 95%" in cell for cell in how)
    from openpyxl import load_workbook
    sheet = load_workbook(tmp_path / "blank.xlsx").active
    header = next(i for i, row in enumerate(sheet.iter_rows(values_only=True)) if "填写说明" in row)
    cells = [str(row[-1]) for row in sheet.iter_rows(min_row=header + 2, values_only=True) if row[-1]]
    assert any("目标 ≥ 95%" in cell for cell in cells)
    assert faults("\n".join(how)) == [] and faults("\n".join(cells)) == []


REPORTS = [("rounds",), ("summary",), ("summary", "R0001", "--format", "md"), ("ledger",),
           ("ledger", "--format", "md"), ("draft", "--year", "2025"), ("notice", "--as-of", "2025-12-31"),
           ("restore", "R0001"), ("validate",)]


@pytest.mark.parametrize("argv", REPORTS, ids=" ".join)
def test_reports_in_chinese_typography(capsys: pytest.CaptureFixture[str], folders: tuple[str, ...],
                                       argv: tuple[str, ...]) -> None:
    code, out, err = run_main(capsys, *argv, *folders)
    assert code == 0, err
    assert faults(out + err) == []
