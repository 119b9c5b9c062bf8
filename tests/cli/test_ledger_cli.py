"""Issue #12 on the command line: the loop in Chinese, the new fields and actions, the ledger's
filters and column order, and 督办通知 (notice)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from storefixtures import run_main, store_with_round

from checklist_tui.storage.store import Store

INTERNAL = ("found", "notified", "rectifying", "review", "closed", "(due)", "(owner)", "(comment)")
CSV_HEADER = ["序号", "问题来源", "被检查单位", "问题描述", "整改目标", "整改措施", "整改类型", "责任领导",
              "责任单位", "责任人", "整改时限", "整改进展", "完成情况", "复核人", "销号时间", "佐证材料",
              "备注", "编号", "批次", "期间", "是否逾期", "逾期天数", "退回次数", "首次期限", "发现日期",
              "检查表", "检查项"]


@pytest.fixture
def folder(tmp_path: Path) -> tuple[Store, str, tuple[str, ...]]:
    """One submitted round with two findings (R0001-01 S1.01 党政办, R0001-02 S1.02 司法所) and an
    item raised by hand from a 督察 (R0001-03)."""
    store, rid = store_with_round(tmp_path)
    store.save_answer(rid, "S1.01", answer="fail", note="未调整")
    store.save_answer(rid, "S1.02", answer="fail", note="未审查")
    store.submit(rid, date=__import__("datetime").date(2025, 4, 1), allow_unanswered=True)
    return store, rid, ("--data", str(store.data_dir))


def cli(capsys: pytest.CaptureFixture[str], data: tuple[str, ...], *args: str) -> tuple[int, str, str]:
    return run_main(capsys, *args, *data)


def rectify(capsys: pytest.CaptureFixture[str], data: tuple[str, ...], rid: str, *args: str) -> str:
    code, out, err = cli(capsys, data, "rectify", rid, *args)
    assert code == 0, err
    return out


def start(capsys: pytest.CaptureFixture[str], data: tuple[str, ...], rid: str, *extra: str) -> None:
    rectify(capsys, data, rid, "--to", "已通报", "--by", "王晓丽", "--date", "2025-04-02")
    rectify(capsys, data, rid, "--to", "整改中", "--by", "王晓丽", "--date", "2025-04-03", "--person", "钱七",
            "--measures", "重新发文", *extra)


def rect(store: Store, rid: str):
    return next(r for r in store.load_round(rid[:5]).rectifications if r.id == rid)


def test_chinese_state_names_and_the_new_fields(capsys, folder) -> None:
    store, rid, data = folder
    out = rectify(capsys, data, f"{rid}-01", "--to", "已通报", "--by", "王晓丽", "--date", "2025-04-02")
    assert "已通报" in out and not any(k in out for k in INTERNAL)
    out = rectify(capsys, data, f"{rid}-01", "--to", "整改中", "--by", "王晓丽", "--date", "2025-04-03",
                  "--person", "钱七", "--leader", "陈书记", "--kind", "限期整改", "--goal", "随调随补",
                  "--measures", "重新发文", "--due", "2025-04-30", "--remark", "年底复查")
    assert "整改中" in out
    r = rect(store, f"{rid}-01")
    assert (r.state, r.person, r.leader, r.kind, r.goal, r.remark, r.source) == (
        "rectifying", "钱七", "陈书记", "限期整改", "随调随补", "年底复查", "自查")
    _code, out, _ = cli(capsys, data, "ledger", "--status", "整改中", "--format", "json",
                       "--as-of", "2025-04-05")
    assert [i["id"] for i in json.loads(out)["items"]] == [f"{rid}-01"]
    _code, out, _ = cli(capsys, data, "ledger", "--status", "rectifying", "--format", "json",
                       "--as-of", "2025-04-05")
    assert [i["id"] for i in json.loads(out)["items"]] == [f"{rid}-01"]  # the English key still works


def test_refusals_name_things_in_chinese(capsys, folder) -> None:
    store, rid, data = folder
    code, _, err = cli(capsys, data, "rectify", f"{rid}-01", "--to", "已销号", "--by", "王晓丽",
                       "--comment", "同意", "--date", "2025-04-02")
    assert code == 2 and "已销号" in err and "待通报" in err
    assert not any(k in err for k in INTERNAL)
    code, _, err = cli(capsys, data, "rectify", f"{rid}-01", "--to", "完成", "--by", "王晓丽")
    assert code == 2 and "待通报、已通报、整改中、待复核、已销号" in err and "rectifying" not in err
    rectify(capsys, data, f"{rid}-01", "--to", "已通报", "--by", "王晓丽", "--date", "2025-04-02")
    code, _, err = cli(capsys, data, "rectify", f"{rid}-01", "--to", "整改中", "--by", "王晓丽",
                       "--date", "2025-04-03")
    assert code == 2 and "责任人、整改措施、整改类型、整改时限" in err
    assert not any(k in err for k in INTERNAL)
    for option in ("--by", "--person", "--leader"):
        args = {"--by": "王晓丽", "--person": "钱七", "--leader": "陈书记", option: "司法所"}
        code, _, err = cli(capsys, data, "rectify", f"{rid}-01", "--to", "整改中", "--date", "2025-04-03",
                           "--measures", "m", "--kind", "立行立改", *[x for kv in args.items() for x in kv])
        assert code == 2 and "「司法所」是单位名称" in err, option
    assert rect(store, f"{rid}-01").state == "notified"  # nothing half-saved
    code, _, err = cli(capsys, data, "rectify", f"{rid}-01", "--to", "整改中", "--action", "进展",
                       "--by", "x")
    assert code == 2  # exactly one of --to and --action


def test_immediate_kind_sets_the_due_date_and_says_it_is_overdue(capsys, folder) -> None:
    store, rid, data = folder
    rectify(capsys, data, f"{rid}-01", "--to", "已通报", "--by", "王晓丽", "--date", "2025-04-02")
    out = rectify(capsys, data, f"{rid}-01", "--to", "整改中", "--by", "王晓丽", "--date", "2025-04-03",
                  "--person", "钱七", "--measures", "当场补齐", "--kind", "立行立改")
    assert "2025-04-16" in out  # found 2025-04-01 + 15 days
    assert "已逾期" in out  # the test runs after 2025
    assert (rect(store, f"{rid}-01").due, rect(store, f"{rid}-01").first_due) == (
        __import__("datetime").date(2025, 4, 16),) * 2


def test_actions_return_extend_adjust_progress(capsys, folder) -> None:
    _store, rid, data = folder
    r1 = f"{rid}-01"
    start(capsys, data, r1, "--kind", "限期整改", "--due", "2025-04-30")
    code, _, err = cli(capsys, data, "rectify", r1, "--action", "退回", "--by", "赵六", "--comment", "x")
    assert code == 2 and "只有待复核的事项可以退回" in err
    out = rectify(capsys, data, r1, "--action", "进展", "--by", "钱七", "--date", "2025-04-10",
                  "--comment", "已起草文件")
    assert "进展" in out
    out = rectify(capsys, data, r1, "--action", "延期", "--by", "王晓丽", "--date", "2025-04-11",
                  "--due", "2025-05-31")
    assert "延期" in out
    code, _, err = cli(capsys, data, "rectify", r1, "--action", "延期", "--by", "王晓丽")
    assert code == 2 and "--due" in err
    out = rectify(capsys, data, r1, "--action", "调整", "--by", "王晓丽", "--date", "2025-04-12",
                  "--leader", "陈书记")
    assert "调整" in out
    rectify(capsys, data, r1, "--to", "待复核", "--by", "钱七", "--date", "2025-04-20", "--comment", "已发文",
            "--evidence", "麻政〔2025〕3号")
    code, _, err = cli(capsys, data, "rectify", r1, "--to", "已销号", "--by", "赵六", "--date", "2025-04-21",
                       "--comment", "同意", "--reviewer", "钱七")
    assert code == 2 and "复核人不能是责任人" in err
    out = rectify(capsys, data, r1, "--action", "退回", "--by", "赵六", "--date", "2025-04-21",
                  "--comment", "缺签发页")
    assert "退回" in out
    rectify(capsys, data, r1, "--to", "待复核", "--by", "钱七", "--date", "2025-04-22", "--comment", "已补")
    rectify(capsys, data, r1, "--to", "已销号", "--by", "赵六", "--date", "2025-04-23",
            "--comment", "同意销号")
    code, out, _ = cli(capsys, data, "ledger", "--format", "json", "--as-of", "2025-04-30")
    item = json.loads(out)["items"][0]
    assert item["progress"] == [{"date": "2025-04-10", "by": "钱七", "text": "已起草文件"}]
    assert (item["reviewer"], item["review_comment"], item["reopen_count"]) == ("赵六", "同意销号", 1)
    assert (item["due"], item["first_due"], item["leader"], item["evidence"]) == (
        "2025-05-31", "2025-04-30", "陈书记", ["麻政〔2025〕3号"])
    assert item["state"] == "closed" and item["source"] == "自查"
    code, out, _ = cli(capsys, data, "ledger", "--as-of", "2025-04-30", "--round", rid)
    assert code == 0


def test_csv_has_the_office_columns_in_order(capsys, folder) -> None:
    _store, rid, data = folder
    start(capsys, data, f"{rid}-01", "--kind", "限期整改", "--due", "2025-04-30")
    rectify(capsys, data, f"{rid}-01", "--action", "进展", "--by", "钱七", "--date", "2025-04-10",
            "--comment", "已起草文件")
    _code, out, _ = cli(capsys, data, "ledger", "--format", "csv", "--as-of", "2025-05-05")
    rows = list(csv.reader(io.StringIO(out.lstrip("\ufeff"))))
    assert rows[0] == CSV_HEADER
    first = dict(zip(rows[0], rows[1], strict=True))
    assert (first["序号"], first["问题来源"], first["被检查单位"], first["责任人"], first["整改类型"]) == (
        "1", "自查", "麻埠村", "钱七", "限期整改")
    assert first["整改进展"] == "2025-04-10 钱七:已起草文件"
    assert (first["完成情况"], first["是否逾期"], first["逾期天数"], first["首次期限"]) == (
        "整改中", "是", "5", "2025-04-30")


def test_each_filter(capsys, folder) -> None:
    _store, rid, data = folder
    code, _, err = cli(capsys, data, "raise", rid, "--problem", "督察指出的问题", "--by", "王晓丽",
                       "--date", "2025-04-01", "--source", "督察")
    assert code == 0, err
    start(capsys, data, f"{rid}-01", "--kind", "限期整改", "--due", "2025-04-30")  # 党政办, 钱七
    start(capsys, data, f"{rid}-02", "--kind", "长期坚持", "--due", "2025-04-20", "--owner", "司法所")

    def ids(*args: str) -> list[str]:
        code, out, err = cli(capsys, data, "ledger", "--format", "json", "--as-of", "2025-04-15", *args)
        assert code == 0, err
        return [i["id"][-2:] for i in json.loads(out)["items"]]

    assert ids() == ["01", "02", "03"]
    assert ids("--owner", "司法所") == ["02"]
    assert ids("--person", "钱七") == ["01", "02"]
    assert ids("--source", "督察") == ["03"]
    assert ids("--kind", "长期坚持") == ["02"]
    assert ids("--unit", "麻埠村") == ["01", "02", "03"]  # 被检查单位
    assert ids("--due-within", "20") == ["02", "01"]  # earliest due first
    assert ids("--due-within", "5") == ["02"]
    assert ids("--owner", "平安办") == []  # no match: an empty ledger, exit 0
    code, _, err = cli(capsys, data, "ledger", "--source", "上级")
    assert code == 2 and "督察" in err


def test_notice(capsys, folder, tmp_path: Path) -> None:
    _store, rid, data = folder
    code, out, _ = cli(capsys, data, "notice", "--as-of", "2025-04-15")
    assert code == 0 and out.strip() == "截至2025年4月15日，没有逾期的整改事项，无需督办。"
    start(capsys, data, f"{rid}-01", "--kind", "限期整改", "--due", "2025-04-10")
    start(capsys, data, f"{rid}-02", "--kind", "限期整改", "--due", "2025-04-20", "--owner", "司法所")
    code, out, _ = cli(capsys, data, "notice", "--as-of", "2025-04-15")
    assert code == 0
    assert "党政办：" in out and "逾期5天" in out and "司法所：" not in out
    assert "| 编号 | 问题描述 | 整改措施 | 责任人 | 整改时限 | 逾期/临期 |" in out
    assert "请于2025年4月20日前" in out and "党政办" in out and "2025年4月15日" in out
    code, out, _ = cli(capsys, data, "notice", "--as-of", "2025-04-15", "--due-within", "7")
    assert "司法所：" in out and "还有5天" in out and "党政办：" not in out
    code, out, _ = cli(capsys, data, "notice", "--as-of", "2025-04-15", "--owner", "司法所")
    assert "没有逾期的整改事项" in out
    target = tmp_path / "督办.docx"
    code, _, err = cli(capsys, data, "notice", "--as-of", "2025-04-15", "--format", "docx", "-o", str(target))
    assert code == 0, err
    from docx import Document

    text = "\n".join(p.text for p in Document(str(target)).paragraphs)
    assert "关于督促整改逾期事项的通知" in text and "党政办：" in text
