"""`draft --year Y`: parts 二 (存在的不足和原因) and 三 (主要安排) of next year's report, drafted from
the year's submitted rounds in the register of the seed report, as Markdown or as a Word document.

- Counts come from submitted rounds only (rounds in progress are named only as a task for next
  year; withdrawn ones not at all).
- Part 二: at most four headings like the report's own, the 一票否决 failures first; each heading's
  points are the items' findings merged across units and periods, then a 原因 paragraph with a
  marked placeholder (【请补充主观原因】) for the office to complete: no causes are invented.
- Part 三: next year's tasks from the open and recurring items, each with its 时间节点.
- Written as a document writes: 2026年12月1日, 2026年第三季度, full-width punctuation, no spaces
  around numbers, no tool words (批次, round ids, checklist ids). Units are named only where they
  are the ones responsible; `public` leaves every unit and person name out.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from checklist_tui.domain.metrics import LoopMetrics, loop_metrics
from checklist_tui.domain.period import parse_period
from checklist_tui.domain.round import VOID, Round
from checklist_tui.domain.round_figures import RoundLike
from checklist_tui.reports.document import fmt_rate, md_escape
from checklist_tui.reports.draft import (
    MAX_POINTS,
    Finding,
    Group,
    as_round,
    chinese_number,
    gather,
    points,
    recurring,
    requirement,
)
from checklist_tui.reports.wording import date_words, full_width

MAX_GROUPS = 3  # problem headings in part 二 besides the 一票否决 one and the rectification one
MAX_PLANS = 3  # problem groups that get their own task in part 三
CAUSE = "主要原因：【请补充主观原因】。"
_SPACES = re.compile(r"(?<=[^\x00-\x7f])[ \t]+|[ \t]+(?=[^\x00-\x7f])")


@dataclass(frozen=True)
class Block:
    """One paragraph of the draft: title, note (for the editor, Markdown only), heading (一、),
    point ((一)… run in before its body) or para."""

    kind: str
    text: str
    body: str = ""


def tidy(text: str) -> str:
    """Full-width punctuation, no spaces between Chinese and numbers (共24项, not 共 24 项)."""
    return full_width(_SPACES.sub("", text))


def _names(units: Counter[str], most: int = 3) -> str:
    names = [u for u, _ in sorted(units.items(), key=lambda e: (-e[1], e[0]))]
    return "、".join(names) if len(names) <= most + 1 else "、".join(names[:most]) + f"等{len(names)}个单位"


def _critical_group(rounds: Sequence[Round]) -> Group | None:
    """The 一票否决 failures of the year, as one group stated first."""
    group = Group("一票否决事项")
    for record in rounds:
        for item_id in record.score.critical_failed:
            item = record.checklist.item(item_id)
            group.findings.setdefault((record.meta.checklist, item_id), Finding(item)).add(record)
    return group if group.findings else None


def _without_critical(groups: Sequence[Group]) -> list[Group]:
    """The section groups with the critical failures taken out (they are stated first)."""
    kept = []
    for group in groups:
        findings = {k: f for k, f in group.findings.items() if not (f.item.critical and f.fails)}
        rest = Group(group.topic, findings, group.raised)
        if rest.count:
            kept.append(rest)
    return kept


def draft_blocks(all_rounds: Sequence[RoundLike], year: int, as_of: dt.date, public: bool = False,
                 town: str = "麻埠镇", read: Callable[[RoundLike], Round] = as_round) -> list[Block] | None:
    """The draft as blocks, or None when no round of the year has been submitted. The rounds may be
    the index's figures: those whose findings are drafted are `read` from their files."""
    of_year = [r for r in all_rounds
               if parse_period(r.meta.period).start.year == year and r.status != VOID]
    rounds = [read(r) for r in of_year if r.submitted]
    if not rounds:
        return None
    submitted_all = [r for r in all_rounds if r.submitted]
    critical = _critical_group(rounds)
    groups = _without_critical(gather(rounds))
    rects = [rect for r in rounds for rect in r.rectifications]
    m = loop_metrics(rects, [r.inspected() for r in submitted_all], as_of)
    again, again_points = recurring(year, submitted_all, public, read)
    units = Counter(r.meta.unit for r in rounds)
    answers = [a.answer for r in rounds for a in r.answers.values()]
    fails, partials = answers.count("fail"), answers.count("partial")
    raised = sum(sum(c.values()) for g in groups for c in g.raised.values())

    blocks = [Block("title", f"{town}{year}年法治政府建设情况报告（第二、三部分草稿）"),
              Block("note", f"本稿根据{year}年已提交的{len(rounds)}次自查和整改情况起草，整改数据截至"
                            f"{date_words(as_of)}。请核实数字，补全【】中的内容后使用。"),
              Block("heading", f"二、{year}年法治政府建设存在的不足和原因")]
    covered = f"{len(units)}个单位" if public else _names(units)
    blocks.append(Block("para", f"{year}年，我镇共开展自查{len(rounds)}次，覆盖{covered}，"
                                f"发现问题{fails + partials}项（不符合{fails}项、基本符合{partials}项）"
                                + (f"，其中一票否决事项不符合{critical.count}项" if critical else "")
                                + (f"；另行登记问题{raised}项" if raised else "") + "。主要不足如下："))
    number = 0
    shown = [*([critical] if critical else []), *groups[:MAX_GROUPS - (1 if critical else 0)]]
    for group in shown:
        number += 1
        head = "一票否决事项落实不到位" if group is critical else group.heading
        found = "共" if not group.topic else "自查发现问题"
        blocks.append(Block("point", f"（{chinese_number(number)}）{head}。",
                            f"{found}{group.count}项。" + points(group.texts(public)[:MAX_POINTS])))
        blocks.append(Block("para", CAUSE))
    rest = groups[len(shown) - (1 if critical else 0):]
    if rest:
        blocks.append(Block("para", f"其他{len(rest)}个方面另有{sum(g.count for g in rest)}项问题，"
                                    "已逐项纳入整改。"))
    number += 1
    days = "" if m.mean_days_to_close is None else f"，平均整改{m.mean_days_to_close:.1f}天"
    recur = "" if m.recurrence is None else f"，问题反弹率{fmt_rate(m.recurrence)}"
    facts = [f"截至{date_words(as_of)}，{year}年自查发现的整改事项共{m.total}项，已销号{m.closed}项，"
             f"整改完成率{fmt_rate(m.closure)}",
             f"按期整改率{fmt_rate(m.on_time)}，逾期未销号{m.overdue}项",
             f"复核一次通过率{fmt_rate(m.first_pass)}{days}{recur}"]
    if again:
        facts.append(f"{again}项问题在同一单位两个以上检查期重复出现，如" + "；".join(again_points[:2]))
    blocks.append(Block("point", f"（{chinese_number(number)}）问题整改落实还有差距。", points(facts)))
    blocks.append(Block("para", CAUSE))
    pending = [r for r in of_year if not r.submitted or r.score.tally.unanswered]
    blocks += plans(year, [*([critical] if critical else []), *groups], m, again, pending, public)
    return [Block(b.kind, tidy(b.text), tidy(b.body)) for b in blocks]


_AIMS = ((re.compile(r"^(.*)有待(提高|提升|加强)$"), r"\2\1"),
         (re.compile(r"^(.*)仍需进一步(加强|提升|完善)$"), r"进一步\2\1"),
         (re.compile(r"^(.*)缺乏(.*)$"), r"增强\1的\2"))
_VERBS = ("完善", "推进", "加强", "深入", "严格", "规范", "全面", "依法", "强化", "优化", "提升",
          "提高", "推行", "落实", "健全", "进一步")


def aim(topic: str) -> str:
    """A section topic as next year's aim: X有待提高 → 提高X, X仍需进一步加强 → 进一步加强X,
    执法资格管理 → 加强执法资格管理; a topic that already starts with a verb stays."""
    topic = topic.removesuffix("方面").removesuffix("等")
    for pattern, aim_text in _AIMS:
        if pattern.match(topic):
            return pattern.sub(aim_text, topic)
    return topic if topic.startswith(_VERBS) else "加强" + topic


def plans(year: int, groups: Sequence[Group], m: LoopMetrics, again: int,
          pending: Sequence[RoundLike], public: bool) -> list[Block]:
    nxt = year + 1
    still_open = m.total - m.closed
    items: list[tuple[str, str]] = []
    if still_open:
        overdue = f"（其中逾期{m.overdue}项）" if m.overdue else ""
        items.append(("抓好问题整改销号。", f"对尚未销号的{still_open}项整改事项{overdue}，由责任单位逐项明确"
                      f"整改措施和完成时限，严格落实“通报—整改—复核—销号”闭环管理，{nxt}年3月底前全部销号。"))
    else:
        items.append(("巩固整改成果。", f"对{year}年已销号的{m.closed}项问题开展“回头看”，"
                      f"{nxt}年6月底前完成，防止整改流于形式。"))
    for group in [g for g in groups if g.findings][:MAX_PLANS]:
        top = sorted(group.findings.values(), key=lambda f: (-f.count, f.item.id))
        owners = Counter({o: sum(f.count for f in top if f.item.owner == o) for o in
                          {f.item.owner for f in top if f.item.owner}})
        lead = "责任单位" if public or not owners else _names(owners, 2)
        tasks = [t for t in (requirement(f.item) for f in top) if t][:2]
        focus = {0: "", 1: f"，重点做到{''.join(tasks)}"}.get(len(tasks), "，重点做到：" + points(tasks)[:-1])
        topic = "落实一票否决事项" if group.topic == "一票否决事项" else aim(group.topic)
        items.append((f"{topic}。", f"由{lead}牵头，对{year}年自查发现的{group.count}项问题逐项整改{focus}，"
                      f"{nxt}年6月底前完成。"))
    if again:
        items.append(("防止问题反弹。", f"对反复出现的{again}项问题逐项分析原因，列为{nxt}年自查的重点复查"
                      f"内容，整改销号后开展“回头看”，{nxt}年每季度末复查一次。"))
    if pending:
        who = "" if public else f"（{_names(Counter(r.meta.unit for r in pending))}）"
        items.append(("提升自查质量。", f"{year}年有{len(pending)}次自查{who}尚未完成或未提交，"
                      f"{nxt}年严格按期开展自查，每季度结束后15日内完成当季自查，做到应查尽查、如实填报。"))
    else:
        items.append(("坚持常态化自查。", f"{nxt}年继续按年度、季度开展自查，每季度结束后15日内完成，"
                      "如实填报、按期提交，发现问题及时纳入整改台账。"))
    blocks = [Block("heading", f"三、{nxt}年推进法治政府建设的主要安排")]
    blocks += [Block("point", f"（{chinese_number(i)}）{head}", body)
               for i, (head, body) in enumerate(items, 1)]
    return blocks


# --- rendering ----------------------------------------------------------------------------------


def draft_markdown(blocks: Sequence[Block]) -> str:
    out = []
    for block in blocks:
        text = md_escape(block.text + block.body)
        out += [{"title": "# ", "note": "> ", "heading": "## "}.get(block.kind, "") + text, ""]
    return "\n".join(out).rstrip("\n") + "\n"


def draft_docx(blocks: Sequence[Block], as_of: dt.date, town: str = "麻埠镇") -> bytes:
    """The draft in 公文格式; the editor's note stays out of the document."""
    from checklist_tui.reports.gongwen import Gongwen

    doc = Gongwen()
    for block in blocks:
        if block.kind == "title":
            doc.title(block.text)
        elif block.kind == "heading":
            doc.heading1(block.text)
        elif block.kind == "point":
            doc.heading2(block.text, block.body)
        elif block.kind == "para":
            doc.para(block.text)
    doc.signature(f"{town}人民政府", date_words(as_of))
    return doc.to_bytes()


def build_draft(all_rounds: Sequence[Round], year: int, as_of: dt.date, public: bool = False,
                town: str = "麻埠镇") -> str | None:
    """The draft as Markdown, or None when no round of the year has been submitted."""
    blocks = draft_blocks(all_rounds, year, as_of, public, town)
    return None if blocks is None else draft_markdown(blocks)
