"""The draft's material: the year's problems gathered and stated (draft_document composes the text).

Built from the rounds whose period falls in the year: the problems found (不符合/基本符合 answers
and problems raised by hand) grouped by section title, each stated by its item's `finding` (an
item without one has its question turned into a short statement of the shortfall) with who it
concerns; the rectification figures of those rounds' items as of the date given; and the problems
that came back (one unit, one item, several periods up to the year's end). Written in the register
of the 2024 report ("一是……;二是……。"), for the office to edit, not to send as is.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from checklist_tui.domain.answers import FINDING_ANSWERS
from checklist_tui.domain.checklist import Item, format_number
from checklist_tui.domain.finding import fill
from checklist_tui.domain.ids import round_number
from checklist_tui.domain.period import parse_period
from checklist_tui.domain.round import Round
from checklist_tui.domain.round_figures import AnswerKey, RoundFigures, RoundLike
from checklist_tui.reports.wording import period_words

DIGITS = "零一二三四五六七八九"
MAX_POINTS = 3  # "一是…" points per section
MAX_NAMES = 2  # units named in an attribution before "等 N 个单位"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 23 → 二十三 (enough for counts of points and parts)."""
    if n < 10:
        return DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else DIGITS[tens]) + "十" + (DIGITS[ones] if ones else "")


def points(texts: Sequence[str]) -> str:
    """一是……;二是……。"""
    return ";".join(f"{chinese_number(i)}是{t}" for i, t in enumerate(texts, 1)) + "。"


# --- checklist questions as statements --------------------------------------------------------

_HALF_WIDTH = str.maketrans({"，": ",", "；": ";", "：": ":", "（": "(", "）": ")", "？": "?"})
_PAREN = re.compile(r"\([^()]*\)")
_WHETHER = re.compile(r"是否(已|均|全部)?(有(?![效序力关]))?")
_COUNT = re.compile(r"^(.*?)(有|了)?几(.+)$")
_OPS = {">=": ("不低于", "不少于"), "<=": ("不高于", "不超过"), ">": ("高于", "多于"),
        "<": ("低于", "少于"), "==": ("达到", "达到")}


def _clauses(text: str) -> list[str]:
    """The question without its parenthetical lists and question mark, cut at its commas."""
    plain = text.translate(_HALF_WIDTH)
    while (shorter := _PAREN.sub("", plain)) != plain:
        plain = shorter
    plain = plain.strip().rstrip("?。;, ")
    return [c.strip() for c in plain.split(",") if c.strip()]


def _core(clauses: list[str]) -> str:
    """Context before the first 是否 clause, that clause, and what follows it with 并/且 or its own
    是否; trailing elaborations (",形成……格局", ",无超编进人") are left out."""
    k = next((i for i, c in enumerate(clauses) if "是否" in c), None)
    if k is None:
        return ",".join(clauses)
    kept = ",".join(clauses[: k + 1])
    for clause in clauses[k + 1:]:
        if kept.endswith("牵头"):  # 建立党政办牵头,平安办、司法所等协同联动的工作机制
            kept += "," + clause
        elif clause.startswith(("并", "且")):
            kept += clause
        elif "是否" in clause:
            kept += "," + clause
    return kept


def _quantity(value: float, unit: str) -> str:
    number = format_number(value)
    return f"{number}{unit}" if unit in ("", "%") else f"{number} {unit}"


def _target_text(item: Item) -> str:
    if item.target is None:
        return ""
    words = _OPS[item.target.op][0 if item.unit in ("", "%") else 1]
    words = "为" if item.target.op == "==" and item.target.value == 0 else words
    return f"{words} {_quantity(item.target.value, item.unit)}"


def _span(values: Sequence[float], unit: str) -> str:
    """94.8% for one value, 90～94.8% for several."""
    low, high = min(values), max(values)
    return _quantity(low, unit) if low == high else f"{format_number(low)}～{_quantity(high, unit)}"


def _metric(text: str, item: Item) -> str:
    """X是多少 → X; X多少起 → X起数, X多少次 → X次数, X多少批次 → X批次."""
    if not (m := re.match(r"^(.*?)(?:是多少|多少(.*))$", text)) or m[2] is None:
        return m[1] if m else text
    unit = m[2] or item.unit
    return m[1] + (unit if len(unit) > 1 and unit.endswith("次") else unit + "数")


def shortfall(item: Item, values: Sequence[float] = (), mostly_failed: bool = True) -> str:
    """The question as a statement of what fell short, plain text (not yet escaped)."""
    text, detail = _shortfall(item, values, mostly_failed)
    return f"{text}({detail})" if detail else text


def _shortfall(item: Item, values: Sequence[float], mostly_failed: bool) -> tuple[str, str]:
    """(statement, detail in brackets or "").

    是否建立X? → 未建立X (未完全建立X when the answers were mostly 基本符合); 是否均/全部X? → 未全部X;
    X是多少? / X多少次? → X / X次数 未达到目标(实际 …,目标 …); X有几人? → X共 N 人 (values summed).
    本季度 becomes 部分季度 (各季度 for counts) and 本年度 全年, since the draft spans the year.
    """
    if item.finding:  # written by hand in the report's register: only the period words change
        return _from_finding(item, values), ""
    clauses = _clauses(item.text)
    if item.kind == "deduction":
        text = ",".join(clauses).replace("本季度", "各季度").replace("本年度", "全年")
        total = format_number(sum(values))
        if m := re.match(r"^(.*)的次数(是多少)?$", text):
            return f"{m[1]}共 {total} 次", ""
        if m := _COUNT.match(text):
            return f"{m[1]}{'了' if m[2] == '了' else '共'} {total} {m[3]}", ""
        return text, f"共 {total} 次"
    text = _core(clauses).replace("本季度", "部分季度").replace("本年度", "全年")
    if item.kind == "number":
        said = [f"实际 {_span(values, item.unit)}"] if values else []
        said += ["目标" + re.sub("^(达到|为)", "", _target_text(item))] if item.target else []
        return f"{_metric(text, item)}未达到目标", ",".join(said)
    if "是否" in text:
        text = _WHETHER.sub(lambda m: _negated(m[1], m[2], mostly_failed), text)
        text = text.replace("未完全全面", "未全面")
        return (text.replace("部分缺少", "缺少") if text.startswith("部分季度") else text), ""
    if "均" in text:
        return text.replace("均", "未全部", 1), ""
    return text + ("落实不到位" if mostly_failed else "落实不够到位"), ""


def _from_finding(item: Item, values: Sequence[float]) -> str:
    """The item's own finding over the year: values as a span (90～94.8%), counts summed, 本季度
    read as 部分季度 (各季度 for counts) and 本年度 as 全年, in the draft's punctuation."""
    if item.kind == "number":
        text = fill(item, value=_span(values, item.unit) if values else "(未填)")
    elif item.kind == "deduction":
        text = fill(item, n=format_number(sum(values)))
    else:
        text = fill(item)
    quarter = "各季度" if item.kind == "deduction" else "部分季度"
    return text.translate(_HALF_WIDTH).replace("本季度", quarter).replace("本年度", "全年")


def _negated(adverb: str | None, has: str | None, mostly_failed: bool) -> str:
    """是否建立 → 未建立/未完全建立, 是否均 → 未全部, 是否有 → 缺少/部分缺少."""
    partly = adverb in ("均", "全部") or not mostly_failed
    if has:
        return "部分缺少" if partly else "缺少"
    if adverb in ("均", "全部"):
        return "未全部"
    return "未" if mostly_failed else "未完全"


def requirement(item: Item) -> str:
    """The question as the task it asks for, for part 三: 是否/已 and time words dropped; a number
    item becomes its target (持证上岗率达到 100%). Empty for a count of shortfalls."""
    text = _core(_clauses(item.text)).replace("本季度", "每季度").replace("本年度", "全年")
    if item.kind == "number":
        return f"{_metric(text, item)}{_target_text(item)}" if item.target else ""
    return "" if item.kind == "deduction" else re.sub(r"是否已?", "", text)


# --- gathering the year's problems -------------------------------------------------------------


@dataclass
class Finding:
    """One checklist item answered 不符合/基本符合 somewhere (several units, periods)."""

    item: Item
    units: Counter[str] = field(default_factory=Counter)
    periods: set[str] = field(default_factory=set)
    fails: int = 0
    partials: int = 0
    values: list[float] = field(default_factory=list)

    @property
    def count(self) -> int:
        return self.fails + self.partials

    def add(self, record: Round) -> None:
        answer = record.answers[self.item.id]
        self.add_answer(record.meta.unit, record.meta.period, answer.answer, answer.value)

    def add_answer(self, unit: str, period: str, answer: str | None, value: float | None) -> None:
        self.units[unit] += 1
        self.periods.add(period)
        self.fails += answer == "fail"
        self.partials += answer == "partial"
        if value is not None:
            self.values.append(value)

    def text(self, counted: bool = True, public: bool = False) -> str:
        said, detail = _shortfall(self.item, self.values, self.fails >= self.partials)
        return attributed(said, responsible(self.item, self.units, public), counted, detail,
                          total=sum(self.units.values()))


def responsible(item: Item, units: Counter[str], public: bool = False) -> Counter[str]:
    """The units a shortfall may be attributed to: the item's responsible unit when it is among
    those found wanting (a village never "owns" a town-level shortfall), every unit when the item
    names none; nobody in a public draft."""
    if public:
        return Counter()
    if item.owner:
        return Counter({item.owner: units[item.owner]}) if item.owner in units else Counter()
    return units


def attributed(text: str, units: Counter[str], counted: bool = True, detail: str = "",
               total: int | None = None) -> str:
    """X(司法所,1 处) / X(党政办、司法所,5 处) / X(涉及党政办、司法所等 4 个单位,12 处) / X(3 处)
    when nobody is named, with the statement's own detail first: X未达到目标(实际 90%;司法所,1 处)."""
    names = [u for u, _ in sorted(units.items(), key=lambda e: (-e[1], e[0]))]
    shown = "、".join(names[:MAX_NAMES])
    who = shown if len(names) <= MAX_NAMES else f"涉及{shown}等 {len(names)} 个单位"
    count = sum(units.values()) if total is None else total
    where = ",".join(part for part in (who, f"{count} 处" if counted else "") if part)
    inside = ";".join(part for part in (detail, where) if part)
    return f"{text}({inside})" if inside else text


@dataclass
class Group:
    """The problems under one section title (the same title in several checklists is one group)."""

    topic: str  # "执法资格管理", "党员干部法治意识有待提高"
    findings: dict[tuple[str, str], Finding] = field(default_factory=dict)
    raised: dict[str, Counter[str]] = field(default_factory=dict)  # problem → units

    @property
    def count(self) -> int:
        return sum(f.count for f in self.findings.values()) + sum(
            sum(c.values()) for c in self.raised.values())

    @property
    def heading(self) -> str:
        if not self.topic:
            return "另行登记的问题"
        if re.search(r"有待|不足|缺乏|仍需|不够|不到位|差距|薄弱|滞后", self.topic):
            return self.topic
        return self.topic + ("存在不足" if self.topic.endswith("方面") else "方面存在不足")

    def texts(self, public: bool = False) -> list[str]:
        """The points, biggest first: checklist findings and identical raised problems merged."""
        found = [(f.count, f.text(public=public))
                 for f in sorted(self.findings.values(), key=lambda f: f.item.id)]
        raised = [(sum(c.values()), attributed(p, Counter() if public else c, total=sum(c.values())))
                  for p, c in self.raised.items()]
        return [t for _, t in sorted(found + raised, key=lambda e: -e[0])]


def section_topic(title: str) -> str:
    core = re.sub(r"^\s*[(\uff08][一二三四五六七八九十]+[)\uff09]\s*", "", title).strip()
    return core[: -len("情况")] if core.endswith("情况") else core


def _raise(group: Group, problem: str, unit: str) -> None:
    key = re.sub(r"[。;；\s]+$", "", problem.strip())
    group.raised.setdefault(key, Counter())[unit] += 1


def gather(rounds: Sequence[Round]) -> list[Group]:
    """The year's problems by section topic, the biggest group first."""
    groups: dict[str, Group] = {}
    for record in sorted(rounds, key=lambda r: (r.meta.checklist, parse_period(r.meta.period).start,
                                                   round_number(r.id))):
        for section in record.checklist.sections:
            topic = section_topic(section.title)
            for item in section.items:
                answer = record.answers.get(item.id)
                if answer is None or answer.answer not in FINDING_ANSWERS:
                    continue
                group = groups.setdefault(topic, Group(topic))
                group.findings.setdefault((record.meta.checklist, item.id), Finding(item)).add(record)
        for rect in record.rectifications:
            answer = record.answers.get(rect.item) if rect.item else None
            if answer is not None and answer.answer in FINDING_ANSWERS:
                continue  # opened on submission, or by hand for a problem already counted
            try:
                topic = section_topic(record.checklist.section_of(rect.item).title) if rect.item else ""
            except KeyError:
                topic = ""
            _raise(groups.setdefault(topic, Group(topic)), rect.problem, record.meta.unit)
    return sorted(groups.values(), key=lambda g: (-g.count, g.topic == ""))


def as_round(record: RoundLike) -> Round:
    """A round as read from its file (the draft's findings need its answers and questions)."""
    if isinstance(record, Round):
        return record
    raise TypeError(f"{record.id}: the draft needs the round read from its file")


def _answer_key(record: RoundLike, item_id: str) -> AnswerKey:
    if isinstance(record, RoundFigures):
        return record.answer_key(item_id)
    full = as_round(record)
    answer = full.answers[item_id]
    return AnswerKey(answer.answer, answer.value, any(item.id == item_id for item in full.checklist.items))


def recurring(year: int, all_rounds: Sequence[RoundLike], public: bool = False,
              read: Callable[[RoundLike], Round] = as_round) -> tuple[int, list[str]]:
    """(unit, item) pairs found wanting in more than one period up to the year's end, at least one
    in the year; and the items most units share, as points. The figures' answers say which; one
    round per item is `read` from its file, for the item's words."""
    end = dt.date(year, 12, 31)
    per_pair: dict[tuple[str, str, str], dict[str, RoundLike]] = {}
    for record in all_rounds:
        period = parse_period(record.meta.period)
        if period.start > end:
            continue
        for item_id, answer in record.inspected().answers.items():
            if answer in FINDING_ANSWERS:
                key = (record.meta.checklist, item_id, record.meta.unit)
                per_pair.setdefault(key, {})[record.meta.period] = record
    pairs = {k: v for k, v in per_pair.items()
             if len(v) > 1 and any(parse_period(p).start.year == year for p in v)}
    by_item: dict[tuple[str, str], Finding] = {}
    for (checklist, item_id, _), records in sorted(pairs.items()):
        for record in records.values():
            answer, value, known = _answer_key(record, item_id)
            if not known:  # an answer to an item its checklist does not have
                continue
            if (checklist, item_id) not in by_item:  # the item's words from the first such round's file
                by_item[(checklist, item_id)] = Finding(read(record).checklist.item(item_id))
            by_item[(checklist, item_id)].add_answer(record.meta.unit, record.meta.period, answer, value)
    top = sorted(by_item.values(), key=lambda f: (-len(f.units), -f.count, f.item.id))[:MAX_POINTS]
    return len(pairs), [_recurred(f, public) for f in top]


def _recurred(f: Finding, public: bool) -> str:
    if len(f.units) > 1:
        return f.text(counted=False, public=public)
    periods = "、".join(period_words(p) for p in sorted(f.periods, key=lambda p: parse_period(p).start))
    said, detail = _shortfall(f.item, f.values, f.fails >= f.partials)
    unit = next(iter(f.units))
    who = unit if responsible(f.item, f.units, public) else "同一单位"
    where = f"{who}{periods}均有此问题"
    return f"{said}({detail};{where})" if detail else f"{said}({where})"


