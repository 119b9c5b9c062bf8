"""加分项 and a deduction's `max` (issue #10), with the arithmetic written out.

The suite's small checklist (conftest.MINI_TOML: scored weights 3, 5 (critical), 2, 2, 2, 1 → Σw = 15)
plus one bonus item S2.05: each 1, cap 3, max 5 — "创新做法被上级推广,每次加1分,累计不超过3分".
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import BONUS_ITEM, MINI_TOML
from storefixtures import write_small

from checklist_tui.catalogue.library import load_file
from checklist_tui.domain.checklist import Checklist
from checklist_tui.domain.scoring import Answer, AnswerError, resolve, score_round

# "每少开展一次扣0.5分,累计不超过2分", at most 4 quarters to miss
QUARTERLY_CHECKS = """
[[section.item]]
id = "S2.06"
text = "季度执法资格核查少开展了几次？"
kind = "deduction"
weight = 2
each = 0.5
cap = 2
max = 4
"""


def quarterly_checks(tmp_path: Path):
    return load_file(write_small(tmp_path, MINI_TOML + QUARTERLY_CHECKS)).item("S2.06")


@pytest.fixture
def with_bonus(tmp_path: Path) -> Checklist:
    return load_file(write_small(tmp_path, MINI_TOML + BONUS_ITEM))


def given(checklist: Checklist, **values: str | float) -> dict[str, Answer]:
    out = {}
    for key, what in values.items():
        item = checklist.item(key.replace("_", "."))
        answer, value = resolve(item, *((what, None) if isinstance(what, str) else (None, float(what))))
        out[item.id] = Answer(answer, value)
    return out


def test_a_bonus_count_is_stored_as_pass_with_its_value(with_bonus: Checklist) -> None:
    bonus = with_bonus.item("S2.05")
    assert resolve(bonus, None, 2) == ("pass", 2.0)
    assert resolve(bonus, "na", None) == ("na", None)
    for bad in (-1, 1.5, 6):  # negative, not whole, above max 5
        with pytest.raises(AnswerError, match=r"S2\.05"):
            resolve(bonus, None, bad)
    with pytest.raises(AnswerError, match=r"S2\.05"):
        resolve(bonus, "fail", 2)


def test_bonus_is_added_after_the_weighted_score_and_the_grade_follows(with_bonus: Checklist) -> None:
    answers = given(with_bonus, S1_01="pass", S1_02="pass", S1_03="fail", S2_01=90, S2_02=0, S2_03="pass",
                    S2_04=3, S2_05=2)
    result = score_round(with_bonus, answers)
    # base: (3·1 + 5·1 + 2·0 + 2·0 + 2·1 + 1·1) / 15 = 11 / 15 = 73.33 → 合格 on its own
    assert result.base_score == pytest.approx(1100 / 15)
    # bonus: min(3, 2 × 1) = 2 → score 75.33, still 合格
    assert result.bonus == pytest.approx(2.0)
    assert result.score == pytest.approx(1100 / 15 + 2)
    assert result.grade == "合格"
    assert result.bonus_items == (("S2.05", 2.0),)
    # the bonus counts in coverage like any item: 8 answered of 8; sections are unchanged
    assert (result.tally.answered, result.tally.total) == (8, 8)
    s2 = next(s for s in result.sections if s.id == "S2")
    assert s2.tally.score == pytest.approx(60.0)  # (2·0 + 2·1 + 1·1) / 5


def test_the_bonus_is_capped_and_can_lift_the_grade(with_bonus: Checklist) -> None:
    answers = given(with_bonus, S1_01="pass", S1_02="pass", S1_03="pass", S2_01=90, S2_02=2, S2_03="na",
                    S2_05=5)
    result = score_round(with_bonus, answers)
    # base: (3 + 5 + 2 + 2·0 + 2·0.5) / 14 = 11 / 14 = 78.57 → 合格 (S2.03 n/a)
    # bonus: min(3, 5 × 1) = 3; score 78.57 + 3 = 81.57 → 良好
    assert result.bonus == pytest.approx(3.0)
    assert result.score == pytest.approx(1100 / 14 + 3)
    assert result.grade == "良好"
    assert result.bonus_json() == {"base_score": pytest.approx(1100 / 14), "bonus": 3.0,
                                   "bonus_items": [{"item": "S2.05", "points": 3.0}]}


def test_the_total_is_capped_at_100(with_bonus: Checklist) -> None:
    answers = given(with_bonus, S1_01="pass", S1_02="pass", S1_03="pass", S2_01=99, S2_02=0, S2_03="pass",
                    S2_05=2)
    result = score_round(with_bonus, answers)
    # base 15 / 15 = 100; 100 + min(3, 2) = 102 → 100
    assert (result.base_score, result.bonus, result.score, result.grade) == (100.0, 2.0, 100.0, "优秀")


def test_no_applicable_weight_still_reports_the_bonus(with_bonus: Checklist) -> None:
    answers = given(with_bonus, S1_01="na", S1_02="na", S1_03="na", S2_01="na", S2_02="na", S2_03="na",
                    S2_05=1)
    result = score_round(with_bonus, answers)
    assert (result.base_score, result.score, result.grade, result.bonus) == (None, None, None, 1.0)


def test_a_bonus_of_zero_earns_nothing_and_names_no_item(with_bonus: Checklist) -> None:
    answers = given(with_bonus, S1_01="pass", S2_05=0)
    result = score_round(with_bonus, answers)
    # 3 / 15 = 20.0, nothing added
    assert (result.bonus, result.bonus_items) == (0.0, ())
    assert result.score == pytest.approx(20.0)


def test_a_round_without_bonus_items_scores_as_before(tmp_path: Path) -> None:
    small = load_file(write_small(tmp_path))
    result = score_round(small, given(small, S1_01="pass", S1_02="pass", S1_03="pass", S2_01=99, S2_02=1,
                                      S2_03="pass"))
    # (3 + 5 + 2 + 2 + 2·0.75 + 1) / 15 = 14.5 / 15 = 96.67; base and score are the same figure
    assert result.score == result.base_score == pytest.approx(1450 / 15)
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
    assert "S2.06" in str(caught.value) and "0 到 4 的整数" in str(caught.value)
