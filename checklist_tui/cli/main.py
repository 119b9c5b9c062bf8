"""The command line (DESIGN §6): parses arguments, calls the domain, prints with Rich.

Exit codes: 0 ok; 2 bad input (arguments, rows, unknown ids, forbidden transitions); 1 anything
else that stopped the command (a damaged file, a disk error).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from checklist_tui.catalogue.library import Library, library_for, load_file, load_folder
from checklist_tui.catalogue.parse import notes
from checklist_tui.catalogue.units import load_units
from checklist_tui.domain import loop
from checklist_tui.domain.checklist import Checklist, ChecklistError
from checklist_tui.domain.period import parse_date, parse_period
from checklist_tui.domain.text import visible
from checklist_tui.domain.units import UnitRegister, scoped
from checklist_tui.errors import AppError, BadInput, DataError
from checklist_tui.interchange.sheets import SheetError, read_sheet, template_csv
from checklist_tui.storage.files import os_reason
from checklist_tui.storage.store import ROUND_ID, Store, SubmittedRound, default_data_dir

FORMATS_TEXT_JSON = ("text", "json")


class UsageError(Exception):
    """Bad arguments found after parsing: exit 2."""


def out() -> Console:
    return Console(highlight=False, soft_wrap=True)


def err() -> Console:
    return Console(stderr=True, highlight=False, soft_wrap=True)


def date_arg(text: str) -> dt.date:
    try:
        return parse_date(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


# argparse's own messages, in the words an office user reads (the rest of the CLI is Chinese)
ARGPARSE_MESSAGES = (
    (re.compile(r"the following arguments are required: (.*)"), r"缺少必填参数: \1"),
    (re.compile(r"unrecognized arguments: (.*)"), r"无法识别的参数: \1"),
    (re.compile(r"ambiguous option: (\S+) could match (.*)"), r"选项 \1 不明确,可能是: \2"),
    (re.compile(r"argument (\S+): invalid choice: (.*?) \(choose from (.*)\)"),
     r"参数 \1 的取值 \2 无效;可选: \3"),
    (re.compile(r"argument (\S+): invalid int value: (.*)"), r"参数 \1 应为整数,收到 \2"),
    (re.compile(r"argument (\S+): expected one argument"), r"参数 \1 后面缺少取值"),
    (re.compile(r"argument (\S+): expected (\d+) arguments"), r"参数 \1 后面应有 \2 个取值"),
    (re.compile(r"argument (\S+): (.*)"), r"参数 \1: \2"),
)


def chinese_message(message: str) -> str:
    for pattern, replacement in ARGPARSE_MESSAGES:
        if pattern.fullmatch(message):
            return pattern.sub(replacement, message)
    return message


class ChineseHelpFormatter(argparse.HelpFormatter):
    def add_usage(self, usage: str | None, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, "用法: " if prefix is None else prefix)


class ChineseParser(argparse.ArgumentParser):
    """argparse with its headings, -h and error messages in Chinese; errors exit 2."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", ChineseHelpFormatter)
        super().__init__(*args, **kwargs)
        self._positionals.title = "位置参数"
        self._optionals.title = "选项"
        for action in self._actions:
            if isinstance(action, argparse._HelpAction):
                action.help = "显示本帮助并退出"

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        err().print(Text(f"{self.prog}: 参数错误: {chinese_message(message)}"))
        raise SystemExit(2)


STATES_HELP = ", ".join(f"{state} {label}" for state, label in loop.STATE_LABELS.items())
DATE_HELP = "日期 YYYY-MM-DD"


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data", type=Path, default=argparse.SUPPRESS, metavar="DIR",
                        help="数据文件夹(默认: 环境变量 CHECKLIST_TUI_DATA,否则本机用户数据文件夹)")
    common.add_argument("--checklists", type=Path, action="append", default=argparse.SUPPRESS,
                        metavar="DIR", help="额外的检查表文件夹(可重复,后者覆盖前者)")
    parser = ChineseParser(prog="checklist-tui", parents=[common],
                           description="麻埠镇法治政府建设自查与整改闭环。不带命令时打开界面。")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=ChineseParser,
                                     title="命令")

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        return commands.add_parser(name, parents=[common], help=help_text, description=help_text)

    def output(p: argparse.ArgumentParser, what: str) -> None:
        p.add_argument("-o", "--output", type=Path, metavar="FILE", help=f"写入文件(省略则输出到屏幕){what}")

    p = command("new", "新建检查批次,输出批次编号")
    p.add_argument("--checklist", required=True, metavar="ID", help="检查表编号,如 annual-self-check")
    p.add_argument("--unit", required=True, metavar="UNIT", help="被检查单位,如 司法所")
    p.add_argument("--period", required=True, metavar="PERIOD", help="期间: YYYY、YYYY-Qn 或 YYYY-MM")
    p.add_argument("--inspector", default="", metavar="NAME", help="自查人")
    p.add_argument("--date", type=date_arg, help=argparse.SUPPRESS)

    p = command("open", "打开批次,直接进入逐项自查")
    p.add_argument("round", metavar="ROUND", help="批次编号,如 R0001")

    p = command("template", "生成空白答题表 (xlsx 或 CSV)")
    p.add_argument("checklist", metavar="ID", help="检查表编号")
    p.add_argument("--unit", metavar="U", help="填表单位(写在表头上方的标题行)")
    p.add_argument("--period", metavar="P", help="期间: YYYY、YYYY-Qn 或 YYYY-MM(写在标题行)")
    p.add_argument("--format", choices=("csv", "xlsx"), help="csv 或 xlsx(默认按 -o 的扩展名,否则 csv)")
    p.add_argument("--units", metavar="all|U1,U2",
                   help="下发: 每个单位一张表, -o 给出文件夹(all = 单位名册全部单位)")
    output(p, "; xlsx 必须给出 -o FILE.xlsx")

    p = command("import", "从答题表 (xlsx/CSV/JSON) 导入答案;任何一行有误则整个文件都不导入")
    p.add_argument("round", nargs="?", metavar="ROUND", help="批次编号")
    p.add_argument("file", nargs="?", type=Path, metavar="FILE",
                   help="答题表: xlsx、CSV (UTF-8 或 GBK/GB18030) 或 JSON")
    p.add_argument("--by", default="", metavar="NAME", help="填报人")
    p.add_argument("--collect", type=Path, metavar="FOLDER",
                   help="收回: 导入文件夹中的每张答题表到其单位和期间的批次(缺少的批次自动新建)")
    p.add_argument("--period", metavar="P", help="收回时只接受该期间的答题表")

    p = command("submit", "提交批次,生成整改事项")
    p.add_argument("round", metavar="ROUND", help="批次编号")
    p.add_argument("--date", type=date_arg, metavar="D", help=f"提交日期({DATE_HELP},默认今天)")
    p.add_argument("--by", default="", metavar="NAME", help="提交人")
    p.add_argument("--allow-unanswered", action="store_true",
                   help="允许有未自查的一般项时提交(一票否决项必须先自查)")

    p = command("rounds", "列出检查批次")
    p.add_argument("--format", choices=FORMATS_TEXT_JSON, default="text", help="输出格式: text 或 json")
    p.add_argument("--period", metavar="P", help="只看该期间的批次")
    p.add_argument("--checklist", metavar="C", help="只看该检查表的批次")
    p.add_argument("--missing", action="store_true", help="列出单位名册中该期间尚未填报的单位(催报)")

    p = command("summary", "打印汇总")
    p.add_argument("rounds", nargs="*", metavar="ROUND", help="批次编号(省略则汇总全部批次)")
    p.add_argument("--unit", metavar="U", help="只看该单位的批次")
    p.add_argument("--as-of", type=date_arg, metavar="D", help=f"整改数据截至该日({DATE_HELP},默认今天)")
    p.add_argument("--compare", nargs=2, metavar=("R1", "R2"), help="对比两个批次")
    p.add_argument("--format", choices=("text", "json", "md", "html", "svg", "xlsx", "docx"), default="text",
                   help="输出格式: text、json、md、html、svg、xlsx、docx(xlsx 和 docx 需要 -o)")
    output(p, "")

    p = command("ledger", "整改台账")
    p.add_argument("--round", metavar="R", help="只看该批次")
    p.add_argument("--unit", metavar="U", help="只看该单位")
    p.add_argument("--status", choices=loop.STATES, metavar="S", help=f"只看该状态: {STATES_HELP}")
    p.add_argument("--overdue", action="store_true", help="只看逾期事项")
    p.add_argument("--as-of", type=date_arg, metavar="D", help=f"按该日的状态重放台账({DATE_HELP},默认今天)")
    p.add_argument("--format", choices=("text", "csv", "json", "md", "html", "xlsx"), default="text",
                   help="输出格式: text、csv、json、md、html、xlsx(xlsx 需要 -o)")
    output(p, "")

    p = command("raise", "手工新增整改事项")
    p.add_argument("round", metavar="ROUND", help="批次编号")
    p.add_argument("--problem", required=True, metavar="TEXT", help="问题描述")
    p.add_argument("--by", required=True, metavar="NAME", help="登记人")
    p.add_argument("--item", metavar="ID", help="关联的检查项编号(可省略)")
    p.add_argument("--date", type=date_arg, metavar="D", help=f"发现日期({DATE_HELP},默认今天)")

    p = command("rectify", "整改事项状态流转")
    p.add_argument("rid", metavar="RID", help="整改事项编号,如 R0001-01")
    p.add_argument("--to", required=True, choices=loop.STATES, metavar="STATE",
                   help=f"目标状态: {STATES_HELP}")
    p.add_argument("--by", required=True, metavar="NAME", help="操作人")
    p.add_argument("--date", type=date_arg, metavar="D", help=f"流转日期({DATE_HELP},默认今天)")
    p.add_argument("--comment", default="", metavar="C",
                   help="说明: 待复核时写整改情况,销号时写销号意见,退回时写退回理由")
    p.add_argument("--owner", metavar="O", help="责任单位")
    p.add_argument("--due", type=date_arg, metavar="D", help="整改期限(改期即延期,按首次期限判断是否按期)")
    p.add_argument("--measures", metavar="M", help="整改措施")
    p.add_argument("--evidence", default="", metavar="E", help="佐证材料")

    p = command("validate", "检查检查表文件")
    p.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                   help="检查表文件或文件夹(省略则检查程序会载入的全部检查表)")

    p = command("demo", "在空数据文件夹中生成演示数据")
    p.add_argument("--rounds", type=int, default=24, metavar="N", help="演示批次数(默认 24)")

    p = command("draft", "生成下一年度报告第二、三部分的草稿 (Markdown)")
    p.add_argument("--year", type=int, required=True, metavar="Y", help="根据哪一年的自查和整改数据")
    output(p, "")

    p = command("restore", "列出或恢复批次文件的备份")
    p.add_argument("round", metavar="ROUND", help="批次编号")
    p.add_argument("number", type=int, nargs="?", metavar="N", help="备份编号 (1 = 最新);省略则列出备份")

    from checklist_tui.cli import serve

    serve.add_arguments(command("serve", serve.HELP))
    return parser


# --- context ---------------------------------------------------------------------------------


class Context:
    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.data_dir: Path = getattr(args, "data", None) or default_data_dir()
        self.extra_dirs: list[Path] = list(getattr(args, "checklists", None) or [])
        self.store = Store(self.data_dir)
        self._library: Library | None = None

    @property
    def library(self) -> Library:
        if self._library is None:
            self._library = library_for(self.data_dir, self.extra_dirs)
        return self._library

    def checklist(self, checklist_id: str) -> Checklist:
        """A checklist the app would load; an unknown id is bad input (exit 2)."""
        try:
            return self.library.require(checklist_id)
        except KeyError as error:
            raise BadInput(error.args[0]) from None

    def round_id(self, text: str) -> str:
        return self.store.normalise_round_id(text)

    def write(self, text: str, output: Path | None, encoding: str = "utf-8") -> None:
        """Write to a file (-o) or to stdout."""
        if output is None:
            sys.stdout.write(text)
            return
        self.check_output(output)
        try:
            output.write_text(text, encoding=encoding, newline="")
        except OSError as error:
            raise DataError(f"无法写入 {output}: {os_reason(error)}") from None
        err().print(Text(f"已写入 {output}"))

    def check_output(self, output: Path) -> None:
        """Refuse an -o that is a folder, in a missing folder, or inside the data folder: a report
        written over rounds/R0001.json or catalog.json would damage the app's own files."""
        try:
            inside = output.resolve().is_relative_to(self.data_dir.resolve())
        except (OSError, RuntimeError):
            inside = False
        if inside:
            raise BadInput(f"-o {output}: 位于数据文件夹 {self.data_dir} 之内;为免覆盖批次文件和备份,"
                           "请写到数据文件夹以外的位置")
        if output.is_dir():
            raise BadInput(f"-o {output}: 这是一个文件夹,请给出要写入的文件名")
        if not output.parent.is_dir():
            raise BadInput(f"-o {output}: 文件夹 {output.parent} 不存在,请先建好或换一个位置")

    def write_bytes(self, data: bytes, output: Path, quiet: bool = False) -> None:
        """Write a binary document (xlsx, docx) to the -o file."""
        self.check_output(output)
        try:
            output.write_bytes(data)
        except OSError as error:
            raise DataError(f"无法写入 {output}: {os_reason(error)}") from None
        if not quiet:
            err().print(Text(f"已写入 {output}"))


# --- commands ----------------------------------------------------------------------------------


def cmd_validate(ctx: Context) -> int:
    if ctx.args.paths:
        units, unit_problems = load_units(ctx.data_dir)
        library = Library(units=units, problems=list(unit_problems))
        for path in ctx.args.paths:
            if path.is_dir():
                load_folder(path, library)
            elif path.exists():
                try:
                    checklist = load_file(path, units)
                except ChecklistError as error:
                    library.problems.extend(error.problems)
                    continue
                library.checklists[checklist.id] = checklist
            else:
                raise BadInput(f"{path}: 文件或文件夹不存在")
    else:
        library = ctx.library
    console = out()
    for override in library.overrides:
        console.print(Text(f"覆盖: 检查表 {override.checklist} 使用 {override.winner}"
                           f"(覆盖 {override.loser})"))
    for checklist in sorted(library.checklists.values(), key=lambda c: c.id):
        items = len(checklist.items)
        console.print(Text(f"✓ {checklist.id} {checklist.version}: {len(checklist.sections)} 部分, "
                           f"{items} 项 — {checklist.path}"))
        for note in notes(checklist):
            console.print(Text(f"注意: {note}"))
    for problem in library.problems:
        err().print(Text(f"✗ {problem}"))
    if library.problems:
        err().print(Text(f"共 {len(library.problems)} 个问题"))
        return 2
    return 0


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
    hint = f"相近的单位: {'、'.join(near)}。" if near else ""
    err().print(Text(f"警告: 单位 {unit} 不在单位名录中,批次只含不限适用范围的检查项。{hint}"
                     f"(单位名录: {units.path or 'units.toml'})"))


def file_format(args: argparse.Namespace, binary: tuple[str, ...] = ("xlsx",)) -> str:
    """--format, else the -o file's extension when it is one of the binary formats, else the default.
    A binary format needs -o (no workbook bytes on the terminal)."""
    output = args.output
    fmt = args.format
    if fmt is None:
        suffix = output.suffix.lower().lstrip(".") if output is not None else ""
        fmt = suffix if suffix in binary else "csv"
    if fmt in binary and output is None:
        raise BadInput(f"--format {fmt} 需要用 -o 给出要写入的文件名(如 -o 答题表.{fmt})")
    return fmt


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


def unit_checklist(ctx: Context, checklist: Checklist, unit: str) -> Checklist:
    """The checklist narrowed to what applies to the unit; none applying is bad input."""
    narrowed = scoped(checklist, unit, ctx.library.units)
    if not narrowed.items:
        raise BadInput(f"检查表 {checklist.id} 没有适用于 {unit} 的检查项")
    return narrowed


def check_period(text: str) -> str:
    """The period as stored (2026-q3 → 2026-Q3); a bad one is bad input."""
    try:
        return parse_period(text).label
    except ValueError as error:
        raise BadInput(f"--period {text}: {error}") from None
    return text


def cmd_import(ctx: Context) -> int:
    if ctx.args.collect is not None:
        if ctx.args.round is not None:
            raise BadInput("--collect FOLDER 不与 ROUND FILE 同时使用")
        from checklist_tui.cli.send_collect import collect

        return collect(ctx)
    if ctx.args.round is None or ctx.args.file is None:
        raise BadInput("用法: import ROUND FILE,或 import --collect FOLDER")
    round_id = ctx.round_id(ctx.args.round)
    try:
        sheet = read_sheet(ctx.args.file)
    except SheetError as error:
        raise BadInput(str(error)) from None
    meta = ctx.store.load_round(round_id).meta
    for what, given, own in (("单位", sheet.unit, meta.unit), ("期间", sheet.period, meta.period)):
        if given is not None and given != own:
            raise BadInput(f"{ctx.args.file}: 答题表标题行的{what}是 {given},而批次 {round_id} 的{what}是 "
                           f"{own}(是否用错了答题表?),未导入任何答案")
    if not sheet.rows and not sheet.problems:  # a blank template sent back as it was
        raise BadInput(f"{ctx.args.file}: 答题表中没有填写任何答案(共 {sheet.blank} 行未填写),"
                       "未导入;请先在 answer 或 value 列填写后再导入")
    try:
        count = ctx.store.import_answers(round_id, sheet.rows, by=ctx.args.by, problems=sheet.problems)
    except SubmittedRound:  # the round, not the rows, is what refuses the sheet
        raise
    except BadInput as error:
        raise BadInput(f"{ctx.args.file}: 未导入任何答案,以下各行有误:\n{error}") from None
    skipped = f"(另有 {sheet.blank} 行未填写,已跳过)" if sheet.blank else ""
    out().print(Text(f"已从 {ctx.args.file} 导入 {count} 条答案到批次 {round_id}{skipped}"))
    return 0


def cmd_submit(ctx: Context) -> int:
    round_id = ctx.round_id(ctx.args.round)
    opened = ctx.store.submit(round_id, date=ctx.args.date, by=ctx.args.by,
                              allow_unanswered=ctx.args.allow_unanswered)
    out().print(Text(f"批次 {round_id} 已提交,生成整改事项 {len(opened)} 项"))
    for rect in opened:
        out().print(Text(f"  {rect.id}  {rect.item}  {rect.problem}"))
    return 0


def rounds_rows(ctx: Context) -> tuple[list[dict[str, Any]], bool]:
    """The rounds as `rounds --format json` prints them, and whether any file was damaged."""
    result = ctx.store.load_all()
    warn_damaged(result.damaged)
    rows = []
    for record in sorted(result.rounds, key=lambda r: int(r.id[1:]), reverse=True):
        t = record.score.tally
        rows.append({"id": record.id, "checklist": record.meta.checklist, "unit": record.meta.unit,
                     "period": record.meta.period, "answered": t.answered, "total": t.total,
                     "na": t.na, "score": record.score.score, **record.score.bonus_json(),
                     "grade": record.score.grade, "submitted": record.meta.submitted})
    return rows, bool(result.damaged)


def warn_damaged(damaged: Sequence[Exception]) -> None:
    for error in damaged:
        err().print(Text(f"警告: {error}"))


def cmd_rounds(ctx: Context) -> int:
    if ctx.args.missing:
        from checklist_tui.cli.send_collect import missing_units

        return missing_units(ctx)
    rows, damaged = rounds_rows(ctx)
    period = None if ctx.args.period is None else check_period(ctx.args.period)
    rows = [row for row in rows if period in (None, row["period"])
            and ctx.args.checklist in (None, row["checklist"])]
    if ctx.args.format == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        table = Table(title="检查批次")
        for column in ("编号", "检查表", "单位", "期间", "进度", "得分", "等次", "提交"):
            table.add_column(column, overflow="fold")  # wrap a long id or unit, never cut it
        for row in rows:
            score = "—" if row["score"] is None else f"{row['score']:.1f}"
            table.add_row(*(Text(str(v)) for v in (
                row["id"], row["checklist"], row["unit"], row["period"],
                f"{row['answered']}/{row['total']}", score, row["grade"] or "—",
                row["submitted"] or "未提交")))
        console = out()
        if rows:
            if not console.is_terminal:  # piped or redirected: each round on one whole line
                wide = console.options.update_width(1000)
                console.width = max(console.width, console.measure(table, options=wide).maximum)
            console.print(table)
        else:
            console.print(Text(f"数据文件夹 {ctx.data_dir} 中还没有检查批次。"
                               "用 `checklist-tui new` 或在界面中按 n 新建。"))
    return 1 if damaged else 0


def cmd_raise(ctx: Context) -> int:
    round_id = ctx.round_id(ctx.args.round)
    rect = ctx.store.raise_item(round_id, problem=ctx.args.problem, by=ctx.args.by,
                                item=ctx.args.item, date=ctx.args.date)
    print(rect.id)
    return 0


def cmd_rectify(ctx: Context) -> int:
    a = ctx.args
    rect = ctx.store.rectify(a.rid, a.to, by=a.by, date=a.date or dt.date.today(), comment=a.comment,
                             evidence=a.evidence, owner=a.owner, measures=a.measures, due=a.due)
    out().print(Text(f"{rect.id}: {loop.STATE_LABELS[rect.state]} ({rect.state})"))
    return 0


def cmd_restore(ctx: Context) -> int:
    round_id = ctx.args.round.strip().upper()
    try:
        ctx.round_id(round_id)
    except BadInput:  # a round whose file is gone can still come back from its backups
        if not ROUND_ID.match(round_id) or not ctx.store.backups(round_id):
            raise
    backups = ctx.store.backups(round_id)
    if ctx.args.number is None:
        if not backups:
            out().print(Text(f"批次 {round_id} 还没有备份"))
            return 0
        for path in backups:
            stamp = dt.datetime.fromtimestamp(path.stat().st_mtime).strftime("%Y-%m-%d %H:%M:%S")
            out().print(Text(f"{path.name.rsplit('.', 1)[1]}  {stamp}  {path}"))
        out().print(Text(f"恢复: checklist-tui restore {round_id} N"))
        return 0
    source = ctx.store.restore(round_id, ctx.args.number)
    out().print(Text(f"已用备份 {source} 恢复批次 {round_id}"))
    return 0


def cmd_demo(ctx: Context) -> int:
    from checklist_tui.interchange.demo import make_demo

    if ctx.args.rounds < 1:
        raise BadInput("--rounds 至少为 1")
    count = make_demo(ctx.store, ctx.library, ctx.args.rounds)
    out().print(Text(f"已在 {ctx.data_dir} 生成 {count} 个演示批次"))
    return 0


def cmd_summary(ctx: Context) -> int:
    from checklist_tui.cli.reports import run_summary

    return run_summary(ctx)


def cmd_ledger(ctx: Context) -> int:
    from checklist_tui.cli.reports import run_ledger

    return run_ledger(ctx)


def cmd_draft(ctx: Context) -> int:
    from checklist_tui.cli.reports import run_draft

    return run_draft(ctx)


def cmd_serve(ctx: Context) -> int:
    from checklist_tui.cli.serve import cmd_serve

    return cmd_serve(ctx)


def cmd_tui(ctx: Context) -> int:
    from checklist_tui.tui.app import make_app
    from checklist_tui.web.access import user_from_environment

    round_id = ctx.round_id(ctx.args.round) if getattr(ctx.args, "round", None) is not None else None
    app = make_app(data_dir=ctx.data_dir, checklist_dirs=ctx.extra_dirs, open_round=round_id,
                   user=user_from_environment())
    app.run()
    return app.return_code or 0


COMMANDS: dict[str | None, Callable[[Context], int]] = {
    None: cmd_tui, "open": cmd_tui, "new": cmd_new, "template": cmd_template, "import": cmd_import,
    "submit": cmd_submit, "rounds": cmd_rounds, "summary": cmd_summary, "ledger": cmd_ledger,
    "raise": cmd_raise, "rectify": cmd_rectify, "validate": cmd_validate, "demo": cmd_demo,
    "draft": cmd_draft, "restore": cmd_restore, "serve": cmd_serve,
}


def prepare_streams() -> None:
    """Redirected output (`ledger --format csv > 台账.csv`) gets the very bytes `-o FILE` would
    write: UTF-8, lines as given. Without this, a console whose code page is GBK (Chinese Windows)
    made the BOM, ✓ and other characters GBK lacks stop the command with UnicodeEncodeError.
    A terminal that cannot show a character shows '?' instead of failing."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is None:
            continue
        try:
            if stream.isatty():
                reconfigure(errors="replace")
            else:
                reconfigure(encoding="utf-8", errors="replace", newline="\n")
        except (OSError, ValueError):
            pass


def undecodable_argument(argv: Sequence[str]) -> str | None:
    """The first argument holding bytes that were not UTF-8 (a lone surrogate once decoded), shown
    with those bytes as �; None when every argument is text."""
    for arg in argv:
        if any("\ud800" <= c <= "\udfff" for c in arg):
            return visible(arg)
    return None


def main(argv: Sequence[str] | None = None) -> int:
    prepare_streams()
    bad = undecodable_argument(sys.argv[1:] if argv is None else argv)
    if bad is not None:
        err().print(Text(f"错误: 参数 {bad!r} 含有无法识别的字节(不是 UTF-8 编码的文字);"
                         "请检查终端或脚本的编码设置,未做任何修改"))
        return 2
    args = build_parser().parse_args(argv)
    ctx = Context(args)
    try:
        if ctx.data_dir.exists() and not ctx.data_dir.is_dir():
            raise BadInput(f"数据文件夹 {ctx.data_dir} 不是文件夹(--data 应指向一个文件夹)")
        code = COMMANDS[args.command](ctx)
    except BadInput as error:
        err().print(Text(f"错误: {error}"))
        code = 2
    except AppError as error:
        err().print(Text(f"错误: {error}"))
        code = error.exit_code
    except KeyboardInterrupt:
        code = 130
    except BrokenPipeError:
        code = 0
    except Exception as error:  # the last guard: a message, never a traceback
        if os.environ.get("CHECKLIST_TUI_DEBUG"):
            raise
        err().print(Text(f"内部错误: {error!r}(设置 CHECKLIST_TUI_DEBUG=1 可查看详情)"))
        code = 1
    return code
