"""The county's merge keys rounds and units by town: every town has its R0001 and its 党政办."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from checklist_tui.domain.metrics import loop_metrics
from checklist_tui.domain.round import Round
from checklist_tui.reports.county import build_county_ledger, build_county_summary, county_ledger_json
from checklist_tui.storage.store import Store

AS_OF = dt.date(2025, 3, 1)


@dataclass
class Town:
    name: str
    rounds: list[Round] = field(default_factory=list)


def answered_round(folder: Path, mini, period: str, submitted: dt.date, close: bool,
                   unit: str = "党政办") -> Store:
    store = Store(folder, today=lambda: AS_OF)
    meta = store.new_round(mini, unit, period, "王晓丽", created=submitted - dt.timedelta(days=20))
    rows = [{"line": n, "item": item, "answer": answer, "value": None, "note": "", "evidence": ""}
            for n, (item, answer) in enumerate((("S1.01", "pass"), ("S1.02", "pass"), ("S1.03", "fail")), 2)]
    store.import_answers(meta.id, rows, by="王晓丽")
    opened = store.submit(meta.id, date=submitted, by="王晓丽", allow_unanswered=True)
    if close:
        rid = opened[0].id
        day = submitted + dt.timedelta(days=1)
        store.rectify(rid, "notified", by="陈明", date=day, comment="已通报")
        store.rectify(rid, "rectifying", by="陈明", date=day, owner="党政办", person="陈明", measures="补学",
                      kind="限期整改", due=day + dt.timedelta(days=30))
        store.rectify(rid, "review", by="陈明", date=day + dt.timedelta(days=5), comment="已补学")
        store.rectify(rid, "closed", by="程立新", date=day + dt.timedelta(days=6), comment="同意销号",
                      reviewer="程立新")
    return store


def test_recurrence_looks_for_a_reinspection_in_the_same_town_only(tmp_path: Path, mini) -> None:
    # 麻埠镇 closed its 党政办's S1.03 in 2024-Q1 and has not inspected it again; 梅山镇's 党政办
    # failed the same item in 2024-Q3. That is not 麻埠镇's problem coming back.
    a = answered_round(tmp_path / "a", mini, "2024-Q1", dt.date(2024, 4, 5), close=True)
    b = answered_round(tmp_path / "b", mini, "2024-Q3", dt.date(2024, 10, 5), close=False)
    towns = [Town("麻埠镇", a.load_all().rounds), Town("梅山镇", b.load_all().rounds)]
    summary = build_county_summary(towns, AS_OF)
    assert summary.towns[0].loop.recurrence is None
    assert summary.overall.recurrence is None
    assert summary.overall.total == 2 and summary.overall.closed == 1


def test_the_county_ledger_numbers_across_towns_and_keeps_both_r0001(tmp_path: Path, mini) -> None:
    a = answered_round(tmp_path / "a", mini, "2024-Q1", dt.date(2024, 4, 5), close=True)
    b = answered_round(tmp_path / "b", mini, "2024-Q3", dt.date(2024, 10, 5), close=False)
    towns = [Town("麻埠镇", a.load_all().rounds), Town("梅山镇", b.load_all().rounds)]
    items = county_ledger_json(build_county_ledger(towns, AS_OF))["items"]
    assert [(i["town"], i["id"]) for i in items] == [("麻埠镇", "R0001-01"), ("梅山镇", "R0001-01")]
    matrix = build_county_summary(towns, AS_OF).matrices
    assert [(m.checklist, [row.town for row in m.rows]) for m in matrix] == [("mini", ["麻埠镇", "梅山镇"])]


def test_the_county_figures_are_those_of_all_items_when_towns_cannot_mix(tmp_path: Path, mini) -> None:
    # different units: pooling the items gives the same figures as adding the towns' counts
    a = answered_round(tmp_path / "a", mini, "2024-Q1", dt.date(2024, 4, 5), close=True)
    b = answered_round(tmp_path / "b", mini, "2024-Q3", dt.date(2024, 10, 5), close=False, unit="司法所")
    towns = [Town("麻埠镇", a.load_all().rounds), Town("梅山镇", b.load_all().rounds)]
    rounds = [r for t in towns for r in t.rounds]
    rects = [x for r in rounds for x in r.rectifications]
    pooled = loop_metrics(rects, [r.inspected() for r in rounds], AS_OF)
    assert build_county_summary(towns, AS_OF).overall == pooled
    assert pooled.total == 2 and pooled.closed == 1
    assert pooled.mean_days_to_close == 7  # found 2024-04-05, closed 2024-04-12
