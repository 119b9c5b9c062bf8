"""表格下发 → 收回: one sheet per unit written into a folder, filled by the units, collected back
into one round per unit (created when missing), each file all-or-nothing; units not answered yet."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import MINI_ID
from openpyxl import load_workbook
from storefixtures import file_bytes, run_main, write_small

from checklist_tui.storage.store import Store

UNITS = ("麻埠村", "司法所", "平安办")


def setup(tmp_path: Path) -> tuple[Path, list[str]]:
    lists = tmp_path / "lists"
    write_small(lists)
    return tmp_path / "data", ["--data", str(tmp_path / "data"), "--checklists", str(lists)]


def send(tmp_path: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[Path, list[str]]:
    _, folders = setup(tmp_path)
    sent = tmp_path / "下发"
    code, _, err = run_main(capsys, "template", MINI_ID, "--period", "2025-q1", "--units", ",".join(UNITS),
                              "-o", str(sent), *extra, *folders)
    assert code == 0, err
    return sent, folders


def test_one_sheet_per_unit_and_nothing_else(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sent, _ = send(tmp_path, capsys)
    assert sorted(p.name for p in sent.iterdir()) == sorted(
        f"{unit}-{MINI_ID}-2025-Q1.xlsx" for unit in UNITS)
    ws = load_workbook(sent / f"司法所-{MINI_ID}-2025-Q1.xlsx").active
    assert ws["A1"].value == "单位：司法所　期间：2025-Q1"


def test_csv_sheets_and_no_overwriting(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sent, folders = send(tmp_path, capsys, "--format", "csv")
    path = sent / f"麻埠村-{MINI_ID}-2025-Q1.csv"
    assert path.read_bytes().decode("utf-8-sig").startswith("单位：麻埠村　期间：2025-Q1\r\nitem,answer")
    path.write_text("returned", encoding="utf-8")
    before = file_bytes(sent)
    code, _, err = run_main(capsys, "template", MINI_ID, "--period", "2025-Q1", "--units", "麻埠村,新村",
                            "--format", "csv", "-o", str(sent), *folders)
    assert code == 2 and path.name in err
    assert file_bytes(sent) == before  # not even 新村's sheet was written


def test_all_units_of_the_register(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data, folders = setup(tmp_path)
    write_register(data)
    code, _, err = run_main(capsys, "template", MINI_ID, "--period", "2025-Q1", "--units", "all",
                            "-o", str(tmp_path / "out"), *folders)
    assert code == 0, err
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(
        f"{unit}-{MINI_ID}-2025-Q1.xlsx" for unit in (*UNITS, "党政办"))


def write_register(data: Path) -> None:
    data.mkdir(parents=True, exist_ok=True)
    (data / "units.toml").write_text('town = "麻埠镇"\n' + "".join(
        f'[[unit]]\nname = "{u}"\nkind = "{"村" if u.endswith("村") else "镇直单位"}"\n'
        for u in (*UNITS, "党政办")), encoding="utf-8")


def fill(path: Path, cells: dict[str, object]) -> None:
    book = load_workbook(path)
    for ref, value in cells.items():
        book.active[ref] = value
    book.save(path)


def test_a_folder_of_three_sheets_one_bad(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sent, folders = send(tmp_path, capsys)
    write_register(tmp_path / "data")
    # header on row 2; rows 3..9 hold S1.01..S2.04
    good = {"B3": "符合", "B4": "符合", "B5": "不适用", "C6": 96, "C7": 0, "B8": "符合", "C9": 3}
    fill(sent / f"麻埠村-{MINI_ID}-2025-Q1.xlsx", good)
    fill(sent / f"司法所-{MINI_ID}-2025-Q1.xlsx", {**good, "B3": "不符合", "D3": "领导小组未调整"})
    fill(sent / f"平安办-{MINI_ID}-2025-Q1.xlsx", {**good, "C6": 120})  # a rate above 100%
    store = Store(tmp_path / "data")
    new = store.new_round(store_checklist(tmp_path), "麻埠村", "2025-Q1")  # one round exists already

    code, out, err = run_main(capsys, "import", "--collect", str(sent), "--period", "2025-Q1", *folders)
    assert code == 2, err
    rounds = {(r.meta.unit, r.meta.period): r for r in store.load_all().rounds}
    assert set(rounds) == {("麻埠村", "2025-Q1"), ("司法所", "2025-Q1")}  # 平安办: no round made
    assert rounds[("麻埠村", "2025-Q1")].id == new.id
    assert rounds[("司法所", "2025-Q1")].answers["S1.01"].answer == "fail"
    assert len(rounds[("麻埠村", "2025-Q1")].answers) == 7
    lines = {unit: line for line in out.splitlines() for unit in UNITS if f"│ {unit}" in line}
    assert "已导入" in lines["麻埠村"] and "7" in lines["麻埠村"]
    assert "已导入" in lines["司法所"]
    assert "有误" in lines["平安办"]
    assert "第 6 行" in out and "120" in out  # the first problem, named by its Excel row
    assert "未交" in next(line for line in out.splitlines() if "│ 党政办" in line)  # no sheet came back

    # the fixed sheet collects on its own; the two already in are imported again unchanged
    fill(sent / f"平安办-{MINI_ID}-2025-Q1.xlsx", {"C6": 99})
    code, out, err = run_main(capsys, "import", "--collect", str(sent), *folders)
    assert code == 0, out + err
    assert {r.meta.unit for r in store.load_all().rounds} == set(UNITS)


def test_the_file_name_is_the_fallback_and_the_period_must_match(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sent, folders = send(tmp_path, capsys)
    path = sent / f"麻埠村-{MINI_ID}-2025-Q1.xlsx"
    book = load_workbook(path)
    book.active.unmerge_cells("A1:I1")
    book.active.delete_rows(1)  # a unit removed the title row
    book.active["B2"] = "符合"
    book.save(path)
    (sent / f"司法所-{MINI_ID}-2025-Q1.xlsx").unlink()
    fill(sent / f"平安办-{MINI_ID}-2025-Q1.xlsx", {"A1": "单位：平安办　期间：2025-Q2", "B3": "符合"})
    code, out, _ = run_main(capsys, "import", "--collect", str(sent), "--period", "2025-Q1", *folders)
    assert code == 2
    store = Store(tmp_path / "data")
    assert [(r.meta.unit, r.meta.period) for r in store.load_all().rounds] == [("麻埠村", "2025-Q1")]
    assert "2025-Q2" in out and "有误" in out


def test_rounds_missing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data, folders = setup(tmp_path)
    write_register(data)
    store = Store(data)
    checklist = store_checklist(tmp_path)
    answered = store.new_round(checklist, "司法所", "2025-Q1").id
    store.save_answer(answered, "S1.01", answer="pass")
    store.new_round(checklist, "平安办", "2025-Q1")  # started, nothing answered: still missing
    other = store.new_round(checklist, "麻埠村", "2024-Q4").id  # another period
    store.save_answer(other, "S1.01", answer="pass")
    code, out, _ = run_main(capsys, "rounds", "--period", "2025-q1", "--missing", "--format", "json",
                            *folders)
    assert code == 0
    assert json.loads(out) == ["麻埠村", "平安办", "党政办"]
    code, out, _ = run_main(capsys, "rounds", "--period", "2025-Q1", "--missing", *folders)
    assert code == 0 and "尚未填报的单位 3 个" in out and "司法所" not in out


def store_checklist(tmp_path: Path):  # type: ignore[no-untyped-def]
    from checklist_tui.catalogue.library import load_file

    return load_file(tmp_path / "lists" / "mini.toml")


def test_all_units_skips_those_no_item_applies_to(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data, folders = setup(tmp_path)
    write_register(data)
    write_small(tmp_path / "lists", '[checklist]\nid = "offices"\ntitle = "镇直单位表"\nversion = "1"\n\n'
                '[[section]]\nid = "S1"\ntitle = "(一)组织"\n\n[[section.item]]\nid = "S1.01"\n'
                'text = "是否建立台账?"\napplies_to = ["镇直单位"]\n', name="offices.toml")
    code, out, err = run_main(capsys, "template", "offices", "--period", "2025-Q1", "--units", "all",
                              "-o", str(tmp_path / "out"), *folders)
    assert code == 0, err
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(
        f"{unit}-offices-2025-Q1.xlsx" for unit in ("司法所", "平安办", "党政办"))
    assert "未下发：麻埠村" in out
    # named by hand, a unit no item applies to is refused, and nothing is written
    code, _, err = run_main(capsys, "template", "offices", "--period", "2025-Q1", "--units", "司法所,麻埠村",
                            "-o", str(tmp_path / "out2"), *folders)
    assert code == 2 and "麻埠村" in err and not (tmp_path / "out2").exists()
    # collected back: 未交 lists only the units the checklist applies to
    sheet = tmp_path / "out" / "司法所-offices-2025-Q1.xlsx"
    fill(sheet, {"B3": "符合"})
    (tmp_path / "out" / "平安办-offices-2025-Q1.xlsx").unlink()
    (tmp_path / "out" / "党政办-offices-2025-Q1.xlsx").unlink()
    code, out, err = run_main(capsys, "import", "--collect", str(tmp_path / "out"), *folders)
    assert code == 0, out + err
    missing = [line for line in out.splitlines() if "│ 未交" in line]
    assert len(missing) == 2 and not any("麻埠村" in line for line in missing)
