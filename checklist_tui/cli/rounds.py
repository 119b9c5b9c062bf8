"""Commands on rounds and their answers: `new`, `template`, `import`, `submit`, `rounds`."""

from __future__ import annotations

import sys
from typing import Any

from rich.table import Table
from rich.text import Text

from checklist_tui.cli.context import (
    Context,
    check_period,
    err,
    file_format,
    out,
    unit_checklist,
    warn_damaged,
)
from checklist_tui.cli.json_out import write_json
from checklist_tui.cli.plain_table import MAX_WIDTH, plain_table
from checklist_tui.domain.units import UnitRegister
from checklist_tui.errors import BadInput
from checklist_tui.interchange.sheets import SheetError, read_sheet, template_csv
from checklist_tui.storage.store import SubmittedRound


def cmd_new(ctx: Context) -> int:
    checklist = ctx.checklist(ctx.args.checklist)
    units = ctx.library.units
    meta = ctx.store.new_round(checklist, ctx.args.unit, ctx.args.period, ctx.args.inspector,
                               ctx.args.date, units=units)
    warn_unknown_unit(units, meta.unit)
    print(meta.id)
    return 0


def warn_unknown_unit(units: UnitRegister, unit: str) -> None:
    """A unit not in the register answers only the items without `applies_to`: say so, and
    suggest the names it may have meant."""
    if units.kind_of(unit) is not None:
        return
    near = units.closest(unit)
    hint = f"相近的单位：{'、'.join(near)}。" if near else ""
    err().print(Text(f"警告：单位 {unit} 不在单位名录中，批次只含不限适用范围的检查项。{hint}"
                     f"（单位名录：{units.path or 'units.toml'}）"))


def cmd_template(ctx: Context) -> int:
    args = ctx.args
    checklist = ctx.checklist(args.checklist)
    if args.units is not None:
        from checklist_tui.cli.send_collect import send_templates

        return send_templates(ctx, checklist)
    if args.unit is not None:  # only the unit's items, as its round will hold them
        checklist = unit_checklist(ctx, checklist, args.unit.strip())
    period = None if args.period is None else check_period(args.period)
    fmt = file_format(args)
    if fmt == "xlsx":
        from checklist_tui.interchange.xlsx_sheet import template_xlsx

        ctx.write_bytes(template_xlsx(checklist, args.unit, period), args.output)
        return 0
    text = template_csv(checklist, args.unit, period)
    if args.output is None:
        sys.stdout.write("\ufeff" + text)
    else:
        ctx.write(text, args.output, encoding="utf-8-sig")
    return 0


def cmd_import(ctx: Context) -> int:
    if ctx.args.collect is not None:
        if ctx.args.round is not None:
            raise BadInput("--collect FOLDER 不与 ROUND FILE 同时使用")
        from checklist_tui.cli.send_collect import collect

        return collect(ctx)
    if ctx.args.round is None or ctx.args.file is None:
        raise BadInput("用法：import ROUND FILE，或 import --collect FOLDER")
    round_id = ctx.round_id(ctx.args.round)
    try:
        sheet = read_sheet(ctx.args.file)
    except SheetError as error:
        raise BadInput(str(error)) from None
    meta = ctx.store.load_round(round_id).meta
    for what, given, own in (("单位", sheet.unit, meta.unit), ("期间", sheet.period, meta.period)):
        if given is not None and given != own:
            raise BadInput(f"{ctx.args.file}：答题表标题行的{what}是 {given}，而批次 {round_id} 的{what}是 "
                           f"{own}（是否用错了答题表？），未导入任何答案")
    if not sheet.rows and not sheet.problems:  # a blank template sent back as it was
        raise BadInput(f"{ctx.args.file}：答题表中没有填写任何答案（共 {sheet.blank} 行未填写），"
                       "未导入；请先在 answer 或 value 列填写后再导入")
    try:
        count = ctx.store.import_answers(round_id, sheet.rows, by=ctx.args.by, problems=sheet.problems)
    except SubmittedRound:  # the round, not the rows, is what refuses the sheet
        raise
    except BadInput as error:
        raise BadInput(f"{ctx.args.file}：未导入任何答案，以下各行有误：\n{error}") from None
    skipped = f"（另有 {sheet.blank} 行未填写，已跳过）" if sheet.blank else ""
    out().print(Text(f"已从 {ctx.args.file} 导入 {count} 条答案到批次 {round_id}{skipped}"))
    return 0


def cmd_submit(ctx: Context) -> int:
    round_id = ctx.round_id(ctx.args.round)
    opened = ctx.store.submit(round_id, date=ctx.args.date, by=ctx.args.by,
                              allow_unanswered=ctx.args.allow_unanswered)
    out().print(Text(f"批次 {round_id} 已提交，生成整改事项 {len(opened)} 项"))
    for rect in opened:
        out().print(Text(f"  {rect.id}  {rect.item}  {rect.problem}"))
    return 0


def rounds_rows(ctx: Context, names: dict[str, str] | None = None) -> tuple[list[dict[str, Any]], bool]:
    """The rounds as `rounds --format json` prints them, and whether any file was damaged; from the
    index, which holds each round's listing row (fresh against its file). `names` (when given) is
    filled with each round's checklist as the table shows it: its short title (年度自查), else title."""
    result = ctx.store.figures()
    warn_damaged(result.damaged)
    if names is not None:
        for record in result.rounds:
            checklist = ctx.library.checklists.get(record.meta.checklist)
            names[record.id] = checklist.short if checklist and checklist.short else record.meta.title
    rows = []
    everything = getattr(ctx.args, "all", False)
    for record in reversed(result.rounds):
        if record.is_void and not everything:
            continue
        row = record.row
        rows.append({key: row[key] for key in ROW_KEYS})
    return rows, bool(result.damaged)


TITLE = "检查批次"
COLUMNS = ("编号", "检查表", "单位", "期间", "进度", "得分", "等次", "提交")
ROW_KEYS = ("id", "checklist", "unit", "period", "status", "answered", "total", "na", "score", "base_score",
            "bonus", "bonus_items", "grade", "submitted")


def cmd_rounds(ctx: Context) -> int:
    if ctx.args.missing:
        from checklist_tui.cli.send_collect import missing_units

        return missing_units(ctx)
    names: dict[str, str] = {}
    rows, damaged = rounds_rows(ctx, names)
    period = None if ctx.args.period is None else check_period(ctx.args.period)
    rows = [row for row in rows if period in (None, row["period"])
            and ctx.args.checklist in (None, row["checklist"])]
    if ctx.args.format == "json":
        write_json(rows, None, ctx)
        return 1 if damaged else 0
    cells = []
    for row in rows:
        score, grade = shown_figures(row["status"], row["score"], row["grade"])
        cells.append([str(v) for v in (row["id"], names.get(row["id"], row["checklist"]), row["unit"],
                                       row["period"],
                                       f"{row['answered']}/{row['total']}", score, grade,
                                       row["submitted"] or "未提交")])
    console = out()
    if not rows:
        console.print(Text(f"数据文件夹 {ctx.data_dir} 中还没有检查批次。"
                           "用 `checklist-tui new` 或在界面中按 n 新建。"))
        return 1 if damaged else 0
    text = plain_table(console, TITLE, COLUMNS, cells)
    if text is not None:  # piped or redirected: the same bytes as below, without Rich's layout
        sys.stdout.write(text)
        return 1 if damaged else 0
    table = Table(title=TITLE)
    for column in COLUMNS:
        table.add_column(column, overflow="fold")  # wrap a long id or unit, never cut it
    for row_cells in cells:
        table.add_row(*(Text(v) for v in row_cells))
    if not console.is_terminal:  # piped or redirected: each round on one whole line
        wide = console.options.update_width(MAX_WIDTH)
        console.width = max(console.width, console.measure(table, options=wide).maximum)
    console.print(table)
    return 1 if damaged else 0


def shown_figures(status: str, score: float | None, grade: str | None) -> tuple[str, str]:
    """Score and grade as printed: an in-progress round has no grade yet (进行中) and its score
    is provisional (暂计); a void one shows 已作废."""
    text = "—" if score is None else f"{score:.1f}"
    if status == "void":
        return text, "已作废"
    if status == "in_progress":
        return (text if score is None else f"{text}（暂计）"), "进行中"
    return text, grade or "—"


def cmd_void(ctx: Context) -> int:
    round_id = ctx.round_id(ctx.args.round)
    record = ctx.store.void_round(round_id, reason=ctx.args.reason, by=ctx.args.by)
    dropped = len(record.rectifications)
    tail = f"；其 {dropped} 项待通报的整改事项随之不再计入台账" if dropped else ""
    out().print(Text(f"批次 {round_id} 已作废（保留文件，不再计入汇总、台账和报告）{tail}"))
    return 0
