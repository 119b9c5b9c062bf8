"""Checklist files that once crashed a command or passed when they should not (issue 14): each is
refused by `validate` (exit 2) naming its file, and never reaches a round."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import MINI_TOML
from storefixtures import run_main, write_small

from checklist_tui.catalogue.library import load_file, load_library
from checklist_tui.domain.checklist import ChecklistError

HEAD = """\
[checklist]
id = "{id}"
title = "测试表"
version = "1"

[[section]]
id = "S1"
title = "第一部分"

[[section.item]]
id = "{item}"
text = "问题?"
{extra}
"""


def checklist(tmp_path: Path, extra: str = "", id: str = "test-list", item: str = "S1.01") -> Path:
    return write_small(tmp_path / "lists", HEAD.format(id=id, item=item, extra=extra), "list.toml")


def validate(capsys: pytest.CaptureFixture[str], path: Path) -> tuple[int, str]:
    code, out, err = run_main(capsys, "validate", str(path), "--data", str(path.parent.parent / "data"))
    assert "Traceback" not in err and "内部错误" not in err
    return code, out + err


def test_toml_nested_hundreds_deep_is_refused_naming_the_file(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = checklist(tmp_path, "guidance = " + "[" * 500 + "]" * 500)
    code, text = validate(capsys, path)
    assert code == 2 and str(path) in text and "嵌套" in text
    # every command that loads the checklists still runs, and names the file
    code, _, err = run_main(capsys, "new", "--checklist", "annual-self-check", "--unit", "党政办",
                            "--period", "2024", "--data", str(tmp_path / "data"),
                            "--checklists", str(path.parent))
    assert code == 0, err


@pytest.mark.parametrize("field", ["weight", "min", "max", "each", "cap"])
@pytest.mark.parametrize("literal", ["nan", "inf", "-inf", "1e307", "-1e307", "12345678901"])
def test_numbers_that_are_not_finite_or_too_large_are_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], field: str, literal: str) -> None:
    kind = 'kind = "deduction"\neach = 1\ncap = 1' if field in ("each", "cap") else \
        'kind = "number"\nweight = 0' if field in ("min", "max") else ""
    lines = [line for line in kind.splitlines() if not line.startswith(f"{field} ")]
    path = checklist(tmp_path, "\n".join([*lines, f"{field} = {literal}"]))
    code, text = validate(capsys, path)
    assert code == 2, text
    assert f"字段 {field}" in text and str(path) in text


@pytest.mark.parametrize("field", ["weight", "min", "cap"])
def test_an_integer_of_5000_digits_is_refused_naming_the_file(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], field: str) -> None:
    path = checklist(tmp_path, f"{field} = {'1' * 5000}")
    code, text = validate(capsys, path)
    assert code == 2 and str(path) in text and "位数过多" in text


def test_a_weight_of_1e307_never_reaches_a_summary(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = checklist(tmp_path, "weight = 1e307", id="huge-weight")
    code, _, err = run_main(capsys, "new", "--checklist", "huge-weight", "--unit", "u", "--period", "2024",
                            "--data", str(tmp_path / "data"), "--checklists", str(path.parent))
    assert code == 2 and str(path) in err


def test_a_target_of_many_digits_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = checklist(tmp_path, 'kind = "number"\ntarget = ">= ' + "9" * 400 + '"')
    code, text = validate(capsys, path)
    assert code == 2 and "字段 target" in text


@pytest.mark.parametrize("bad", ["probe\\n", " a1 ", "a1 ", "Upper", "a--b", "-a"])
def test_checklist_ids_follow_one_strict_pattern(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                 bad: str) -> None:
    code, text = validate(capsys, checklist(tmp_path, id=bad))
    assert code == 2 and "字段 id" in text


@pytest.mark.parametrize("bad", ["S1.01[/]", "S1.01\\n", " S1.01", "S 1", ".S1", "-S1", "[bold]", "S1,01"])
def test_item_ids_follow_one_strict_pattern(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], bad: str) -> None:
    code, text = validate(capsys, checklist(tmp_path, item=bad))
    assert code == 2 and "字段 id" in text and "item id" in text


@pytest.mark.parametrize("good", ["S1.01", "a", "1", "S1_01-b.2"])
def test_ordinary_item_ids_still_pass(tmp_path: Path, good: str) -> None:
    assert load_file(checklist(tmp_path, item=good)).items[0].id == good


def test_section_ids_follow_the_same_pattern(tmp_path: Path) -> None:
    path = write_small(tmp_path, MINI_TOML.replace('id = "S1"', 'id = "S1[/]"'))
    with pytest.raises(ChecklistError) as caught:
        load_file(path)
    assert any(p.field == "id" and "section id" in p.message for p in caught.value.problems)


def test_a_broken_file_overriding_a_bundled_id_stops_new(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    broken = write_small(data / "checklists", HEAD.format(id="annual-self-check", item="S1.01",
                                                          extra="weight = -1"), "annual.toml")
    code, _, err = run_main(capsys, "new", "--checklist", "annual-self-check", "--unit", "u",
                            "--period", "2024", "--data", str(data))
    assert code == 2
    assert str(broken) in err and "validate" in err
    assert not (data / "rounds").exists() or not list((data / "rounds").iterdir())
    code, _, err = run_main(capsys, "template", "annual-self-check", "--data", str(data))
    assert code == 2 and str(broken) in err


def test_a_file_that_is_not_toml_named_like_an_id_stops_new(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    broken = write_small(data / "checklists", "[checklist\n", "annual-self-check.toml")
    code, _, err = run_main(capsys, "new", "--checklist", "annual-self-check", "--unit", "u",
                            "--period", "2024", "--data", str(data))
    assert code == 2 and str(broken) in err


def test_a_good_later_file_overrides_an_earlier_broken_one(tmp_path: Path) -> None:
    first = write_small(tmp_path / "a", HEAD.format(id="test-list", item="S1.01", extra="weight = -1"))
    second = checklist(tmp_path)
    library = load_library([first.parent, second.parent])
    assert library.require("test-list").path == str(second)



@pytest.mark.parametrize(("old", "new", "field"), [
    ('text = "是否开展集体学法？"', 'text = "是否开展\\u001b[2J集体学法？"', "text"),
    ('title = "(二)矛盾纠纷化解"', 'title = "(二)矛盾纠纷\\u0007化解"', "title"),
    ('owner = "司法所"', 'owner = "司法\\u009b所"', "owner"),
    ('evidence = ["领导小组调整文件"', 'evidence = ["领导小组\\u001b]0;x\\u0007调整文件"', "evidence"),
])
def test_control_characters_in_checklist_text_are_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], old: str, new: str, field: str) -> None:
    """A TOML escape (\\u001b) let a checklist carry ESC onto every screen and into every export."""
    assert old in MINI_TOML
    lists = tmp_path / "lists"
    write_small(lists, MINI_TOML.replace(old, new, 1))
    code, _, err = run_main(capsys, "validate", "--checklists", str(lists), "--data", str(tmp_path / "data"))
    assert code == 2 and "控制字符" in err and "mini.toml" in err and f"字段 {field}" in err
