"""`summary --format docx`: the summary as a Word document in 公文格式 for the leaders' desk
(tables fit the 156 mm type area between the margins).

The same figures as the printed summary, in the words of a document: units, periods as
2026年第三季度, dates as 2026年12月1日; no round ids, no command hints, no internal keys.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from checklist_tui.domain import loop
from checklist_tui.domain.answers import FINDING_ANSWERS, answer_text
from checklist_tui.domain.finding import render_finding
from checklist_tui.domain.metrics import LoopMetrics
from checklist_tui.domain.round import Round
from checklist_tui.reports.across_rounds import round_order
from checklist_tui.reports.document import EMPTY, fmt_rate, fmt_score
from checklist_tui.reports.draft import chinese_number
from checklist_tui.reports.gongwen import Gongwen
from checklist_tui.reports.summary import Summary, detailed
from checklist_tui.reports.wording import date_words, full_width, period_words

_MARK = re.compile(r"^\s*([(\uff08][一二三四五六七八九十]+[)\uff09])")


def _section_mark(title: str, index: int) -> str:
    found = _MARK.match(title)
    return full_width(found[1]) if found else f"（{chinese_number(index)}）"


def shortfall_text(record: Round, item_id: str) -> str:
    """The shortfall as the ledger states it: the item's finding with its value, else its question
    without the question mark."""
    item = record.checklist.item(item_id)
    if not item.finding:
        return full_width(item.text).rstrip("？?")
    answer = record.answers.get(item_id)
    if answer is None:
        return full_width(render_finding(item, None))
    return full_width(render_finding(item, answer.answer, answer.value))


def _headings() -> Sequence[str]:
    return [f"{chinese_number(i)}、" for i in range(1, 11)]


def overview(doc: Gongwen, rounds: Sequence[Round]) -> None:
    rows = []
    for r in rounds:
        t = r.score.tally
        rows.append((r.meta.unit, full_width(r.meta.title), period_words(r.meta.period),
                     fmt_score(t.score), r.score.grade or EMPTY, f"{t.answered}/{t.total}",
                     "是" if r.meta.submitted else "否"))
    doc.table(("单位", "检查表", "期间", "得分", "等次", "已答/总数", "提交"), rows,
              (22, 30, 26, 18, 20, 24, 16))
    failed = [(r, item_id) for r in rounds for item_id in r.score.critical_failed]
    if failed:
        names = "；".join(f"{r.meta.unit}（{period_words(r.meta.period)}）{shortfall_text(r, i)}"
                         for r, i in failed)
        doc.para(f"一票否决项不符合{len(failed)}项，相应单位等次为不合格：{names}。")


def sections(doc: Gongwen, rounds: Sequence[Round]) -> None:
    by_checklist: dict[str, list[Round]] = {}
    for r in sorted(rounds, key=round_order):
        by_checklist.setdefault(r.meta.checklist, []).append(r)
    for number, records in enumerate(by_checklist.values(), start=1):
        latest = {r.meta.unit: r for r in records}  # sorted by period: the latest one wins
        titles: dict[str, str] = {}
        for r in records:
            for s in r.checklist.sections:
                titles.setdefault(s.id, s.title)
        marks = {sid: _section_mark(title, i) for i, (sid, title) in enumerate(titles.items(), start=1)}
        doc.heading2(f"（{chinese_number(number)}）{full_width(records[-1].meta.title)}", "")
        rows = []
        for unit, r in sorted(latest.items()):
            scores = {s.id: s.tally.score for s in r.score.sections}
            rows.append((unit, period_words(r.meta.period),
                         *(fmt_score(scores[i]) if i in scores else EMPTY for i in titles),
                         fmt_score(r.score.score), r.score.grade or EMPTY))
        doc.table(("单位", "期间", *marks.values(), "总分", "等次"), rows)
        legend = "；".join(f"{marks[i]}为{full_width(_MARK.sub('', t))}" for i, t in titles.items())
        doc.para(f"表中{legend}。")


def problems(doc: Gongwen, rounds: Sequence[Round]) -> None:
    rows = []
    for r in rounds:
        for item in r.checklist.items:
            answer = r.answers.get(item.id)
            if answer is not None and answer.answer in FINDING_ANSWERS:
                rows.append((r.meta.unit, period_words(r.meta.period), shortfall_text(r, item.id),
                             full_width(answer_text(item, answer)), answer.note or EMPTY))
    if not rows:
        doc.para("自查未发现不符合或基本符合的问题。")
        return
    doc.para(f"自查发现不符合和基本符合的问题共{len(rows)}项，具体如下。")
    doc.table(("单位", "期间", "问题", "自查结果", "说明"), rows, (22, 26, 58, 24, 26))


def loop_figures(doc: Gongwen, m: LoopMetrics) -> None:
    days = EMPTY if m.mean_days_to_close is None else f"{m.mean_days_to_close:.1f}天"
    rows = [
        ("整改事项", f"{m.total}项", "自查发现和另行登记的问题"),
        ("整改完成率", fmt_rate(m.closure), f"已销号{m.closed}项，共{m.total}项"),
        ("按期整改率", fmt_rate(m.on_time), "按首次整改期限计算，延期不算按期"),
        ("逾期", f"{m.overdue}项", "未销号且已过整改期限"),
        ("复核一次通过率", fmt_rate(m.first_pass), "已销号事项中未被退回的比例"),
        ("问题反弹率", fmt_rate(m.recurrence), "销号后再次检查仍有问题的比例"),
        ("平均整改天数", days, "从发现到销号"),
        ("闭环得分", fmt_score(m.loop_score), "完成率、按期率、一次通过率和反弹率加权"),
    ]
    doc.table(("指标", "数值", "说明"), rows, (40, 30, 86))


def overdue(doc: Gongwen, summary: Summary) -> None:
    if not summary.overdue:
        doc.para(f"截至{date_words(summary.as_of)}，无逾期整改事项。")
        return
    doc.para(f"截至{date_words(summary.as_of)}，逾期未销号的整改事项共{len(summary.overdue)}项。")
    rows = [(rect.unit, full_width(rect.problem), loop.STATE_LABELS[rect.state], rect.owner or EMPTY,
             date_words(rect.due) if rect.due else EMPTY, f"{days}天") for rect, days in summary.overdue]
    doc.table(("单位", "问题", "状态", "责任单位", "整改期限", "逾期"), rows, (22, 52, 18, 22, 28, 14))


def summary_docx(summary: Summary, town: str = "麻埠镇") -> bytes:
    doc = Gongwen()
    rounds = detailed(summary.rounds)  # read from their files: the problems are printed
    doc.title(f"{town}法治政府建设自查情况汇总")
    units = len({r.meta.unit for r in rounds})
    submitted = sum(1 for r in rounds if r.meta.submitted)
    doc.para(f"截至{date_words(summary.as_of)}，共汇总{units}个单位的自查{len(rounds)}次，"
             f"其中已提交{submitted}次。现将自查和整改情况汇总如下。")
    heading = iter(_headings())
    doc.heading1(f"{next(heading)}总体情况")
    overview(doc, rounds)
    if rounds:
        doc.heading1(f"{next(heading)}各单位分项得分")
        sections(doc, rounds)
    doc.heading1(f"{next(heading)}自查发现的问题")
    problems(doc, rounds)
    doc.heading1(f"{next(heading)}整改落实情况")
    loop_figures(doc, summary.loop)
    overdue(doc, summary)
    doc.signature(f"{town}人民政府", date_words(summary.as_of))
    return doc.to_bytes()
