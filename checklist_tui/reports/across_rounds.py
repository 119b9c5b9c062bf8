"""Across rounds: the units × sections matrix of a checklist, score trends over periods, and
the parts of the item-by-item comparison of two rounds of the same checklist (`summary --compare R1 R2`).

Matrix and trend cells are coloured by grade band (优秀 green, 良好 cyan, 合格 yellow, 不合格 red).
Sparklines use one absolute scale, 0–100 in eight steps, so two units' lines can be compared.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from checklist_tui.domain.collation import sort_units, unit_order
from checklist_tui.domain.compare import Comparison, ItemChange
from checklist_tui.domain.ids import round_number
from checklist_tui.domain.period import parse_period
from checklist_tui.domain.round_figures import RoundLike
from checklist_tui.domain.scoring import Answer, grade
from checklist_tui.reports.document import (
    EMPTY,
    GRADE_STYLES,
    Cell,
    CellLike,
    Column,
    Fields,
    Part,
    fmt_score,
    grade_cell,
    line,
    score_cell,
    table,
)

SPARKS = "▁▂▃▄▅▆▇█"
IN_PROGRESS_LABEL = "进行中"
PROVISIONAL = "（暂计）"


def round_score_cell(record: RoundLike) -> Cell:
    """A round's score as printed: an in-progress round's is provisional (暂计) and uncoloured."""
    score = record.score
    if record.status == "in_progress":
        return Cell(fmt_score(score.score) + (PROVISIONAL if score.score is not None else ""))
    return score_cell(score.score, score.grade)


def round_grade_cell(record: RoundLike) -> Cell:
    """A round's grade as printed: an in-progress round has none yet (进行中, no grade colour)."""
    if record.status == "in_progress":
        return Cell(IN_PROGRESS_LABEL, "italic")
    return grade_cell(record.score.grade)


def section_score_cell(record: RoundLike, score: float | None) -> Cell:
    if record.status == "in_progress":
        return Cell(fmt_score(score))
    return score_cell(score, grade(score))


def short_title(record: RoundLike) -> str:
    """The round's checklist where space is tight: its short title (年度自查), else its title."""
    return str(record.listing_row().get("short") or record.meta.title)


def round_order(record: RoundLike) -> tuple[Any, ...]:
    """Checklist, then period, then unit: the order of rows in matrices and trends."""
    period = parse_period(record.meta.period)
    return (record.meta.checklist, period.start, period.end, record.meta.unit, round_number(record.id))


def _by_checklist(rounds: Sequence[RoundLike]) -> dict[str, list[RoundLike]]:
    groups: dict[str, list[RoundLike]] = {}
    for record in rounds:
        groups.setdefault(record.meta.checklist, []).append(record)
    return groups


# --- the matrix ---------------------------------------------------------------------------------


def matrix_parts(rounds: Sequence[RoundLike], units: Sequence[str] = ()) -> list[Part]:
    """Per checklist: one row per unit (its latest period among the rounds), one column per section;
    the rows in the order of the units register `units` (others after it by pinyin)."""
    parts = []
    for records in _by_checklist(sorted(rounds, key=round_order)).values():
        latest: dict[str, RoundLike] = {}
        for record in records:  # sorted by period, so the last one wins
            latest[record.meta.unit] = record
        sections: dict[str, str] = {}
        for record in records:
            for s in record.score.sections:  # the checklist's sections, in its order
                sections.setdefault(s.id, s.title)
        rows: list[Sequence[CellLike]] = []
        for unit in sort_units(latest, units):
            record = latest[unit]
            by_id = {s.id: s.tally.score for s in record.score.sections}
            cells = [section_score_cell(record, by_id[i]) if i in by_id else Cell(EMPTY, "dim")
                     for i in sections]
            rows.append((unit, record.meta.period, *cells, round_score_cell(record),
                         round_grade_cell(record)))
        columns = (Column("单位"), Column("期间", no_wrap=True),
                   *(Column(i, "right", no_wrap=True) for i in sections),
                   Column("总分", "right", no_wrap=True), Column("等次", no_wrap=True))
        legend = Fields(tuple((i, Cell(title)) for i, title in sections.items()))
        title = f"各单位分项得分 — {records[-1].meta.title}（各单位最近一期）"
        parts.append(Part(title, (table(columns, rows), legend), level=2))
    return parts


# --- trends -------------------------------------------------------------------------------------


def sparkline(scores: Sequence[float | None]) -> str:
    return "".join("·" if s is None else SPARKS[min(7, int(max(0.0, s) / 12.5))] for s in scores)


def trend_part(rounds: Sequence[RoundLike], units: Sequence[str] = ()) -> Part:
    """One row per checklist and unit: its scores by period, oldest first; within a checklist the
    units in the order of the units register `units` (others after it by pinyin), as in the matrix."""
    groups: dict[tuple[str, str], list[RoundLike]] = {}
    for record in sorted(rounds, key=round_order):
        groups.setdefault((record.meta.checklist, record.meta.unit), []).append(record)
    place = unit_order(units)
    rows = []
    for _, records in sorted(groups.items(), key=lambda group: (group[0][0], place(group[0][1]))):
        scores = [r.score.score for r in records]
        last = records[-1].score
        known = [round(s, 1) for s in scores if s is not None]
        delta = known[-1] - known[0] if len(known) > 1 else None
        change = Cell(EMPTY) if delta is None else Cell(
            f"{delta:+.1f}", "green" if delta > 0 else "red" if delta < 0 else "")
        numbers = " → ".join(f"{r.meta.period} {round_score_cell(r).text}" for r in records)
        style = "" if records[-1].status == "in_progress" else GRADE_STYLES.get(last.grade or "", "")
        rows.append((short_title(records[-1]), records[0].meta.unit, Cell(sparkline(scores), style),
                     numbers,
                     change))
    columns = ("检查表", "单位", Column("趋势", no_wrap=True), "各期得分",
               Column("变化", "right", no_wrap=True))
    note = line("趋势每格为一期，高度按 0–100 分八档；变化为最近一期减最早一期（一位小数）。")
    return Part("得分趋势", (table(columns, rows), note), level=2)


# --- comparing two rounds (the comparison itself: domain.compare) ----------------------------------


def _change_json(change: ItemChange) -> dict[str, Any]:
    def side(answer: Answer | None) -> dict[str, Any]:
        return {"answer": answer.answer if answer else None, "value": answer.value if answer else None}
    return {"item": change.item, "before": side(change.before), "after": side(change.after)}


def comparison_json(comparison: Comparison) -> dict[str, Any]:
    return {
        "before": comparison.before.id, "after": comparison.after.id,
        "better": [_change_json(c) for c in comparison.better],
        "worse": [_change_json(c) for c in comparison.worse],
        "newly_failed": [_change_json(c) for c in comparison.newly_failed],
    }


def comparison_parts(comparison: Comparison) -> list[Part]:
    b, a = comparison.before, comparison.after
    head = line(f"{b.id}（{b.meta.unit} {b.meta.period}，得分 {round_score_cell(b).text}）→ "
                f"{a.id}（{a.meta.unit} {a.meta.period}，得分 {round_score_cell(a).text}）")
    blocks: list[Any] = [head]
    columns = (Column("检查项", no_wrap=True), "问题", b.id, a.id, "说明")
    for title, changes, style in (("新增不符合", comparison.newly_failed, "red"),
                                  ("变差", comparison.worse, "yellow"),
                                  ("变好", comparison.better, "green")):
        blocks.append(line(Cell(f"{title} {len(changes)} 项", f"bold {style}")))
        if changes:
            rows = [(c.item, c.text, c.before_text, Cell(c.after_text, style),
                     (c.after.note if c.after else "") or EMPTY) for c in changes]
            blocks.append(table(columns, rows))
    return [Part(f"批次对比 {b.id} → {a.id}", tuple(blocks), level=2)]
