"""A realistic history in an empty data folder: to look at, to try the app on, to measure with.

Rounds of the bundled checklists for the town's offices and villages (villages answer the village
checklist, the 2025 tasks are checked for 2025), going back quarter by quarter from today; answers
with notes that fit their item and evidence named as the office files it (demo_words); submitted
rounds whose problems move through the rectification loop — 党政办 notifies, a person of the
owning unit rectifies, someone else reviews — some on time, some late, some sent back, a few open.
The same N always gives the same data for the same day (a fixed random seed).

One town writes about 40 rounds a year. Asked for more than it writes in ten years, the folder
takes the units of further towns of the county too (demo_towns), as many as needed, going back
further only once all 23 are in; `make_towns` writes one folder per town instead. Each round is
built in memory and written once (storage.round_draft), so 5,000 rounds take seconds, not hours.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from checklist_tui.catalogue.library import Library
from checklist_tui.catalogue.units import FILE_NAME, units_toml
from checklist_tui.domain import loop
from checklist_tui.domain.checklist import Checklist, Item
from checklist_tui.domain.ids import next_round_id
from checklist_tui.domain.period import Period, parse_period
from checklist_tui.domain.round import Round, RoundMeta
from checklist_tui.domain.scoring import FINDING_ANSWERS
from checklist_tui.domain.units import Unit, UnitRegister, scoped
from checklist_tui.errors import BadInput, DataError
from checklist_tui.interchange import demo_words as words
from checklist_tui.interchange.demo_towns import OFFICES, TOWNS, VILLAGES, Town, town
from checklist_tui.storage.files import os_reason, write_bytes
from checklist_tui.storage.round_draft import RoundDraft, write_draft
from checklist_tui.storage.store import Store, now_text

__all__ = ["MAX_ROUNDS", "OFFICES", "VILLAGES", "make_demo", "make_towns"]

MAX_ROUNDS = 10_000
TOWN_YEARS = 10  # how far back one town's history goes before the folder takes another town's units
MAX_YEARS = 15  # how far back any history goes
# which units answer which checklist (each round holds only the items that apply to its unit);
# "村" is every village of the town
UNITS = {
    "annual-self-check": OFFICES,
    "enforcement-quarterly": ("综合行政执法大队", "司法所"),
    "shortcomings-rectification": OFFICES,
    "plan-2025": ("党政办", "司法所", "综合行政执法大队"),
    "village-annual": ("村",),
}
PERIODS = {"plan-2025": ("2025",)}  # the 2025 tasks are checked for 2025 only
RAISED = "“法律明白人”作用发挥不充分，村级法治队伍建设滞后"
KINDS = ("限期整改", "立行立改", "限期整改", "长期坚持", "限期整改")  # 整改类型, picked by the item's id
SEED = 20250303

Planned = tuple[Town, Checklist, str, Period]


def quarters_back(start: dt.date) -> Iterator[Period]:
    """The quarter containing `start`, then each earlier quarter."""
    year, quarter = start.year, (start.month - 1) // 3 + 1
    while True:
        yield parse_period(f"{year}-Q{quarter}")
        year, quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)


def candidates(library: Library, towns: list[Town], day: dt.date, years: int) -> Iterator[Planned]:
    """Every round the towns would have written, newest quarter first, over `years` years."""
    quarters = quarters_back(day)
    for _ in range(4 * years):
        quarter = next(quarters)
        for place in towns:
            for checklist_id, roles in UNITS.items():
                if checklist_id not in library.checklists:
                    continue
                checklist = library.checklists[checklist_id]
                units = place.villages if roles == ("村",) else tuple(place.unit(r) for r in roles)
                if checklist.cadence == "annual":
                    year = quarter.label[:4]
                    if quarter.label.endswith("Q4") and year in PERIODS.get(checklist_id, (year,)):
                        yield from ((place, checklist, unit, parse_period(year)) for unit in units)
                else:
                    yield from ((place, checklist, unit, quarter) for unit in units)


def newest(source: Iterator[Planned], count: int) -> list[Planned]:
    """The first `count` of `source`, oldest first."""
    chosen = [planned for _, planned in zip(range(count), source, strict=False)]
    return list(reversed(chosen))


def plan(library: Library, count: int, day: dt.date) -> list[Planned]:
    """The newest `count` rounds (town, checklist, unit, period), oldest first: one town's while
    ten years hold them, else as few towns as do (named units in one folder), else all 23 going
    further back. Fewer than `count` only when even that cannot hold them."""
    for number in range(1, len(TOWNS) + 1):
        towns = [town(i, named_offices=True) for i in range(number)]
        years = TOWN_YEARS if number < len(TOWNS) else MAX_YEARS
        chosen = newest(candidates(library, towns, day, years), count)
        if len(chosen) == count:
            return chosen
    return chosen


def town_plan(library: Library, place: Town, count: int, day: dt.date) -> list[Planned]:
    return newest(candidates(library, [place], day, MAX_YEARS), count)


def answer_row(rng: random.Random, item: Item, period: Period, town: str = "麻") -> dict:
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
    if row["answer"] in FINDING_ANSWERS:
        row["note"] = words.note(rng, item, row["answer"], None)
    if item.evidence and row["answer"] != "fail":
        row["evidence"] = words.evidence(rng, item, period.label, period.start.year, town)
    return row


def drive_loop(draft: RoundDraft, rng: random.Random, rect: loop.Rectification, item: Item | None,
               day: dt.date, place: Town, owner: str | None = None) -> None:
    """Move one rectification item along the loop as a real office might, never past `day`: 党政办
    notifies, a person of the owning unit rectifies, someone else reviews."""
    found = rect.found
    owner = owner or (place.unit(rect.owner) if rect.owner else rng.choice(tuple(place.offices.values())))
    clerk, doer = place.person(rng, place.unit("党政办")), place.person(rng, owner)
    checker = place.reviewer(rng, doer)
    stalls = 0.3 if (day - found).days < 120 else 0.02  # old items were mostly seen through
    date = found + dt.timedelta(days=rng.randint(1, 5))
    if date > day:
        return
    draft.rectify(rect.id, "notified", by=clerk, date=date, comment=f"已书面通报{owner}")
    date += dt.timedelta(days=rng.randint(2, 7))
    if date > day or rng.random() < stalls / 3:
        return
    due = found + dt.timedelta(days=rng.choice((30, 45, 60)))
    kind = KINDS[sum(map(ord, rect.id)) % len(KINDS)]  # no rng draw: the rest of the demo stays as it was
    draft.rectify(rect.id, "rectifying", by=doer, date=date, owner=owner,
                  measures=words.measures(rng, item), due=due, person=doer, kind=kind)
    if rng.random() < 0.15:  # an extension
        date += dt.timedelta(days=rng.randint(5, 20))
        if date > day:
            return
        draft.rectify(rect.id, "rectifying", by=doer, date=date, due=due + dt.timedelta(days=30),
                      comment="因汛期防汛任务重，申请延期30天")
    for attempt in range(3):
        date += dt.timedelta(days=rng.randint(10, 50))
        if date > day or rng.random() < stalls / 2:
            return
        draft.rectify(rect.id, "review", by=doer, date=date, comment="已按整改措施完成，佐证材料已补齐",
                      evidence=f"整改情况报告（{place.short}政办〔{date.year}〕{rng.randint(1, 90)}号）")
        date += dt.timedelta(days=rng.randint(1, 10))
        if date > day:
            return
        if attempt < 2 and rng.random() < 0.15:
            draft.rectify(rect.id, "rectifying", by=checker, date=date,
                          comment="佐证材料不完整，缺少整改前后对照，退回补充")
            continue
        draft.rectify(rect.id, "closed", by=checker, date=date, comment="经复核，整改到位，同意销号",
                      reviewer=checker)
        return


def snapshot(draft: RoundDraft) -> bytes:
    """The round file the draft would be written as now (what a backup taken now holds)."""
    return json.dumps(draft.data(), ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def build_round(rng: random.Random, planned: Planned, round_id: str, register: UnitRegister,
                scoped_copies: dict[tuple[str, str], Checklist], day: dt.date, at: str,
                saved: list[tuple[bytes, dt.date]] | None = None) -> RoundDraft:
    """One round of the plan as the office would have answered and followed it up; `saved` gets
    the newest backup the Store would have taken on the way, with its day: the round as answered,
    before it was submitted (the one a submission always takes), or for a round still being
    answered the round as created, before its answers were imported."""
    place, checklist, unit, period = planned
    created = min(day, period.start + dt.timedelta(days=rng.randint(0, 20)))
    inspector = place.person(rng, unit)
    key = (checklist.id, unit)
    if key not in scoped_copies:
        scoped_copies[key] = scoped(checklist, unit, register)
    copy = scoped_copies[key]
    meta = RoundMeta(round_id, copy.id, copy.title, copy.version, unit, period.label, inspector,
                     created.isoformat())
    draft = RoundDraft(meta, copy, register.names)
    items = copy.items
    rows = [answer_row(rng, item, period, place.short) for item in items]
    submit_on = period.end + dt.timedelta(days=rng.randint(3, 20))
    if submit_on > day:  # the current period: still being answered
        rows = rows[: rng.randint(len(rows) // 3, max(1, len(rows) - 1))]
    if saved is not None and submit_on > day:
        saved.append((snapshot(draft), created))
    draft.import_answers(rows, by=inspector, at=at)
    if submit_on > day:
        return draft
    if saved is not None:
        saved.append((snapshot(draft), submit_on))
    opened = draft.submit(submit_on, by=inspector)
    if unit in place.villages and rng.random() < 0.3:
        opened.append(draft.raise_item(problem=RAISED, by=place.person(rng, place.unit("司法所")),
                                       date=submit_on, source="督察"))
    by_id = {item.id: item for item in items}
    for rect in opened:
        # a village puts its own problems right, with the office's guidance
        owner = unit if unit in place.villages else None
        drive_loop(draft, rng, rect, by_id.get(rect.item or ""), day, place, owner)
    return draft


def refuse_count(count: int, towns: int = 1) -> None:
    if not 1 <= count <= MAX_ROUNDS:
        raise BadInput(f"--rounds 应在 1 到 {MAX_ROUNDS} 之间（收到 {count}）")
    if not 1 <= towns <= len(TOWNS):
        raise BadInput(f"--towns 应在 1 到 {len(TOWNS)} 之间（金寨县共 {len(TOWNS)} 个乡镇；收到 {towns}）")
    if count < towns:
        raise BadInput(f"--rounds {count} 少于 --towns {towns}：每个乡镇至少要有一个批次")


def refuse_filled(store: Store) -> None:
    if store.round_ids():
        raise BadInput(f"数据文件夹 {store.data_dir} 已有检查批次；"
                       "演示数据只写入空文件夹（用 --data 指定新文件夹）")


def write_rounds(store: Store, rng: random.Random, rounds: list[Planned], register: UnitRegister,
                 day: dt.date) -> int:
    """Build and write the planned rounds, then their index entries in one write."""
    store.ensure_folders()
    scoped_copies: dict[tuple[str, str], Checklist] = {}
    at, ids, records = now_text(), list[str](), list[Round]()
    for planned in rounds:
        round_id = next_round_id(ids[-1:])
        ids.append(round_id)
        saved: list[tuple[bytes, dt.date]] = []
        draft = build_round(rng, planned, round_id, register, scoped_copies, day, at, saved)
        path = store.round_path(round_id)
        write_draft(path, draft, sync=False)
        write_backups(store, path, saved)
        record = draft.record()
        record.stamp = store.stamp(round_id)
        records.append(record)
    sync = getattr(os, "sync", None)
    if sync is not None:  # one flush of all the files at the end instead of one per file
        sync()
    store.index_rounds(records)
    return len(records)


def write_backups(store: Store, path: Path, saved: list[tuple[bytes, dt.date]]) -> None:
    """The backups a round file of a real office has (`restore R0001` lists them): NAME.1 the
    newest, each dated the day it was taken (at the office's working hours)."""
    store.backup_dir.mkdir(exist_ok=True)
    for number, (payload, day) in enumerate(reversed(saved), start=1):
        target = store.backup_dir / f"{path.name}.{number}"
        write_bytes(target, payload, sync=False)
        taken = dt.datetime.combine(day, dt.time(10)).timestamp()
        os.utime(target, (taken, taken))


def write_register(store: Store, register: UnitRegister) -> None:
    text = units_toml(register, f"{register.town}单位名录（演示数据）")
    try:
        store.data_dir.mkdir(parents=True, exist_ok=True)
        write_bytes(store.data_dir / FILE_NAME, text.encode("utf-8"))
    except OSError as error:
        raise DataError(f"无法写入 {store.data_dir / FILE_NAME}：{os_reason(error)}") from None


def register_of(towns: list[Town], name: str) -> UnitRegister:
    return UnitRegister(name, tuple(Unit(n, kind) for place in towns for n, kind in place.units()))


def make_demo(store: Store, library: Library, count: int, day: dt.date | None = None) -> int:
    """Write `count` rounds of history into an empty data folder; returns how many were written.
    Beyond one town's ten years the folder's units.toml lists the other towns' units too."""
    refuse_count(count)
    refuse_filled(store)
    day = day or store.today()
    rounds = plan(library, count, day)
    towns = list({planned[0].name: planned[0] for planned in rounds}.values())
    if len(rounds) < count:
        raise BadInput(f"--rounds {count}：演示数据最多 {len(rounds)} 个批次")
    register = store.units()
    if len(towns) > 1:
        if (store.data_dir / FILE_NAME).exists():
            raise BadInput(f"--rounds {count} 需要多个乡镇的单位，而数据文件夹 {store.data_dir} 已有自己的 "
                           f"{FILE_NAME}；请用一个空文件夹")
        register = register_of(sorted(towns, key=lambda t: TOWNS.index(t.name)), register.town)
        write_register(store, register)
    return write_rounds(store, random.Random(SEED), rounds, register, day)


def make_towns(folder: Path, library: Library, count: int, towns: int,
               day: dt.date | None = None) -> list[Path]:
    """`count` rounds over `towns` towns, each its own data folder `folder/<镇名>` with its own
    units.toml (`town = "…"`): what a county office gathers, one bundle per town. The rounds are
    shared out evenly (the first towns one more); returns the folders."""
    refuse_count(count, towns)
    stores = [Store(Path(folder) / TOWNS[i]) for i in range(towns)]
    for store in stores:
        refuse_filled(store)
    day = day or stores[0].today()
    shares = [count // towns + (1 if i < count % towns else 0) for i in range(towns)]
    plans = [town_plan(library, town(i), share, day) for i, share in enumerate(shares)]
    for i, planned in enumerate(plans):
        if len(planned) < shares[i]:
            most = len(planned) * towns
            raise BadInput(f"--rounds {count} --towns {towns}：每个乡镇最多约 {len(planned)} 个批次"
                           f"（{MAX_YEARS} 年），共约 {most} 个；请增加 --towns 或减少 --rounds")
    for i, (store, planned) in enumerate(zip(stores, plans, strict=True)):
        place = town(i)
        register = register_of([place], place.name)
        write_register(store, register)
        write_rounds(store, random.Random(SEED + i), planned, register, day)
    return [store.data_dir for store in stores]
