"""What blocks a submission, what it opens, and the ids it gives (domain, no files)."""

from __future__ import annotations

import datetime as dt

import pytest

from checklist_tui.domain.checklist import Checklist
from checklist_tui.domain.ids import next_rect_id, next_round_id, rect_order, rect_round, round_number
from checklist_tui.domain.round import Round, RoundMeta
from checklist_tui.domain.scoring import Answer
from checklist_tui.domain.submission import check_submission, opened_by_submission, raised_by_hand
from checklist_tui.errors import BadInput

DAY = dt.date(2025, 3, 20)


def a_round(mini: Checklist, answers: dict[str, Answer]) -> Round:
    meta = RoundMeta("R0007", "mini", mini.title, "1", "党政办", "2025", "张三", "2025-01-06")
    return Round(meta, mini, answers)


def test_an_unanswered_critical_item_blocks_even_when_unanswered_items_are_allowed(mini: Checklist) -> None:
    check = check_submission(mini, {"S1.01": Answer("pass")})
    assert [i.id for i in check.critical] == ["S1.02"]
    refusal = check.refusal(allow_unanswered=True)
    assert refusal is not None and "一票否决项尚未自查" in refusal and "S1.02" in refusal


def test_other_unanswered_items_block_unless_allowed(mini: Checklist) -> None:
    check = check_submission(mini, {"S1.02": Answer("pass")})
    refusal = check.refusal(allow_unanswered=False)
    assert refusal is not None and f"还有 {len(mini.items) - 1} 项未自查" in refusal
    assert check.refusal(allow_unanswered=True) is None


def test_each_fail_or_partial_opens_one_item_numbered_after_the_existing_ones(mini: Checklist) -> None:
    answers = {"S1.01": Answer("fail", note="未调整"), "S1.02": Answer("pass"), "S1.03": Answer("partial")}
    record = a_round(mini, answers)
    record.rectifications.append(raised_by_hand(record, problem="手工", by="李四", item=None, date=DAY))
    opened = opened_by_submission(record, check_submission(mini, answers), DAY, "")
    assert [(r.id, r.item, r.history[0].by) for r in opened] == [
        ("R0007-02", "S1.01", "张三"), ("R0007-03", "S1.03", "张三")]
    assert opened[0].problem.endswith("—— 自查结果：不符合；说明：未调整")
    assert opened[0].owner == "党政办"  # the item's suggested owner, pre-filled


def test_an_item_raised_by_hand_needs_a_problem_and_a_known_item(mini: Checklist) -> None:
    record = a_round(mini, {})
    with pytest.raises(BadInput, match="问题描述"):
        raised_by_hand(record, problem="  ", by="李四", item=None, date=DAY)
    with pytest.raises(BadInput, match=r"没有检查项「S9\.99」"):
        raised_by_hand(record, problem="问题", by="李四", item="S9.99", date=DAY)


def test_ids_are_ordered_by_number_not_text() -> None:
    assert next_round_id(["R0002", "R9999", "R10000"]) == "R10001"
    assert next_round_id([]) == "R0001"
    assert sorted(["R10000", "R9999"], key=round_number) == ["R9999", "R10000"]
    assert next_rect_id("R0003", ["R0003-09", "R0003-10"]) == "R0003-11"
    assert rect_round(" r0003-10 ") == "R0003"
    assert rect_order("R0003-10") == (3, 10) and rect_order("junk") == (0, 0)


def test_a_finding_with_its_value_and_note_is_the_problem() -> None:
    from checklist_tui.domain.checklist import Item, Target
    from checklist_tui.domain.submission import problem_text

    rate = Item("S2.02", "持证上岗率是多少？", "S2", kind="number", unit="%", target=Target("==", 100),
                finding="本季度末在岗执法人员持证上岗率为 {value}，未达到 {target} 的要求")
    assert problem_text(rate, Answer("fail", 95.5, "2人证件过期未换领。")) == (
        "本季度末在岗执法人员持证上岗率为 95.5%，未达到 100% 的要求。说明：2人证件过期未换领。")
    group = Item("S1.01", "是否调整领导小组？", "S1", finding="法治建设工作领导小组未随人事变动及时调整")
    assert problem_text(group, Answer("partial")) == "法治建设工作领导小组未随人事变动及时调整（基本符合）。"
