"""An item's finding: the shortfall in a 台账's words, with the value people gave, never lost."""

from __future__ import annotations

from pathlib import Path

import pytest

from checklist_tui.catalogue.library import load_file
from checklist_tui.domain.checklist import ChecklistError, Item, Target
from checklist_tui.domain.finding import render_finding

RATE = Item("S2.02", "本季度末在岗执法人员的持证上岗率是多少？", "S2", kind="number", unit="%", min=0,
            max=100, target=Target("==", 100), weight=3,
            finding="本季度末在岗执法人员持证上岗率为 {value},未达到 {target} 的要求")
COUNT = Item("S3.07", "季度执法资格核查次数是多少？", "S3", kind="number", unit="次", min=0, max=4,
             target=Target("==", 4), weight=2, finding="全年开展执法人员资格核查 {value},少于每季度一次")
DEDUCTION = Item("S3.06", "法律顾问未列席的次数是多少？", "S3", kind="deduction", each=0.5, cap=2, weight=2,
                 finding="{n} 次审议重大决策的会议法律顾问未列席")
STATUS = Item("S1.01", "是否随人事变动及时调整充实法治建设工作领导小组？", "S1",
              finding="法治建设工作领导小组未随人事变动及时调整")


def test_a_number_finding_carries_the_value_and_target_as_people_read_them() -> None:
    assert render_finding(RATE, "fail", 95.5) == "本季度末在岗执法人员持证上岗率为 95.5%,未达到 100% 的要求"
    assert render_finding(COUNT, "fail", 3.0) == "全年开展执法人员资格核查 3 次,少于每季度一次"


def test_a_deduction_finding_carries_the_count() -> None:
    assert render_finding(DEDUCTION, "partial", 2.0) == "2 次审议重大决策的会议法律顾问未列席"


def test_a_status_finding_is_the_text() -> None:
    assert render_finding(STATUS, "fail") == "法治建设工作领导小组未随人事变动及时调整"


def test_without_finding_the_question_the_answer_and_the_value() -> None:
    plain = Item("S2.02", RATE.text, "S2", kind="number", unit="%", target=Target(">=", 95), weight=3)
    assert render_finding(plain, "fail", 90.0) == f"{RATE.text} —— 自查结果：不符合，填报 90%"
    bare = Item("S1.01", STATUS.text, "S1")
    assert render_finding(bare, "partial") == f"{STATUS.text} —— 自查结果：基本符合"


HEAD = '[checklist]\nid = "t"\ntitle = "测试表"\n{head}\n[[section]]\nid = "S1"\ntitle = "一"\n\n' \
       '[[section.item]]\nid = "S1.01"\ntext = "问题？"\n{item}\n'
NUMBER = 'kind = "number"\nunit = "%"\ntarget = ">= 95"\nweight = 2\n'
DEDUCT = 'kind = "deduction"\neach = 1\ncap = 2\nweight = 2\n'


def load(tmp_path: Path, item: str = "", head: str = ""):
    path = tmp_path / "t.toml"
    path.write_text(HEAD.format(head=head, item=item), encoding="utf-8")
    return load_file(path)


def problems(tmp_path: Path, item: str = "", head: str = "") -> list:
    with pytest.raises(ChecklistError) as caught:
        load(tmp_path, item, head)
    return caught.value.problems


def test_findings_and_short_titles_load(tmp_path: Path) -> None:
    checklist = load(tmp_path, NUMBER + 'finding = "调解成功率为 {value},低于 {target}({unit})"',
                     head='short = "年度自查"')
    assert checklist.short == "年度自查"
    assert render_finding(checklist.items[0], "fail", 90.0) == "调解成功率为 90%,低于 95%(%)"


@pytest.mark.parametrize(("item", "words"), [
    (NUMBER + 'finding = "成功率为 {valeu}"', "{valeu}"),
    (NUMBER + 'finding = "成功率为 {value"', "花括号"),
    (NUMBER + 'finding = "成功率为 value}"', "花括号"),
    (NUMBER + 'finding = "成功率为 {value:.1f}"', "{value:.1f}"),
    (NUMBER + 'finding = "成功率未达标"', "{value}"),
    (NUMBER + 'finding = "有 {n} 次"', "{n}"),
    (DEDUCT + 'finding = "{value} 人未注销"', "{value}"),
    (DEDUCT + 'finding = "有人未注销"', "{n}"),
    ('finding = "领导小组未调整 {n}"', "{n}"),
    ('finding = ""', "不能为空"),
    ('finding = 3', "文本"),
    ('kind = "number"\nweight = 0\nfinding = "为 {value}"', "target"),
    ('kind = "bonus"\neach = 1\ncap = 2\nfinding = "特色做法未被推广"', "加分项"),
])
def test_a_bad_finding_is_a_load_error_naming_item_and_field(tmp_path: Path, item: str, words: str) -> None:
    found = problems(tmp_path, item)
    assert len(found) == 1, found
    assert (found[0].item, found[0].field) == ("S1.01", "finding")
    assert words in found[0].message and str(tmp_path / "t.toml") in str(found[0])


def test_literal_braces_are_written_doubled(tmp_path: Path) -> None:
    checklist = load(tmp_path, 'finding = "制度{{试行}}未印发"')
    assert render_finding(checklist.items[0], "fail") == "制度{试行}未印发"


@pytest.mark.parametrize("short", ['short = ""', 'short = "麻埠镇法治政府建设年度自查"', "short = 1"])
def test_a_bad_short_title_is_a_load_error(tmp_path: Path, short: str) -> None:
    found = problems(tmp_path, head=short)
    assert [(p.field, p.item) for p in found] == [("short", None)]


@pytest.mark.parametrize(("short", "words"), [
    ('"年度\\n自查"', "控制字符"),
    ('"年度\\t自查"', "控制字符"),
    ('"年度\\u001b自查"', "控制字符"),
    ('"麻埠镇法治政府建设年度自查"', "过长"),
    ('"  "', "不能为空"),
])
def test_a_short_title_is_one_short_line(tmp_path: Path, short: str, words: str) -> None:
    found = problems(tmp_path, head=f"short = {short}")
    assert [p for p in found if p.field == "short" and words in p.message], found
