"""A Markdown draft of the next annual report's parts 二 (存在的不足和原因) and 三 (主要安排).

Built from the rounds whose period falls in the year: the problems found (不符合/基本符合 answers
and items raised by hand) grouped by checklist section, the rectification figures of those
rounds' items as of the date given, and the problems that came back (an item answered 不符合 or
基本符合 by the same unit in more than one period, counting every round on file). Written in the
register of the 2024 report ("一是……;二是……。") for the office to edit, not to send as is.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from . import loop
from .checklist import Item
from .document import fmt_rate, md_escape
from .period import parse_period
from .store import Round
from .trends import answer_text, round_order

DIGITS = "零一二三四五六七八九"
MAX_POINTS = 6  # "一是…" points per section; the rest are counted, not listed
MAX_PLACES = 4  # unit-and-period mentions per point
_ORDINAL_PREFIX = re.compile(r"^\s*[(\uff08][一二三四五六七八九十]+[)\uff09]\s*")


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 23 → 二十三 (enough for counts of points and parts)."""
    if n < 10:
        return DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else DIGITS[tens]) + "十" + (DIGITS[ones] if ones else "")


def points(texts: Sequence[str]) -> str:
    """一是……;二是……。"""
    return ";".join(f"{chinese_number(i)}是{t}" for i, t in enumerate(texts, 1)) + "。"


def statement(item: Item) -> str:
    """The question as a statement: "是否" and the question mark dropped."""
    text = item.text.strip().rstrip("?\uff1f").replace("是否", "", 1)
    return md_escape(text)


def section_topic(title: str) -> str:
    core = _ORDINAL_PREFIX.sub("", title).strip()
    if core.endswith("情况"):
        core = core[: -len("情况")]
    return md_escape(core if core.endswith("方面") else core + "方面")


@dataclass
class Finding:
    """One checklist item answered 不符合/基本符合 somewhere in the year."""

    item: Item
    places: list[str] = field(default_factory=list)  # "党政办 2024-Q1 不符合(说明)"
    fails: int = 0
    partials: int = 0

    @property
    def count(self) -> int:
        return self.fails + self.partials

    def text(self) -> str:
        shown = self.places[:MAX_PLACES]
        more = f"等 {len(self.places)} 处" if len(self.places) > MAX_PLACES else ""
        where = ";".join(shown) + more
        if self.item.kind == "status":
            verdict = "落实不到位" if self.fails else "落实不够到位"
        else:
            verdict = "未达到要求"
        return f"{statement(self.item)}{verdict}({where})"


@dataclass
class Group:
    title: str  # section title, with the checklist's when the year has several checklists
    findings: dict[str, Finding] = field(default_factory=dict)
    raised: list[str] = field(default_factory=list)  # problems raised by hand in this group's rounds

    @property
    def count(self) -> int:
        return sum(f.count for f in self.findings.values()) + len(self.raised)


def _place(record: Round, item: Item) -> str:
    answer = record.answers[item.id]
    note = answer.note.strip()
    said = answer_text(item, answer) + (f",{note}" if note else "")
    return md_escape(f"{record.meta.unit} {record.meta.period} {said}")


def gather(rounds: Sequence[Round]) -> dict[tuple[str, str], Group]:
    several = len({r.meta.checklist for r in rounds}) > 1
    groups: dict[tuple[str, str], Group] = {}
    for record in sorted(rounds, key=round_order):
        suffix = f"(《{record.meta.title}》)" if several else ""
        for section in record.checklist.sections:
            for item in section.items:
                answer = record.answers.get(item.id)
                if answer is None or answer.answer not in ("fail", "partial"):
                    continue
                group = groups.setdefault((record.meta.checklist, section.id),
                                          Group(section_topic(section.title) + md_escape(suffix)))
                finding = group.findings.setdefault(item.id, Finding(item))
                finding.places.append(_place(record, item))
                finding.fails += answer.answer == "fail"
                finding.partials += answer.answer == "partial"
        for rect in record.rectifications:
            if rect.item is None:
                group = groups.setdefault(("", "raised"), Group("其他方面(手工登记的问题)"))
                group.raised.append(md_escape(f"{rect.problem}({rect.unit} {rect.period})"))
    return groups


def recurring(year_rounds: Sequence[Round], all_rounds: Sequence[Round]) -> list[str]:
    """Items answered 不符合/基本符合 by one unit in more than one period, one of them in the year."""
    bad: dict[tuple[str, str, str], set[str]] = {}
    texts: dict[tuple[str, str, str], str] = {}
    for record in all_rounds:
        for item_id, answer in record.answers.items():
            if answer.answer in ("fail", "partial"):
                key = (record.meta.checklist, record.meta.unit, item_id)
                bad.setdefault(key, set()).add(record.meta.period)
                try:
                    texts[key] = statement(record.checklist.item(item_id))
                except KeyError:
                    texts[key] = md_escape(item_id)
    in_year = {(r.meta.checklist, r.meta.unit, i) for r in year_rounds for i, a in r.answers.items()
               if a.answer in ("fail", "partial")}
    found = []
    for key in sorted(in_year):
        periods = sorted(bad.get(key, ()), key=lambda p: parse_period(p).start)
        if len(periods) > 1:
            found.append(f"{texts[key]}({md_escape(key[1])} {'、'.join(periods)} 均未达到要求)")
    return found


def build_draft(all_rounds: Sequence[Round], year: int, as_of: dt.date) -> str | None:
    """The draft, or None when no round's period falls in the year."""
    rounds = [r for r in all_rounds if parse_period(r.meta.period).start.year == year]
    if not rounds:
        return None
    groups = sorted(gather(rounds).values(), key=lambda g: -g.count)
    rects = [rect for r in rounds for rect in r.rectifications]
    m = loop.loop_metrics(rects, [r.inspected() for r in all_rounds], as_of)
    again = recurring(rounds, all_rounds)
    units = sorted({r.meta.unit for r in rounds})
    answers = [a.answer for r in rounds for a in r.answers.values()]
    fails, partials = answers.count("fail"), answers.count("partial")
    critical = sum(len(r.score.critical_failed) for r in rounds)
    pending = [r for r in rounds if not r.submitted or r.score.tally.unanswered]

    out = [
        f"# 麻埠镇{year}年法治政府建设情况报告(第二、三部分草稿)", "",
        f"> 本稿根据{year}年 {len(rounds)} 个检查批次({len(units)} 个单位)的自查结果和整改台账自动生成,"
        f"整改数据截至 {as_of.isoformat()}。请核实数字、补充原因分析后使用。", "",
        f"## 二、{year}年法治政府建设存在的不足和原因", "",
        f"{year}年,我镇共开展自查 {len(rounds)} 批次,覆盖{md_escape('、'.join(units))},"
        f"发现问题 {fails + partials} 项(不符合 {fails} 项、基本符合 {partials} 项)"
        + (f",其中一票否决项不符合 {critical} 项" if critical else "") + "。主要不足如下:", "",
    ]
    part = 0
    for group in groups:
        part += 1
        listed = sorted(group.findings.values(), key=lambda f: (-f.count, f.item.id))
        shown, raised = listed[:MAX_POINTS], group.raised[: max(0, MAX_POINTS - len(listed))]
        texts = [f.text() for f in shown] + raised
        rest = group.count - sum(f.count for f in shown) - len(raised)
        tail = f"另有 {rest} 项问题,详见整改台账。" if rest > 0 else ""
        out += [f"({chinese_number(part)}){group.title}存在不足,自查发现问题 {group.count} 项。"
                f"{points(texts)}{tail}", ""]
    part += 1
    out += [f"({chinese_number(part)})问题整改落实还有差距。" + points([
        f"截至{as_of.isoformat()},{year}年检查发现的整改事项共 {m.total} 项,已销号 {m.closed} 项,"
        f"整改完成率 {fmt_rate(m.closure)}",
        f"按期整改率 {fmt_rate(m.on_time)},逾期未销号 {m.overdue} 项",
        f"复核一次通过率 {fmt_rate(m.first_pass)},平均整改 "
        + ("—" if m.mean_days_to_close is None else f"{m.mean_days_to_close:.1f}") + " 天",
    ]), ""]
    if again:
        part += 1
        more = f"另有 {len(again) - MAX_POINTS} 项,详见整改台账。" if len(again) > MAX_POINTS else ""
        out += [f"({chinese_number(part)})部分问题反复出现。{points(again[:MAX_POINTS])}{more}", ""]
    out += plans(year, groups, m, again, pending)
    return "\n".join(out) + "\n"


def plans(year: int, groups: Sequence[Group], m: loop.LoopMetrics, again: Sequence[str],
          pending: Sequence[Round]) -> list[str]:
    nxt = year + 1
    still_open = m.total - m.closed
    out = [f"## 三、{nxt}年推进法治政府建设的主要安排", ""]
    items: list[str] = []
    if still_open:
        items.append(f"抓好存量问题整改销号。对尚未销号的 {still_open} 项整改事项(其中逾期 {m.overdue} 项)"
                     "逐项明确责任单位、整改措施和完成时限,严格落实“通报-整改-复核-销号”闭环管理,"
                     "逾期事项逐项说明原因、限期办结。")
    else:
        items.append(f"巩固整改成果。对{year}年已销号的 {m.closed} 项问题开展“回头看”,防止整改流于形式。")
    for group in groups[:3]:
        if not group.findings:
            continue
        top = sorted(group.findings.values(), key=lambda f: (-f.count, f.item.id))[:3]
        owners = sorted({f.item.owner for f in top if f.item.owner})
        lead = f",由{md_escape('、'.join(owners))}牵头落实" if owners else ""
        items.append(f"补齐{group.title}短板。重点抓好" + "、".join(statement(f.item) for f in top)
                     + f"等工作{lead}。")
    if again:
        items.append(f"防止问题反弹。对{year}年反复出现的 {len(again)} 项问题逐项分析原因,"
                     "在下一轮自查中列为重点复查内容。")
    if pending:
        names = "、".join(f"{r.id}({r.meta.unit} {r.meta.period})" for r in pending[:MAX_PLACES])
        more = f"等 {len(pending)} 个批次" if len(pending) > MAX_PLACES else ""
        items.append(f"提升自查质量。{year}年 {md_escape(names)}{more}自查尚未完成或未提交,"
                     f"{nxt}年严格按期开展自查,做到应查尽查、如实填报。")
    else:
        items.append(f"坚持常态化自查。{nxt}年继续按年度、季度开展自查,如实填报、按期提交,"
                     "发现问题及时纳入整改台账。")
    for i, text in enumerate(items, 1):
        out += [f"({chinese_number(i)}){text}", ""]
    return out
