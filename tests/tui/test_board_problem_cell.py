"""The board's 问题 cell leaves out a leading period word, but not one that names a time within the
period: 本季度末在岗… must not become 末在岗…, which reads as a typo of 未在岗."""

from __future__ import annotations

from checklist_tui.tui.screens.board_table import problem_text


def test_a_leading_period_word_is_left_out() -> None:
    assert problem_text("本季度未组织执法人员专题培训") == "未组织执法人员专题培训"
    assert problem_text("本年度，领导小组未调整") == "领导小组未调整"


def test_a_time_within_the_period_keeps_its_word() -> None:
    assert problem_text("本季度末在岗执法人员持证上岗率为 90%") == "本季度末在岗执法人员持证上岗率为 90%"
    assert problem_text("本年底前未完成清理") == "本年底前未完成清理"
