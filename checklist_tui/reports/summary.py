"""The summary of one or more rounds (DESIGN §3, §4, §6): its figures, its JSON and its parts.

`build_summary()` gathers everything once; `summary_json()` is the `summary --format json`
object (unrounded scores, rates as fractions or null) and `summary_parts()` the printed parts
(one decimal), which `document` renders with Rich (terminal, TUI, HTML, SVG) or as Markdown.
Across rounds it adds the matrix, trends and comparison of `trends`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from checklist_tui.domain import loop
from checklist_tui.domain.answers import FINDING_ANSWERS, answer_text
from checklist_tui.domain.compare import Comparison
from checklist_tui.domain.loop import Rectification
from checklist_tui.domain.metrics import LoopMetrics, loop_metrics
from checklist_tui.domain.round import Round
from checklist_tui.domain.round_figures import RoundLike
from checklist_tui.domain.scoring import grade
from checklist_tui.reports.across_rounds import (
    comparison_json,
    comparison_parts,
    matrix_parts,
    round_grade_cell,
    round_order,
    round_score_cell,
    section_score_cell,
    short_title,
    trend_part,
)
from checklist_tui.reports.document import (
    EMPTY,
    GRADE_STYLES,
    Bar,
    Cell,
    CellLike,
    Column,
    Fields,
    Part,
    fmt_rate,
    fmt_score,
    line,
    score_cell,
    table,
)

TITLE = "麻埠镇法治政府建设自查汇总"
BAR_FROM = 90  # columns: narrower, the score bars and the overview's 提交 date leave (80×24 fits)
METRIC_LABELS = {
    "closure": "整改完成率", "on_time": "按期整改率", "first_pass": "复核一次通过率",
    "recurrence": "问题反弹率",
}
LEFT_OUT_REASONS = {
    "closure": "没有整改事项", "on_time": "没有已销号或已过首次期限的事项",
    "first_pass": "没有已销号事项", "recurrence": "已销号事项尚无后续复查",
}


@dataclass(frozen=True)
class Summary:
    """Selected rounds and the loop over their rectification items, as of a date."""

    as_of: dt.date
    rounds: tuple[RoundLike, ...]  # read from their files (Round) where the details are printed
    loop: LoopMetrics  # (a field named like the module: the annotations below use bare names)
    overdue: tuple[tuple[Rectification, int], ...]  # (item as of the date, days overdue)
    comparison: Comparison | None = None
    units: tuple[str, ...] = ()  # the units register's names: the order of units in the matrix


def build_summary(selected: Sequence[RoundLike], all_rounds: Sequence[RoundLike], as_of: dt.date,
                  comparison: Comparison | None = None, units: Sequence[str] = ()) -> Summary:
    """Loop metrics over the selected rounds' items; recurrence looks at every round on file. The
    rounds may be the index's figures, except where `needs_files` says their files are needed."""
    counted = [rect for record in selected for rect in record.loop_items]
    metrics = loop_metrics(counted, [r.inspected() for r in all_rounds], as_of)
    late = {rect.id for rect in counted if loop.days_overdue(rect, as_of) > 0}
    overdue = []
    for record in selected:  # the overdue items listed in full, read only for their rounds
        if not any(rect.id in late for rect in record.loop_items):
            continue
        for rect in record.rectifications:
            days = loop.days_overdue(rect, as_of)
            then = loop.as_of(rect, as_of)
            if days > 0 and then is not None:
                overdue.append((then, days))
    overdue.sort(key=lambda pair: (-pair[1], pair[0].id))
    return Summary(as_of, tuple(selected), metrics, tuple(overdue), comparison, tuple(units))


def needs_files(count: int, details: bool) -> bool:
    """Whether the summary prints rounds' details (their problems and notes), which only the round
    files hold: rounds named or a unit asked for, or a single round."""
    return details or count == 1


def detailed(rounds: Sequence[RoundLike]) -> list[Round]:
    """The rounds as read from their files, for the parts that print each one's answers."""
    if not all(isinstance(r, Round) for r in rounds):
        raise TypeError("these parts need the rounds read from their files")
    return [r for r in rounds if isinstance(r, Round)]


# --- JSON -------------------------------------------------------------------------------------


def round_json(record: RoundLike) -> dict[str, Any]:
    score, meta = record.score, record.meta
    t = score.tally
    return {
        "id": record.id, "checklist": meta.checklist, "unit": meta.unit, "period": meta.period,
        "status": record.status, "inspector": meta.inspector, "submitted": meta.submitted,
        "score": score.score,
        **score.bonus_json(), "grade": score.grade, "coverage": t.coverage, "answered": t.answered,
        "total": t.total,
        "na": t.na, "critical_failed": list(score.critical_failed),
        "sections": [s.to_dict() for s in score.sections],
    }


def summary_json(summary: Summary) -> dict[str, Any]:
    """DESIGN §6; a `compare` object is added only when a comparison was asked for."""
    data: dict[str, Any] = {
        "as_of": summary.as_of.isoformat(),
        "rounds": [round_json(r) for r in summary.rounds],
        "loop": summary.loop.to_dict(),
    }
    if summary.comparison is not None:
        data["compare"] = comparison_json(summary.comparison)
    return data


# --- one round --------------------------------------------------------------------------------


def header_part(record: Round) -> Part:
    meta, score = record.meta, record.score
    grade_shown = round_grade_cell(record)
    if score.critical_failed and record.status != "in_progress":
        grade_shown = Cell(f"{score.grade}（一票否决）", grade_shown.style)
    fields = (
        ("检查表", Cell(f"{meta.title}（{meta.version} 版）" if meta.version else meta.title)),
        ("单位", Cell(meta.unit)),
        ("期间", Cell(meta.period)),
        ("检查人", Cell(meta.inspector or EMPTY)),  # the new round form's word for it
        ("提交", Cell(meta.submitted or "未提交", "" if meta.submitted else "yellow")),
        ("得分", round_score_cell(record)),
        *bonus_fields(record),
        ("等次", grade_shown),
    )
    return Part(f"{record.id} {meta.title} · {meta.unit} · {meta.period}", (Fields(fields),),
                level=2, panel=True)


def bonus_fields(record: Round) -> tuple[tuple[str, Cell], ...]:
    """加分 on its own line, with the items that earned it; nothing when the checklist has none."""
    score = record.score
    if not any(item.kind == "bonus" for item in record.checklist.items):
        return ()
    earned = "、".join(f"{item} +{fmt_points(points)}" for item, points in score.bonus_items)
    text = f"+{fmt_points(score.bonus)}（{earned}）" if earned else "+0（无加分项得分）"
    capped = score.score is not None and score.base_score is not None and \
        score.base_score + score.bonus > 100
    return (("基础得分", score_cell(score.base_score, "")),
            ("加分", Cell(text + ("，总分按 100 计" if capped else ""), "green" if earned else "")))


def fmt_points(value: float) -> str:
    return f"{value:g}" if value == round(value, 2) else f"{value:.2f}"


def sections_part(record: Round) -> Part:
    rows = []
    drafting = record.status == "in_progress"  # no grade colours before it is submitted
    for s in record.score.sections:
        t = s.tally
        band = "" if drafting else grade(t.score) or ""
        rows.append((s.id, s.title, section_score_cell(record, t.score),
                     Bar(t.score, style=GRADE_STYLES.get(band, "")), f"{t.answered}/{t.total}", str(t.na)))
    columns = (Column("编号", no_wrap=True), Column("部分"), Column("得分", "right", no_wrap=True),
               Column("", markdown=False, no_wrap=True, drop_below=BAR_FROM),
               Column("已答/总数", "right", no_wrap=True),
               Column("不适用", "right", no_wrap=True))
    return Part("分项得分", (table(columns, rows),))


def coverage_part(record: Round) -> Part:
    """Stated in full every time, so no score can rise silently."""
    t = record.score.tally
    missing = Cell(f"未自查 {t.unanswered} 项", "bold yellow" if t.unanswered else "")
    text = line(f"已答/总数 {t.answered}/{t.total}（覆盖率 {fmt_rate(t.coverage)}），",
                f"其中不适用 {t.na} 项（不计入分母）；", missing)
    if t.unanswered:
        return Part("自查覆盖", (text, line("未自查的项按 0 分计入得分。")))
    return Part("自查覆盖", (text,))


def critical_part(record: Round) -> Part | None:
    failed = record.score.critical_failed
    if not failed:
        return None
    legacy = set(record.score.legacy_partial)
    lines = [line(Cell(f"✗ {item_id} ", "bold red"), record.checklist.item(item_id).text,
                  Cell(" ——基本符合，按一票否决处理" if item_id in legacy else " ——不符合", "red"))
             for item_id in failed]
    lines.append(line(Cell("一票否决项不符合，本批次等次为不合格。", "bold red")))
    return Part("一票否决", tuple(lines), style="red")


def problems_part(record: Round) -> Part:
    rows = []
    for item in record.checklist.items:
        answer = record.answers.get(item.id)
        if answer is None or answer.answer not in FINDING_ANSWERS:
            continue
        style = "red" if answer.answer == "fail" else "yellow"
        rows.append((item.id, item.text, Cell(answer_text(item, answer), style),
                     answer.note or EMPTY, answer.evidence or EMPTY))
    if not rows:
        return Part("不符合和基本符合项", (line("无不符合或基本符合项。"),))
    columns = (Column("检查项", no_wrap=True), Column("问题", ratio=3, width=12),
               Column("自查结果", ratio=1, width=8), Column("说明", ratio=2, width=8),
               Column("佐证材料", ratio=2, width=8))
    return Part(f"不符合和基本符合项（{len(rows)} 项）", (table(columns, rows),))


def round_parts(record: Round) -> list[Part]:
    parts = [header_part(record), sections_part(record), coverage_part(record)]
    critical = critical_part(record)
    if critical is not None:
        parts.append(critical)
    parts.append(problems_part(record))
    return parts


# --- the loop ---------------------------------------------------------------------------------


def loop_part(metrics: LoopMetrics) -> Part:
    m = metrics
    days = EMPTY if m.mean_days_to_close is None else f"{m.mean_days_to_close:.1f} 天"
    rows: list[Sequence[CellLike]] = [
        ("整改事项", f"{m.total} 项", "所选批次的整改事项（含手工新增）"),
        ("整改完成率", fmt_rate(m.closure), f"已销号 {m.closed} 项 / 共 {m.total} 项"),
        ("按期整改率", fmt_rate(m.on_time), "按首次整改期限计，延期不算按期"),
        ("逾期", Cell(f"{m.overdue} 项", "bold red" if m.overdue else ""),
         "未销号且已过整改期限（含待复核）"),
        ("复核一次通过率", fmt_rate(m.first_pass), "已销号事项中从未被退回的比例"),
        ("问题反弹率", fmt_rate(m.recurrence), "销号后再次检查仍不符合或基本符合的比例"),
        ("平均整改天数", days, "从发现到销号"),
        ("闭环得分", Cell(fmt_score(m.loop_score), "bold"),
         "40% 完成率 + 25% 按期率 + 20% 一次通过率 + 15%（1 − 反弹率）"),
    ]
    columns = ("指标", Column("数值", "right", no_wrap=True), "口径")
    blocks: list[Any] = [table(columns, rows)]
    if m.total == 0:
        blocks.append(line("没有整改事项，闭环得分按 100 计。"))
    elif m.left_out:
        names = "、".join(f"{METRIC_LABELS[t]}（{LEFT_OUT_REASONS[t]}）" for t in m.left_out)
        blocks.append(line(Cell(f"未计入：{names}；其余权重按比例折算。", "yellow")))
    return Part(f"整改闭环（截至 {m.as_of.isoformat()}）", tuple(blocks), level=2)


def overdue_part(summary: Summary) -> Part:
    title = f"逾期整改事项（截至 {summary.as_of.isoformat()}）"
    if not summary.overdue:
        return Part(title, (line("无逾期整改事项。"),), level=2)
    rows = [(rect.id, rect.unit, rect.problem, loop.STATE_LABELS[rect.state], rect.owner or EMPTY,
             rect.due.isoformat() if rect.due else EMPTY, Cell(f"{days} 天", "bold red"))
            for rect, days in summary.overdue]
    columns = (Column("编号", no_wrap=True), "单位", "问题", Column("状态", no_wrap=True), "责任单位",
               Column("整改期限", no_wrap=True), Column("逾期", "right", no_wrap=True))
    return Part(f"{title} {len(rows)} 项", (table(columns, rows),), level=2, style="red")


# --- the whole summary ------------------------------------------------------------------------


def overview_part(summary: Summary, details: bool) -> Part:
    """One row per round, coverage included (未自查 stated, so no score rises silently)."""
    rows = []
    for r in summary.rounds:
        t = r.score.tally
        rows.append((r.id, short_title(r), r.meta.unit, r.meta.period, round_score_cell(r),
                     round_grade_cell(r), f"{t.answered}/{t.total}", str(t.na),
                     Cell(str(t.unanswered), "bold yellow" if t.unanswered else ""),
                     r.meta.submitted or "未提交"))
    columns = (Column("编号", no_wrap=True), "检查表", "单位", Column("期间", no_wrap=True),
               Column("得分", "right", no_wrap=True), Column("等次", no_wrap=True),
               Column("已答/总数", "right", no_wrap=True), Column("不适用", "right", no_wrap=True),
               Column("未自查", "right", no_wrap=True), Column("提交", no_wrap=True, drop_below=BAR_FROM))
    blocks: list[Any] = [line(f"截至 {summary.as_of.isoformat()}，共 {len(summary.rounds)} 个检查批次。"),
                         table(columns, rows)]
    if not details:
        first = summary.rounds[0].id
        blocks.append(line(Cell(f"各批次的分项得分和问题明细：checklist-tui summary {first} …"
                                "（可列多个批次）", "dim")))
    return Part(f"批次概览（截至 {summary.as_of.isoformat()}）", tuple(blocks), level=2)


def critical_overview_part(rounds: Sequence[RoundLike]) -> Part | None:
    """Every failed critical item of every round, named (the overview replaces round details)."""
    rows = [(r.id, r.meta.unit, r.meta.period, item_id, r.item_text(item_id)
             + ("（基本符合，按一票否决处理）" if item_id in r.score.legacy_partial else ""))
            for r in rounds for item_id in r.score.critical_failed]
    if not rows:
        return None
    columns = (Column("批次", no_wrap=True), "单位", Column("期间", no_wrap=True),
               Column("检查项", no_wrap=True), "问题")
    note = line(Cell("以上批次一票否决项不符合，等次为不合格。", "bold red"))
    return Part(f"一票否决项不符合（{len(rows)} 项）", (table(columns, rows), note), level=2, style="red")


def summary_parts(summary: Summary, details: bool = True) -> list[Part]:
    """Overview, matrix and trends (more than one round), comparison, each round's details (when
    `details`), the loop and the overdue items. Without details the overview names every failed
    critical item instead."""
    rounds = summary.rounds
    parts: list[Part] = []
    if not rounds:
        empty = "没有检查批次可汇总：只汇总已提交的批次，进行中的批次提交后才计入。"
        parts.append(Part(TITLE, (line(empty),), level=2))
    if len(rounds) > 1:
        parts.append(overview_part(summary, details))
        ordered = sorted(rounds, key=round_order)
        parts.extend(matrix_parts(ordered, summary.units))
        parts.append(trend_part(ordered, summary.units))
    if summary.comparison is not None:
        parts.extend(comparison_parts(summary.comparison))
    if needs_files(len(rounds), details):
        for record in detailed(rounds):
            parts.extend(round_parts(record))
    elif (critical := critical_overview_part(rounds)) is not None:
        parts.append(critical)
    if rounds:
        parts.append(loop_part(summary.loop))
        parts.append(overdue_part(summary))
    return parts
