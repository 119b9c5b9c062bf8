"""加分项 and a deduction's `max` (issue #10), with the arithmetic written out.

The small checklist (storefixtures.SMALL_TOML: scored weights 2, 3 (critical), 2, 2 → Σw = 9) plus
one bonus item S2.04: each 1, cap 3, max 5 — "创新做法被上级推广,每次加1分,累计不超过3分".
"""

from __future__ import annotations

from pathlib import Path

import pytest
from storefixtures import SMALL_TOML, write_small

from checklist_tui.catalogue.library import load_file
from checklist_tui.domain.checklist import Checklist
from checklist_tui.domain.scoring import Answer, AnswerError, resolve, score_round

BONUS_ITEM = """
[[section.item]]
id = "S2.04"
text = "创新做法被上级推广的次数"
kind = "bonus"
each = 1
cap = 3
max = 5
"""


# "每少开展一次扣0.5分,累计不超过2分", at most 4 quarters to miss
QUARTERLY_CHECKS = """
[[section.item]]
id = "S2.05"
text = "季度执法资格核查少开展了几次？"
kind = "deduction"
weight = 2
each = 0.5
cap = 2
max = 4
"""


def quarterly_checks(tmp_path: Path):
    return load_file(write_small(tmp_path, SMALL_TOML + QUARTERLY_CHECKS)).item("S2.05")


@pytest.fixture
def with_bonus(tmp_path: Path) -> Checklist:
    return load_file(write_small(tmp_path, SMALL_TOML + BONUS_ITEM))


def given(checklist: Checklist, **values: str | float) -> dict[str, Answer]:
    out = {}
    for key, what in values.items():
        item = checklist.item(key.replace("_", "."))
        answer, value = resolve(item, *((what, None) if isinstance(what, str) else (None, float(what))))
        out[item.id] = Answer(answer, value)
    return out


def test_a_bonus_count_is_stored_as_pass_with_its_value(with_bonus: Checklist) -> None:
    bonus = with_bonus.item("S2.04")
    assert resolve(bonus, None, 2) == ("pass", 2.0)
    assert resolve(bonus, "na", None) == ("na", None)
    for bad in (-1, 1.5, 6):  # negative, not whole, above max 5
        with pytest.raises(AnswerError, match=r"S2\.04"):
            resolve(bonus, None, bad)
    with pytest.raises(AnswerError, match=r"S2\.04"):
        resolve(bonus, "fail", 2)


def test_bonus_is_added_after_the_weighted_score_and_the_grade_follows(with_bonus: Checklist) -> None:
    answers = given(with_bonus, S1_01="pass", S1_02="pass", S2_01=90, S2_02=0, S1_03="pass", S2_03=3,
                    S2_04=2)
    result = score_round(with_bonus, answers)
    # base: (2·1 + 3·1 + 2·0 + 2·1) / 9 = 7 / 9 = 77.78 → 合格 on its own
    assert result.base_score == pytest.approx(700 / 9)
    # bonus: min(3, 2 × 1) = 2 → score 79.78, still 合格
    assert result.bonus == pytest.approx(2.0)
    assert result.score == pytest.approx(700 / 9 + 2)
    assert result.grade == "合格"
    assert result.bonus_items == (("S2.04", 2.0),)
    # the bonus counts in coverage like any item: 7 answered of 7; sections are unchanged
    assert (result.tally.answered, result.tally.total) == (7, 7)
    s2 = next(s for s in result.sections if s.id == "S2")
    assert s2.tally.score == pytest.approx(50.0)  # (2·0 + 2·1) / 4


def test_the_bonus_is_capped_and_can_lift_the_grade(with_bonus: Checklist) -> None:
    answers = given(with_bonus, S1_01="pass", S1_02="pass", S2_01=90, S2_02=0, S2_04=5)
    result = score_round(with_bonus, answers)
    # bonus: min(3, 5 × 1) = 3; score 77.78 + 3 = 80.78 → 良好 (the base alone is 合格)
    assert result.bonus == pytest.approx(3.0)
    assert result.score == pytest.approx(700 / 9 + 3)
    assert result.grade == "良好"
    assert result.bonus_json() == {"base_score": pytest.approx(700 / 9), "bonus": 3.0,
                                   "bonus_items": [{"item": "S2.04", "points": 3.0}]}


def test_the_total_is_capped_at_100(with_bonus: Checklist) -> None:
    answers = given(with_bonus, S1_01="pass", S1_02="pass", S2_01=99, S2_02=0, S2_04=2)
    result = score_round(with_bonus, answers)
    # base 9 / 9 = 100; 100 + min(3, 2) = 102 → 100
    assert (result.base_score, result.bonus, result.score, result.grade) == (100.0, 2.0, 100.0, "优秀")


def test_no_applicable_weight_still_reports_the_bonus(with_bonus: Checklist) -> None:
    answers = given(with_bonus, S1_01="na", S1_02="na", S2_01="na", S2_02="na", S2_04=1)
    result = score_round(with_bonus, answers)
    assert (result.base_score, result.score, result.grade, result.bonus) == (None, None, None, 1.0)


def test_a_bonus_of_zero_earns_nothing_and_names_no_item(with_bonus: Checklist) -> None:
    answers = given(with_bonus, S1_01="pass", S2_04=0)
    result = score_round(with_bonus, answers)
    # 2 / 9 = 22.22, nothing added
    assert (result.bonus, result.bonus_items) == (0.0, ())
    assert result.score == pytest.approx(200 / 9)


def test_a_round_without_bonus_items_scores_as_before(tmp_path: Path) -> None:
    small = load_file(write_small(tmp_path))
    result = score_round(small, given(small, S1_01="pass", S1_02="pass", S2_01=99, S2_02=1))
    # (2 + 3 + 2 + 2·0.75) / 9 = 8.5 / 9 = 94.44; base and score are the same figure
    assert result.score == result.base_score == pytest.approx(850 / 9)
    assert (result.bonus, result.bonus_items) == (0.0, ())


@pytest.mark.parametrize(
    ("count", "answer", "value"),
    [(0, "pass", 1.0),
     (3, "partial", 0.25),  # (2 − min(2, 3 × 0.5)) / 2 = 0.5 / 2
     (4, "fail", 0.0)],     # (2 − min(2, 4 × 0.5)) / 2 = 0: every quarter missed loses all
)
def test_a_deduction_with_max(tmp_path: Path, count: int, answer: str, value: float) -> None:
    item = quarterly_checks(tmp_path)
    assert resolve(item, None, count) == (answer, float(count))
    from checklist_tui.domain.scoring import deduction_value
    assert deduction_value(item, count) == pytest.approx(value)


def test_a_deduction_count_above_max_is_refused_like_an_out_of_range_value(tmp_path: Path) -> None:
    item = quarterly_checks(tmp_path)
    with pytest.raises(AnswerError) as caught:
        resolve(item, None, 5)  # 5 missed checks out of 4 quarters
    assert "S2.05" in str(caught.value) and "0 到 4 的整数" in str(caught.value)
