"""`demo --rounds N` makes exactly N rounds up to 10,000 (issue #15), or refuses N; `--towns K`
writes one data folder per town."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from storefixtures import run_main

from checklist_tui.catalogue.library import checklist_dirs, load_library
from checklist_tui.catalogue.units import load_units
from checklist_tui.interchange.demo import OFFICES, make_demo, make_towns
from checklist_tui.storage.store import Store

DAY = dt.date(2026, 2, 20)


@pytest.fixture(scope="module")
def library():
    return load_library(checklist_dirs(None))


def test_a_thousand_rounds_are_a_thousand(tmp_path: Path, library) -> None:
    # one town writes ~40 rounds a year: 1,000 need the units of further towns
    store = Store(tmp_path / "data", today=lambda: DAY)
    assert make_demo(store, library, 1000, DAY) == 1000
    assert len(store.round_ids()) == 1000
    rows = store.listing()
    assert len(rows) == 1000
    register, problems = load_units(store.data_dir)
    assert not problems and register.town == "麻埠镇"
    units = {row["unit"] for row in rows}
    assert units <= set(register.names)
    assert any(unit.endswith("司法所") and unit != "司法所" for unit in units)  # another town's 司法所
    assert min(row["period"] for row in rows) >= "2016"  # ten years, not a century
    # another town's office answers the same items as 麻埠镇's (applies_to reaches it by kind)
    sizes = {(row["checklist"], row["unit"]): row["total"] for row in rows}
    other = next(unit for unit in units if unit.endswith("综合行政执法大队") and unit != "综合行政执法大队")
    assert sizes[("enforcement-quarterly", other)] == sizes[("enforcement-quarterly", "综合行政执法大队")]


def test_a_small_demo_stays_one_town_without_a_register_of_its_own(tmp_path: Path, library) -> None:
    store = Store(tmp_path / "data", today=lambda: DAY)
    assert make_demo(store, library, 30, DAY) == 30
    assert not (store.data_dir / "units.toml").exists()
    assert {row["unit"] for row in store.listing()} <= {*OFFICES, "麻埠村", "桃岭村", "响洪甸村", "龙门村",
                                                        "兴隆村", "银山村"}


@pytest.mark.parametrize(("argv", "words"), [
    (("--rounds", "10001"), ("--rounds", "10000")),
    (("--rounds", "0"), ("--rounds",)),
    (("--rounds", "30", "--towns", "24"), ("--towns 应在 1 到 23", "收到 24")),
    (("--rounds", "5", "--towns", "6"), ("--rounds 5", "--towns 6", "每个乡镇")),
    (("--rounds", "5000", "--towns", "2"), ("--rounds 5000 --towns 2", "每个乡镇最多")),
])
def test_too_many_or_too_few_are_refused_and_nothing_is_written(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: tuple[str, ...],
        words: tuple[str, ...]) -> None:
    code, _out, err = run_main(capsys, "--data", str(tmp_path / "data"), "demo", *argv)
    assert code == 2
    assert all(word in err for word in words), err
    assert "Traceback" not in err
    assert not (tmp_path / "data").exists() or not any((tmp_path / "data").rglob("*.json"))


def test_towns_each_get_their_own_folder_and_register(tmp_path: Path, library) -> None:
    folders = make_towns(tmp_path / "county", library, 61, 3, DAY)
    assert [f.name for f in folders] == ["麻埠镇", "梅山镇", "青山镇"]
    counts, towns, villages = [], [], []
    for folder in folders:
        register, problems = load_units(folder)
        assert not problems
        towns.append(register.town)
        store = Store(folder)
        counts.append(len(store.round_ids()))
        assert {row["unit"] for row in store.listing()} <= set(register.names)
        villages.append({u.name for u in register.units if u.kind == "村"})
        assert {"党政办", "司法所"} <= set(register.names)  # every town has its own offices
    assert towns == ["麻埠镇", "梅山镇", "青山镇"]
    assert counts == [21, 20, 20]
    assert not villages[1] & villages[2] and not villages[0] & villages[1]


def test_the_home_town_of_a_county_demo_is_the_one_town_demo(tmp_path: Path, library) -> None:
    make_towns(tmp_path / "county", library, 40, 2, DAY)
    make_demo(Store(tmp_path / "one"), library, 20, DAY)
    for round_id in ("R0001", "R0020"):
        a = json.loads((tmp_path / "county" / "麻埠镇" / "rounds" / f"{round_id}.json").read_text("utf-8"))
        b = json.loads((tmp_path / "one" / "rounds" / f"{round_id}.json").read_text("utf-8"))
        assert a["meta"] == b["meta"] and a["rectifications"] == b["rectifications"]


def test_the_cli_names_the_town_folders(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = run_main(capsys, "--data", str(tmp_path / "county"), "demo", "--rounds", "8",
                              "--towns", "2")
    assert code == 0, err
    assert "麻埠镇" in out and "梅山镇" in out and "8" in out
    assert sorted(p.name for p in (tmp_path / "county").iterdir()) == sorted(["麻埠镇", "梅山镇"])
