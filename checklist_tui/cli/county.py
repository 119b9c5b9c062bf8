"""The county's commands (issue #15): `bundle` writes the data folder's 乡镇数据包, `county
summary|ledger|rounds BUNDLE_OR_FOLDER…` reads several towns read-only and merges them.

Exit codes: 2 for a path that does not exist, one given twice, or two towns of the same name;
1 when a bundle or a file in it is damaged or tampered with (named on stderr, the rest shown).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text

from checklist_tui.cli.context import Context, err, warn_damaged
from checklist_tui.errors import BadInput, DataError

if TYPE_CHECKING:
    from checklist_tui.interchange.bundle import Source, Town
    from checklist_tui.reports.county import CountyLedger
    from checklist_tui.reports.document import Part

BUNDLE_HELP = "生成本乡镇的数据包（zip：批次文件、检查表、单位名录和带 sha256 的清单），供县里汇总"
COUNTY_HELP = "县级汇总：只读地合并多个乡镇的数据包或数据文件夹（summary、ledger 或 rounds）"
VIEWS = ("summary", "ledger", "rounds")
FORMATS = ("text", "json", "csv", "md", "html", "xlsx")
# what narrows `county ledger`, as `ledger` has it (--round is left out: every town has its R0001)
LEDGER_ONLY = ("unit", "owner", "person", "source", "kind", "status", "overdue", "due_within")


def add_bundle_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("-o", "--output", type=Path, metavar="FILE.zip",
                   help="写入的数据包（默认当前文件夹下的 <镇名>-<日期>.zip）")


def add_county_arguments(p: argparse.ArgumentParser, date_arg: Callable[[str], dt.date]) -> None:
    from checklist_tui.cli.parser import add_ledger_filters  # parser is loaded by now

    p.add_argument("view", choices=VIEWS, metavar="VIEW",
                   help="summary（汇总）、ledger（整改台账）或 rounds（批次）")
    p.add_argument("paths", nargs="+", type=Path, metavar="BUNDLE_OR_FOLDER",
                   help="乡镇数据包（.zip）或数据文件夹，可给多个")
    p.add_argument("--format", choices=FORMATS, default="text",
                   help="输出格式：" + "、".join(FORMATS) + "（xlsx 需要 -o，只用于 summary 和 ledger）")
    p.add_argument("--as-of", type=date_arg, metavar="D", help="整改数据截至该日（默认今天）")
    add_ledger_filters(p, "ledger：", "，各乡镇都算")
    p.add_argument("-o", "--output", type=Path, metavar="FILE", help="写入文件（省略则输出到屏幕）")


def cmd_bundle(ctx: Context) -> int:
    from checklist_tui.catalogue.units import load_units
    from checklist_tui.interchange.bundle import write_bundle

    if not ctx.store.round_ids():
        raise BadInput(f"数据文件夹 {ctx.data_dir} 中没有检查批次，不生成数据包")
    town = load_units(ctx.data_dir)[0].town
    output = ctx.args.output or Path(f"{town}-{dt.date.today():%Y%m%d}.zip")
    ctx.check_output(output)
    written = write_bundle(ctx.data_dir, output)
    warn_damaged(written.damaged)
    err().print(Text(f"已写入 {output}：{written.town}，{written.rounds} 个检查批次"
                     + (f"；{len(written.damaged)} 个文件已损坏，未放入" if written.damaged else "")))
    return 1 if written.damaged else 0


def open_sources(paths: list[Path]) -> tuple[list[Source], list[DataError]]:
    """The towns to read, in the order given (their names known, their rounds not yet read), and
    the bundles that cannot be opened at all. A path that does not exist, the same path twice or
    two towns of one name is bad input."""
    from checklist_tui.interchange.bundle import open_source

    seen: dict[Path, Path] = {}
    for path in paths:
        key = path.resolve()
        if key in seen:
            raise BadInput(f"{path} 给了两次（与 {seen[key]} 是同一个）")
        seen[key] = path
    sources: list[Source] = []
    damaged: list[DataError] = []
    for path in paths:
        try:
            sources.append(open_source(path))
        except DataError as error:  # a bad zip, no manifest, a broken units register
            damaged.append(error)
    names: dict[str, Path] = {}
    for source in sources:
        if source.town in names:
            raise BadInput(f"两个数据来源都是乡镇 {source.town}：{names[source.town]} 和 {source.path}；"
                           "同一乡镇只能给一次")
        names[source.town] = source.path
    return sources, damaged


def load_towns(sources: list[Source], damaged: list[DataError], loop_only: bool = False) -> Iterator[Town]:
    """Each town read in turn (what cannot be read is added to `damaged`); `loop_only`: the items
    only as the loop's figures count them (the summary), not as the ledger shows them."""
    for source in sources:
        try:
            town = source.load(loop_only)
        except DataError as error:
            damaged.append(error)
            continue
        damaged += town.damaged
        yield town


def check_output(ctx: Context, paths: list[Path]) -> None:
    """-o must not write into a town's folder nor over a bundle being read."""
    output = ctx.args.output
    if output is None:
        return
    target = output.resolve()
    for path in paths:
        source = path.resolve()
        if target == source or (path.is_dir() and target.is_relative_to(source)):
            raise BadInput(f"-o {output}：位于要读取的 {path} 之中；县级汇总不写入乡镇的数据")
    if output.is_dir():
        raise BadInput(f"-o {output}：这是一个文件夹，请给出要写入的文件名")
    if not output.parent.is_dir():
        raise BadInput(f"-o {output}：文件夹 {output.parent} 不存在，请先建好或换一个位置")


def emit(ctx: Context, parts: Callable[[], list[Part]], data: Callable[[], Any], csv_text: Callable[[], str],
         xlsx: Callable[[], bytes] | None, title: str) -> None:
    from checklist_tui.reports.document import md_document, rich_document
    from checklist_tui.reports.export import to_html

    fmt, output = ctx.args.format, ctx.args.output
    if fmt == "json":
        ctx.write(json.dumps(data(), ensure_ascii=False, indent=2) + "\n", output)
    elif fmt == "csv":
        ctx.write(csv_text(), output)
    elif fmt == "xlsx" and xlsx is not None:
        ctx.write_bytes(xlsx(), output)
    elif fmt == "md":
        ctx.write(md_document(parts(), title), output)
    elif fmt == "html":
        ctx.write(to_html(rich_document(parts()), title), output)
    else:  # plain text laid out without Rich's segment machinery where it can be (reports/plain_text.py)
        from checklist_tui.cli.reports import print_text

        print_text(ctx, parts())


def check_options(args: argparse.Namespace) -> None:
    """What a view cannot do is refused before anything is read: xlsx without -o or for `rounds`,
    the ledger's filters on another view."""
    if args.format == "xlsx" and args.view == "rounds":
        raise BadInput("county rounds 没有 xlsx 格式；可用 --format csv 在表格软件中打开")
    if args.format == "xlsx" and args.output is None:
        example = "县级汇总" if args.view == "summary" else "县级整改台账"
        raise BadInput(f"--format xlsx 需要用 -o 给出要写入的文件名（如 -o {example}.xlsx）")
    if args.view != "ledger":
        given = [name for name in LEDGER_ONLY if getattr(args, name) not in (None, False)]
        if given:
            options = "、".join("--" + name.replace("_", "-") for name in given)
            raise BadInput(f"{options} 只用于 county ledger（筛选整改台账），county {args.view} 不接受")


def cmd_county(ctx: Context) -> int:
    # thousands of rounds' figures are read into objects that live until the command ends: the
    # cycle collector would only walk them again and again (half the time of 23 towns' summary)
    gc.disable()
    try:
        return county_view(ctx)
    finally:
        gc.enable()


def county_view(ctx: Context) -> int:
    from checklist_tui.reports import county

    args = ctx.args
    check_options(args)
    check_output(ctx, args.paths)
    sources, damaged = open_sources(args.paths)
    as_of = args.as_of or dt.date.today()
    if args.view == "summary":  # town by town: each is let go once it is counted
        summary = county.build_county_summary(load_towns(sources, damaged, loop_only=True), as_of)
        some = bool(summary.towns)
    else:
        towns = list(load_towns(sources, damaged))
        some = bool(towns)
    warn_damaged(damaged)
    if not some:
        raise DataError("没有一个乡镇的数据可以读取（见上），没有输出")
    if args.view == "summary":
        emit(ctx, lambda: county.county_summary_parts(summary), lambda: county.county_summary_json(summary),
             lambda: county.county_summary_csv(summary), lambda: _workbook().county_summary_xlsx(summary),
             county.TITLE)
    elif args.view == "rounds":
        rows = county.rounds_rows(towns)
        emit(ctx, lambda: county.rounds_parts(rows, county.checklist_names(towns)), lambda: rows,
             lambda: county.rounds_csv(rows), None, county.ROUNDS_TITLE)
    else:
        ledger = county_ledger(ctx, towns, as_of)
        emit(ctx, lambda: county.county_ledger_parts(ledger), lambda: county.county_ledger_json(ledger),
             lambda: county.county_ledger_csv(ledger), lambda: _workbook().county_ledger_xlsx(ledger),
             county.LEDGER_TITLE)
    return 1 if damaged else 0


def _workbook() -> Any:
    from checklist_tui.reports import county_workbook  # openpyxl only when a workbook is written

    return county_workbook


def county_ledger(ctx: Context, towns: list[Town], as_of: dt.date) -> CountyLedger:
    """The towns' ledger narrowed as `ledger` narrows it; a --unit no town's round has is refused."""
    from checklist_tui.cli.reports import check_unit, ledger_filters
    from checklist_tui.reports.county import build_county_ledger
    from checklist_tui.reports.ledger import LedgerFilter

    args = ctx.args
    register = list(dict.fromkeys(name for town in towns for name in town.register.names))
    check_unit(args.unit, [r for town in towns for r in town.rounds], register)
    only = LedgerFilter(status=args.status, overdue_only=args.overdue, owner=args.owner, person=args.person,
                        source=args.source, kind=args.kind, due_within=args.due_within)
    return build_county_ledger(towns, as_of, only, unit=args.unit, filters=ledger_filters(args))
