"""`checklist-tui summary`: hand-computed scores that read the same in text, Markdown, HTML and
JSON; coverage and failed critical items always stated; user text printed literally; bad input."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from reportfixtures import MARKUP_EVIDENCE, MARKUP_NOTE, Folders, run
from rich.cells import cell_len

ROUND_KEYS = ["id", "checklist", "unit", "period", "status", "inspector", "submitted", "score",
              "base_score", "bonus", "bonus_items", "grade", "coverage",
              "answered", "total", "na", "critical_failed", "sections"]
SECTION_KEYS = ["id", "title", "score", "answered", "total", "na"]
LOOP_KEYS = ["total", "closed", "overdue", "closure", "on_time", "first_pass", "recurrence",
             "mean_days_to_close", "loop_score", "left_out"]




def summary(capsys: pytest.CaptureFixture[str], report_folders: Folders, *args: str) -> tuple[int, str, str]:
    return run(capsys, *report_folders, "summary", "--as-of", "2025-03-01", *args)


def printed(capsys: pytest.CaptureFixture[str], report_folders: Folders, *args: str) -> str:
    """stdout of a summary that must succeed."""
    code, out, err = summary(capsys, report_folders, *args)
    assert code == 0, err
    return out


def as_json(capsys: pytest.CaptureFixture[str], report_folders: tuple[Path, Path], *args: str) -> dict:
    code, out, err = summary(capsys, report_folders, *args, "--format", "json")
    assert code == 0, err
    return json.loads(out)


# --- JSON: the public shape and unrounded figures -----------------------------------------------


def test_json_of_one_round_has_the_design_fields_and_hand_computed_scores(capsys, report_folders) -> None:
    data = as_json(capsys, report_folders, "R0001")
    assert list(data) == ["as_of", "rounds", "loop"]
    assert data["as_of"] == "2025-03-01"
    [r] = data["rounds"]
    assert list(r) == ROUND_KEYS
    assert [list(s) for s in r["sections"]] == [SECTION_KEYS, SECTION_KEYS]
    assert list(data["loop"]) == LOOP_KEYS
    # S1: (3·1 + 5·1 + 2·0.5) / 10 = 90.0;  S2: (2·0 + 2·0.75) / 4 = 37.5 (S2.03 n/a)
    # total: 10.5 / 14 = 75.0 → 合格
    assert r["score"] == pytest.approx(75.0) and r["grade"] == "合格"
    assert (r["base_score"], r["bonus"], r["bonus_items"]) == (pytest.approx(75.0), 0, [])  # no 加分项
    assert [s["score"] for s in r["sections"]] == [pytest.approx(90.0), pytest.approx(37.5)]
    assert (r["answered"], r["total"], r["na"], r["coverage"]) == (7, 7, 1, 1.0)
    assert (r["inspector"], r["submitted"], r["critical_failed"]) == ("张三", "2025-02-01", [])


def test_json_loop_as_of_a_date(capsys, report_folders) -> None:
    loop = as_json(capsys, report_folders, "R0001")["loop"]
    # N = 3, K = 1 (R0001-01 closed 02-20, due 02-28: on time); R0001-02 open past 02-10: late.
    # on_time = 1 / 2; no later round re-inspects R0001-01, so recurrence is left out:
    # 100 · (0.40 · 1/3 + 0.25 · 0.5 + 0.20 · 1) / 0.85 = 53.92…
    assert loop == {"total": 3, "closed": 1, "overdue": 1, "closure": pytest.approx(1 / 3),
                    "on_time": pytest.approx(0.5), "first_pass": pytest.approx(1.0), "recurrence": None,
                    "mean_days_to_close": pytest.approx(19.0),
                    "loop_score": pytest.approx(100 * (0.4 / 3 + 0.125 + 0.2) / 0.85),
                    "left_out": ["recurrence"]}


def test_json_scores_are_unrounded(capsys, report_folders) -> None:
    [r] = as_json(capsys, report_folders, "R0004")["rounds"]
    assert r["score"] == pytest.approx(13 / 15 * 100)  # 86.666…, not 86.7
    assert r["score"] != round(r["score"], 1)


def test_recurrence_counts_a_later_round_of_the_same_unit(capsys, report_folders) -> None:
    # R0004-01 (S1.03, 2024) was closed; R0001 (2025) answered S1.03 基本符合: it came back.
    loop = as_json(capsys, report_folders, "R0004")["loop"]
    assert loop["recurrence"] == pytest.approx(1.0)
    # 100 · (0.40 · 1 + 0.25 · 1 + 0.20 · 1 + 0.15 · 0) = 85.0
    assert loop["loop_score"] == pytest.approx(85.0) and loop["left_out"] == []


def test_as_of_before_any_item_leaves_every_term_out(capsys, report_folders) -> None:
    loop = as_json(capsys, report_folders, "R0001", "--as-of", "2025-01-31")["loop"]
    assert (loop["total"], loop["loop_score"]) == (0, 100.0)
    assert loop["left_out"] == ["closure", "on_time", "first_pass", "recurrence"]


# --- the same numbers in every printed format ---------------------------------------------------


def test_text_markdown_and_html_show_the_json_figures_with_one_decimal(
        capsys, report_folders, tmp_path) -> None:
    text_file, md_file, html_file = tmp_path / "s.txt", tmp_path / "s.md", tmp_path / "s.html"
    for fmt, path in (("text", text_file), ("md", md_file), ("html", html_file)):
        code, _, err = summary(capsys, report_folders, "R0001", "--format", fmt, "-o", str(path))
        assert code == 0, err
    text = text_file.read_text(encoding="utf-8")
    md = md_file.read_text(encoding="utf-8")
    page = html.unescape(html_file.read_text(encoding="utf-8"))
    for shown in (text, md, page):
        for figure in ("75.0", "90.0", "37.5", "合格", "33.3%", "50.0%", "100.0%", "19.0 天", "53.9"):
            assert figure in shown, figure
        assert "75.00" not in shown
        assert "未计入：问题反弹率" in shown
    assert "| S1 | (一)组织领导 | 90.0 | 3/3 | 0 |" in md
    assert "| S2 | (二)矛盾纠纷化解 | 37.5 | 4/4 | 1 |" in md


def test_coverage_is_stated_with_unanswered_and_na(capsys, report_folders) -> None:
    out = printed(capsys, report_folders, "R0002")
    assert "已答/总数 6/7" in out and "其中不适用 3 项" in out and "未自查 1 项" in out
    assert "未自查的项按 0 分计入得分" in out


def test_na_heavy_round_scores_only_what_applies(capsys, report_folders) -> None:
    [r] = as_json(capsys, report_folders, "R0003")["rounds"]
    # only S1.03 (weight 2) applies: 2·1 / 2 = 100.0; S2 has nothing applicable → null
    assert r["score"] == pytest.approx(100.0) and r["grade"] == "优秀"
    assert [s["score"] for s in r["sections"]] == [pytest.approx(100.0), None]
    assert (r["answered"], r["total"], r["na"]) == (7, 7, 6)
    out = printed(capsys, report_folders, "R0003", "--format", "md")
    assert "| S2 | (二)矛盾纠纷化解 | — | 4/4 | 4 |" in out
    assert "其中不适用 6 项" in out


def test_failed_critical_item_is_named_and_fails_the_round(capsys, report_folders) -> None:
    [r] = as_json(capsys, report_folders, "R0002")["rounds"]
    # (3·1 + 5·0 + 2·1 + 1·0) / 11 = 45.45… (S2.01, S2.02 n/a; S2.03 unanswered counts 0)
    assert r["score"] == pytest.approx(500 / 11)
    assert r["grade"] == "不合格" and r["critical_failed"] == ["S1.02"]
    for fmt in ("text", "md"):
        out = printed(capsys, report_folders, "R0002", "--format", fmt)
        assert "一票否决" in out and "S1.02" in out
        assert "重大行政决策是否全部经过合法性审查？" in out
        assert "不合格" in out


def test_all_rounds_overview_names_critical_failures(capsys, report_folders) -> None:
    code, out, err = summary(capsys, report_folders)
    assert code == 0, err
    assert "批次概览" in out and "一票否决项不符合（1 项）" in out
    assert "R0002" in out and "重大行政决策是否全部经过合法性审查？" in out
    assert "不符合和基本符合项" not in out  # no round details without naming rounds


def test_failed_and_partial_items_listed_with_value_and_deduction(capsys, report_folders) -> None:
    out = printed(capsys, report_folders, "R0001", "--format", "md")
    assert "不符合（数值 90%，目标 ≥ 95%）" in out
    assert "基本符合（缺 1 次，扣 0.5 分）" in out
    assert "S1.01" not in out.split("不符合和基本符合项")[1]  # passed items are not listed


# --- user text is data, never markup --------------------------------------------------------------


def test_markup_in_notes_is_printed_literally_in_every_format(capsys, report_folders, tmp_path) -> None:
    first, second = MARKUP_NOTE.split("\n")
    code, out, err = summary(capsys, report_folders, "R0001")
    assert code == 0, err
    assert first in out and second in out and MARKUP_EVIDENCE in out

    out = printed(capsys, report_folders, "R0001", "--format", "md")
    assert r"| \[/\]备注\[bold\]x\|管道<br>第二行 | \[link=http://x\]y |" in out

    json.loads(printed(capsys, report_folders, "R0001", "--format", "json"))  # notes do not break it

    path = tmp_path / "s.html"
    summary(capsys, report_folders, "R0001", "--format", "html", "-o", str(path))
    page = path.read_text(encoding="utf-8")
    assert "<a " not in page and "<b>" not in page
    assert first in html.unescape(page) and MARKUP_EVIDENCE in html.unescape(page)

    path = tmp_path / "s.svg"
    code, _, err = summary(capsys, report_folders, "R0001", "--format", "svg", "-o", str(path))
    assert code == 0, err
    svg = html.unescape(path.read_text(encoding="utf-8")).replace("\xa0", " ")
    assert svg.startswith("<svg") and "备注" in svg and "[link=http://x]y" in svg


# --- exports ----------------------------------------------------------------------------------------


def text_runs(svg: str) -> list[tuple[float, float, str]]:
    """(x, textLength, text) of every text run that Rich wrote with a textLength."""
    runs = re.findall(r'<text\b[^>]*?\bx="([0-9.]+)"[^>]*?\btextLength="([0-9.]+)"[^>]*>([^<]*)</text>', svg)
    return [(float(x), float(length), html.unescape(text)) for x, length, text in runs]


def test_svg_text_runs_are_as_long_as_their_cells(capsys, report_folders, tmp_path) -> None:
    """Rich gave each character one cell's width, so `检查表` (6 cells) was squeezed into 3 and the
    Chinese runs overlapped their neighbours in a browser: each run is now its cells × the width
    of one cell, and ends where the next run on its line begins."""
    path = tmp_path / "s.svg"
    code, _, err = summary(capsys, report_folders, "R0001", "--format", "svg", "-o", str(path))
    assert code == 0, err
    runs = text_runs(path.read_text(encoding="utf-8"))
    latin = [(length, text) for _, length, text in runs if text.strip() and text.isascii()]
    char_width = latin[0][0] / len(latin[0][1])  # Rich's own: 20 px × 0.61
    assert char_width == pytest.approx(12.2)
    chinese = [(length, text) for _, length, text in runs if any("\u4e00" <= c <= "\u9fff" for c in text)]
    assert chinese
    for length, text in chinese:
        assert length == pytest.approx(cell_len(text) * char_width, abs=0.01), text
    assert any(text == "麻埠镇法治建设小测表" or "麻埠镇法治建设小测表" in text for _, text in chinese)


def test_html_is_an_a4_page_with_chinese_monospace_fonts(capsys, report_folders, tmp_path) -> None:
    path = tmp_path / "s.html"
    summary(capsys, report_folders, "R0001", "--format", "html", "-o", str(path))
    page = path.read_text(encoding="utf-8")
    assert '<meta charset="UTF-8">' in page and "size: A4" in page
    assert "Noto Sans Mono CJK SC" in page and "NSimSun" in page
    assert "<title>麻埠镇法治政府建设自查汇总</title>" in page


# --- across rounds ------------------------------------------------------------------------------------


def test_matrix_and_trend_across_rounds(capsys, report_folders) -> None:
    out = printed(capsys, report_folders, "R0004", "R0001", "R0002", "R0003")
    assert "各单位分项得分 — 麻埠镇法治建设小测表（各单位最近一期）" in out
    # 党政办's latest period is 2025 (R0001), so its row carries 90.0 and 37.5
    row = next(line for line in out.splitlines() if line.startswith("党政办"))
    assert row.split()[:5] == ["党政办", "2025", "90.0", "37.5", "75.0"]
    assert "得分趋势" in out and "2024 86.7 → 2025 75.0" in out and "-11.7" in out
    # sparkline on a 0–100 scale in eighths: 86.7 and 75.0 are both the seventh step
    assert "▇▇" in out


def test_compare_lists_better_worse_and_newly_failed(capsys, report_folders) -> None:
    data = as_json(capsys, report_folders, "--compare", "R0004", "R0001")
    assert [r["id"] for r in data["rounds"]] == ["R0004", "R0001"]
    compare = data["compare"]
    assert (compare["before"], compare["after"]) == ("R0004", "R0001")
    # S1.03 不符合 → 基本符合; S2.02 0 → 1 shortfall; S2.01 96% → 90%: newly failed
    assert [c["item"] for c in compare["better"]] == ["S1.03"]
    assert [c["item"] for c in compare["worse"]] == ["S2.02"]
    assert [c["item"] for c in compare["newly_failed"]] == ["S2.01"]
    out = printed(capsys, report_folders, "--compare", "R0004", "R0001")
    assert "批次对比 R0004 → R0001" in out
    assert "新增不符合 1 项" in out and "变差 1 项" in out and "变好 1 项" in out


def test_compare_needs_the_same_checklist(capsys, report_folders) -> None:
    code, out, err = summary(capsys, report_folders, "--compare", "R0001", "R0005")
    assert code == 2 and out == ""
    assert "同一检查表" in err and "mini-other" in err


# --- bad input and damaged files --------------------------------------------------------------------


def test_unknown_round_is_bad_input(capsys, report_folders) -> None:
    code, out, err = summary(capsys, report_folders, "R0099")
    assert code == 2 and out == ""
    assert "R0099" in err and "Traceback" not in err


def test_unknown_unit_is_bad_input_naming_the_known_units(capsys, report_folders) -> None:
    code, out, err = summary(capsys, report_folders, "--unit", "不存在的村")
    assert code == 2 and out == ""
    assert "不存在的村" in err and "党政办" in err


def test_round_of_another_unit_is_refused(capsys, report_folders) -> None:
    code, _, err = summary(capsys, report_folders, "R0002", "--unit", "党政办")
    assert code == 2 and "R0002" in err


def test_unit_selects_its_rounds_with_details(capsys, report_folders) -> None:
    data = as_json(capsys, report_folders, "--unit", "党政办")
    assert [r["id"] for r in data["rounds"]] == ["R0004", "R0001"]  # R0005 is still in progress
    data = as_json(capsys, report_folders, "--unit", "党政办", "--include-drafts")
    assert [r["id"] for r in data["rounds"]] == ["R0004", "R0001", "R0005"]
    out = printed(capsys, report_folders, "--unit", "党政办")
    assert "R0004 麻埠镇法治建设小测表 · 党政办 · 2024" in out and "不符合和基本符合项" in out


def test_damaged_round_is_named_the_rest_shown_exit_1(capsys, report_folders) -> None:
    data, _ = report_folders
    (data / "rounds" / "R0002.json").write_text("{not json", encoding="utf-8")
    code, out, err = summary(capsys, report_folders, "--format", "json")
    assert code == 1
    assert "R0002.json" in err
    assert [r["id"] for r in json.loads(out)["rounds"]] == ["R0004", "R0001"]  # the submitted ones


def test_empty_data_folder_prints_a_hint(capsys, tmp_path) -> None:
    from reportfixtures import write_checklists

    lists = write_checklists(tmp_path / "lists")
    code, out, _ = run(capsys, tmp_path / "data", lists, "summary")
    assert code == 0 and "没有检查批次" in out

