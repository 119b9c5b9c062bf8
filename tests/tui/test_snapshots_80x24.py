"""80×24 snapshots with Chinese text (issue #16): home, the stepper, the board and a round's summary
at the smallest terminal the README promises, each in the real app (its footer, keys and palette).
Update with `--snapshot-update` and look at the SVGs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import CREATED, MINI_TOML, TODAY
from test_snapshots_app import settled

from checklist_tui.catalogue.library import load_library
from checklist_tui.storage.store import Store
from checklist_tui.tui.app import ChecklistApp
from checklist_tui.tui.services import Services

SIZE = (80, 24)
TITLE_LINE = 'title = "麻埠镇法治建设小测表"\n'
SHORT_TOML = MINI_TOML.replace(TITLE_LINE, TITLE_LINE + 'short = "小测"\n', 1)


@pytest.fixture
def folder(tmp_path: Path) -> tuple[Path, Path]:
    """Three rounds of a checklist with a short title; R0003 (综合行政执法大队) submitted with a failed
    一票否决 item, a partial with a long note and evidence."""
    lists, data = tmp_path / "lists", tmp_path / "data"
    lists.mkdir()
    data.mkdir()
    (lists / "mini.toml").write_text(SHORT_TOML, encoding="utf-8")
    store = Store(data)
    mini = load_library([lists]).get("mini")
    assert mini.short == "小测"
    store.new_round(mini, "党政办", "2025", "张三", created=CREATED)
    second = store.new_round(mini, "司法所", "2025-Q1", "李四", created=CREATED).id
    store.save_answer(second, "S1.01", answer="pass")
    third = store.new_round(mini, "综合行政执法大队", "2025-Q2", "王五", created=CREATED).id
    for item in mini.items:
        if item.kind == "status":
            store.save_answer(third, item.id, answer="pass")
        else:
            store.save_answer(third, item.id, value=item.min or 0)
    store.save_answer(third, "S1.01", answer="partial", note="会议纪要未归档，领导小组成员未随人事变动调整",
                      evidence="麻政〔2025〕3号、党政办会议纪要（第 12 期）")
    store.save_answer(third, "S1.02", answer="fail", note="两项决策未见合法性审查意见")
    store.submit(third, date=dt.date(2025, 3, 1))
    return data, lists


def app_on(folder: tuple[Path, Path], open_round: str | None = None) -> ChecklistApp:
    data, lists = folder
    return ChecklistApp(Services.fixed(Store(data), load_library([lists]), TODAY), open_round=open_round)


def test_home_at_80x24(snap_compare, folder) -> None:
    assert snap_compare(app_on(folder), terminal_size=SIZE, run_before=settled())


def test_stepper_at_80x24(snap_compare, folder) -> None:
    assert snap_compare(app_on(folder, "R0002"), terminal_size=SIZE, run_before=settled())


def test_board_at_80x24(snap_compare, folder) -> None:
    """r from home: R0003's two items, the first (the 一票否决 one) selected with its detail."""
    assert snap_compare(app_on(folder), terminal_size=SIZE, run_before=settled("r"))


def test_summary_at_80x24(snap_compare, folder) -> None:
    assert snap_compare(app_on(folder, "R0003"), terminal_size=SIZE, run_before=settled("S", "j", "j", "j"))
