"""The command line (DESIGN §6): parses arguments, calls the domain, prints with Rich.

Exit codes: 0 ok; 2 bad input (arguments, rows, unknown ids, forbidden transitions); 1 anything
else that stopped the command (a damaged file, a disk error).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from . import loop
from .checklist import ChecklistError, Library, checklist_dirs, load_file, load_folder, load_library
from .period import parse_date
from .sheets import SheetError, read_sheet, template_csv
from .storage import StoreError
from .store import InputError, Store, default_data_dir

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


class ChineseParser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        err().print(Text(f"{self.prog}: 参数错误: {message}"))
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data", type=Path, default=argparse.SUPPRESS, help="数据文件夹")
    common.add_argument("--checklists", type=Path, action="append", default=argparse.SUPPRESS,
                        help="额外的检查表文件夹(可重复)")
    parser = ChineseParser(prog="checklist-tui", parents=[common],
                           description="麻埠镇法治政府建设自查与整改闭环")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=ChineseParser)

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        return commands.add_parser(name, parents=[common], help=help_text, description=help_text)

    p = command("new", "新建检查批次,输出批次编号")
    p.add_argument("--checklist", required=True)
    p.add_argument("--unit", required=True)
    p.add_argument("--period", required=True, help="YYYY、YYYY-Qn 或 YYYY-MM")
    p.add_argument("--inspector", default="")
    p.add_argument("--date", type=date_arg, help=argparse.SUPPRESS)

    p = command("open", "打开批次,直接进入逐项自查")
    p.add_argument("round")

    p = command("template", "生成空白答题表 (CSV, UTF-8 BOM)")
    p.add_argument("checklist")
    p.add_argument("-o", "--output", type=Path)

    p = command("import", "从答题表 (CSV/JSON) 导入答案")
    p.add_argument("round")
    p.add_argument("file", type=Path)
    p.add_argument("--by", default="")

    p = command("submit", "提交批次,生成整改事项")
    p.add_argument("round")
    p.add_argument("--date", type=date_arg)
    p.add_argument("--by", default="")
    p.add_argument("--allow-unanswered", action="store_true")

    p = command("rounds", "列出检查批次")
    p.add_argument("--format", choices=FORMATS_TEXT_JSON, default="text")

    p = command("summary", "打印汇总")
    p.add_argument("rounds", nargs="*", metavar="ROUND")
    p.add_argument("--unit")
    p.add_argument("--as-of", type=date_arg)
    p.add_argument("--compare", nargs=2, metavar=("R1", "R2"))
    p.add_argument("--format", choices=("text", "json", "md", "html", "svg"), default="text")
    p.add_argument("-o", "--output", type=Path)

    p = command("ledger", "整改台账")
    p.add_argument("--round")
    p.add_argument("--unit")
    p.add_argument("--status", choices=loop.STATES)
    p.add_argument("--overdue", action="store_true")
    p.add_argument("--as-of", type=date_arg)
    p.add_argument("--format", choices=("text", "csv", "json", "md", "html"), default="text")
    p.add_argument("-o", "--output", type=Path)

    p = command("raise", "手工新增整改事项")
    p.add_argument("round")
    p.add_argument("--problem", required=True)
    p.add_argument("--by", required=True)
    p.add_argument("--item")
    p.add_argument("--date", type=date_arg)

    p = command("rectify", "整改事项状态流转")
    p.add_argument("rid")
    p.add_argument("--to", required=True, choices=loop.STATES)
    p.add_argument("--by", required=True)
    p.add_argument("--date", type=date_arg)
    p.add_argument("--comment", default="")
    p.add_argument("--owner")
    p.add_argument("--due", type=date_arg)
    p.add_argument("--measures")
    p.add_argument("--evidence", default="")

    p = command("validate", "检查检查表文件")
    p.add_argument("paths", nargs="*", type=Path, metavar="PATH")

    p = command("demo", "在空数据文件夹中生成演示数据")
    p.add_argument("--rounds", type=int, default=24)

    p = command("draft", "生成下一年度报告第二、三部分的草稿 (Markdown)")
    p.add_argument("--year", type=int, required=True)
    p.add_argument("-o", "--output", type=Path)

    p = command("restore", "列出或恢复批次文件的备份")
    p.add_argument("round")
    p.add_argument("number", type=int, nargs="?", help="备份编号 (1 = 最新);省略则列出备份")
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
            self._library = load_library(checklist_dirs(self.data_dir, self.extra_dirs))
        return self._library

    def round_id(self, text: str) -> str:
        return self.store.normalise_round_id(text)

    def write(self, text: str, output: Path | None, encoding: str = "utf-8") -> None:
        """Write to a file (-o) or to stdout."""
        if output is None:
            sys.stdout.write(text)
            return
        try:
            output.write_text(text, encoding=encoding, newline="")
        except OSError as error:
            raise StoreError(f"无法写入 {output}: {error.strerror or error}") from None
        err().print(Text(f"已写入 {output}"))


# --- commands ----------------------------------------------------------------------------------


def cmd_validate(ctx: Context) -> int:
    library = Library()
    if ctx.args.paths:
        for path in ctx.args.paths:
            if path.is_dir():
                load_folder(path, library)
            elif path.exists():
                try:
                    checklist = load_file(path)
                except ChecklistError as error:
                    library.problems.extend(error.problems)
                    continue
                library.checklists[checklist.id] = checklist
            else:
                raise InputError(f"{path}: 文件或文件夹不存在")
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
    for problem in library.problems:
        err().print(Text(f"✗ {problem}"))
    if library.problems:
        err().print(Text(f"共 {len(library.problems)} 个问题"))
        return 2
    return 0


def cmd_new(ctx: Context) -> int:
    try:
        checklist = ctx.library.get(ctx.args.checklist)
    except KeyError as error:
        raise InputError(error.args[0]) from None
    meta = ctx.store.new_round(checklist, ctx.args.unit, ctx.args.period, ctx.args.inspector,
                               ctx.args.date)
    print(meta.id)
    return 0


def cmd_template(ctx: Context) -> int:
    try:
        checklist = ctx.library.get(ctx.args.checklist)
    except KeyError as error:
        raise InputError(error.args[0]) from None
    text = template_csv(checklist)
    if ctx.args.output is None:
        sys.stdout.write("\ufeff" + text)
    else:
        ctx.write(text, ctx.args.output, encoding="utf-8-sig")
    return 0


def cmd_import(ctx: Context) -> int:
    round_id = ctx.round_id(ctx.args.round)
    try:
        sheet = read_sheet(ctx.args.file)
    except SheetError as error:
        raise InputError(str(error)) from None
    try:
        count = ctx.store.import_answers(round_id, sheet.rows, by=ctx.args.by, problems=sheet.problems)
    except InputError as error:
        raise InputError(f"{ctx.args.file}: 未导入任何答案,以下各行有误:\n{error}") from None
    out().print(Text(f"已从 {ctx.args.file} 导入 {count} 条答案到批次 {round_id}"))
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
                     "na": t.na, "score": t.score, "grade": record.score.grade,
                     "submitted": record.meta.submitted})
    return rows, bool(result.damaged)


def warn_damaged(damaged: Sequence[Exception]) -> None:
    for error in damaged:
        err().print(Text(f"警告: {error}"))


def cmd_rounds(ctx: Context) -> int:
    rows, damaged = rounds_rows(ctx)
    if ctx.args.format == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        table = Table(title="检查批次")
        for column in ("编号", "检查表", "单位", "期间", "进度", "得分", "等次", "提交"):
            table.add_column(column)
        for row in rows:
            score = "—" if row["score"] is None else f"{row['score']:.1f}"
            table.add_row(*(Text(str(v)) for v in (
                row["id"], row["checklist"], row["unit"], row["period"],
                f"{row['answered']}/{row['total']}", score, row["grade"] or "—",
                row["submitted"] or "未提交")))
        if rows:
            out().print(table)
        else:
            out().print(Text("还没有检查批次。用 `checklist-tui new` 或在界面中按 n 新建。"))
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
    from .demo import make_demo

    if ctx.args.rounds < 1:
        raise InputError("--rounds 至少为 1")
    count = make_demo(ctx.store, ctx.library, ctx.args.rounds)
    out().print(Text(f"已在 {ctx.data_dir} 生成 {count} 个演示批次"))
    return 0


def cmd_summary(ctx: Context) -> int:
    from .report_cli import run_summary

    return run_summary(ctx)


def cmd_ledger(ctx: Context) -> int:
    from .report_cli import run_ledger

    return run_ledger(ctx)


def cmd_draft(ctx: Context) -> int:
    from .report_cli import run_draft

    return run_draft(ctx)


def cmd_tui(ctx: Context) -> int:
    from .app import make_app

    round_id = ctx.round_id(ctx.args.round) if getattr(ctx.args, "round", None) else None
    app = make_app(data_dir=ctx.data_dir, checklist_dirs=ctx.extra_dirs, open_round=round_id)
    app.run()
    return app.return_code or 0


COMMANDS: dict[str | None, Callable[[Context], int]] = {
    None: cmd_tui, "open": cmd_tui, "new": cmd_new, "template": cmd_template, "import": cmd_import,
    "submit": cmd_submit, "rounds": cmd_rounds, "summary": cmd_summary, "ledger": cmd_ledger,
    "raise": cmd_raise, "rectify": cmd_rectify, "validate": cmd_validate, "demo": cmd_demo,
    "draft": cmd_draft, "restore": cmd_restore,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    ctx = Context(args)
    try:
        code = COMMANDS[args.command](ctx)
    except InputError as error:
        err().print(Text(f"错误: {error}"))
        code = 2
    except StoreError as error:
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
