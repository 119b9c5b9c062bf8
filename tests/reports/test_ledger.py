"""`checklist-tui ledger` (整改台账): the JSON shape, replaying history to a date, the CSV sheet for
Excel/WPS, filters, and user text printed as typed."""

from __future__ import annotations

import csv
import io
import json

import pytest
from reportfixtures import Folders, run

ITEM_KEYS = ["id", "round", "checklist", "unit", "period", "item", "problem", "state", "owner", "measures",
             "due", "first_due", "found", "closed", "overdue", "reopen_count",
             "source", "goal", "kind", "leader", "person", "progress", "reviewer", "review_comment",
             "evidence", "remark", "history"]  # DESIGN §6, then issue #12's keys
HISTORY_KEYS = ["from", "to", "date", "by", "comment", "evidence", "changes"]
CSV_HEADER = ["序号", "问题来源", "被检查单位", "问题描述", "整改目标", "整改措施", "整改类型", "责任领导",
              "责任单位", "责任人", "整改时限", "整改进展", "完成情况", "复核人", "销号时间", "佐证材料",
              "备注", "编号", "批次", "期间", "是否逾期", "逾期天数", "退回次数", "首次期限", "发现日期",
              "检查表", "检查项"]  # the office's order (issue #12)



def ledger(capsys: pytest.CaptureFixture[str], report_folders: Folders, *args: str) -> str:
    code, out, err = run(capsys, *report_folders, "ledger", *args)
    assert code == 0, err
    return out


def items(capsys: pytest.CaptureFixture[str], report_folders: Folders, *args: str) -> dict[str, dict]:
    data = json.loads(ledger(capsys, report_folders, *args, "--format", "json"))
    return {item["id"]: item for item in data["items"]}


def test_json_has_exactly_the_design_fields(capsys, report_folders) -> None:
    data = json.loads(ledger(capsys, report_folders, "--as-of", "2025-03-01", "--format", "json"))
    assert list(data) == ["as_of", "items"] and data["as_of"] == "2025-03-01"
    assert [item["id"] for item in data["items"]] == ["R0001-01", "R0001-02", "R0001-03", "R0002-01",
                                                      "R0002-02", "R0004-01"]
    for item in data["items"]:
        assert list(item) == ITEM_KEYS
        assert all(list(step) == HISTORY_KEYS for step in item["history"])
    closed = data["items"][0]
    assert closed == {
        "id": "R0001-01", "round": "R0001", "checklist": "mini", "unit": "党政办", "period": "2025",
        "item": "S1.03", "problem": closed["problem"], "state": "closed", "owner": "党政办",
        "measures": "补齐记录", "due": "2025-02-28", "first_due": "2025-02-28", "found": "2025-02-01",
        "closed": "2025-02-20", "overdue": False, "reopen_count": 0, "source": "自查", "goal": None,
        "kind": "限期整改", "leader": None, "person": "钱七", "progress": [], "reviewer": "赵六",
        "review_comment": "同意销号", "evidence": [], "remark": None, "history": closed["history"],
    }
    assert [(s["from"], s["to"], s["date"]) for s in closed["history"]] == [
        (None, "found", "2025-02-01"), ("found", "notified", "2025-02-02"),
        ("notified", "rectifying", "2025-02-03"), ("rectifying", "review", "2025-02-18"),
        ("review", "closed", "2025-02-20")]


def test_overdue_is_a_bool_and_an_extension_keeps_the_first_due_date(capsys, report_folders) -> None:
    found = items(capsys, report_folders, "--as-of", "2025-03-01")
    assert found["R0001-02"]["overdue"] is True  # due 2025-02-10, still 整改中
    extended = found["R0002-01"]
    assert (extended["due"], extended["first_due"]) == ("2025-03-15", "2025-02-15")
    assert extended["overdue"] is False
    assert extended["history"][-1]["changes"] == {"due": {"from": "2025-02-15", "to": "2025-03-15"}}
    assert found["R0001-03"]["due"] is None and found["R0001-03"]["closed"] is None


def test_as_of_replays_history(capsys, report_folders) -> None:
    then = items(capsys, report_folders, "--as-of", "2025-02-15")
    assert "R0002-02" not in then  # raised on 2025-02-20
    assert then["R0001-01"]["state"] == "rectifying"  # sent for review on 02-18, closed 02-20
    assert then["R0001-01"]["closed"] is None
    assert [s["to"] for s in then["R0001-01"]["history"]] == ["found", "notified", "rectifying"]
    assert then["R0002-01"]["due"] == "2025-03-15"  # extended on 02-14
    assert then["R0004-01"]["state"] == "closed"
    later = items(capsys, report_folders, "--as-of", "2025-03-01")
    assert later["R0001-01"]["state"] == "closed" and later["R0002-02"]["state"] == "found"


def test_quarter_end_ledger_prints_the_same_later(capsys, report_folders) -> None:
    data, lists = report_folders
    before = ledger(capsys, report_folders, "--as-of", "2025-02-15", "--format", "csv")
    code, _, err = run(capsys, data, lists, "rectify", "R0001-02", "--to", "review", "--by", "王五",
                       "--date", "2025-02-25", "--comment", "已整改")
    assert code == 0, err
    assert ledger(capsys, report_folders, "--as-of", "2025-02-15", "--format", "csv") == before
    assert items(capsys, report_folders, "--as-of", "2025-02-25")["R0001-02"]["state"] == "review"


def test_csv_has_a_bom_and_a_chinese_header(capsys, report_folders, tmp_path) -> None:
    path = tmp_path / "ledger.csv"
    code, _, err = run(capsys, *report_folders, "ledger", "--as-of", "2025-03-01", "--format", "csv",
                       "-o", str(path))
    assert code == 0, err
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == CSV_HEADER
    by_id = {row[17]: dict(zip(CSV_HEADER, row, strict=True)) for row in rows[1:]}
    assert [row[0] for row in rows[1:]] == [str(n) for n in range(1, len(rows))]  # 序号
    late = by_id["R0001-02"]
    assert (late["完成情况"], late["是否逾期"], late["逾期天数"]) == ("整改中", "是", "19")
    assert late["整改时限"] == "2025-02-10"
    assert by_id["R0001-01"]["销号时间"] == "2025-02-20" and by_id["R0001-01"]["是否逾期"] == "否"
    assert by_id["R0001-01"]["复核人"] == "赵六" and by_id["R0002-02"]["问题来源"] == "其他"
    # a problem typed as "=…" must not become a spreadsheet formula
    assert by_id["R0002-02"]["问题描述"] == "'=法律顾问未列席党委会"
    # the checklist by its name, never its file id; no due date, so no days overdue (not "0")
    assert by_id["R0001-02"]["检查表"] == "麻埠镇法治建设小测表"
    undated = [row for row in by_id.values() if not row["整改时限"]]
    assert undated and all(row["逾期天数"] == "" for row in undated)
    assert all(row["逾期天数"] != "" for row in by_id.values() if row["整改时限"])


def test_csv_to_stdout_also_starts_with_the_bom(capsys, report_folders) -> None:
    assert ledger(capsys, report_folders, "--format", "csv").startswith("\ufeff序号,问题来源")


def test_filters_by_status_overdue_round_and_unit(capsys, report_folders) -> None:
    as_of = ("--as-of", "2025-03-01")
    assert list(items(capsys, report_folders, *as_of, "--status", "closed")) == ["R0001-01", "R0004-01"]
    assert list(items(capsys, report_folders, *as_of, "--overdue")) == ["R0001-02"]
    assert list(items(capsys, report_folders, *as_of, "--round", "r0002")) == ["R0002-01", "R0002-02"]
    assert list(items(capsys, report_folders, *as_of, "--unit", "司法所")) == ["R0002-01", "R0002-02"]


def test_unknown_round_or_unit_is_bad_input(capsys, report_folders) -> None:
    code, out, err = run(capsys, *report_folders, "ledger", "--round", "R0042")
    assert code == 2 and out == "" and "R0042" in err
    code, out, err = run(capsys, *report_folders, "ledger", "--unit", "外星办")
    assert code == 2 and out == "" and "外星办" in err and "司法所" in err


def test_text_shows_days_overdue_and_filters(capsys, report_folders) -> None:
    out = ledger(capsys, report_folders, "--as-of", "2025-03-01", "--overdue")
    assert "整改台账（截至 2025-03-01）" in out
    assert "共 1 项，其中逾期 1 项" in out and "筛选：仅逾期" in out
    assert "逾期 19 天" in out and "R0001-02" in out and "R0001-01" not in out


def test_text_shows_an_extension_next_to_the_due_date(capsys, report_folders) -> None:
    out = ledger(capsys, report_folders, "--as-of", "2025-03-01", "--round", "R0002")
    assert "2025-03-15" in out and "原 2025-02-15" in out


def test_markdown_and_html(capsys, report_folders, tmp_path) -> None:
    md = ledger(capsys, report_folders, "--as-of", "2025-03-01", "--format", "md")
    assert md.startswith("# 麻埠镇法治政府建设整改台账")
    header = ("| 序号 | 问题来源 | 被检查单位 | 问题描述 | 整改目标 | 整改措施 | 整改类型 | 责任领导 "
              "| 责任单位 | 责任人 | 整改时限 | 整改进展 | 完成情况 | 复核人 | 销号时间 | 佐证材料 | 备注 "
              "| 编号 |")
    assert header in md
    assert "| R0001-02 | R0001 | 2025 | 逾期 19 天 |" in md
    path = tmp_path / "ledger.html"
    code, _, _ = run(capsys, *report_folders, "ledger", "--format", "html", "-o", str(path))
    assert code == 0 and "size: A4" in path.read_text(encoding="utf-8")


def test_user_text_in_problems_is_literal(capsys, report_folders) -> None:
    """R0001-01's problem carries the note `[/]备注[bold]x|管道` with a line break."""
    assert "[/]备注[bold]x|管道\n第二行" in items(capsys, report_folders)["R0001-01"]["problem"]
    text = ledger(capsys, report_folders, "--round", "R0001")
    assert "[/]备注[bold]x|管道" in text.replace("\n", "").replace(" ", "")
    md = ledger(capsys, report_folders, "--round", "R0001", "--format", "md")
    assert r"\[/\]备注\[bold\]x\|管道<br>第二行" in md
    sheet = ledger(capsys, report_folders, "--round", "R0001", "--format", "csv")
    row = next(r for r in csv.reader(io.StringIO(sheet.lstrip("\ufeff"))) if r[17] == "R0001-01")
    assert "[/]备注[bold]x|管道\n第二行" in row[3]


def test_empty_ledger(capsys, report_folders) -> None:
    out = ledger(capsys, report_folders, "--as-of", "2024-01-01")
    assert "共 0 项，其中逾期 0 项" in out
    data = json.loads(ledger(capsys, report_folders, "--as-of", "2024-01-01", "--format", "json"))
    assert data["items"] == []
