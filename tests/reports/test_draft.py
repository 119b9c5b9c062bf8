"""`checklist-tui draft --year Y`: parts 二 and 三 of next year's report, drafted from the year's
submitted rounds in the report's own register: short "一是……；二是……" points naming the responsible
unit and how many, checklist questions turned into statements, identical problems merged, honest
figures, a 【请补充主观原因】 placeholder per heading, dates and periods as a document writes them,
full-width punctuation; no data → exit 2."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from reportfixtures import AS_OF, MARKUP_NOTE, Folders, run

from checklist_tui.catalogue.library import checklist_dirs, load_library
from checklist_tui.domain.checklist import Item, Target
from checklist_tui.reports.draft import chinese_number, requirement, shortfall
from checklist_tui.reports.draft_document import build_draft
from checklist_tui.storage.store import Store

D = dt.date


def draft(report_folders: Folders, year: int) -> str:
    text = build_draft(Store(report_folders[0]).load_all().rounds, year, AS_OF)
    assert text is not None
    return text


def paragraph(text: str, start: str) -> str:
    return next(line for line in text.splitlines() if line.startswith(start))


def part(text: str, heading: str) -> list[str]:
    """The paragraphs of part 二 or 三."""
    body = text.split(heading, 1)[1].split("\n## ", 1)[0]
    return [p for p in body.splitlines() if p.strip()]


def test_headings_and_counts_of_the_year(report_folders) -> None:
    text = draft(report_folders, 2025)
    assert text.startswith("# 麻埠镇2025年法治政府建设情况报告（第二、三部分草稿）")
    assert "整改数据截至2025年3月1日。" in text
    assert "## 二、2025年法治政府建设存在的不足和原因" in text
    assert "## 三、2026年推进法治政府建设的主要安排" in text
    # 2025 rounds submitted: R0001 党政办, R0002 司法所 (R0003 and R0005 are not, R0004 is 2024).
    # Problems: R0001 S1.03 基本符合, S2.01 不符合, S2.02 基本符合; R0002 S1.02 不符合 (critical);
    # raised by hand: R0002-02.
    assert ("2025年，我镇共开展自查2次，覆盖党政办、司法所，发现问题4项（不符合2项、"
            "基本符合2项），其中一票否决事项不符合1项；另行登记问题1项。") in text
    # a heading per part, each followed by the placeholder for the causes the office knows
    headings = [p for p in part(text, "## 二、") if re.match("（[一二三四]）", p)]
    assert len(headings) == 4
    assert text.count("主要原因：【请补充主观原因】。") == 4


def test_points_are_short_statements_naming_units_and_counts(report_folders) -> None:
    text = draft(report_folders, 2025)
    # the failed critical S1.02 (司法所, its owner) first; then S1.03 (only 基本符合, 党政办 → "未完全")
    assert paragraph(text, "（一）") == (
        "（一）一票否决事项落实不到位。自查发现问题1项。一是重大行政决策未全部经过合法性审查（司法所，1处）。")
    assert paragraph(text, "（二）") == (
        "（二）组织领导方面存在不足。自查发现问题1项。一是未完全开展集体学法（党政办，1处）。")
    # S2.01 90 against >= 95, found at 党政办 but owned by 司法所: nobody named; S2.02 has no owner
    assert paragraph(text, "（三）") == (
        "（三）矛盾纠纷化解方面存在不足。自查发现问题2项。一是人民调解成功率未达到目标（实际90%，"
        "目标不低于95%；1处）；二是年度矛盾纠纷大排查少于每季度一次共1次（党政办，1处）。")
    # the answers' notes are for the ledger, not for the leaders' draft
    assert "未经合法性审查" not in text and "备注" not in text


def test_rectification_figures_as_of_the_date(report_folders) -> None:
    text = draft(report_folders, 2025)
    # items of 2025 rounds: R0001-01..03, R0002-01, R0002-02 → 5; closed R0001-01 → 1/5 = 20.0%;
    # on time: R0001-01; late: R0001-02 (due 02-10) and R0002-01 (first due 02-15) → 1/3 = 33.3%;
    # R0001-01 never sent back → 1/1 = 100.0%, found 02-01 closed 02-20 → 19.0 days; no later
    # round of 党政办 re-inspects it → no recurrence rate
    assert paragraph(text, "（四）") == (
        "（四）问题整改落实还有差距。一是截至2025年3月1日，2025年自查发现的整改事项共5项，已销号1项，"
        "整改完成率20.0%；二是按期整改率33.3%，逾期未销号1项；三是复核一次通过率100.0%，"
        "平均整改19.0天；四是1项问题在同一单位两个以上检查期重复出现，如未开展集体学法"
        "（党政办2024年、2025年均有此问题）。")
    assert "对尚未销号的4项整改事项（其中逾期1项）" in text
    assert "暂无法计算" not in text and "2025-03-01" not in text


def test_recurrence_rate_and_recurring_problems(report_folders) -> None:
    # 党政办 answered S1.03 不符合 in 2024 and 基本符合 in 2025: one fail, one partial → "未"
    assert "四是1项问题在同一单位两个以上检查期重复出现，如未开展集体学法（党政办2024年、2025年均有此问题）" \
        in draft(report_folders, 2025)
    # for 2024 the 2025 answer lies after the year: nothing recurs yet, but R0004-01 (closed) was
    # re-inspected by R0001 (submitted 2025-02-01) as 基本符合 → 问题反弹率 1/1 = 100.0%
    text = draft(report_folders, 2024)
    assert "反复出现" not in text
    assert "复核一次通过率100.0%，平均整改19.0天，问题反弹率100.0%。" in text
    assert "（一）巩固整改成果。对2024年已销号的1项问题开展“回头看”，2025年6月底前完成" in text


def test_part_three_is_a_few_short_points_naming_who_leads(report_folders) -> None:
    plans = part(draft(report_folders, 2025), "## 三、2026年推进法治政府建设的主要安排")
    assert [p[:3] for p in plans] == ["（一）", "（二）", "（三）", "（四）", "（五）", "（六）"]
    assert all(p.count("。") <= 2 for p in plans), plans
    assert all(re.search(r"2026年(\d+月底前|每季度)", p) for p in plans[:5]), plans  # 时间节点
    # owners from the checklist: S1.02 司法所 (the 一票否决 task), S1.03 党政办; S2.01 司法所
    assert plans[1] == ("（二）落实一票否决事项。由司法所牵头，对2025年自查发现的1项问题逐项整改，"
                        "重点做到重大行政决策全部经过合法性审查，2026年6月底前完成。")
    assert plans[3] == ("（四）加强矛盾纠纷化解。由司法所牵头，对2025年自查发现的2项问题逐项整改，"
                        "重点做到人民调解成功率不低于95%，2026年6月底前完成。")
    assert plans[4].startswith("（五）防止问题反弹。对反复出现的1项问题逐项分析原因")
    # R0002 has an unanswered item, R0003 and R0005 are not submitted
    assert plans[5].startswith("（六）提升自查质量。2025年有3次自查（党政办、司法所、平安办）尚未完成")


def test_identical_raised_problems_make_one_point_with_a_count(report_folders) -> None:
    store = Store(report_folders[0])
    same = "“法律明白人”作用发挥不充分"
    for round_id, problem in (("R0001", same), ("R0004", same + "。"), ("R0002", same), ("R0001", same)):
        store.raise_item(round_id, problem=problem, by="王五", date=D(2025, 2, 20))
    text = draft(report_folders, 2025)
    # 3 alike in 2025 (党政办 twice) + "=法律顾问未列席党委会" → the biggest group, after the 一票否决 one
    assert paragraph(text, "（二）") == (
        "（二）另行登记的问题。共4项。一是“法律明白人”作用发挥不充分（党政办、司法所，3处）；"
        "二是=法律顾问未列席党委会（司法所，1处）。")
    assert text.count("法律明白人") == 1


def test_a_section_title_shared_by_two_checklists_is_one_section(report_folders) -> None:
    data, lists = report_folders
    (lists / "rpt3.toml").write_text(
        '[checklist]\nid = "rpt3"\ntitle = "第三张表"\nversion = "1"\n\n[[section]]\nid = "A"\n'
        'title = "(三)组织领导情况"\n\n[[section.item]]\nid = "A.01"\ntext = "是否建立学法台账?"\n',
        encoding="utf-8")
    store = Store(data)
    rid = store.new_round(load_library([lists]).get("rpt3"), "平安办", "2025", "", created=D(2025, 1, 6)).id
    store.save_answer(rid, "A.01", answer="fail")
    store.submit(rid, date=D(2025, 2, 1), allow_unanswered=True)
    text = draft(report_folders, 2025)
    assert paragraph(text, "（二）").startswith(
        "（二）组织领导方面存在不足。自查发现问题2项。一是未建立学法台账（平安办，1处）；")
    assert "《" not in text and "(三)组织领导" not in text


def test_sections_and_points_are_capped(tmp_path: Path) -> None:
    # eight sections; section k has k items, all answered 不符合 in one round → k problems each
    sections = "".join(
        f'\n[[section]]\nid = "S{k}"\ntitle = "第{k}类事项"\n' + "".join(
            f'\n[[section.item]]\nid = "S{k}.{i}"\ntext = "是否完成第{k}类第{i}项工作?"\n'
            for i in range(1, k + 1)) for k in range(1, 9))
    lists = tmp_path / "lists"
    lists.mkdir()
    (lists / "big.toml").write_text(
        '[checklist]\nid = "big"\ntitle = "大表"\nversion = "1"\n' + sections, encoding="utf-8")
    store = Store(tmp_path / "data")
    checklist = load_library([lists]).get("big")
    rid = store.new_round(checklist, "党政办", "2025", "", created=D(2025, 1, 6)).id
    for item in checklist.items:
        store.save_answer(rid, item.id, answer="fail")
    store.submit(rid, date=D(2025, 2, 1))
    text = build_draft(store.load_all().rounds, 2025, AS_OF)
    assert text is not None
    found = part(text, "## 二、2025年法治政府建设存在的不足和原因")
    # sections 8, 7, 6 get points, at most three each; sections 5..1 are summed: 5+4+3+2+1 = 15
    assert found[1].startswith("（一）第8类事项方面存在不足。自查发现问题8项。一是未完成第8类第1项工作")
    assert "三是未完成第8类第3项工作（党政办，1处）。" in found[1] and "四是" not in text
    assert found[5].startswith("（三）第6类事项方面存在不足。自查发现问题6项")
    assert found[7] == "其他5个方面另有15项问题，已逐项纳入整改。"
    assert found[8].startswith("（四）问题整改落实还有差距。")
    assert "详见整改台账" not in text


def test_user_text_is_escaped_for_markdown(report_folders) -> None:
    data, lists = report_folders
    store = Store(data)
    for round_id in ("R0001", "R0002"):  # the raised problems become a group that is shown
        store.raise_item(round_id, problem=MARKUP_NOTE, by="王五", date=D(2025, 2, 20))
    rid = store.new_round(load_library([lists]).get("mini"), "综治[b]办|a", "2025", "",
                          created=D(2025, 1, 6)).id
    store.save_answer(rid, "S1.01", answer="fail")
    store.save_answer(rid, "S1.02", answer="pass")
    store.submit(rid, date=D(2025, 2, 1), allow_unanswered=True)
    text = draft(report_folders, 2025)
    assert r"\[/\]备注\[bold\]x\|管道<br>第二行" in text
    assert r"综治\[b\]办\|a" in text
    assert "[b]" not in text and "[bold]" not in text


def item(text: str, kind: str = "status", unit: str = "", target: Target | None = None) -> Item:
    return Item(id="X.01", text=text, section="X", kind=kind, unit=unit, target=target)


@pytest.mark.parametrize(("question", "mostly_failed", "statement"), [
    ("是否建立决策事项公示制度，并通过政府网站等平台及时公开决策信息？", True,
     "未建立决策事项公示制度并通过政府网站等平台及时公开决策信息"),
    ("是否建立决策事项公示制度，并通过政府网站等平台及时公开决策信息？", False,
     "未完全建立决策事项公示制度并通过政府网站等平台及时公开决策信息"),
    # a trailing elaboration is left out
    ("党政主要负责人是否亲自部署、亲自督办法治建设重要工作，形成“一把手”负总责的格局？", True,
     "党政主要负责人未亲自部署、亲自督办法治建设重要工作"),
    ("是否严格控制机构编制，无超编进人、混编混岗？", True, "未严格控制机构编制"),
    # 是否已, a second 是否, and 本季度 over a year of quarters
    ("本季度是否对办结案卷开展评查，发现的问题是否已整改？", True,
     "部分季度未对办结案卷开展评查,发现的问题未整改"),
    # 是否均 / 均 without 是否
    ("新任职班子成员是否均由党政主要负责人带领进行宪法宣誓？", False,
     "新任职班子成员未全部由党政主要负责人带领进行宪法宣誓"),
    ("本季度作出的重大执法决定均经法制审核？", True, "部分季度作出的重大执法决定未全部经法制审核"),
    ("各环节是否均有文字记录，现场执法是否有音像记录？", True, "各环节部分缺少文字记录,现场执法缺少音像记录"),
    # parenthetical lists go
    ("针对工作方式方法传统，是否已制定改进措施（如线上普法、数字化台账），并明确责任人？", True,
     "针对工作方式方法传统,未制定改进措施并明确责任人"),
    ("是否全面推行行政执法“三项制度”？", False, "未全面推行行政执法“三项制度”"),
    # no question word at all
    ("开展集体学法", True, "开展集体学法落实不到位"),
])
def test_status_questions_become_statements(question: str, mostly_failed: bool, statement: str) -> None:
    assert shortfall(item(question), mostly_failed=mostly_failed) == statement


@pytest.mark.parametrize(("question", "unit", "target", "values", "statement"), [
    ("本季度末在岗执法人员的持证上岗率是多少？", "%", Target("==", 100), [94.8],
     "部分季度末在岗执法人员的持证上岗率未达到目标(实际 94.8%,目标 100%)"),
    ("本年度镇村共开展矛盾纠纷大排查多少次？", "次", Target(">=", 4), [3, 2],
     "全年镇村共开展矛盾纠纷大排查次数未达到目标(实际 2～3 次,目标不少于 4 次)"),
    ("本年度发生进京访多少批次？", "批次", Target("==", 0), [1],
     "全年发生进京访批次未达到目标(实际 1 批次,目标 0 批次)"),
    ("本年度矛盾纠纷调解成功率是多少？", "%", Target(">=", 95), [90],
     "全年矛盾纠纷调解成功率未达到目标(实际 90%,目标不低于 95%)"),
])
def test_number_questions_state_the_figure_against_the_target(question, unit, target, values,
                                                               statement) -> None:
    assert shortfall(item(question, "number", unit, target), values) == statement


@pytest.mark.parametrize(("question", "values", "statement"), [
    ("本季度调离的人员中，未及时注销证件的有几人？", [1, 2], "各季度调离的人员中,未及时注销证件的共 3 人"),
    ("本季度到期的整改措施中，逾期未完成的有几项？", [4], "各季度到期的整改措施中,逾期未完成的共 4 项"),
    ("2025年应开展的四次资格核查中，少开展了几次？", [2], "2025年应开展的四次资格核查中,少开展了 2 次"),
    ("党委会中，法律顾问未列席的次数是多少？", [1, 2], "党委会中,法律顾问未列席共 3 次"),
])
def test_count_questions_state_the_total(question: str, values: list[float], statement: str) -> None:
    assert shortfall(item(question, "deduction"), values) == statement


def test_part_three_asks_for_what_the_question_asked() -> None:
    meeting = item("本季度是否已召开协调会议，统筹各方力量，并形成会议纪要？")
    assert requirement(meeting) == "每季度召开协调会议并形成会议纪要"
    rate = item("本季度末持证上岗率是多少？", "number", "%", Target("==", 100))
    assert requirement(rate) == "每季度末持证上岗率达到 100%"
    assert requirement(item("逾期未完成的有几项？", "deduction")) == ""


def test_every_bundled_question_reads_as_a_short_statement() -> None:
    library = load_library(checklist_dirs(None))
    for checklist in library.checklists.values():
        for it in checklist.items:
            if it.kind == "bonus":  # always 符合: never a shortfall
                continue
            said = shortfall(it, [1.0], mostly_failed=True)
            where = f"{checklist.id} {it.id}: {said}"
            assert not re.search(r"是否|多少|几|[?？（）]", said), where
            assert len(said) <= 60, where
            if it.kind == "status":
                assert re.search("未|缺少", said), where
                assert "是否" not in requirement(it), where


def test_cli_writes_the_draft_and_refuses_a_year_without_rounds(capsys, report_folders, tmp_path) -> None:
    assert build_draft(Store(report_folders[0]).load_all().rounds, 2019, AS_OF) is None
    path = tmp_path / "draft.md"
    code, _, err = run(capsys, *report_folders, "draft", "--year", "2025", "-o", str(path))
    assert code == 0, err
    assert "## 二、2025年法治政府建设存在的不足和原因" in path.read_text(encoding="utf-8")
    code, out, err = run(capsys, *report_folders, "draft", "--year", "2019")
    assert code == 2 and out == ""
    assert "2019 年没有已提交的检查批次" in err


def test_chinese_numbers() -> None:
    assert [chinese_number(n) for n in (1, 9, 10, 11, 20, 23)] == ["一", "九", "十", "十一", "二十", "二十三"]
