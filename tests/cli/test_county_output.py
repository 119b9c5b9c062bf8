"""`county` output as people read it: full-width punctuation, headers whole at 100 columns, the
ledger's filters with `ledger`'s meaning, xlsx workbooks with the 乡镇 column (issues #15, #16)."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from countyfixtures import AS_OF, TOWNS, build_county
from openpyxl import load_workbook
from storefixtures import run_main

HALF_WIDTH = re.compile(r"[\u4e00-\u9fff][,:;()]|[,:;()][\u4e00-\u9fff]")
SECTION_NUMBER = re.compile(r"\([一二三四五六七八九十]+\)")  # (一) in the checklists' own titles


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Path], list[Path]]:
    return build_county(tmp_path_factory)


def text_of(capsys: pytest.CaptureFixture[str], view: str, paths: list[Path], *more: str) -> str:
    code, out, err = run_main(capsys, "county", view, *map(str, paths), "--as-of", AS_OF, *more)
    assert code == 0, err
    return out


def header_lines(text: str) -> list[list[str]]:
    """Each table's header line (the one right above its rule), split into its headers."""
    lines = text.splitlines()
    return [lines[n - 1].split() for n, row in enumerate(lines)
            if n and row.strip() and set(row.strip()) == {"─"} and lines[n - 1].strip()]


def test_county_text_is_in_full_width_punctuation(capsys: pytest.CaptureFixture[str], county) -> None:
    _, bundles = county
    for view in ("summary", "ledger", "rounds"):
        for fmt in ("text", "html"):
            out = SECTION_NUMBER.sub("", text_of(capsys, view, bundles, "--format", fmt))
            assert not HALF_WIDTH.findall(out), (view, fmt, HALF_WIDTH.findall(out)[:5])
    assert "（截至 2026-02-20）" in text_of(capsys, "summary", bundles)


def test_messages_are_in_full_width_punctuation(capsys: pytest.CaptureFixture[str], county,
                                                tmp_path: Path) -> None:
    _, bundles = county
    code, _, err = run_main(capsys, "county", "summary", str(bundles[0]), str(bundles[0]))
    assert code == 2 and "（与 " in err and "(" not in err
    code, _, err = run_main(capsys, "county", "summary", str(tmp_path / "无此.zip"))
    assert code == 2 and "（应为乡镇数据包" in err
    bad = tmp_path / "坏.zip"
    bad.write_bytes(b"not a zip")
    code, _, err = run_main(capsys, "county", "summary", str(bundles[0]), str(bad))
    assert code == 1 and "数据包已损坏或被改动：" in err and "（不是有效的 zip 文件）" in err


def test_headers_never_wrap_inside_a_word_at_100_columns(capsys: pytest.CaptureFixture[str], county) -> None:
    _, bundles = county
    summary = header_lines(text_of(capsys, "summary", bundles))
    assert summary[0] == ["乡镇", "批次", "事项", "已销号", "逾期", "整改完成率", "按期整改率", "一次通过率",
                          "反弹率", "闭环得分"]
    assert all(h[:3] == ["乡镇", "批次", "总分"] and all(re.fullmatch(r"S\d+", s) for s in h[3:])
               for h in summary[1:]), summary
    ledger = header_lines(text_of(capsys, "ledger", bundles))
    assert ledger == [["乡镇", "序号", "编号/单位", "问题描述", "责任单位/人", "整改时限", "完成情况",
                       "退回"]]
    rounds = header_lines(text_of(capsys, "rounds", bundles))
    assert rounds == [["乡镇", "批次", "检查表/版本", "单位", "期间", "进度", "得分", "等次", "提交"]]


def test_rounds_name_checklists_as_people_do(capsys: pytest.CaptureFixture[str], county) -> None:
    _, bundles = county
    out = text_of(capsys, "rounds", bundles)
    assert "enforcement-quarterly" not in out and "执法季查" in out
    _, rows, _ = county_json(capsys, "rounds", bundles)
    assert any(row["checklist"] == "enforcement-quarterly" for row in rows)  # JSON keeps the id


def county_json(capsys: pytest.CaptureFixture[str], view: str, paths: list[Path], *more: str):
    code, out, err = run_main(capsys, "county", view, *map(str, paths), "--as-of", AS_OF, "--format", "json",
                              *more)
    return code, json.loads(out) if out.strip() else {}, err


def town_ledger(capsys: pytest.CaptureFixture[str], folder: Path, *more: str) -> list[tuple[str, str]]:
    code, out, err = run_main(capsys, "--data", str(folder), "ledger", "--as-of", AS_OF, "--format", "json",
                              *more)
    assert code == 0, err
    return [(folder.name, item["id"]) for item in json.loads(out)["items"]]


@pytest.mark.parametrize("filters", [
    ("--unit", "司法所"), ("--owner", "党政办"), ("--unit", "党政办", "--status", "closed"),
    ("--overdue",), ("--source", "自查", "--kind", "限期整改"), ("--due-within", "60"),
])
def test_county_ledger_filters_mean_what_ledger_filters_mean(
        capsys: pytest.CaptureFixture[str], county, tmp_path: Path, filters: tuple[str, ...]) -> None:
    folders, bundles = county
    copies = []
    for folder in folders:  # `ledger` writes the folder's index: let it do so on copies
        import shutil
        copies.append(Path(shutil.copytree(folder, tmp_path / folder.name)))
    expected = [key for folder in copies for key in town_ledger(capsys, folder, *filters)]
    code, ledger, err = county_json(capsys, "ledger", bundles, *filters)
    assert code == 0, err
    shown = [(item["town"], item["id"]) for item in ledger["items"]]
    assert sorted(shown) == sorted(expected)
    everything = county_json(capsys, "ledger", bundles)[1]["items"]
    assert expected and len(expected) < len(everything)  # the filter narrows, to something
    assert [item["town"] for item in ledger["items"]] == sorted(
        (item["town"] for item in ledger["items"]), key=TOWNS.index)


def test_county_ledger_filters_are_named_and_refused_where_they_do_not_apply(
        capsys: pytest.CaptureFixture[str], county) -> None:
    _, bundles = county
    out = text_of(capsys, "ledger", bundles, "--unit", "司法所", "--owner", "党政办")
    assert "筛选：被检查单位 司法所，责任单位 党政办。" in out
    code, _, err = run_main(capsys, "county", "ledger", *map(str, bundles), "--unit", "无此单位")
    assert code == 2 and "无此单位" in err and "司法所" in err
    code, _, err = run_main(capsys, "county", "summary", *map(str, bundles), "--owner", "党政办")
    assert code == 2 and "--owner" in err and "county ledger" in err
    code, _, err = run_main(capsys, "county", "ledger", *map(str, bundles), "--overdue", "--due-within", "5")
    assert code == 2


def test_xlsx_needs_an_output_file(capsys: pytest.CaptureFixture[str], county, tmp_path: Path) -> None:
    _, bundles = county
    for view in ("summary", "ledger"):
        code, out, err = run_main(capsys, "county", view, *map(str, bundles), "--format", "xlsx")
        assert code == 2 and "-o" in err and out == ""
    code, _, err = run_main(capsys, "county", "rounds", *map(str, bundles), "--format", "xlsx",
                            "-o", str(tmp_path / "x.xlsx"))
    assert code == 2 and not (tmp_path / "x.xlsx").exists()


def test_county_summary_xlsx(capsys: pytest.CaptureFixture[str], county, tmp_path: Path) -> None:
    _, bundles = county
    target = tmp_path / "县级汇总.xlsx"
    code, _, err = run_main(capsys, "county", "summary", *map(str, bundles), "--as-of", AS_OF,
                            "--format", "xlsx", "-o", str(target))
    assert code == 0, err
    summary = county_json(capsys, "summary", bundles)[1]
    book = load_workbook(io.BytesIO(target.read_bytes()))
    assert book.sheetnames == ["整改闭环", "分项得分"]
    loop = [list(row) for row in book["整改闭环"].iter_rows(values_only=True)]
    assert "截至 2026-02-20" in loop[0][0]
    assert loop[1][:3] == ["乡镇", "已提交批次", "整改事项"] and "复核一次通过率" in loop[1]
    assert [row[0] for row in loop[2:]] == [*TOWNS, "全部乡镇"]
    assert [row[2] for row in loop[2:]] == [t["loop"]["total"] for t in summary["towns"]] + [
        summary["loop"]["total"]]
    matrix = [list(row) for row in book["分项得分"].iter_rows(values_only=True)]
    titles = [row[0] for row in matrix if row[0] and "版）" in str(row[0])]
    assert titles == [f"{m['title']}（{m['version']} 版）" for m in summary["checklists"]]
    towns = {row[0] for row in matrix if row[0] in TOWNS}
    assert towns == set(TOWNS)


def test_county_ledger_xlsx(capsys: pytest.CaptureFixture[str], county, tmp_path: Path) -> None:
    _, bundles = county
    target = tmp_path / "县级整改台账.xlsx"
    code, _, err = run_main(capsys, "county", "ledger", *map(str, bundles), "--as-of", AS_OF,
                            "--owner", "党政办", "--format", "xlsx", "-o", str(target))
    assert code == 0, err
    items = county_json(capsys, "ledger", bundles, "--owner", "党政办")[1]["items"]
    rows = [list(row) for row in load_workbook(io.BytesIO(target.read_bytes()))["整改台账"].iter_rows(
        values_only=True)]
    assert rows[0][0].startswith("乡镇整改台账汇总（截至 2026-02-20，3 个乡镇共")
    assert "责任单位 党政办" in rows[0][0]
    assert rows[1][:3] == ["乡镇", "序号", "问题来源"] and "问题描述" in rows[1]
    body = rows[2:]
    assert [(row[0], row[rows[1].index("编号")]) for row in body] == [(i["town"], i["id"]) for i in items]
    assert [row[1] for row in body] == list(range(1, len(items) + 1))
    problem = rows[1].index("问题描述")
    assert all(re.search(r"[\u4e00-\u9fff]", row[problem]) for row in body)
