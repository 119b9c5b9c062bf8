"""A realistic history in an empty data folder: to look at, to try the app on, to measure with.

Rounds of the bundled checklists for the town's offices and villages (villages answer the village
checklist, the 2025 tasks are checked for 2025), going back quarter by quarter from today; answers
with notes that fit their item and evidence named as the office files it (demo_words); submitted
rounds whose problems move through the rectification loop — 党政办 notifies, a person of the
owning unit rectifies, someone else reviews — some on time, some late, some sent back, a few open.
The same N always gives the same data for the same day (a fixed random seed).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from typing import Any

from checklist_tui.catalogue.library import Library
from checklist_tui.domain import loop
from checklist_tui.domain.checklist import Checklist, Item
from checklist_tui.domain.period import Period, parse_period
from checklist_tui.domain.units import scoped
from checklist_tui.errors import BadInput
from checklist_tui.interchange import demo_words as words
from checklist_tui.storage.store import Store

OFFICES = ("党政办", "司法所", "平安办", "综合行政执法大队", "便民服务中心")
VILLAGES = ("麻埠村", "桃岭村", "响洪甸村", "龙门村", "兴隆村", "银山村")
# which units answer which checklist (each round holds only the items that apply to its unit)
UNITS = {
    "annual-self-check": OFFICES,
    "enforcement-quarterly": ("综合行政执法大队", "司法所"),
    "shortcomings-rectification": OFFICES,
    "plan-2025": ("党政办", "司法所", "综合行政执法大队"),
    "village-annual": VILLAGES,
}
PERIODS = {"plan-2025": ("2025",)}  # the 2025 tasks are checked for 2025 only
RAISED = "“法律明白人”作用发挥不充分，村级法治队伍建设滞后"
KINDS = ("限期整改", "立行立改", "限期整改", "长期坚持", "限期整改")  # 整改类型, picked by the item's id


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
                year = quarter.label[:4]
                if quarter.label.endswith("Q4") and year in PERIODS.get(checklist_id, (year,)):
                    candidates += [(checklist, unit, parse_period(year)) for unit in units]
            else:
                candidates += [(checklist, unit, quarter) for unit in units]
        if len(candidates) >= count:
            break
    return list(reversed(candidates[:count]))


def answer_row(rng: random.Random, item: Item, period: Period) -> dict:
    roll = rng.random()
    row: dict[str, Any] = {"line": 0, "item": item.id, "answer": None, "value": None, "note": "",
                           "evidence": ""}
    if roll < 0.04:
        row["answer"] = "na"
        row["note"] = words.note(rng, item, "na", None)
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
            above = item.target.op in ("<=", "<") and goal < high
            value = min(high, goal + rng.randint(1, 3)) if above else max(low, goal - rng.uniform(1, 8))
        else:  # recorded only: a plausible count
            value = low + rng.random() * min(high - low, 40)
        shown = float(round(value)) if item.unit != "%" else round(value, 1)
        row["value"] = shown
        met = item.target is None or item.target.met_by(shown)
        row["note"] = words.note(rng, item, "pass" if met else "fail", shown)
    elif item.counted:  # deduction: times missed; bonus: times earned
        most = int(item.max) if item.max is not None else 4
        if item.kind == "deduction":
            missed = float(0 if roll < 0.7 else rng.randint(1, min(most, 3)))
            row["value"] = missed
            row["note"] = words.note(rng, item, None, missed)
        else:
            row["value"] = float(0 if roll < 0.5 else rng.randint(1, min(most, 3)))
    elif item.critical:  # 一票否决 takes 符合/不符合/不适用 only
        row["answer"] = "pass" if roll < 0.9 else "fail"
    else:
        row["answer"] = "pass" if roll < 0.72 else "partial" if roll < 0.88 else "fail"
    if row["answer"] in ("partial", "fail"):
        row["note"] = words.note(rng, item, row["answer"], None)
    if item.evidence and row["answer"] != "fail":
        row["evidence"] = words.evidence(rng, item, period.label, period.start.year)
    return row


def drive_loop(store: Store, rng: random.Random, rect: loop.Rectification, item: Item | None,
               day: dt.date, owner: str | None = None) -> None:
    """Move one rectification item along the loop as a real office might, never past `day`: 党政办
    notifies, a person of the owning unit rectifies, someone else reviews."""
    found, owner = rect.found, owner or rect.owner or rng.choice(OFFICES)
    clerk, doer = words.person(rng, "党政办"), words.person(rng, owner)
    checker = words.reviewer(rng, doer)
    stalls = 0.3 if (day - found).days < 120 else 0.02  # old items were mostly seen through
    date = found + dt.timedelta(days=rng.randint(1, 5))
    if date > day:
        return
    store.rectify(rect.id, "notified", by=clerk, date=date, comment=f"已书面通报{owner}")
    date += dt.timedelta(days=rng.randint(2, 7))
    if date > day or rng.random() < stalls / 3:
        return
    due = found + dt.timedelta(days=rng.choice((30, 45, 60)))
    kind = KINDS[sum(map(ord, rect.id)) % len(KINDS)]  # no rng draw: the rest of the demo stays as it was
    store.rectify(rect.id, "rectifying", by=doer, date=date, owner=owner,
                  measures=words.measures(rng, item), due=due, person=doer, kind=kind)
    if rng.random() < 0.15:  # an extension
        date += dt.timedelta(days=rng.randint(5, 20))
        if date > day:
            return
        store.rectify(rect.id, "rectifying", by=doer, date=date, due=due + dt.timedelta(days=30),
                      comment="因汛期防汛任务重，申请延期30天")
    for attempt in range(3):
        date += dt.timedelta(days=rng.randint(10, 50))
        if date > day or rng.random() < stalls / 2:
            return
        store.rectify(rect.id, "review", by=doer, date=date, comment="已按整改措施完成，佐证材料已补齐",
                      evidence=f"整改情况报告(麻政办〔{date.year}〕{rng.randint(1, 90)}号)")
        date += dt.timedelta(days=rng.randint(1, 10))
        if date > day:
            return
        if attempt < 2 and rng.random() < 0.15:
            store.rectify(rect.id, "rectifying", by=checker, date=date,
                          comment="佐证材料不完整，缺少整改前后对照，退回补充")
            continue
        store.rectify(rect.id, "closed", by=checker, date=date, comment="经复核，整改到位，同意销号",
                      reviewer=checker)
        return


def make_demo(store: Store, library: Library, count: int, day: dt.date | None = None) -> int:
    """Write `count` rounds of history into an empty data folder; returns how many were written."""
    if store.round_ids():
        raise BadInput(f"数据文件夹 {store.data_dir} 已有检查批次;"
                         "演示数据只写入空文件夹(用 --data 指定新文件夹)")
    day = day or store.today()
    rng = random.Random(20250303)
    rounds = plan(library, count, day)
    register = store.units()
    with store.batch():
        for checklist, unit, period in rounds:
            created = min(day, period.start + dt.timedelta(days=rng.randint(0, 20)))
            inspector = words.person(rng, unit)
            meta = store.new_round(checklist, unit, period.label, inspector, created=created, units=register)
            items = scoped(checklist, unit, register).items
            rows = [answer_row(rng, item, period) for item in items]
            submit_on = period.end + dt.timedelta(days=rng.randint(3, 20))
            if submit_on > day:  # the current period: still being answered
                rows = rows[: rng.randint(len(rows) // 3, max(1, len(rows) - 1))]
            store.import_answers(meta.id, rows, by=inspector)
            if submit_on > day:
                continue
            opened = store.submit(meta.id, date=submit_on, by=inspector, allow_unanswered=True)
            if unit in VILLAGES and rng.random() < 0.3:
                opened.append(store.raise_item(meta.id, problem=RAISED, by=words.person(rng, "司法所"),
                                               date=submit_on, source="督察"))
            by_id = {item.id: item for item in items}
            for rect in opened:
                # a village puts its own problems right, with the office's guidance
                owner = unit if unit in VILLAGES else None
                drive_loop(store, rng, rect, by_id.get(rect.item or ""), day, owner)
    return len(rounds)
