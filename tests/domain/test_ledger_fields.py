"""Issue #12: the fields a town office's 整改台账 carries and the rules that come with them."""

from datetime import date, timedelta

import pytest

from checklist_tui.domain.loop import (
    LoopError,
    Rectification,
    new_rectification,
    progress,
    step_name,
    transition,
)
from checklist_tui.domain.metrics import loop_metrics

FOUND = date(2025, 3, 1)
UNITS = ("党政办", "司法所", "平安办")
WORK = {"owner": "党政办", "person": "王五", "measures": "重新发文", "kind": "限期整改",
        "due": date(2025, 3, 31)}


def notified() -> Rectification:
    rect = new_rectification("R0001-01", "R0001", "annual", "麻埠镇", "2025-Q1", "S1.01", "未调整", FOUND,
                             "张三", "党政办", source="自查")
    return transition(rect, "notified", by="张三", date=FOUND)


def rectifying(**kw: object) -> Rectification:
    fields = {**WORK, **kw}
    return transition(notified(), "rectifying", by="李四", date=date(2025, 3, 2), **fields)  # type: ignore[arg-type]


def in_review() -> Rectification:
    return transition(rectifying(), "review", by="李四", date=date(2025, 3, 10), comment="已重新发文",
                      evidence="麻政〔2025〕3号")


def test_entering_rectifying_records_person_leader_kind_goal_remark() -> None:
    rect = rectifying(leader="陈书记", goal="领导小组随人事变动调整", remark="年底前复查")
    assert (rect.person, rect.leader, rect.kind, rect.goal, rect.remark) == (
        "王五", "陈书记", "限期整改", "领导小组随人事变动调整", "年底前复查")
    assert rect.source == "自查"


def test_an_unknown_kind_or_source_is_refused() -> None:
    with pytest.raises(LoopError, match="整改类型「马上改」不对"):
        rectifying(kind="马上改")
    with pytest.raises(LoopError, match="问题来源「上级」不对"):
        new_rectification("R1", "R0001", None, "麻埠镇", "2025", None, "问题", FOUND, "张三", source="上级")


def test_immediate_rectification_defaults_the_due_date_to_fifteen_days_after_found() -> None:
    rect = rectifying(kind="立行立改", due=None)
    assert (rect.due, rect.first_due) == (FOUND + timedelta(days=15), date(2025, 3, 16))
    given = rectifying(kind="立行立改", due=date(2025, 3, 5))
    assert given.due == date(2025, 3, 5)  # a given due date is kept


def test_long_term_rectification_needs_a_first_stage_date() -> None:
    with pytest.raises(LoopError, match="第一阶段时限"):
        rectifying(kind="长期坚持", due=None)
    with pytest.raises(LoopError, match="整改时限"):
        rectifying(kind="限期整改", due=None)
    assert rectifying(kind="长期坚持", due=date(2025, 6, 30)).first_due == date(2025, 6, 30)


def test_closing_needs_a_reviewer_who_is_neither_the_person_nor_the_submitter() -> None:
    rect = in_review()  # 责任人 王五, sent for review by 李四
    with pytest.raises(LoopError, match=r"复核人不能是责任人（王五）"):
        transition(rect, "closed", by="赵六", date=date(2025, 3, 12), comment="同意", reviewer="王五")
    with pytest.raises(LoopError, match=r"复核人不能是提交复核的人（李四）"):
        transition(rect, "closed", by="李四", date=date(2025, 3, 12), comment="同意")  # by is the reviewer
    with pytest.raises(LoopError, match="复核意见"):
        transition(rect, "closed", by="赵六", date=date(2025, 3, 12), reviewer="钱七")
    closed = transition(rect, "closed", by="赵六", date=date(2025, 3, 12), comment="同意销号",
                        reviewer="钱七")
    assert (closed.reviewer, closed.review_comment, closed.closed) == ("钱七", "同意销号", date(2025, 3, 12))
    assert closed.evidence == ("麻政〔2025〕3号",)
    by_default = transition(rect, "closed", by="赵六", date=date(2025, 3, 12), comment="同意")
    assert by_default.reviewer == "赵六"


def test_a_reviewer_recorded_earlier_is_used_and_checked() -> None:
    rect = transition(rectifying(), "rectifying", by="李四", date=date(2025, 3, 3), reviewer="王五")
    rect = transition(rect, "review", by="李四", date=date(2025, 3, 10), comment="已整改")
    with pytest.raises(LoopError, match="复核人不能是责任人"):
        transition(rect, "closed", by="赵六", date=date(2025, 3, 12), comment="同意")


@pytest.mark.parametrize("field", ["by", "person", "leader", "reviewer"])
def test_a_unit_name_as_a_person_is_refused(field: str) -> None:
    fields: dict[str, object] = {**WORK, "by": "李四", "date": date(2025, 3, 2), field: "司法所"}
    with pytest.raises(LoopError, match="应填写人员姓名，「司法所」是单位名称"):
        transition(notified(), "rectifying", units=UNITS, **fields)  # type: ignore[arg-type]
    with pytest.raises(LoopError, match="单位名称"):
        new_rectification("R1", "R0001", None, "麻埠镇", "2025", None, "问题", FOUND, "党政办", units=UNITS)


def test_adjusting_or_extending_a_migrated_item_needs_no_person() -> None:
    old = transition(notified(), "rectifying", by="李四", date=date(2025, 3, 2), owner="党政办",
                     measures="m", due=date(2025, 3, 31), person="王五", kind="限期整改")
    bare = Rectification(old.id, old.round, old.checklist, old.unit, old.period, old.item, old.problem,
                         old.found, tuple(
                             t if not t.changes.get("person") else type(t)(
                                 t.from_, t.to, t.date, t.by, changes={k: v for k, v in t.changes.items()
                                                                       if k not in ("person", "kind")})
                             for t in old.history))
    assert bare.person is None
    later = transition(bare, "rectifying", by="李四", date=date(2025, 3, 20), due=date(2025, 4, 30))
    assert (later.due, later.first_due) == (date(2025, 4, 30), date(2025, 3, 31))
    assert step_name(later.history[-1]) == "延期"


def test_progress_is_kept_in_history_and_changes_no_metric() -> None:
    rect = rectifying()
    with pytest.raises(LoopError, match="只有整改中的事项"):
        progress(notified(), by="王五", date=date(2025, 3, 3), text="已起草")
    with pytest.raises(LoopError, match="进展情况"):
        progress(rect, by="王五", date=date(2025, 3, 3), text=" ")
    after = progress(rect, by="王五", date=date(2025, 3, 5), text="已起草调整文件")
    entry = after.history[-1]
    assert (entry.from_, entry.to, entry.action) == ("rectifying", "rectifying", "progress")
    assert entry.to_dict()["action"] == "progress"
    assert [p.to_dict() for p in after.progress] == [
        {"date": "2025-03-05", "by": "王五", "text": "已起草调整文件"}]
    assert after.progress[-1].line() == "2025-03-05 王五:已起草调整文件"
    assert (after.state, after.due, after.person, after.reopen_count) == ("rectifying", rect.due, "王五", 0)
    assert step_name(entry) == "进展"
    assert Rectification.from_dict(after.to_dict()) == after
    for day in (date(2025, 3, 5), date(2025, 4, 30)):
        assert loop_metrics([after], [], day) == loop_metrics([rect], [], day)


def test_history_reads_as_people_say_it() -> None:
    rect = in_review()
    back = transition(rect, "rectifying", by="赵六", date=date(2025, 3, 11), comment="佐证不全")
    adjusted = transition(back, "rectifying", by="李四", date=date(2025, 3, 12), person="孙八")
    assert [step_name(t) for t in adjusted.history] == [
        "待通报", "已通报", "整改中", "待复核", "退回", "调整"]
