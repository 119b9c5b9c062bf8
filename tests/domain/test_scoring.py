"""Scores, grades and coverage as DESIGN §3 defines them, with the arithmetic written out.

The suite's small checklist (conftest.MINI_TOML) has scored weights S1.01 = 3, S1.02 = 5 (critical),
S1.03 = 2, S2.01 = 2 (rate, target >= 95), S2.02 = 2 (deduction, each 0.5, cap 1.5), S2.03 = 1
→ Σw = 15, and a weight-0 count S2.04 (number, min 0, no target).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from storefixtures import small_checklist

from checklist_tui.catalogue.library import bundled_dir, load_file
from checklist_tui.domain.checklist import Checklist, Item
from checklist_tui.domain.scoring import (
    Answer,
    AnswerError,
    deduction_answer,
    deduction_value,
    grade,
    normalise_answer,
    resolve,
    score_round,
)


@pytest.fixture
def small(tmp_path: Path) -> Checklist:
    return small_checklist(tmp_path)


def answers(**given: str | float) -> dict[str, Answer]:
    """S1_01="pass", S2_01=96 … → {item id: Answer}; numbers are values whose answer follows."""
    result = {}
    for key, what in given.items():
        item_id = key.replace("_", ".")
        result[item_id] = Answer(what) if isinstance(what, str) else Answer(None, float(what))
    return result


def resolved(checklist: Checklist, given: dict[str, Answer]) -> dict[str, Answer]:
    """What the store would hold: values turned into answers by `resolve`."""
    out = {}
    for item_id, a in given.items():
        answer, value = resolve(checklist.item(item_id), a.answer, a.value)
        out[item_id] = Answer(answer, value)
    return out


def test_na_is_left_out_of_the_denominator(small: Checklist) -> None:
    given = resolved(small, answers(S1_01="partial", S1_02="na", S2_01=90, S2_02=0))
    result = score_round(small, given)
    # (3·0.5 + 2·0 + 2·1) / (3 + 2 + 2 + 2 + 1) = 3.5 / 10 = 35.0 — S1.02 (weight 5) is not in the
    # denominator; the unanswered S1.03 and S2.03 are
    assert result.score == pytest.approx(35.0)
    assert result.grade == "不合格"


def test_unanswered_items_count_zero(small: Checklist) -> None:
    result = score_round(small, answers(S1_01="pass"))
    # 3·1 / 15 = 20.0
    assert result.score == pytest.approx(20.0)
    assert result.tally.unanswered == 6


def test_mixed_round(small: Checklist) -> None:
    given = resolved(small, answers(S1_01="partial", S1_02="pass", S1_03="pass", S2_01=96, S2_02=1,
                                    S2_03="pass"))
    result = score_round(small, given)
    # S2.02, one shortfall: (2 − 0.5) / 2 = 0.75
    # (3·0.5 + 5·1 + 2·1 + 2·1 + 2·0.75 + 1·1) / 15 = 13 / 15 = 86.67…
    assert result.score == pytest.approx(13 / 15 * 100)
    assert result.grade == "良好"
    sections = {s.id: s.tally.score for s in result.sections}
    # S1: (3·0.5 + 5·1 + 2·1) / 10 = 85.0;  S2: (2·1 + 2·0.75 + 1·1) / 5 = 90.0
    assert sections["S1"] == pytest.approx(85.0)
    assert sections["S2"] == pytest.approx(90.0)


def deduction(weight: float, each: float, cap: float) -> Item:
    return Item(id="D1", text="每少一次扣分", section="S", kind="deduction", weight=weight, each=each,
                cap=cap)


@pytest.mark.parametrize(
    ("count", "value", "answer"),
    [
        (0, 1.0, "pass"),     # nothing lost
        (1, 0.75, "partial"),  # (2 − 0.5) / 2
        (2, 0.5, "partial"),   # (2 − 1.0) / 2
        (3, 0.4, "partial"),   # (2 − min(1.2, 1.5)) / 2 = 0.8 / 2: the cap binds
        (40, 0.4, "partial"),  # the cap still binds, however many
    ],
)
def test_capped_deduction(count: int, value: float, answer: str) -> None:
    item = deduction(weight=2, each=0.5, cap=1.2)
    assert deduction_value(item, count) == pytest.approx(value)
    assert deduction_answer(item, count) == answer
    assert resolve(item, None, count) == (answer, float(count))


def test_deduction_reaching_zero_is_a_fail() -> None:
    item = deduction(weight=1, each=0.5, cap=1.2)
    # n = 2: max(0, 1 − min(1.2, 1.0)) / 1 = 0 → fail; n = 3: max(0, 1 − 1.2) = 0 → fail
    assert (deduction_value(item, 2), deduction_answer(item, 2)) == (0.0, "fail")
    assert (deduction_value(item, 3), deduction_answer(item, 3)) == (0.0, "fail")
    assert deduction_answer(item, 1) == "partial"  # (1 − 0.5) / 1 = 0.5


@pytest.mark.parametrize("count", [-1, 1.5])
def test_deduction_count_must_be_a_whole_number(count: float) -> None:
    with pytest.raises(AnswerError, match="D1"):
        resolve(deduction(2, 0.5, 1.2), None, count)


def test_deduction_answer_in_the_round_score(small: Checklist) -> None:
    given = resolved(small, answers(S1_01="na", S1_02="na", S1_03="na", S2_01="na", S2_02=1, S2_03="na"))
    # only S2.02 applies: (2 − 0.5) / 2 = 0.75 → 2·0.75 / 2 = 75.0
    assert score_round(small, given).score == pytest.approx(75.0)
    assert given["S2.02"].answer == "partial"


def test_number_target_met_and_unmet(small: Checklist) -> None:
    rate = small.item("S2.01")  # >= 95
    assert resolve(rate, None, 95) == ("pass", 95.0)
    assert resolve(rate, None, 94.9) == ("fail", 94.9)
    assert resolve(rate, "fail", 90) == ("fail", 90.0)  # an explicit answer that agrees is fine
    assert resolve(rate, "na", None) == ("na", None)


def test_number_out_of_range_is_refused_naming_item_and_range() -> None:
    annual = load_file(bundled_dir() / "annual-self-check.toml")
    rate = annual.item("S5.10")  # 调解成功率, unit %, target >= 95
    assert "调解成功率" in rate.text
    with pytest.raises(AnswerError) as caught:
        resolve(rate, None, 120)  # the report's own "调解成功率100%以上"
    message = str(caught.value)
    assert "S5.10" in message and "120" in message and "[0, 100]%" in message


@pytest.mark.parametrize("value", [float("nan"), float("inf")])
def test_a_value_that_is_not_a_number_is_refused(small: Checklist, value: float) -> None:
    for item_id in ("S2.01", "S2.02", "S2.04"):  # rate, deduction, and a number with no upper bound
        with pytest.raises(AnswerError, match=item_id.replace(".", r"\.")):
            resolve(small.item(item_id), None, value)


def test_negative_count_is_refused_for_a_number_with_min_zero(small: Checklist) -> None:
    with pytest.raises(AnswerError, match=r"S2\.04"):
        resolve(small.item("S2.04"), None, -1)


def test_an_answer_contradicting_the_value_is_refused(small: Checklist) -> None:
    with pytest.raises(AnswerError) as caught:
        resolve(small.item("S2.01"), "pass", 90)
    assert "S2.01" in str(caught.value) and "不符合" in str(caught.value)  # the value says fail


def test_a_number_item_needs_a_value_and_a_status_item_takes_none(small: Checklist) -> None:
    with pytest.raises(AnswerError, match=r"S2\.01"):
        resolve(small.item("S2.01"), "pass", None)
    with pytest.raises(AnswerError, match=r"S1\.01"):
        resolve(small.item("S1.01"), "pass", 3)


def test_a_failed_critical_item_forces_the_failing_grade(small: Checklist) -> None:
    given = resolved(small, answers(S1_01="pass", S1_02="fail", S1_03="pass", S2_01=99, S2_02=0,
                                    S2_03="pass"))
    result = score_round(small, given)
    # (3 + 0 + 2 + 2 + 2 + 1) / 15 = 66.67 would be 合格, but the critical S1.02 failed
    assert result.score == pytest.approx(1000 / 15)
    assert result.grade == "不合格"
    assert result.critical_failed == ("S1.02",)


def test_a_critical_item_refuses_partial(small: Checklist) -> None:
    with pytest.raises(AnswerError) as caught:
        resolve(small.item("S1.02"), "partial", None)
    assert "S1.02" in str(caught.value) and "一票否决" in str(caught.value)
    assert resolve(small.item("S1.02"), "na", None) == ("na", None)  # 不适用 stays possible


def test_a_stored_partial_on_a_critical_item_fails_the_veto(small: Checklist) -> None:
    """A round written before 基本符合 was refused keeps its answer, and it counts as failing."""
    given = {**resolved(small, answers(S1_01="pass", S1_03="pass", S2_01=99, S2_02=0, S2_03="pass")),
             "S1.02": Answer("partial")}
    result = score_round(small, given)
    # (3·1 + 5·0.5 + 2·1 + 2·1 + 2·1 + 1·1) / 15 = 12.5 / 15 = 83.33 would be 良好; the veto makes it 不合格
    assert result.score == pytest.approx(12.5 / 15 * 100)
    assert (result.grade, result.critical_failed, result.legacy_partial) == ("不合格", ("S1.02",), ("S1.02",))


@pytest.mark.parametrize(
    ("score", "expected"),
    [
        (100.0, "优秀"), (90.0, "优秀"),
        (89.95, "优秀"),   # shown as 90.0, so graded 90.0
        (89.94, "良好"),   # shown as 89.9
        (80.0, "良好"), (79.95, "良好"), (79.94, "合格"),
        (60.0, "合格"), (59.94, "不合格"), (0.0, "不合格"),
    ],
)
def test_grade_boundaries(score: float, expected: str) -> None:
    assert grade(score) == expected


def test_failed_critical_beats_any_score() -> None:
    assert grade(100.0, critical_failed=True) == "不合格"


def test_no_applicable_weight_gives_no_score_and_no_grade(small: Checklist) -> None:
    given = answers(S1_01="na", S1_02="na", S1_03="na", S2_01="na", S2_02="na", S2_03="na", S2_04=3)
    result = score_round(small, given)
    assert result.score is None
    assert result.grade is None
    assert grade(None) is None


def test_weight_zero_items_count_in_coverage_not_in_score(small: Checklist) -> None:
    given = resolved(small, answers(S1_01="pass", S2_04=12))
    result = score_round(small, given)
    # score: 3·1 / 15 = 20.0 — S2.04's value weighs nothing
    assert result.score == pytest.approx(20.0)
    # coverage: 2 of 7 answered
    assert (result.tally.answered, result.tally.total) == (2, 7)


def test_coverage_numbers(small: Checklist) -> None:
    given = answers(S1_01="pass", S1_02="na", S1_03="na")
    tally = score_round(small, given).tally
    # answered 3 (n/a counts as answered), total 7, n/a 2, unanswered 4, coverage 3/7
    assert (tally.answered, tally.total, tally.na, tally.unanswered) == (3, 7, 2, 4)
    assert tally.coverage == pytest.approx(3 / 7)


def test_a_cleared_answer_is_unanswered(small: Checklist) -> None:
    given = {"S1.01": Answer(None, None, note="还在核实")}
    tally = score_round(small, given).tally
    assert tally.answered == 0
    assert tally.score == pytest.approx(0.0)


@pytest.mark.parametrize(
    ("word", "key"),
    [("符合", "pass"), ("基本符合", "partial"), ("不符合", "fail"), ("不适用", "na"),
     (" PASS ", "pass"), ("na", "na"), ("", None)],
)
def test_answer_words(word: str, key: str | None) -> None:
    assert normalise_answer(word) == key


def test_unknown_answer_word_is_refused() -> None:
    with pytest.raises(AnswerError, match="大致符合"):
        normalise_answer("大致符合")
