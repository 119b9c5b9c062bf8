"""The printing commands: `summary`, `ledger` and `draft` (DESIGN §6).

Selection for `summary`: the ROUNDs given (whatever their status, a void one refused), else the
two rounds of `--compare` when only that is given, else every submitted round (of `--unit` when
given), in-progress ones too with `--include-drafts`. Void rounds count nowhere; `draft` takes
submitted rounds only. Rounds named or a unit given print each round's
details; all rounds print the overview (one row per round, failed critical items named), the
matrix, trends, loop and overdue items, so the town-wide summary stays a few pages.
A round named on the command line that does not exist, or a unit no round has, is bad input
(exit 2). Damaged round files are named on
stderr, everything else is printed, and the exit code is 1.

The figures come from the data folder's index (storage/index.py); what prints a round's answers
in detail (its problems and notes, a comparison, xlsx and docx, the draft's findings) reads that
round's file.
"""

from __future__ import annotations

import datetime as dt
import functools
import gc
from collections.abc import Callable, Sequence
from typing import Any

from rich.console import Console
from rich.text import Text

from checklist_tui.catalogue.units import load_units
from checklist_tui.cli.context import Context, err, warn_damaged
from checklist_tui.cli.json_out import write_json
from checklist_tui.domain.collation import sort_units
from checklist_tui.domain.compare import compare_rounds
from checklist_tui.domain.loop import STATE_LABELS
from checklist_tui.domain.round import Round
from checklist_tui.domain.round_figures import RoundFigures, RoundLike
from checklist_tui.errors import BadInput, DataError
from checklist_tui.reports.across_rounds import round_order
from checklist_tui.reports.document import Part, md_document, rich_document
from checklist_tui.reports.draft_document import draft_blocks, draft_docx, draft_markdown
from checklist_tui.reports.export import PRINT_WIDTH, to_html, to_svg
from checklist_tui.reports.ledger import LedgerFilter, build_ledger, ledger_csv, ledger_json, ledger_parts
from checklist_tui.reports.plain_text import plain_document, to_text
from checklist_tui.reports.summary import TITLE, build_summary, needs_files, summary_json, summary_parts
from checklist_tui.storage.index import IndexResult

LEDGER_TITLE = "麻埠镇法治政府建设整改台账"
BINARY_FORMATS = ("xlsx", "docx")


def load(ctx: Context) -> IndexResult:
    """Every readable round's figures except the void ones, which count nowhere (only `rounds --all`)."""
    result = ctx.store.figures()
    warn_damaged(result.damaged)
    result.rounds = [r for r in result.rounds if not r.is_void]
    return result


def read_files(ctx: Context, rounds: Sequence[RoundLike]) -> list[Round]:
    """The rounds read from their files, for what prints their answers in detail."""
    return [r if isinstance(r, Round) else ctx.store.load_round(r.id) for r in rounds]


def check_unit(unit: str | None, rounds: Sequence[RoundLike], register: Sequence[str] = ()) -> None:
    """A --unit that no round has is refused, naming the units there are (in the register's order)."""
    if unit is None:
        return
    units = sort_units({r.meta.unit for r in rounds}, register)
    if unit not in units:
        raise BadInput(f"没有单位为「{unit}」的检查批次；已有单位：{'、'.join(units) or '（无）'}")


def _dedupe(ids: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(ids))


def _loaded(ids: Sequence[str], by_id: dict[str, RoundFigures]) -> list[RoundFigures]:
    """The rounds named, in the order given, leaving out damaged ones (already warned about)."""
    return [by_id[i] for i in ids if i in by_id]


def print_text(ctx: Context, parts: list[Part]) -> None:
    """Colour in a terminal, plain when piped or written to a file (100 columns then); plain text
    is laid out by reports/plain_text.py, the same bytes as Rich's, without its slow machinery."""
    if ctx.args.output is not None:
        ctx.write(to_text(parts), ctx.args.output)
        return
    console = Console(highlight=False)
    if not console.is_terminal:
        console.width = PRINT_WIDTH
    pieces = plain_document(console, parts)
    if pieces is None:
        console.print(rich_document(parts))
        return
    for piece in pieces:
        console.file.write(piece)


def emit(ctx: Context, parts: Callable[[], list[Part]], data: Callable[[], dict[str, Any]],
         title: str) -> None:
    """The document in the format asked for; only that format's form is built (JSON or parts)."""
    fmt, output = ctx.args.format, ctx.args.output
    if fmt == "json":  # json.dumps(…, indent=2)'s layout, written as it is made
        write_json(data(), output, ctx)
    elif fmt == "md":
        ctx.write(md_document(parts(), title), output)
    elif fmt == "html":
        ctx.write(to_html(rich_document(parts()), title), output)
    elif fmt == "svg":
        ctx.write(to_svg(rich_document(parts()), title), output)
    else:
        print_text(ctx, parts())


def town(ctx: Context) -> str:
    """The town's name from the units register, for titles and the 落款."""
    return load_units(ctx.data_dir)[0].town


def needs_output(ctx: Context) -> None:
    """A binary format (xlsx, docx) is written to -o FILE only, never to the terminal; -o itself must
    name a file in an existing folder."""
    if ctx.args.format in BINARY_FORMATS and ctx.args.output is None:
        raise BadInput(f"--format {ctx.args.format} 需要用 -o 给出要写入的文件名"
                       f"（如 -o 汇总.{ctx.args.format}）")
    if ctx.args.output is not None:  # a wrong -o is said before any work is done
        ctx.check_output(ctx.args.output)


def without_cycle_collection(command: Callable[[Context], int]) -> Callable[[Context], int]:
    """Thousands of rounds' figures and items are read into objects that live until the command
    ends: the cycle collector would only walk them again and again (a third of a 5,000-round
    ledger's time), as for `county`."""

    @functools.wraps(command)
    def run(ctx: Context) -> int:
        gc.disable()
        try:
            return command(ctx)
        finally:
            gc.enable()

    return run


@without_cycle_collection
def cmd_summary(ctx: Context) -> int:
    args = ctx.args
    needs_output(ctx)
    as_of = args.as_of or dt.date.today()
    named = _dedupe([ctx.live_round_id(text) for text in args.rounds])
    compare = [ctx.live_round_id(text) for text in args.compare] if args.compare else []
    result = load(ctx)
    by_id = {r.id: r for r in result.rounds}
    check_unit(args.unit, result.rounds, ctx.store.units().names)

    wanted = named or _dedupe(compare)
    selected: Sequence[RoundLike]
    if wanted:
        selected = _loaded(wanted, by_id)
        if not selected:  # every round asked for is damaged: an empty summary would mislead
            raise DataError(f"批次 {'、'.join(wanted)} 的文件已损坏（见上），没有输出汇总")
        if args.unit is not None:
            others = [r.id for r in selected if r.meta.unit != args.unit]
            if others:
                raise BadInput(f"批次 {'、'.join(others)} 不属于单位「{args.unit}」")
    else:  # submitted rounds only, unless drafts are asked for
        counted = [r for r in result.rounds if r.counted or (args.include_drafts and not r.submitted)]
        selected = sorted((r for r in counted if args.unit in (None, r.meta.unit)), key=round_order)

    comparison = None
    if compare:
        missing = [i for i in compare if i not in by_id]
        if missing:
            err().print(Text(f"无法对比：批次 {'、'.join(missing)} 的文件已损坏"))
        else:
            before, after = read_files(ctx, [by_id[compare[0]], by_id[compare[1]]])
            comparison = compare_rounds(before, after)

    # every round's details when rounds are named or one unit is asked for; else the overview
    details = bool(wanted) or args.unit is not None
    if needs_files(len(selected), details) or args.format in BINARY_FORMATS:
        selected = read_files(ctx, selected)
    summary = build_summary(selected, result.rounds, as_of, comparison, ctx.store.units().names)
    if args.format == "xlsx":
        from checklist_tui.reports.workbook import summary_xlsx

        ctx.write_bytes(summary_xlsx(summary), args.output)
        return 1 if result.damaged else 0
    if args.format == "docx":
        from checklist_tui.reports.summary_docx import summary_docx

        ctx.write_bytes(summary_docx(summary, town(ctx)), args.output)
        return 1 if result.damaged else 0
    emit(ctx, lambda: summary_parts(summary, details), lambda: summary_json(summary), TITLE)
    return 1 if result.damaged else 0


def ledger_filters(args: Any) -> tuple[str, ...]:
    words = []
    if getattr(args, "round", None):  # `county ledger` has no --round
        words.append(f"批次 {args.round.strip().upper()}")
    if args.unit:
        words.append(f"被检查单位 {args.unit}")
    named = (("owner", "责任单位"), ("person", "责任人"), ("source", "问题来源"), ("kind", "整改类型"))
    for key, label in named:
        if getattr(args, key, None):
            words.append(f"{label} {getattr(args, key)}")
    if args.status:
        words.append(f"状态 {STATE_LABELS[args.status]}")
    if args.overdue:
        words.append("仅逾期")
    if getattr(args, "due_within", None) is not None:
        words.append(f"临期 {args.due_within} 天内")
    return tuple(words)


@without_cycle_collection
def cmd_ledger(ctx: Context) -> int:
    args = ctx.args
    needs_output(ctx)
    as_of = args.as_of or dt.date.today()
    round_id = ctx.live_round_id(args.round) if args.round is not None else None
    result = load(ctx)
    if round_id is not None and round_id not in {r.id for r in result.rounds}:
        raise DataError(f"批次 {round_id} 的文件已损坏（见上），没有输出整改台账")
    check_unit(args.unit, result.rounds, ctx.store.units().names)
    rounds = [r for r in result.rounds
              if round_id in (None, r.id) and args.unit in (None, r.meta.unit)]
    only = LedgerFilter(status=args.status, overdue_only=args.overdue, owner=args.owner, person=args.person,
                        source=args.source, kind=args.kind, due_within=args.due_within)
    ledger = build_ledger(rounds, as_of, only=only, filters=ledger_filters(args))
    if args.format == "csv":
        ctx.write(ledger_csv(ledger), args.output)
    elif args.format == "xlsx":
        from checklist_tui.reports.workbook import ledger_xlsx

        ctx.write_bytes(ledger_xlsx(ledger), args.output)
    else:
        emit(ctx, lambda: ledger_parts(ledger), lambda: ledger_json(ledger, lazy=True), LEDGER_TITLE)
    return 1 if result.damaged else 0


@without_cycle_collection
def cmd_draft(ctx: Context) -> int:
    year = ctx.args.year
    needs_output(ctx)
    result = load(ctx)
    today = dt.date.today()
    submitted = [r for r in result.rounds if r.counted]
    files: dict[str, Round] = {}

    def read(record: RoundLike) -> Round:  # each round file read once, only where the draft needs it
        if record.id not in files:
            files[record.id] = read_files(ctx, [record])[0]
        return files[record.id]
    blocks = draft_blocks(submitted, year, today, public=ctx.args.public, town=town(ctx), read=read)
    if blocks is None:
        raise BadInput(f"{year} 年没有已提交的检查批次（期间在 {year} 年内且已提交），无法生成报告草稿")
    if ctx.args.format == "docx":
        ctx.write_bytes(draft_docx(blocks, today, town(ctx)), ctx.args.output)
    else:
        ctx.write(draft_markdown(blocks), ctx.args.output)
    return 1 if result.damaged else 0
