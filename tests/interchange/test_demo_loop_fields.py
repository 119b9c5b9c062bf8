"""The demo's rectification items carry what issue #12 asks of a 整改台账: 责任人, 整改类型, and a
复核人 who is neither the 责任人 nor who sent the item for review."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from checklist_tui.catalogue.library import checklist_dirs, load_library
from checklist_tui.domain.loop import KINDS
from checklist_tui.interchange.demo import make_demo
from checklist_tui.storage.store import Store


def test_demo_items_have_person_kind_and_an_independent_reviewer(tmp_path: Path) -> None:
    store = Store(tmp_path)
    make_demo(store, load_library(checklist_dirs(None)), 40, dt.date(2025, 11, 20))
    rects = [rect for r in store.load_all().rounds for rect in r.rectifications]
    worked = [r for r in rects if any(t.to == "rectifying" for t in r.history)]
    closed = [r for r in rects if r.state == "closed"]
    assert worked and closed
    assert all(r.person and r.kind in KINDS for r in worked)
    assert len({r.kind for r in worked}) > 1
    for r in closed:
        assert r.reviewer and r.reviewer != r.person and r.reviewer != r.submitted_by
        assert r.review_comment
    units = set(store.units().names)
    assert not {t.by for r in rects for t in r.history} & units  # 经办人 are people, never units
