"""What is counted (issue #10): summaries, trends and the draft take submitted rounds by default,
drafts only with --include-drafts and labelled 进行中/暂计; a void round appears nowhere but
`rounds --all`, and naming it is refused.

The folder (the suite's small checklist, scored weights 3, 5, 2, 2, 2, 1 → Σw = 15):
- R0001 麻埠村 2025-Q1, submitted: all pass, S2.01 = 96, S2.02 one shortfall (2 − 0.5) / 2 = 0.75
  → (3 + 5 + 2 + 2 + 1.5 + 1) / 15 = 96.67 优秀; one finding (S2.02 基本符合) → R0001-01.
- R0002 桃岭村 2025-Q1, in progress: S1.01, S1.03 不符合 and S2.01 = 80 (不符合) → 0 / 15 = 0.0.
- R0003 兴隆村 2025-Q1, submitted with S1.01 不符合 (→ R0003-01, 待通报), then voided.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from storefixtures import run_main, small_checklist

from checklist_tui.storage.store import Store


@pytest.fixture
def common(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[str, ...]:
    checklist = small_checklist(tmp_path)
    store = Store(tmp_path / "data")
    first = store.new_round(checklist, "麻埠村", "2025-Q1", "王晓丽").id
    for item, kwargs in (("S1.01", {"answer": "pass"}), ("S1.02", {"answer": "pass"}),
                         ("S1.03", {"answer": "pass"}), ("S2.01", {"value": 96}), ("S2.02", {"value": 1}),
                         ("S2.03", {"answer": "pass"}), ("S2.04", {"value": 5})):
        store.save_answer(first, item, **kwargs)
    store.submit(first, date=dt.date(2025, 4, 2))
    second = store.new_round(checklist, "桃岭村", "2025-Q1").id
    for item, kwargs in (("S1.01", {"answer": "fail"}), ("S1.03", {"answer": "fail"}),
                         ("S2.01", {"value": 80})):
        store.save_answer(second, item, **kwargs)
    third = store.new_round(checklist, "兴隆村", "2025-Q1").id
    store.save_answer(third, "S1.01", answer="fail")
    store.save_answer(third, "S1.02", answer="pass")
    store.submit(third, date=dt.date(2025, 4, 3), allow_unanswered=True)
    flags = ("--data", str(store.data_dir), "--checklists", str(Path(checklist.path).parent))
    code, out, err = run_main(capsys, "void", third, "--reason", "单位选错", "--by", "王晓丽", *flags)
    assert code == 0, err
    assert "R0003 已作废" in out
    return flags


def json_of(capsys: pytest.CaptureFixture[str], *argv: str) -> object:
    code, out, err = run_main(capsys, *argv)
    assert code == 0, err
    return json.loads(out)


def test_summary_counts_submitted_rounds_unless_drafts_are_asked_for(capsys, common) -> None:
    data = json_of(capsys, "summary", "--as-of", "2025-05-01", "--format", "json", *common)
    assert [(r["id"], r["status"]) for r in data["rounds"]] == [("R0001", "submitted")]
    assert data["rounds"][0]["score"] == pytest.approx(1450 / 15)  # 96.67
    assert data["loop"]["total"] == 1  # R0001-01 only: R0003-01 left with its void round
    data = json_of(capsys, "summary", "--as-of", "2025-05-01", "--include-drafts", "--format", "json",
                   *common)
    rounds = {r["id"]: r for r in data["rounds"]}
    assert sorted(rounds) == ["R0001", "R0002"]
    # JSON keeps score and grade for an in-progress round: 0 / 15 = 0.0 → 不合格
    assert (rounds["R0002"]["status"], rounds["R0002"]["score"], rounds["R0002"]["grade"]) == (
        "in_progress", 0.0, "不合格")


def test_an_in_progress_round_shows_no_grade_in_print(capsys, common) -> None:
    code, out, _ = run_main(capsys, "summary", "--include-drafts", *common)
    assert code == 0
    row = next(line for line in out.splitlines() if "R0002" in line and "桃岭村" in line)
    assert "进行中" in row and "0.0（暂计）" in row and "不合格" not in row
    assert "96.7" in out and "优秀" in out  # the submitted round keeps its grade
    code, out, _ = run_main(capsys, "summary", "R0002", "--format", "md", *common)
    assert code == 0 and "进行中" in out and "暂计" in out and "不合格" not in out.split("一票否决")[0]
    code, out, _ = run_main(capsys, "rounds", *common)
    row = next(line for line in out.splitlines() if "R0002" in line)
    assert "进行中" in row and "暂计" in row


def test_a_void_round_appears_only_in_rounds_all(capsys, common) -> None:
    rows = json_of(capsys, "rounds", "--format", "json", *common)
    assert [r["id"] for r in rows] == ["R0002", "R0001"]
    rows = json_of(capsys, "rounds", "--format", "json", "--all", *common)
    assert [(r["id"], r["status"]) for r in rows] == [("R0003", "void"), ("R0002", "in_progress"),
                                                      ("R0001", "submitted")]
    data = json_of(capsys, "summary", "--include-drafts", "--format", "json", *common)
    assert "R0003" not in [r["id"] for r in data["rounds"]]
    items = json_of(capsys, "ledger", "--format", "json", *common)["items"]
    assert [i["id"] for i in items] == ["R0001-01"]


@pytest.mark.parametrize("argv", [("summary", "R0003"), ("summary", "--compare", "R0001", "R0003"),
                                  ("ledger", "--round", "R0003"), ("open", "R0003")],
                         ids=["summary", "compare", "ledger", "open"])
def test_naming_a_void_round_is_refused(capsys, common, argv) -> None:
    code, out, err = run_main(capsys, *argv, *common)
    assert (code, out) == (2, "")
    assert "批次 R0003 已作废" in err


def test_a_void_round_takes_no_import(capsys, common, tmp_path: Path) -> None:
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("item,answer,value,note,evidence\nS1.03,符合,,,\n", encoding="utf-8")
    code, _, err = run_main(capsys, "import", "R0003", str(sheet), *common)
    assert code == 2 and "已作废" in err


def test_void_is_refused_past_found_from_the_command_line(capsys, common) -> None:
    code, _, err = run_main(capsys, "rectify", "R0001-01", "--to", "notified", "--by", "王晓丽",
                            "--date", "2025-04-05", *common)
    assert code == 0, err
    code, _, err = run_main(capsys, "void", "R0001", "--reason", "误建", "--by", "王晓丽", *common)
    assert code == 2 and "R0001-01" in err and "不能作废" in err


def test_the_draft_counts_submitted_rounds_only(capsys, common) -> None:
    code, out, err = run_main(capsys, "draft", "--year", "2025", *common)
    assert code == 0, err
    # R0001 alone: 1 batch, 1 finding (S2.02 基本符合); R0002's 3 不符合 and void R0003's 1 left out
    assert "共开展自查1次,覆盖麻埠村," in out.replace("，", ",")
    assert "发现问题1项(不符合0项、基本符合1项)" in out.replace("（", "(").replace("）", ")")
    assert "整改事项共1项" in out
