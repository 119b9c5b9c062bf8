"""The rectification loop: transitions, replay as of a date, and metrics (DESIGN §4)."""

import json
from datetime import date, timedelta
from itertools import product

import pytest

from checklist_tui.domain.loop import (
    ALLOWED,
    STATE_LABELS,
    STATES,
    LoopError,
    Rectification,
    Transition,
    as_of,
    days_overdue,
    is_overdue,
    new_rectification,
    transition,
)
from checklist_tui.domain.metrics import InspectedRound, loop_metrics

FOUND = date(2025, 3, 1)
# The shortest way into each state; going through review → rectifying makes a reopened item.
PATH = ("found", "notified", "rectifying", "review", "closed")


def make(
    id: str = "R1",
    *,
    found: date = FOUND,
    owner: str | None = "党政办",
    item: str | None = "S1.01",
    unit: str = "麻埠镇",
    period: str = "2025-Q1",
) -> Rectification:
    problem = "领导小组未调整"
    return new_rectification(id, "round-1", "annual", unit, period, item, problem, found, "张三", owner)


def step(rect: Rectification, to: str, on: date, **kw: object) -> Rectification:
    """One transition with whatever the target state needs filled in."""
    fields: dict[str, object] = {"by": "李四", "date": on}
    if to == "rectifying":
        fields |= {"measures": "调整领导小组", "due": FOUND + timedelta(days=30),  # due 2025-03-31
                   "person": "王五", "kind": "限期整改"}
    if to == "closed":
        fields["reviewer"] = "赵六"  # neither the 责任人 (王五) nor who sent it for review (李四)
    if to in ("review", "closed") or rect.state == "review":
        fields["comment"] = "已整改" if to == "review" else "同意"
    fields |= kw
    return transition(rect, to, **fields)  # type: ignore[arg-type]


def walk(rect: Rectification, *states: str, start: date = FOUND, **kw: object) -> Rectification:
    """Step through states one day apart, starting the day after `start`."""
    for n, to in enumerate(states, 1):
        rect = step(rect, to, start + timedelta(days=n), **kw)
    return rect


def reach(state: str) -> Rectification:
    return walk(make(), *PATH[1 : PATH.index(state) + 1])


# --- transitions -------------------------------------------------------------------------------


def test_new_item_is_found_with_the_suggested_owner() -> None:
    rect = make()
    assert (rect.state, rect.owner, rect.measures) == ("found", "党政办", None)
    assert (rect.due, rect.first_due, rect.reopen_count) == (None, None, 0)
    assert rect.history == (
        Transition(None, "found", FOUND, "张三", changes={"owner": {"from": None, "to": "党政办"}}),
    )
    assert make(owner=None).history[0].changes == {}


def test_new_item_needs_by() -> None:
    with pytest.raises(LoopError, match="经办人"):
        new_rectification("R1", "r", "c", "u", "2025", None, "问题", FOUND, "  ")


STEPS = [(s, t) for s in STATES for t in ALLOWED[s] if s != t]  # the self-step is tested below


@pytest.mark.parametrize(("current", "to"), STEPS)
def test_every_allowed_transition(current: str, to: str) -> None:
    rect = step(reach(current), to, date(2025, 4, 1))
    assert rect.state == to
    assert rect.history[-1].from_ == current


def test_adjustment_while_rectifying_records_an_extension() -> None:
    rect = reach("rectifying")  # due 2025-03-31
    later = step(rect, "rectifying", date(2025, 4, 1), due=date(2025, 4, 30), comment="汛期,申请延期")
    assert (later.state, later.due, later.first_due) == ("rectifying", date(2025, 4, 30), date(2025, 3, 31))
    assert later.reopen_count == 0
    assert later.history[-1].changes == {"due": {"from": "2025-03-31", "to": "2025-04-30"}}


def test_adjustment_without_a_change_is_refused() -> None:
    with pytest.raises(LoopError, match="至少一项"):
        step(reach("rectifying"), "rectifying", date(2025, 4, 1))


FORBIDDEN = [(s, t) for s, t in product(STATES, STATES) if t not in ALLOWED[s]]


@pytest.mark.parametrize(("current", "to"), FORBIDDEN)
def test_every_forbidden_transition_is_refused_with_the_allowed_ones(current: str, to: str) -> None:
    rect = reach(current)
    with pytest.raises(LoopError) as err:
        step(rect, to, date(2025, 4, 1), comment="x", measures="m", due=date(2025, 4, 30))
    assert err.value.allowed == ALLOWED[current]
    assert f"从{STATE_LABELS[current]}" in str(err.value)
    assert not any(key in str(err.value) for key in STATES)  # no internal keys in a message
    words = {"review": ("已销号", "退回"), "rectifying": ("待复核", "调整", "延期", "进展")}
    for allowed in words.get(current, tuple(STATE_LABELS[s] for s in ALLOWED[current])):
        assert allowed in str(err.value)
    assert reach(current) == rect  # nothing was appended


def test_forbidden_transition_message() -> None:
    with pytest.raises(LoopError) as err:
        step(reach("notified"), "closed", date(2025, 4, 1))
    assert str(err.value) == "不能从已通报转到已销号；允许：整改中"
    assert err.value.allowed == ("rectifying",)


def test_closed_is_final_and_unknown_states_are_refused() -> None:
    with pytest.raises(LoopError, match="允许：无") as err:
        step(reach("closed"), "rectifying", date(2025, 4, 1), comment="再查")
    assert err.value.allowed == ()
    with pytest.raises(LoopError, match="未知状态"):
        step(make(), "done", date(2025, 4, 1))


def test_loop_error_is_a_value_error() -> None:
    assert issubclass(LoopError, ValueError)  # the CLI maps ValueError to exit 2


def test_by_is_required() -> None:
    with pytest.raises(LoopError, match="经办人"):
        transition(make(), "notified", by=" ", date=FOUND)


def test_date_not_before_the_previous_transition() -> None:
    rect = walk(make(), "notified")  # notified 2025-03-02
    with pytest.raises(LoopError, match="2025-03-01 早于上一次流转的日期 2025-03-02"):
        step(rect, "rectifying", date(2025, 3, 1))
    assert step(rect, "rectifying", date(2025, 3, 2)).state == "rectifying"  # same day is fine


def test_rectifying_needs_owner_person_measures_kind_and_due() -> None:
    rect = walk(make(owner=None), "notified")
    with pytest.raises(LoopError) as err:
        transition(rect, "rectifying", by="李四", date=date(2025, 3, 5))
    assert str(err.value) == "转到整改中需要填写：责任单位、责任人、整改措施、整改类型、整改时限"
    full = {"by": "李四", "date": date(2025, 3, 5), "owner": "司法所", "person": "王五", "measures": "m",
            "kind": "限期整改", "due": date(2025, 4, 1)}
    for key, label in (("measures", "整改措施"), ("due", "整改时限"), ("person", "责任人"),
                       ("kind", "整改类型")):
        with pytest.raises(LoopError, match=label):
            transition(rect, "rectifying", **{k: v for k, v in full.items() if k != key})  # type: ignore[arg-type]
    due = date(2025, 4, 1)
    done = transition(rect, "rectifying", **full)  # type: ignore[arg-type]
    assert (done.owner, done.measures, done.due, done.first_due) == ("司法所", "m", due, due)


def test_rectifying_uses_the_prefilled_owner() -> None:
    rect = step(walk(make(), "notified"), "rectifying", date(2025, 3, 5))
    assert rect.owner == "党政办"
    assert "owner" not in rect.history[-1].changes  # unchanged, so not recorded again


def test_blank_owner_counts_as_not_given() -> None:
    rect = step(walk(make(), "notified"), "rectifying", date(2025, 3, 5), owner="  ")
    assert rect.owner == "党政办"


def test_due_before_found_is_refused() -> None:
    rect = walk(make(), "notified")
    with pytest.raises(LoopError, match="整改时限 2025-02-28 早于发现日期 2025-03-01"):
        step(rect, "rectifying", date(2025, 3, 5), due=date(2025, 2, 28))
    assert step(rect, "rectifying", date(2025, 3, 5), due=FOUND).due == FOUND  # the found day itself is fine


@pytest.mark.parametrize(
    ("current", "to", "what"), [("rectifying", "review", "整改情况说明"), ("review", "closed", "复核意见")]
)
def test_review_and_close_need_a_comment(current: str, to: str, what: str) -> None:
    rect = reach(current)
    with pytest.raises(LoopError, match=what):
        transition(rect, to, by="赵六", date=date(2025, 4, 1), comment="  ")


def test_review_keeps_comment_and_optional_evidence() -> None:
    rect = transition(reach("rectifying"), "review", by="李四", date=date(2025, 4, 1), comment="已调整")
    assert (rect.history[-1].comment, rect.history[-1].evidence) == ("已调整", "")
    evidence = "麻政〔2025〕3号"
    rect = step(reach("rectifying"), "review", date(2025, 4, 1), evidence=evidence)
    assert rect.history[-1].evidence == evidence


def test_return_from_review_needs_a_comment_and_counts_a_reopen() -> None:
    rect = reach("review")
    with pytest.raises(LoopError, match="退回理由"):
        transition(rect, "rectifying", by="赵六", date=date(2025, 4, 1))
    once = transition(rect, "rectifying", by="赵六", date=date(2025, 4, 1), comment="佐证不全")
    assert (once.state, once.reopen_count) == ("rectifying", 1)
    twice = walk(once, "review", "rectifying", start=date(2025, 4, 1))
    assert twice.reopen_count == 2  # 退回 twice


def test_extension_is_recorded_and_first_due_stays() -> None:
    rect = reach("review")  # due 2025-03-31
    rect = step(rect, "rectifying", date(2025, 4, 1), due=date(2025, 4, 30), comment="延期一个月")
    assert rect.history[-1].changes == {"due": {"from": "2025-03-31", "to": "2025-04-30"}}
    assert (rect.due, rect.first_due) == (date(2025, 4, 30), date(2025, 3, 31))


def test_owner_and_measures_change_on_any_transition_but_closing() -> None:
    rect = step(reach("found"), "notified", date(2025, 3, 2), owner="司法所")
    assert rect.history[-1].changes == {"owner": {"from": "党政办", "to": "司法所"}}
    rect = walk(rect, "rectifying", start=date(2025, 3, 2))
    rect = step(rect, "review", date(2025, 3, 10), measures="重新发文", owner="司法所")
    assert rect.history[-1].changes == {"measures": {"from": "调整领导小组", "to": "重新发文"}}
    with pytest.raises(LoopError, match="销号时不能修改责任单位"):
        step(rect, "closed", date(2025, 3, 11), owner="平安办")
    assert step(rect, "closed", date(2025, 3, 11), owner="司法所").state == "closed"  # same owner: no change


def test_closed_date_is_the_last_entry_into_closed() -> None:
    assert reach("review").closed is None
    assert reach("closed").closed == date(2025, 3, 5)  # four steps a day apart after 03-01


# --- replay as of a date -----------------------------------------------------------------------


def test_as_of_replays_history() -> None:
    rect = reach("review")  # notified 03-02, rectifying 03-03, review 03-04
    rect = walk(rect, "rectifying", "review", "closed", start=date(2025, 3, 10))  # 03-11, 03-12, 03-13
    assert as_of(rect, date(2025, 2, 28)) is None  # not found yet
    assert as_of(rect, FOUND).state == "found"  # type: ignore[union-attr]
    assert as_of(rect, date(2025, 3, 3)).state == "rectifying"  # type: ignore[union-attr]
    assert as_of(rect, date(2025, 3, 10)).reopen_count == 0  # type: ignore[union-attr]
    then = as_of(rect, date(2025, 3, 11))
    assert then is not None and (then.state, then.reopen_count, then.closed) == ("rectifying", 1, None)
    assert as_of(rect, date(2025, 12, 31)) == rect


def test_overdue() -> None:
    rect = reach("review")  # due 2025-03-31
    assert not is_overdue(rect, date(2025, 3, 31))  # due today is not late
    assert is_overdue(rect, date(2025, 4, 1))  # 待复核 included
    assert days_overdue(rect, date(2025, 4, 10)) == 10
    closed = step(rect, "closed", date(2025, 4, 20))
    assert not is_overdue(closed, date(2025, 5, 1))
    assert days_overdue(closed, date(2025, 5, 1)) == 0
    assert days_overdue(closed, date(2025, 4, 15)) == 15  # as of 04-15 it was still open
    assert not is_overdue(make(), date(2025, 12, 1))  # no due date yet
    assert not is_overdue(make(), date(2025, 2, 1))  # not found yet


# --- metrics -----------------------------------------------------------------------------------


def test_no_items_scores_100_and_leaves_out_every_term() -> None:
    m = loop_metrics([], [], date(2025, 6, 30))
    assert (m.total, m.closed, m.overdue, m.loop_score) == (0, 0, 0, 100.0)
    assert (m.closure, m.on_time, m.first_pass, m.recurrence, m.mean_days_to_close) == (None,) * 5
    assert m.left_out == ("closure", "on_time", "first_pass", "recurrence")


def test_no_closed_items_leaves_out_first_pass_and_recurrence() -> None:
    late = reach("rectifying")  # first due 03-31, still open on 04-10 → late
    fresh = reach("notified")  # no due date yet: not in the on_time denominator
    m = loop_metrics([late, fresh], [], date(2025, 4, 10))
    assert (m.total, m.closed, m.overdue) == (2, 0, 1)
    assert (m.closure, m.on_time) == (0.0, 0.0)  # 0 of 2; 0 on time of 1
    assert m.left_out == ("first_pass", "recurrence")
    assert m.loop_score == 0.0  # 100 × (0.40·0 + 0.25·0) / 0.65


def test_on_time_left_out_when_nothing_is_closed_or_due() -> None:
    m = loop_metrics([reach("rectifying")], [], date(2025, 3, 20))  # due 03-31 is still ahead
    assert m.on_time is None
    assert m.left_out == ("on_time", "first_pass", "recurrence")
    assert m.loop_score == 0.0  # only closure = 0/1 remains


def scenario() -> tuple[list[Rectification], list[InspectedRound]]:
    """Four items found 2025-03-01 in the Q1 round, one found after the metrics date."""
    a = walk(make("A", item="S1.01"), *PATH[1:], start=date(2025, 3, 15))  # closed 03-19, due 03-31
    b = walk(make("B", item="S1.02"), *PATH[1:4], start=date(2025, 3, 15))  # review 03-18
    b = walk(b, "rectifying", "review", "closed", start=date(2025, 3, 20))  # reopened; closed 03-23
    c = walk(make("C", item="S1.03"), *PATH[1:3])  # rectifying 03-03, first due 03-31
    c = step(c, "review", date(2025, 4, 18), due=date(2025, 4, 30))  # extended to 04-30 (延期)
    c = step(c, "closed", date(2025, 4, 20))  # within the extension, late against the first due 03-31
    d = walk(make("D", item="S1.04"), "notified", "rectifying", due=date(2025, 4, 30))  # open, past due
    e = make("E", found=date(2025, 7, 5))  # found after the metrics date
    answers = {"S1.01": "fail", "S1.02": "pass", "S1.03": "na"}
    q2 = InspectedRound("Q2", "annual", "麻埠镇", "2025-Q2", date(2025, 6, 28), answers)
    q3 = InspectedRound("Q3", "annual", "麻埠镇", "2025-Q3", date(2025, 10, 8), {"S1.03": "fail"})
    return [a, b, c, d, e], [q2, q3]


def test_metrics_hand_computed() -> None:
    rects, rounds = scenario()
    m = loop_metrics(rects, rounds, date(2025, 6, 30))
    assert (m.as_of, m.total, m.closed, m.overdue) == (date(2025, 6, 30), 4, 3, 1)  # E does not exist yet
    assert m.closure == 0.75  # 3 closed of 4
    assert m.on_time == 0.5  # A, B on time; C late after its extension; D open past due → 2 of 4
    assert m.first_pass == pytest.approx(2 / 3)  # A and C never sent back; B reopened once
    # A: Q2 says fail → recurred. B: Q2 says pass. C: Q2 says na, Q3 was submitted after 06-30 → none.
    assert m.recurrence == 0.5  # 1 of 2
    assert m.mean_days_to_close == pytest.approx((18 + 22 + 50) / 3)  # 03-19, 03-23, 04-20 from 03-01 → 30.0
    # 100 × (0.40·0.75 + 0.25·0.5 + 0.20·2/3 + 0.15·(1 − 0.5)) = 30 + 12.5 + 13.333 + 7.5 = 63.333
    assert m.loop_score == pytest.approx(63.3333333)
    assert m.left_out == ()


def test_metrics_as_of_an_earlier_date() -> None:
    rects, rounds = scenario()
    m = loop_metrics(rects, rounds, date(2025, 3, 21))
    # A closed 03-19; B was sent back 03-21; C and D are rectifying, neither past its first due.
    assert (m.total, m.closed, m.overdue) == (4, 1, 0)
    assert m.closure == 0.25  # 1 of 4
    assert m.on_time == 1.0  # only A counts: closed on time; nobody past a first due yet
    assert m.first_pass == 1.0
    assert m.recurrence is None  # Q2 not submitted by 03-21
    assert m.mean_days_to_close == 18.0
    # 100 × (0.40·0.25 + 0.25·1 + 0.20·1) / 0.85 = 55 / 0.85 = 64.706
    assert m.loop_score == pytest.approx(100 * 0.55 / 0.85)
    assert m.left_out == ("recurrence",)


def closed_in_q1(item: str | None = "S1.01", unit: str = "麻埠镇") -> Rectification:
    return walk(make(item=item, unit=unit), *PATH[1:])


def rnd(period: str, submitted: date | None, answer: str | None, *, unit: str = "麻埠镇", cl: str = "annual"):
    return InspectedRound(f"{cl}-{unit}-{period}", cl, unit, period, submitted, {"S1.01": answer})


D = date(2025, 12, 31)
JUL, OCT = date(2025, 7, 1), date(2025, 10, 1)


@pytest.mark.parametrize(
    ("rounds", "recurrence"),
    [
        ([rnd("2025-Q2", JUL, "partial")], 1.0),  # partial counts as recurred
        ([rnd("2025-Q2", JUL, "pass")], 0.0),
        ([rnd("2025-Q2", JUL, "na"), rnd("2025-Q3", OCT, "fail")], 1.0),  # na skipped
        ([rnd("2025-Q2", JUL, None), rnd("2025-Q3", OCT, "pass")], 0.0),  # unanswered
        ([rnd("2025-Q3", OCT, "fail"), rnd("2025-Q2", JUL, "pass")], 0.0),  # earliest
        ([rnd("2025-Q2", None, "fail"), rnd("2025-Q3", OCT, "pass")], 0.0),  # unsubmitted
        ([rnd("2025-Q2", date(2026, 1, 5), "fail")], None),  # submitted after D
        ([rnd("2025-04", date(2025, 5, 1), "fail")], 1.0),  # a later month counts too
        ([rnd("2025", date(2025, 12, 1), "fail")], None),  # the year does not start after Q1 ends
        ([rnd("2025-Q1", date(2025, 3, 30), "fail")], None),  # the same period is not later
        ([rnd("2025-Q2", JUL, "fail", unit="周冲村")], None),  # another unit
        ([rnd("2025-Q2", JUL, "fail", cl="quarterly")], None),  # another checklist
    ],
)
def test_recurrence(rounds: list[InspectedRound], recurrence: float | None) -> None:
    m = loop_metrics([closed_in_q1()], rounds, D)
    assert m.recurrence == recurrence
    assert ("recurrence" in m.left_out) == (recurrence is None)


def test_recurrence_ignores_open_and_manual_items() -> None:
    rounds = [rnd("2025-Q2", date(2025, 7, 1), "fail")]
    manual = closed_in_q1(item=None)  # raised by hand without a checklist item
    open_item = reach("review")
    assert loop_metrics([manual, open_item], rounds, D).recurrence is None
    assert loop_metrics([manual, closed_in_q1()], rounds, D).recurrence == 1.0  # 1 of 1


def test_item_closed_without_a_due_date_counts_on_time() -> None:
    history = (
        Transition(None, "found", FOUND, "张三"),
        Transition("found", "closed", date(2025, 3, 9), "张三", "同意"),
    )
    odd = Rectification("X", "r", None, "麻埠镇", "2025-Q1", None, "手工录入", FOUND, history)
    assert loop_metrics([odd], [], D).on_time == 1.0


def test_metrics_to_dict_has_the_summary_json_keys() -> None:
    rects, rounds = scenario()
    data = loop_metrics(rects, rounds, date(2025, 6, 30)).to_dict()
    assert list(data) == [
        "total", "closed", "overdue", "closure", "on_time", "first_pass", "recurrence",
        "mean_days_to_close", "loop_score", "left_out",
    ]  # fmt: skip
    assert data["left_out"] == []
    assert json.loads(json.dumps(data)) == data


# --- persistence -------------------------------------------------------------------------------


def test_round_trip_through_json() -> None:
    rects, _ = scenario()
    for rect in rects:
        data = json.loads(json.dumps(rect.to_dict(), ensure_ascii=False))
        assert Rectification.from_dict(data) == rect
    data = rects[2].to_dict()
    assert list(data) == ["id", "round", "checklist", "unit", "period", "item", "problem", "found", "source",
                          "history"]
    assert data["found"] == "2025-03-01"
    assert data["history"][0] == {
        "from": None, "to": "found", "date": "2025-03-01", "by": "张三", "comment": "", "evidence": "",
        "changes": {"owner": {"from": None, "to": "党政办"}},
    }  # fmt: skip
    extension = data["history"][3]
    assert (extension["from"], extension["to"]) == ("rectifying", "review")
    assert extension["changes"] == {"due": {"from": "2025-03-31", "to": "2025-04-30"}}


def test_to_dict_does_not_share_changes() -> None:
    rect = make()
    rect.to_dict()["history"][0]["changes"]["owner"]["to"] = "改了"
    assert rect.owner == "党政办"


def test_from_dict_with_a_missing_field_is_a_value_error() -> None:
    data = make().to_dict()
    del data["history"]
    with pytest.raises(ValueError, match="整改事项数据"):
        Rectification.from_dict(data)
