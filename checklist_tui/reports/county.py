"""The county's view over several towns (`county summary|ledger|rounds`, issue #15): every row
carries its town (乡镇, `"town"`), and rounds and items are keyed by (town, round), since every
town has its R0001.

- rounds: each town's rounds, as `rounds` lists them, with the town and the checklist's version;
- summary: per checklist and version, towns × sections (the mean of the town's submitted rounds'
  scores, and how many rounds); the loop's metrics per town and over the county (recurrence looks
  for a re-inspection within the same town only); overdue items per town;
- ledger: every town's rectification items as of a date, the town first.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Protocol, cast

from rich.cells import cell_len

from checklist_tui.domain.ids import round_number
from checklist_tui.domain.metrics import LoopCounts, LoopMetrics, loop_counts, metrics_of
from checklist_tui.domain.round import Round
from checklist_tui.domain.round_figures import RoundLike
from checklist_tui.domain.text import sheet_safe, visible
from checklist_tui.reports.document import (
    Cell,
    Column,
    Fields,
    Part,
    Table,
    fmt_rate,
    fmt_score,
    grade_cell,
    line,
    score_cell,
    table,
)
from checklist_tui.reports.ledger import (
    CSV_COLUMNS,
    LEDGER_COLUMNS,
    Ledger,
    LedgerEntry,
    LedgerFilter,
    build_ledger,
    entry_json,
    ledger_parts,
)

TITLE = "乡镇法治政府建设自查与整改汇总"
LEDGER_TITLE = "乡镇整改台账汇总"
ROUNDS_TITLE = "乡镇检查批次"
OVERALL = "全部乡镇"
# the loop table's headers, short enough for one line each at 100 columns (the legend names them)
COUNTY_LEFT_OUT = ("整改措施",)  # of the ledger's printed columns
LOOP_HEADERS = ("批次", "事项", "已销号", "逾期", "整改完成率", "按期整改率", "一次通过率", "反弹率",
                "闭环得分")
LOOP_LEGEND = "批次为已提交的检查批次数，事项为整改事项数；一次通过率即复核一次通过率，反弹率即问题反弹率。"


class TownRounds(Protocol):
    """A town as the county reads it (interchange.bundle.Town)."""

    @property
    def name(self) -> str: ...

    @property
    def rounds(self) -> Sequence[RoundLike]: ...


def _mean(values: Iterable[float | None]) -> float | None:
    numbers = [v for v in values if v is not None]
    return sum(numbers) / len(numbers) if numbers else None


# --- rounds -----------------------------------------------------------------------------------


def rounds_rows(towns: Sequence[TownRounds]) -> list[dict[str, Any]]:
    """Every round of every town, town by town in the order given, oldest first."""
    rows = []
    for town in towns:
        for record in sorted(town.rounds, key=lambda r: round_number(r.id)):
            score, meta = record.score, record.meta
            t = score.tally
            rows.append({"town": town.name, "id": record.id, "checklist": meta.checklist,
                         "version": meta.version, "unit": meta.unit, "period": meta.period,
                         "status": record.status, "answered": t.answered, "total": t.total, "na": t.na,
                         "score": score.score, **score.bonus_json(), "grade": score.grade,
                         "submitted": meta.submitted})
    return rows


ROUNDS_CSV = (("乡镇", "town"), ("批次", "id"), ("检查表", "checklist"), ("版本", "version"),
              ("单位", "unit"), ("期间", "period"), ("状态", "status"), ("已答", "answered"),
              ("总项", "total"), ("不适用", "na"), ("得分", "score"), ("等次", "grade"),
              ("提交日期", "submitted"))
STATUS_WORDS = {"in_progress": "进行中", "submitted": "已提交", "void": "已作废"}


def rounds_csv(rows: Sequence[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([header for header, _ in ROUNDS_CSV])
    for row in rows:
        cells = []
        for _, key in ROUNDS_CSV:
            value = STATUS_WORDS.get(row[key], row[key]) if key == "status" else row[key]
            cells.append(value if isinstance(value, int | float) else sheet_safe(visible(str(value or ""))))
        writer.writerow(cells)
    return "\ufeff" + buffer.getvalue()


def checklist_names(towns: Sequence[TownRounds]) -> dict[tuple[str, str], str]:
    """(town, round id) → the round's checklist as people name it: its short title (年度自查), else
    its title; never the file's id (`enforcement-quarterly`), which only the JSON and CSV carry."""
    return {(town.name, record.id): str(record.listing_row().get("short") or record.meta.title)
            for town in towns for record in town.rounds}


def rounds_parts(rows: Sequence[dict[str, Any]], names: Mapping[tuple[str, str], str]) -> list[Part]:
    towns = len({row["town"] for row in rows})
    head = line(f"共 {towns} 个乡镇、{len(rows)} 个检查批次。")
    body = [(row["town"], row["id"],
             f"{names.get((row['town'], row['id'])) or row['checklist']} {row['version']}", row["unit"],
             row["period"],
             f"{row['answered']}/{row['total']}",
             score_cell(row["score"], row["grade"]) if row["status"] == "submitted"
             else Cell(fmt_score(row["score"]) + ("（暂计）" if row["score"] is not None else ""), "dim"),
             grade_cell(row["grade"]) if row["status"] == "submitted" else Cell("进行中", "dim"),
             row["submitted"] or "未提交") for row in rows]
    columns = (Column("乡镇", no_wrap=True), Column("批次", no_wrap=True), "检查表/版本", "单位",
               Column("期间", no_wrap=True), Column("进度", "right", no_wrap=True),
               Column("得分", "right", no_wrap=True), Column("等次", no_wrap=True),
               Column("提交", no_wrap=True))
    return [Part(ROUNDS_TITLE, (head, table(columns, body)) if rows else (head,), level=2)]


# --- summary ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class MatrixRow:
    town: str
    rounds: int
    score: float | None
    sections: tuple[tuple[float | None, int], ...]  # per section of the matrix: (mean score, rounds)


@dataclass(frozen=True)
class Matrix:
    """One checklist version: towns × its sections."""

    checklist: str
    version: str
    title: str
    sections: tuple[tuple[str, str], ...]  # (id, title), in the checklist's order
    rows: tuple[MatrixRow, ...]


@dataclass(frozen=True)
class TownLoop:
    town: str
    rounds: int  # submitted rounds counted
    loop: LoopMetrics


@dataclass(frozen=True)
class CountySummary:
    as_of: dt.date
    towns: tuple[TownLoop, ...]
    overall: LoopMetrics
    matrices: tuple[Matrix, ...]


@dataclass
class _Scores:
    """One town's submitted rounds of one checklist version, reduced to their scores."""

    title: str = ""
    rounds: int = 0
    totals: list[float | None] = field(default_factory=list)
    sections: dict[str, list[float | None]] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)

    def add(self, record: RoundLike) -> None:
        self.title = self.title or record.meta.title
        self.rounds += 1
        self.totals.append(record.score.score)
        for section in record.score.sections:
            self.titles.setdefault(section.id, section.title)
            self.sections.setdefault(section.id, []).append(section.tally.score)


def _matrix(key: tuple[str, str], by_town: dict[str, _Scores]) -> Matrix:
    sections: dict[str, str] = {}
    for scores in by_town.values():
        for sid, title in scores.titles.items():
            sections.setdefault(sid, title)
    rows = []
    for town, scores in by_town.items():
        cells = []
        for sid in sections:
            values = scores.sections.get(sid, [])
            cells.append((_mean(values), sum(1 for v in values if v is not None)))
        rows.append(MatrixRow(town, scores.rounds, _mean(scores.totals), tuple(cells)))
    title = next(s.title for s in by_town.values())
    return Matrix(key[0], key[1], title, tuple(sections.items()), tuple(rows))


def build_county_summary(towns: Iterable[TownRounds], as_of: dt.date) -> CountySummary:
    """Submitted rounds only, as the town's own summary counts them by default. The towns are
    taken one at a time and reduced to counts and scores, so a town read lazily can be let go
    before the next is read. The county's loop figures are the sum of the towns' counts: a
    town's recurrence is looked for within that town (every town has its R0001 and its 党政办)."""
    loops, overall = [], LoopCounts()
    groups: dict[tuple[str, str], dict[str, _Scores]] = {}
    for town in towns:
        counted = [r for r in town.rounds if r.counted]
        rects = [rect for r in counted for rect in r.loop_items]
        counts = loop_counts(rects, [r.inspected() for r in town.rounds], as_of)
        overall += counts
        loops.append(TownLoop(town.name, len(counted), metrics_of(counts, as_of)))
        for record in sorted(counted, key=lambda r: round_number(r.id)):
            key = (record.meta.checklist, record.meta.version)
            groups.setdefault(key, {}).setdefault(town.name, _Scores()).add(record)
    matrices = tuple(_matrix(key, groups[key]) for key in sorted(groups))
    return CountySummary(as_of, tuple(loops), metrics_of(overall, as_of), matrices)


def county_summary_json(summary: CountySummary) -> dict[str, Any]:
    return {
        "as_of": summary.as_of.isoformat(),
        "towns": [{"town": t.town, "rounds": t.rounds, "overdue": t.loop.overdue, "loop": t.loop.to_dict()}
                  for t in summary.towns],
        "loop": summary.overall.to_dict(),
        "checklists": [{
            "checklist": m.checklist, "version": m.version, "title": m.title,
            "sections": [{"id": sid, "title": title} for sid, title in m.sections],
            "rows": [{"town": row.town, "rounds": row.rounds, "score": row.score,
                      "sections": [{"id": sid, "score": score, "rounds": count} for (sid, _), (score, count)
                                   in zip(m.sections, row.sections, strict=True)]}
                     for row in m.rows],
        } for m in summary.matrices],
    }


def _loop_cells(metrics: LoopMetrics) -> tuple[str | Cell, ...]:
    return (str(metrics.total), str(metrics.closed),
            Cell(str(metrics.overdue), "bold red" if metrics.overdue else ""),
            fmt_rate(metrics.closure), fmt_rate(metrics.on_time), fmt_rate(metrics.first_pass),
            fmt_rate(metrics.recurrence), fmt_score(metrics.loop_score))


def county_summary_parts(summary: CountySummary) -> list[Part]:
    as_of = summary.as_of.isoformat()
    towns = len(summary.towns)
    head = line(f"截至 {as_of}，{towns} 个乡镇，已提交检查批次 {sum(t.rounds for t in summary.towns)} 个；"
                "得分为各乡镇已提交批次的平均分。")
    loop_columns = (Column("乡镇", no_wrap=True),
                    *(Column(name, "right", no_wrap=True) for name in LOOP_HEADERS))
    rows = [(t.town, str(t.rounds), *_loop_cells(t.loop)) for t in summary.towns]
    total = sum(t.rounds for t in summary.towns)
    rows.append((Cell(OVERALL, "bold"), str(total), *_loop_cells(summary.overall)))
    parts = [Part(f"{TITLE}（截至 {as_of}）", (head,), level=2),
             Part("各乡镇整改闭环与逾期", (table(loop_columns, rows), line(LOOP_LEGEND)))]
    for m in summary.matrices:
        legend = Fields(tuple(m.sections))  # one line per section: what S1, S2 … stand for
        columns = (Column("乡镇", no_wrap=True), Column("批次", "right"), Column("总分", "right"),
                   *(Column(sid, "right") for sid, _ in m.sections))
        body: list[tuple[str | Cell, ...]] = [
            (row.town, str(row.rounds), score_cell(row.score, None),
             *(fmt_score(score) for score, _ in row.sections)) for row in m.rows]
        title = f"{m.title}（{m.version} 版）"
        parts.append(Part(title, (table(columns, body), legend)))
    return parts


def county_summary_csv(summary: CountySummary) -> str:
    """One row per town, checklist version and section (and one for the checklist's total)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["乡镇", "检查表", "版本", "分项", "分项名称", "批次数", "平均得分"])
    for m in summary.matrices:
        for row in m.rows:
            writer.writerow([sheet_safe(row.town), m.checklist, m.version, "总分", "", row.rounds,
                             _csv_number(row.score)])
            for (sid, title), (score, count) in zip(m.sections, row.sections, strict=True):
                writer.writerow([sheet_safe(row.town), m.checklist, m.version, sheet_safe(sid),
                                 sheet_safe(visible(title)), count, _csv_number(score)])
    return "\ufeff" + buffer.getvalue()


def _csv_number(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


# --- ledger -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CountyLedger:
    as_of: dt.date
    towns: tuple[tuple[str, Ledger], ...]  # each town's ledger, numbered across the county
    filters: tuple[str, ...] = ()  # what was asked for, in words, for the head line

    @property
    def entries(self) -> list[tuple[str, LedgerEntry]]:
        return [(town, entry) for town, ledger in self.towns for entry in ledger.entries]


def build_county_ledger(towns: Sequence[TownRounds], as_of: dt.date, only: LedgerFilter | None = None,
                        *, unit: str | None = None, filters: tuple[str, ...] = ()) -> CountyLedger:
    """Each town's ledger as `ledger` builds it (`only` and `unit`, the 被检查单位, mean what they
    mean there), numbered across the county in the order of the towns."""
    ledgers, number = [], 0
    for town in towns:
        rounds = [r for r in town.rounds if unit in (None, r.meta.unit)]
        # build_ledger reads only each round's rectification items, which figures have too
        ledger = build_ledger(cast(Sequence[Round], rounds), as_of, only=only)
        entries = []
        for entry in ledger.entries:
            number += 1
            entries.append(replace(entry, number=number))
        ledgers.append((town.name, replace(ledger, entries=tuple(entries))))
    return CountyLedger(as_of, tuple(ledgers), filters)


def county_ledger_json(ledger: CountyLedger) -> dict[str, Any]:
    return {"as_of": ledger.as_of.isoformat(),
            "items": [{"town": town, **entry_json(entry)} for town, entry in ledger.entries]}


def county_ledger_csv(ledger: CountyLedger) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["乡镇", *CSV_COLUMNS])
    for town, entry in ledger.entries:
        writer.writerow([sheet_safe(visible(town)), *(_ledger_cell(c.value(entry)) for c in LEDGER_COLUMNS)])
    return "\ufeff" + buffer.getvalue()


def _ledger_cell(value: str | int | dt.date | None) -> str | int:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int):
        return value
    return sheet_safe(visible(value or ""))


def county_ledger_parts(ledger: CountyLedger) -> list[Part]:
    """The town ledgers' table with 乡镇 in front, one table for the county."""
    entries = ledger.entries
    overdue = sum(1 for _, e in entries if e.overdue)
    as_of = ledger.as_of.isoformat()
    asked = ("筛选：" + "，".join(ledger.filters) + "。") if ledger.filters else ""
    head = line(f"截至 {as_of}，{len(ledger.towns)} 个乡镇共 {len(entries)} 项，其中逾期 ",
                Cell(f"{overdue} 项", "bold red" if overdue else ""), "。" + asked)
    title = f"{LEDGER_TITLE}（截至 {as_of}）"
    columns: tuple[Column, ...] = ()
    rows: list[tuple[Any, ...]] = []
    for town, town_ledger in ledger.towns:
        for part in ledger_parts(town_ledger):
            for block in part.blocks:
                if isinstance(block, Table):
                    columns = (Column("乡镇", no_wrap=True), *map(_header_kept, block.columns))
                    rows += [(town, *row) for row in block.rows]
    if not rows:
        return [Part(title, (head,), level=2)]
    return [Part(title, (head, Table(columns, tuple(rows))), level=2)]



def _header_kept(column: Column) -> Column:
    """The ledger's column for the county, where 乡镇 comes in front: 整改措施 left to Markdown (and
    to CSV, JSON and xlsx), the narrow columns that shared the spare width given a fixed width of at
    least their header's, 问题描述 the rest; so that at 100 columns every header stays on one line."""
    if column.header in COUNTY_LEFT_OUT:
        return replace(column, rich=False)
    if column.ratio is None or column.header == "问题描述":
        return column
    return replace(column, ratio=None, width=max(column.width or 0, cell_len(column.header)))
