"""The checklist loader: every mistake in a file is reported with file, section, item and field;
a bad file is not loaded while the others are; overrides between folders are reported."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import MINI_ID, MINI_TOML
from storefixtures import run_main, write_small

from checklist_tui.catalogue.library import bundled_dir, checklist_dirs, load_file, load_library
from checklist_tui.domain.checklist import ChecklistError, Problem

HEAD = """\
[checklist]
id = "test-list"
title = "测试表"
version = "1"
{head}
[[section]]
id = "S1"
title = "第一部分"
{section}
[[section.item]]
id = "S1.01"
{item}
"""


def write(tmp_path: Path, item: str = 'text = "问题?"', section: str = "", head: str = "",
          name: str = "list.toml") -> Path:
    return write_small(tmp_path, HEAD.format(head=head, section=section, item=item), name)


def problems_of(path: Path) -> list[Problem]:
    with pytest.raises(ChecklistError) as caught:
        load_file(path)
    return caught.value.problems


def only_problem(path: Path) -> Problem:
    problems = problems_of(path)
    assert len(problems) == 1, problems
    return problems[0]


def test_a_valid_file_loads(tmp_path: Path) -> None:
    checklist = load_file(write_small(tmp_path))
    assert checklist.id == MINI_ID
    assert [i.id for i in checklist.items] == ["S1.01", "S1.02", "S1.03", "S2.01", "S2.02", "S2.03", "S2.04"]
    rate = checklist.item("S2.01")
    # unit "%" gives the range [0, 100] by default
    assert (rate.min, rate.max, str(rate.target)) == (0.0, 100.0, ">= 95")


def test_toml_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, item='text = "没有结束的引号\nweight = 1')
    problem = only_problem(path)
    assert problem.file == str(path)
    assert "第 12 行" in problem.message  # the unterminated string is on line 12 of the file
    assert str(path) in str(problem)


@pytest.mark.parametrize(
    ("item", "field", "words"),
    [
        ('text = "问题?"\nsource = ["P9.9.9"]', "source", "P9.9.9"),
        ('weight = 2', "text", "缺少必填字段"),
        ('text = ""', "text", "不能为空"),
        ('text = "问题?"\nweight = -1', "weight", "-1"),
        ('text = "问题?"\nkind = "yesno"', "kind", "yesno"),
        ('text = "问题?"\nwieght = 2', "wieght", "未知字段"),
        ('text = "问题?"\nkind = "number"\nmin = 10\nmax = 5\nweight = 0', "min", "max"),
        ('text = "问题?"\nkind = "number"\nmin = 0\nmax = 50\ntarget = ">= 95"', "target", "min 到 max"),
        ('text = "问题?"\nkind = "number"\ntarget = "about 95"', "target", "about 95"),
        ('text = "问题?"\nkind = "number"\ntarget = "=> 95"', "target", "=> 95"),
        ('text = "问题?"\nkind = "number"\nweight = 2', "target", "weight 必须为 0"),
        ('text = "问题?"\nkind = "number"\nweight = 0\ncritical = true', "critical", "critical"),
        ('text = "调解成功率"\nkind = "number"\nunit = "%"\nmax = 120\ntarget = ">= 95"', "max", "120"),
        ('text = "问题?"\nkind = "deduction"\nweight = 0\neach = 0.5\ncap = 1', "weight", "0"),
        ('text = "问题?"\nkind = "deduction"\neach = 0\ncap = 1', "each", "0"),
        ('text = "问题?"\nkind = "deduction"\neach = -0.5\ncap = 1', "each", "-0.5"),
        ('text = "问题?"\nkind = "deduction"\neach = 0.5', "cap", "缺少"),
        ('text = "问题?"\nunit = "%"', "unit", "number"),
        ('text = "问题?"\ntarget = ">= 1"', "target", "number"),
        ('text = "问题?"\neach = 1', "each", "deduction"),
    ],
    ids=["unknown-source", "missing-text", "empty-text", "negative-weight", "unknown-kind",
         "unknown-item-key", "min-over-max", "target-outside", "target-malformed", "target-bad-op",
         "number-weight-no-target", "critical-number-no-target", "percent-over-100",
         "deduction-weight-0", "deduction-each-0", "deduction-each-negative", "deduction-no-cap",
         "unit-on-status", "target-on-status", "each-on-status"],
)
def test_each_item_problem_names_file_section_item_and_field(
        tmp_path: Path, item: str, field: str, words: str) -> None:
    path = write(tmp_path, item=item)
    problem = only_problem(path)
    assert (problem.file, problem.section, problem.item, problem.field) == (str(path), "S1", "S1.01", field)
    assert words in problem.message
    shown = str(problem)
    for part in (str(path), "部分 S1", "检查项 S1.01", f"字段 {field}"):
        assert part in shown


def test_unknown_key_at_checklist_and_section_level(tmp_path: Path) -> None:
    path = write(tmp_path, head="wieght = 1", section="wieght = 2")
    problems = problems_of(path)
    where = [(p.section, p.item, p.field) for p in problems]
    assert where == [(None, None, "wieght"), ("S1", None, "wieght")]
    assert all("未知字段" in p.message for p in problems)


def test_unknown_top_level_table(tmp_path: Path) -> None:
    text = HEAD.format(head="", section="", item='text = "问题?"') + '\n[sections]\nid = "S2"\n'
    problem = only_problem(write_small(tmp_path, text))
    assert (problem.section, problem.item, problem.field) == (None, None, "sections")


def test_duplicate_section_and_item_ids(tmp_path: Path) -> None:
    text = HEAD.format(head="", section="", item='text = "一?"') + """
[[section.item]]
id = "S1.01"
text = "二?"

[[section]]
id = "S1"
title = "重复的部分"

[[section.item]]
id = "S1.09"
text = "三?"
"""
    problems = problems_of(write_small(tmp_path, text))
    found = {(p.section, p.item, p.field): p.message for p in problems}
    assert "item id 重复" in found[("S1", "S1.01", "id")]
    assert "section id 重复" in found[("S1", None, "id")]
    assert len(problems) == 2


def test_every_problem_in_a_file_is_reported(tmp_path: Path) -> None:
    item = 'text = "问题?"\nweight = -3\nkind = "deduction"\nwieght = 1\nsource = ["P0"]'
    problems = problems_of(write(tmp_path, item=item, head='cadence = "weekly"'))
    fields = sorted(p.field for p in problems)
    # cadence, unknown key, unknown source, negative weight, deduction weight ≤ 0, missing each and cap
    assert fields == ["cadence", "cap", "each", "source", "weight", "weight", "wieght"]


def test_a_bad_file_is_not_loaded_while_the_others_are(tmp_path: Path) -> None:
    folder = tmp_path / "lists"
    write_small(folder)
    bad = write(folder, item='text = "问题?"\nweight = -1', name="bad.toml")
    library = load_library([folder])
    assert list(library.checklists) == [MINI_ID]
    assert [p.file for p in library.problems] == [str(bad)]


def test_the_same_id_twice_in_one_folder_names_both_files(tmp_path: Path) -> None:
    folder = tmp_path / "lists"
    first = write_small(folder, name="a.toml")
    second = write_small(folder, name="b.toml")
    library = load_library([folder])
    assert len(library.problems) == 1
    message = str(library.problems[0])
    assert str(first) in message and str(second) in message


def retitled(title: str) -> str:
    return MINI_TOML.replace('title = "麻埠镇法治建设小测表"', f'title = "{title}"')


def test_later_folders_override_earlier_ones(tmp_path: Path) -> None:
    data = tmp_path / "data"
    lower = write_small(data / "checklists", retitled("数据文件夹版"))
    upper = write_small(tmp_path / "extra", retitled("命令行版"))
    library = load_library(checklist_dirs(data, [tmp_path / "extra"]))
    assert library.get(MINI_ID).title == "命令行版"
    assert [(o.winner, o.loser) for o in library.overrides] == [(str(upper), str(lower))]


def test_data_folder_overrides_a_bundled_checklist(tmp_path: Path) -> None:
    bundled = bundled_dir() / "plan-2025.toml"
    text = bundled.read_text(encoding="utf-8").replace('version = "', 'version = "local-', 1)
    mine = write_small(tmp_path / "data" / "checklists", text, "plan.toml")
    library = load_library(checklist_dirs(tmp_path / "data"))
    assert library.get("plan-2025").path == str(mine)
    assert library.get("plan-2025").version.startswith("local-")
    assert [o.loser for o in library.overrides] == [str(bundled)]


def test_validate_reports_which_file_wins(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    lower = write_small(data / "checklists", retitled("数据文件夹版"))
    upper = write_small(tmp_path / "extra", retitled("命令行版"))
    code, out, err = run_main(capsys, "validate", "--data", str(data),
                              "--checklists", str(tmp_path / "extra"))
    assert code == 0, err
    line = next(line for line in out.splitlines() if line.startswith("覆盖"))
    assert MINI_ID in line
    assert line.index(str(upper)) < line.index(str(lower))  # "uses UPPER (overriding LOWER)"


def test_validate_the_bundled_set(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_main(capsys, "validate", "--data", str(tmp_path / "data"))
    assert code == 0, err
    for checklist_id in ("annual-self-check", "enforcement-quarterly", "plan-2025",
                         "shortcomings-rectification"):
        assert f"✓ {checklist_id}" in out
    assert err == ""


def test_validate_a_bad_file_lists_each_problem_on_its_own_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, item='text = "问题?"\nweight = -1\nkind = "yesno"')
    code, _, err = run_main(capsys, "validate", str(path), "--data", str(tmp_path / "data"))
    assert code == 2
    lines = [line for line in err.splitlines() if line.startswith("✗")]
    assert len(lines) == 2
    assert all(str(path) in line and "检查项 S1.01" in line for line in lines)
    assert any("字段 weight" in line for line in lines) and any("字段 kind" in line for line in lines)
    assert "Traceback" not in err


def test_validate_a_missing_path_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_main(capsys, "validate", str(tmp_path / "nope.toml"), "--data", str(tmp_path))
    assert code == 2
    assert "nope.toml" in err


def test_a_checklist_saved_as_gbk_is_reported_not_a_crash(tmp_path: Path) -> None:
    folder = tmp_path / "lists"
    write_small(folder)
    gbk = folder / "gbk.toml"
    gbk.write_bytes(MINI_TOML.replace(MINI_ID, "gbk-list").encode("gbk"))  # Notepad on Chinese Windows
    library = load_library([folder])
    assert list(library.checklists) == [MINI_ID]
    assert [p.file for p in library.problems] == [str(gbk)]
    assert "UTF-8" in library.problems[0].message
