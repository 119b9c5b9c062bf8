"""Shared fixtures: a data folder on tmp_path, the suite's one small checklist (MINI_TOML; the tests
that need a 加分项 or markup in it take a variant from here), a round on it, the report tests'
folders, and a guard that keeps every test (and every process a test starts) away from the real
user data folder."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from checklist_tui.catalogue.library import Library, load_library
from checklist_tui.domain.checklist import Checklist
from checklist_tui.storage.store import Store

CREATED = dt.date(2025, 1, 6)
TODAY = dt.date(2025, 3, 20)
MARKUP_NOTE = "[/]备注[bold]x"
MINI_ID = "mini"

# The suite's one small checklist: two sections, every kind of item but 加分项 (BONUS_ITEM), one
# critical item, long Chinese text to wrap. Scored weights S1.01 = 3, S1.02 = 5 (critical), S1.03 = 2,
# S2.01 = 2 (rate, target >= 95), S2.02 = 2 (deduction, each 0.5, cap 1.5), S2.03 = 1 → Σw = 15;
# S2.04 is a count of weight 0.
MINI_TOML = """\
[checklist]
id = "mini"
title = "麻埠镇法治建设小测表"
version = "1"
cadence = "annual"

[[section]]
id = "S1"
title = "(一)组织领导"

[[section.item]]
id = "S1.01"
text = "是否随人事变动及时调整法治建设工作领导小组，由党政主要负责人任组长、牵头抓总，成员与现任班子一致？"
quote = "及时调整充实法治建设工作领导小组,由党政主要负责人牵头抓总"
weight = 3
owner = "党政办"
evidence = ["领导小组调整文件", "会议纪要"]
guidance = "对照年内人事变动时间，核实调整文件是否及时印发。"

[[section.item]]
id = "S1.02"
text = "重大行政决策是否全部经过合法性审查？"
weight = 5
critical = true
owner = "司法所"

[[section.item]]
id = "S1.03"
text = "是否开展集体学法？"
weight = 2

[[section]]
id = "S2"
title = "(二)矛盾纠纷化解"

[[section.item]]
id = "S2.01"
text = "人民调解成功率是多少？"
kind = "number"
unit = "%"
target = ">= 95"
weight = 2
owner = "司法所"

[[section.item]]
id = "S2.02"
text = "年度矛盾纠纷大排查少于每季度一次的次数"
kind = "deduction"
each = 0.5
cap = 1.5
weight = 2

[[section.item]]
id = "S2.03"
text = "是否公开执法信息？"

[[section.item]]
id = "S2.04"
text = "受理信访件数"
kind = "number"
weight = 0
min = 0
"""

# A 加分项 the common checklist lacks, for the scoring-rule tests: MINI_TOML + BONUS_ITEM.
BONUS_ITEM = """
[[section.item]]
id = "S2.05"
text = "创新做法被上级推广的次数"
kind = "bonus"
each = 1
cap = 3
max = 5
"""

# Checklist text and a unit name that look like Rich markup: shown literally everywhere (issue 14).
MARKUP_TITLE = "[bold]部分[/]甲"
MARKUP_QUESTION = "是否[bold]x[/]学法[/]?"
MARKUP_CRITICAL = "重大[/]决策[bold]是否审查?"
MARKUP_UNIT = "[bold]x[/]办"


@pytest.fixture(autouse=True)
def _never_the_real_data_folder(tmp_path_factory: pytest.TempPathFactory,
                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Anything that falls back to the default data folder lands in a throwaway one."""
    monkeypatch.setenv("CHECKLIST_TUI_DATA", str(tmp_path_factory.mktemp("default-data")))


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    return folder


@pytest.fixture
def checklist_dir(tmp_path: Path) -> Path:
    """A folder holding the small `mini` checklist (pass it as an extra checklist folder)."""
    folder = tmp_path / "checklists"
    folder.mkdir()
    (folder / "mini.toml").write_text(MINI_TOML, encoding="utf-8")
    return folder


@pytest.fixture
def library(checklist_dir: Path) -> Library:
    return load_library([checklist_dir])


@pytest.fixture
def mini(library: Library) -> Checklist:
    return library.get("mini")


@pytest.fixture
def markup_folders(tmp_path: Path) -> tuple[Path, Path]:
    """(data folder, checklist folder): the common checklist with markup in section S1's title,
    S1.01's and the critical S1.02's questions, and R0001 of it for a unit whose name is markup."""
    lists = tmp_path / "lists"
    lists.mkdir()
    text = MINI_TOML.replace('title = "(一)组织领导"', f"title = '{MARKUP_TITLE}'")
    for item, question in (("S1.01", MARKUP_QUESTION), ("S1.02", MARKUP_CRITICAL)):
        text = re.sub(f'(id = "{item}"\ntext = )"[^"]*"', f"\\1'{question}'", text)
    assert text.count("[bold]") == 3
    (lists / "mini.toml").write_text(text, encoding="utf-8")
    data = tmp_path / "data"
    data.mkdir()
    Store(data).new_round(load_library([lists]).get(MINI_ID), MARKUP_UNIT, "2025", "张三")
    return data, lists


@pytest.fixture
def report_folders(tmp_path: Path) -> tuple[Path, Path]:
    """(data folder, checklist folder) of the report tests' five rounds (tests/reportfixtures.py)."""
    from reportfixtures import build

    return build(tmp_path)


@pytest.fixture
def store(data_dir: Path) -> Store:
    return Store(data_dir)


@pytest.fixture
def round_id(store: Store, mini: Checklist) -> str:
    """A fresh round of `mini` for 党政办, 2025, created on a fixed date: R0001."""
    return store.new_round(mini, "党政办", "2025", "张三", created=CREATED).id


@pytest.fixture(autouse=True)
def _record_notices(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """In the TUI tests, wrap the public `App.notify`: keep "title message" for `tuihelpers.notices`
    (run_test draws no toasts, and toasts time out), then notify as usual."""
    if "tests/tui/" not in request.node.nodeid and "tui/" not in str(request.node.path):
        return
    from textual.app import App
    from tuihelpers import NOTICES

    original = App.notify

    def notify(self, message, *, title="", **options) -> None:  # type: ignore[no-untyped-def]
        NOTICES.setdefault(self, []).append(f"{title} {message}")
        original(self, message, title=title, **options)

    monkeypatch.setattr(App, "notify", notify)
