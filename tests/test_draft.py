"""`checklist-tui draft --year Y`: parts 二 and 三 of next year's report, drafted from the year's
rounds in the report's own "一是……;二是……" register; no data → a clear message and exit 2."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from reportfixtures import build, run

from checklist_tui.draft import build_draft, chinese_number
from checklist_tui.store import Store

Folders = tuple[Path, Path]


@pytest.fixture
def folders(tmp_path: Path) -> Folders:
    return build(tmp_path)


def draft(folders: Folders, year: int, as_of: dt.date = dt.date(2025, 3, 1)) -> str:
    result = Store(folders[0]).load_all()
    text = build_draft(result.rounds, year, as_of)
    assert text is not None
    return text


def test_headings_and_counts_of_the_year(folders) -> None:
    text = draft(folders, 2025)
    assert text.startswith("# 麻埠镇2025年法治政府建设情况报告(第二、三部分草稿)")
    assert "## 二、2025年法治政府建设存在的不足和原因" in text
    assert "## 三、2026年推进法治政府建设的主要安排" in text
    # 2025 rounds: R0001, R0002, R0003, R0005 (R0004 is 2024). Problems: R0001 S1.03 基本符合,
    # S2.01 不符合, S2.02 基本符合; R0002 S1.02 不符合 (critical).
    assert "共开展自查 4 批次" in text
    assert "发现问题 4 项(不符合 2 项、基本符合 2 项),其中一票否决项不符合 1 项" in text


def test_problems_grouped_by_section_in_the_reports_register(folders) -> None:
    text = draft(folders, 2025)
    s1 = next(line for line in text.splitlines() if line.startswith("(一)"))
    s2 = next(line for line in text.splitlines() if line.startswith("(二)"))
    # S1 has two problems (S1.02 in 司法所, S1.03 in 党政办), S2 two (S2.01, S2.02); the year has
    # rounds of two checklists, so each section names its checklist
    assert s1.startswith("(一)组织领导方面(《报告测试表》)存在不足,自查发现问题 2 项。一是")
    assert ";二是" in s1 and s1.endswith("。")
    assert "重大行政决策全部经过合法性审查落实不到位(司法所 2025 不符合,未经合法性审查)" in s1
    assert s2.startswith("(二)矛盾纠纷化解方面(《报告测试表》)存在不足,自查发现问题 2 项。")
    assert "人民调解成功率是多少未达到要求(党政办 2025 不符合(数值 90%,目标 \\>= 95))" in s2


def test_rectification_figures_as_of_the_date(folders) -> None:
    text = draft(folders, 2025)
    # items of 2025 rounds: R0001-01..03, R0002-01, R0002-02 → 5; closed R0001-01 → 20.0%;
    # on time: R0001-01; late: R0001-02 (due 02-10) and R0002-01 (first due 02-15) → 1/3
    assert "整改事项共 5 项,已销号 1 项,整改完成率 20.0%" in text
    assert "按期整改率 33.3%,逾期未销号 1 项" in text
    assert "截至2025-03-01" in text
    assert "对尚未销号的 4 项整改事项(其中逾期 1 项)" in text


def test_recurring_problems_are_named(folders) -> None:
    text = draft(folders, 2025)
    # 党政办 answered S1.03 不符合 in 2024 and 基本符合 in 2025
    assert "部分问题反复出现。一是开展集体学法(党政办 2024、2025 均未达到要求)。" in text
    assert "防止问题反弹。对2025年反复出现的 1 项问题" in text


def test_hand_raised_items_and_unfinished_rounds(folders) -> None:
    text = draft(folders, 2025)
    assert "其他方面(手工登记的问题)" in text and "=法律顾问未列席党委会(司法所 2025)" in text
    # R0002 has an unanswered item, R0003 and R0005 are not submitted
    assert "R0002(司法所 2025)、R0003(平安办 2025)、R0005(党政办 2025)" in text
    assert "自查尚未完成或未提交" in text


def test_user_notes_are_escaped_for_markdown(folders) -> None:
    text = draft(folders, 2025)
    assert r"\[/\]备注\[bold\]x\|管道<br>第二行" in text
    assert "[bold]" not in text


def test_another_year(folders) -> None:
    text = draft(folders, 2024)
    assert "共开展自查 1 批次" in text and "三、2025年推进法治政府建设的主要安排" in text
    assert "全年未开展集体学法" in text


def test_cli_writes_the_draft_and_refuses_a_year_without_rounds(capsys, folders, tmp_path) -> None:
    path = tmp_path / "draft.md"
    code, _, err = run(capsys, *folders, "draft", "--year", "2025", "-o", str(path))
    assert code == 0, err
    assert "## 二、2025年法治政府建设存在的不足和原因" in path.read_text(encoding="utf-8")
    code, out, err = run(capsys, *folders, "draft", "--year", "2019")
    assert code == 2 and out == ""
    assert "2019 年没有检查批次" in err


def test_chinese_numbers() -> None:
    assert [chinese_number(n) for n in (1, 9, 10, 11, 20, 23)] == ["一", "九", "十", "十一", "二十", "二十三"]
