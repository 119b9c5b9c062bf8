"""A realistic history in an empty data folder: to look at, to try the app on, to measure with.

Rounds of the bundled checklists for the town's offices and villages, going back quarter by
quarter from today; answers with notes and evidence; submitted rounds whose problems move
through the rectification loop, some on time, some late, some sent back, a few still open.
The same N always gives the same data for the same day (a fixed random seed).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator

from checklist_tui.catalogue.library import Library
from checklist_tui.domain.checklist import Checklist, Item
from checklist_tui.domain.period import Period, parse_period
from checklist_tui.errors import BadInput
from checklist_tui.storage.store import Store

OFFICES = ("党政办", "司法所", "平安办", "综合行政执法大队")
VILLAGES = ("麻埠村", "桃岭村", "响洪甸村", "龙门村", "兴隆村", "银山村")
INSPECTORS = ("王晓丽", "陈明", "刘建国", "张红梅", "李卫东")
# which units answer which checklist
UNITS = {
    "annual-self-check": ("党政办", *VILLAGES[:2]),
    "enforcement-quarterly": ("综合行政执法大队", "司法所"),
    "shortcomings-rectification": ("党政办", "司法所", "平安办", *VILLAGES),
    "plan-2025": ("党政办", "司法所", "综合行政执法大队"),
}
PARTIAL_NOTES = (
    "已开展但记录不全,部分会议纪要未归档",
    "制度已建立,执行不够经常",
    "台账有缺页,需补齐签字",
    "培训已开展,考核未覆盖全部人员",
    "公示已发布,但更新不及时",
)
FAIL_NOTES = (
    "本期未开展,需列入下季度计划",
    "未见相关文件和记录",
    "制度尚未建立",
    "责任人调整后未及时补位",
    "群众反映问题未按期回复",
)
MEASURES = (
    "制定整改方案,明确时限,专人负责并每周调度",
    "补齐台账资料,完善签字手续,由分管领导审核",
    "组织专题培训并开展考核,结果纳入年度考评",
    "修订工作制度,报党委会审议后印发执行",
)


def quarters_back(start: dt.date) -> Iterator[Period]:
    """The quarter containing `start`, then each earlier quarter."""
    year, quarter = start.year, (start.month - 1) // 3 + 1
    while True:
        yield parse_period(f"{year}-Q{quarter}")
        year, quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)


def plan(library: Library, count: int, day: dt.date) -> list[tuple[Checklist, str, Period]]:
    """The newest `count` rounds (checklist, unit, period), oldest first."""
    candidates: list[tuple[Checklist, str, Period]] = []
    quarters = quarters_back(day)
    for _ in range(64):
        quarter = next(quarters)
        for checklist_id, units in UNITS.items():
            if checklist_id not in library.checklists:
                continue
            checklist = library.checklists[checklist_id]
            if checklist.cadence == "annual":
                if quarter.label.endswith("Q4"):
                    period = parse_period(quarter.label[:4])
                    candidates += [(checklist, unit, period) for unit in units]
            else:
                candidates += [(checklist, unit, quarter) for unit in units]
        if len(candidates) >= count:
            break
    return list(reversed(candidates[:count]))


def answer_row(rng: random.Random, item: Item) -> dict:
    roll = rng.random()
    row = {"line": 0, "item": item.id, "answer": None, "value": None, "note": "", "evidence": ""}
    if roll < 0.04:
        row["answer"] = "na"
        row["note"] = "本单位无此项工作"
        return row
    if item.kind == "number":
        low = item.min if item.min is not None else 0.0
        high = item.max if item.max is not None else low + 50
        if item.target is not None and roll < 0.85:
            goal = item.target.value
            value = {">=": goal + rng.random() * (high - goal), "<=": low + rng.random() * (goal - low),
                     ">": min(high, goal + 1), "<": max(low, goal - 1), "==": goal}[item.target.op]
        elif item.target is not None:  # a near miss, as real shortfalls are
            goal = item.target.value
            above = item.target.op in ("<=", "<", "==") and goal < high
            value = min(high, goal + rng.randint(1, 3)) if above else max(low, goal - rng.uniform(1, 8))
        else:  # recorded only: a plausible count
            value = low + rng.random() * min(high - low, 40)
        row["value"] = float(round(value)) if item.unit != "%" else round(value, 1)
    elif item.counted:  # deduction: times missed; bonus: times earned
        most = int(item.max) if item.max is not None else 4
        if item.kind == "deduction":
            row["value"] = float(0 if roll < 0.7 else rng.randint(1, most))
        else:
            row["value"] = float(0 if roll < 0.5 else rng.randint(1, min(most, 3)))
    elif item.critical:  # 一票否决 takes 符合/不符合/不适用 only
        row["answer"] = "pass" if roll < 0.9 else "fail"
    else:
        row["answer"] = "pass" if roll < 0.72 else "partial" if roll < 0.88 else "fail"
    if row["answer"] == "partial" or (row["value"] and item.kind == "deduction"):
        row["note"] = rng.choice(PARTIAL_NOTES)
    elif row["answer"] == "fail":
        row["note"] = rng.choice(FAIL_NOTES)
    if item.evidence and row["answer"] != "fail":
        number = f"麻政〔{rng.randint(2023, 2026)}〕{rng.randint(1, 60)}号"
        row["evidence"] = f"{rng.choice(item.evidence)}({number})"
    return row


def drive_loop(store: Store, rng: random.Random, rect_id: str, found: dt.date, owner: str | None,
               day: dt.date) -> None:
    """Move one rectification item along the loop as a real office might, never past `day`."""
    by = rng.choice(INSPECTORS)
    stalls = 0.3 if (day - found).days < 120 else 0.02  # old items were mostly seen through
    date = found + dt.timedelta(days=rng.randint(1, 5))
    if date > day:
        return
    store.rectify(rect_id, "notified", by=by, date=date, comment="已书面通报责任单位")
    date += dt.timedelta(days=rng.randint(2, 7))
    if date > day or rng.random() < stalls / 3:
        return
    due = found + dt.timedelta(days=rng.choice((30, 45, 60)))
    store.rectify(rect_id, "rectifying", by=by, date=date, owner=owner or rng.choice(OFFICES),
                  measures=rng.choice(MEASURES), due=due)
    if rng.random() < 0.15:  # an extension
        date += dt.timedelta(days=rng.randint(5, 20))
        if date > day:
            return
        store.rectify(rect_id, "rectifying", by=by, date=date, due=due + dt.timedelta(days=30),
                      comment="因汛期工作任务重,申请延期")
    for attempt in range(3):
        date += dt.timedelta(days=rng.randint(10, 50))
        if date > day or rng.random() < stalls / 2:
            return
        store.rectify(rect_id, "review", by=by, date=date, comment="已按整改方案完成,资料已补齐",
                      evidence=f"整改报告(麻政办〔{date.year}〕{rng.randint(1, 90)}号)")
        date += dt.timedelta(days=rng.randint(1, 10))
        if date > day:
            return
        if attempt < 2 and rng.random() < 0.15:
            store.rectify(rect_id, "rectifying", by="党政办", date=date, comment="佐证材料不完整,退回补充")
            continue
        store.rectify(rect_id, "closed", by="党政办", date=date, comment="经复核,整改到位,同意销号")
        return


def make_demo(store: Store, library: Library, count: int, day: dt.date | None = None) -> int:
    """Write `count` rounds of history into an empty data folder; returns how many were written."""
    if store.round_ids():
        raise BadInput(f"数据文件夹 {store.data_dir} 已有检查批次;"
                         "演示数据只写入空文件夹(用 --data 指定新文件夹)")
    day = day or store.today()
    rng = random.Random(20250303)
    rounds = plan(library, count, day)
    with store.batch():
        for checklist, unit, period in rounds:
            created = min(day, period.start + dt.timedelta(days=rng.randint(0, 20)))
            meta = store.new_round(checklist, unit, period.label, rng.choice(INSPECTORS), created=created)
            rows = [answer_row(rng, item) for item in checklist.items]
            submit_on = period.end + dt.timedelta(days=rng.randint(3, 20))
            if submit_on > day:  # the current period: still being answered
                rows = rows[: rng.randint(len(rows) // 3, len(rows) - 1)]
            store.import_answers(meta.id, rows, by=meta.inspector)
            if submit_on > day:
                continue
            opened = store.submit(meta.id, date=submit_on, by=meta.inspector, allow_unanswered=True)
            if rng.random() < 0.2:
                opened.append(store.raise_item(
                    meta.id, problem="“法律明白人”作用发挥不充分,村级法治队伍建设滞后", by="党政办",
                    date=submit_on))
            for rect in opened:
                drive_loop(store, rng, rect.id, rect.found, rect.owner, day)
    return len(rounds)
