"""Snapshots of whole screens with Chinese text (pytest-textual-snapshot; update with
`pytest tests/test_snapshots_app.py --snapshot-update` and look at the SVGs before committing)."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import CREATED, MARKUP_NOTE, TODAY
from tuihelpers import settle

from checklist_tui.catalogue.library import load_library
from checklist_tui.storage.store import Store
from checklist_tui.tui.app import ChecklistApp
from checklist_tui.tui.services import Services

SIZE = (100, 32)


@pytest.fixture
def two_rounds(store, mini):
    """R0001 half answered with a markup-looking note on its first open item; R0002 submitted."""
    first = store.new_round(mini, "党政办", "2025", "张三", created=CREATED).id
    store.save_answer(first, "S1.01", answer="pass", evidence="麻政[2025]3号")
    store.save_answer(first, "S1.02", answer="fail", note="两项决策未见审查意见")
    store.save_answer(first, "S1.03", note=MARKUP_NOTE)
    second = store.new_round(mini, "[b]司法所[/b]", "2025-Q1", "李四", created=CREATED).id
    for item in ("S1.01", "S1.02", "S1.03", "S2.03"):
        store.save_answer(second, item, answer="pass")
    store.save_answer(second, "S2.01", value=90)
    store.save_answer(second, "S2.02", value=1)
    store.save_answer(second, "S2.04", value=5)
    store.submit(second, date=dt.date(2025, 3, 1))
    return first, second


def app_on(data_dir, checklist_dir, open_round=None):
    """Only the test checklist (not the bundled ones), so editing those cannot change these pictures."""
    services = Services.fixed(Store(data_dir), load_library([checklist_dir]), TODAY)
    return ChecklistApp(services, open_round=open_round)


def settled(*keys: str):
    async def run_before(pilot) -> None:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
    return run_before


def test_home(snap_compare, data_dir, checklist_dir, two_rounds):
    assert snap_compare(app_on(data_dir, checklist_dir), terminal_size=SIZE, run_before=settled())


def test_stepper(snap_compare, data_dir, checklist_dir, two_rounds):
    app = app_on(data_dir, checklist_dir, open_round=two_rounds[0])
    assert snap_compare(app, terminal_size=SIZE, run_before=settled())


def test_help(snap_compare, data_dir, checklist_dir, two_rounds):
    app = app_on(data_dir, checklist_dir, open_round=two_rounds[0])
    assert snap_compare(app, terminal_size=SIZE, run_before=settled("question_mark"))


def test_new_round_form(snap_compare, data_dir, checklist_dir, two_rounds):
    assert snap_compare(app_on(data_dir, checklist_dir), terminal_size=SIZE, run_before=settled("n"))
