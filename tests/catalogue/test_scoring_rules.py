"""The county's own scoring rules in checklist files (issue #10): 加分项, a deduction's `max`,
cap above/below the weight, a critical item's answers, and `applies_to` against the units register."""

from __future__ import annotations

from pathlib import Path

import pytest
from storefixtures import run_main
from test_checklist import only_problem, write

from checklist_tui.catalogue.library import bundled_dir, load_file
from checklist_tui.catalogue.units import bundled_units

DEDUCTION = 'text = "季度核查少开展几次?"\nkind = "deduction"\nweight = 2\neach = 0.5\n'
BONUS = 'text = "创新做法被上级推广几次?"\nkind = "bonus"\neach = 1\ncap = 3\n'


@pytest.mark.parametrize(
    ("item", "field", "words"),
    [
        (DEDUCTION + "cap = 2.5", "cap", "大于权重"),                     # cap 2.5 > weight 2
        (DEDUCTION + "cap = 2\nmax = 0", "max", "不小于 1 的整数"),
        (DEDUCTION + "cap = 2\nmax = 2.5", "max", "不小于 1 的整数"),
        (DEDUCTION + "cap = 2\ncritical = true", "critical", "一票否决"),
        (BONUS + "weight = 1", "weight", "加分项"),
        (BONUS + "critical = true", "critical", "加分项"),
        (BONUS.replace("cap = 3\n", "cap = 0\n"), "cap", "大于 0"),
        ('text = "创新做法?"\nkind = "bonus"\neach = 1', "cap", "缺少"),
        ('text = "问题?"\nmax = 4', "max", "number"),
        ('text = "问题?"\napplies_to = ["桃林村"]', "applies_to", "桃林村"),
    ],
    ids=["cap-over-weight", "max-zero", "max-fraction", "critical-deduction", "bonus-weight",
         "bonus-critical", "bonus-cap-0", "bonus-no-cap", "max-on-status", "applies-to-unknown"],
)
def test_new_rules_name_the_item_and_field(tmp_path: Path, item: str, field: str, words: str) -> None:
    problem = only_problem(write(tmp_path, item=item))
    assert (problem.item, problem.field) == ("S1.01", field)
    assert words in problem.message


def test_a_bonus_item_loads_with_weight_zero_and_its_bounds(tmp_path: Path) -> None:
    checklist = load_file(write(tmp_path, item=BONUS + "max = 5\nweight = 0"))
    item = checklist.item("S1.01")
    assert (item.kind, item.weight, item.each, item.cap, item.max) == ("bonus", 0.0, 1.0, 3.0, 5.0)
    assert not item.scored and item.range_text() == "0 到 5 的整数"
    assert load_file(write(tmp_path, item=BONUS, name="b.toml")).item("S1.01").weight == 0.0  # default 0


def test_applies_to_takes_unit_names_and_kinds(tmp_path: Path) -> None:
    item = 'text = "问题?"\napplies_to = ["村", "司法所"]'
    assert load_file(write(tmp_path, item=item)).item("S1.01").applies_to == ("村", "司法所")


def test_the_bundled_register(tmp_path: Path) -> None:
    units = bundled_units()
    assert units.town == "麻埠镇"
    offices = [u.name for u in units.units if u.kind == "镇直单位"]
    assert offices == ["党政办", "司法所", "平安办", "综合行政执法大队", "便民服务中心"]
    from checklist_tui.interchange.demo import VILLAGES
    assert [u.name for u in units.units if u.kind == "村"] == list(VILLAGES)


def test_validate_checks_applies_to_against_the_data_folders_register(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, item='text = "问题?"\napplies_to = ["试点村"]')
    code, _, err = run_main(capsys, "validate", str(path), "--data", str(tmp_path / "empty"))
    assert code == 2 and "试点村" in err  # not in the bundled register
    data = tmp_path / "data"
    data.mkdir()
    (data / "units.toml").write_text('town = "麻埠镇"\n[[unit]]\nname = "金桥村"\nkind = "试点村"\n',
                                     encoding="utf-8")
    code, out, err = run_main(capsys, "validate", str(path), "--data", str(data))
    assert (code, err) == (0, "") and "test-list" in out  # the folder's own kind 试点村


def test_validate_refuses_cap_above_weight_and_notes_cap_below(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    above = write(tmp_path, item=DEDUCTION + "cap = 3", name="above.toml")
    code, _, err = run_main(capsys, "validate", str(above))
    assert code == 2 and "S1.01" in err and "cap" in err
    below = write(tmp_path / "b", item=DEDUCTION + "cap = 1.5")
    code, out, err = run_main(capsys, "validate", str(below))
    # a floor: missing every time still keeps 2 − 1.5 = 0.5 of the item's 2 points
    assert (code, err) == (0, "")
    assert "S1.01" in out and "保底" in out and "0.5" in out


def test_bundled_plan_s3_07_counts_the_quarterly_checks() -> None:
    # issue #11: a count of the four quarterly checks against == 4, not a deduction
    plan = load_file(bundled_dir() / "plan-2025.toml")
    item = plan.item("S3.07")
    assert (item.kind, item.weight, item.min, item.max, str(item.target)) == ("number", 2.0, 0, 4, "== 4")
    assert plan.version >= "2025.3"


def test_validate_of_the_bundled_checklists_has_no_note(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_main(capsys, "validate")
    assert code == 0 and "注意" not in out
