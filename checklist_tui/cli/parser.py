"""The command line's arguments (DESIGN §6): one parser, its help and its errors in Chinese."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any

from checklist_tui.cli import county, serve
from checklist_tui.cli.argparse_chinese import ChineseParser
from checklist_tui.domain import loop
from checklist_tui.domain.period import read_typed_date

FORMATS_TEXT_JSON = ("text", "json")


def date_arg(text: str) -> dt.date:
    try:
        return read_typed_date(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


STATES_HELP = "、".join(loop.STATE_LABELS.values()) + "（也可写英文键 " + "、".join(loop.STATES) + "）"
STATE_NAMES = {label: state for state, label in loop.STATE_LABELS.items()}
ACTIONS = ("退回", "延期", "调整", "进展")


def state_arg(text: str) -> str:
    """A loop state by its Chinese name (待通报 … 已销号) or its English key."""
    value = text.strip()
    if value in loop.STATES:
        return value
    if value in STATE_NAMES:
        return STATE_NAMES[value]
    raise argparse.ArgumentTypeError(f"状态「{value}」不对，应为：" + "、".join(STATE_NAMES))


def choice_arg(choices: tuple[str, ...], what: str) -> Any:
    """A value among Chinese words; the message lists them."""
    def parse(text: str) -> str:
        if text.strip() in choices:
            return text.strip()
        raise argparse.ArgumentTypeError(f"{what}「{text}」不对，应为：" + "、".join(choices))
    return parse


def days_arg(text: str) -> int:
    if text.strip().isdigit():
        return int(text)
    raise argparse.ArgumentTypeError(f"天数「{text}」不对，应为不小于 0 的整数")


def add_ledger_filters(p: argparse.ArgumentParser, scope: str = "", unit_note: str = "") -> None:
    """The options that narrow a ledger, for `ledger` and `county ledger` (`scope`: ledger：)."""
    p.add_argument("--unit", metavar="U", help=f"{scope}只看该被检查单位（批次的单位）{unit_note}")
    p.add_argument("--owner", metavar="U", help=f"{scope}只看该责任单位")
    p.add_argument("--person", metavar="NAME", help=f"{scope}只看该责任人")
    p.add_argument("--source", type=choice_arg(loop.SOURCES, "问题来源"), metavar="S",
                   help=f"{scope}只看该问题来源：" + "、".join(loop.SOURCES))
    p.add_argument("--kind", type=choice_arg(loop.KINDS, "整改类型"), metavar="K",
                   help=f"{scope}只看该整改类型：" + "、".join(loop.KINDS))
    p.add_argument("--status", type=state_arg, metavar="S", help=f"{scope}只看该状态：{STATES_HELP}")
    due = p.add_mutually_exclusive_group()
    due.add_argument("--overdue", action="store_true", help=f"{scope}只看逾期事项")
    due.add_argument("--due-within", type=days_arg, metavar="DAYS",
                     help=f"{scope}只看临期事项：未销号、整改时限在今后 DAYS 天内（不含已逾期），按时限排序")


DATE_HELP = "日期，如 2026-11-30"


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data", type=Path, default=argparse.SUPPRESS, metavar="DIR",
                        help="数据文件夹（默认：环境变量 CHECKLIST_TUI_DATA，否则本机用户数据文件夹）")
    common.add_argument("--checklists", type=Path, action="append", default=argparse.SUPPRESS,
                        metavar="DIR", help="额外的检查表文件夹（可重复，后者覆盖前者）")
    parser = ChineseParser(prog="checklist-tui", parents=[common],
                           description="麻埠镇法治政府建设自查与整改闭环。不带命令时打开界面。")
    commands: argparse._SubParsersAction[argparse.ArgumentParser] = parser.add_subparsers(
        dest="command", metavar="COMMAND", parser_class=ChineseParser, title="命令")

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        return commands.add_parser(name, parents=[common], help=help_text, description=help_text)

    def output(p: argparse.ArgumentParser, what: str) -> None:
        p.add_argument("-o", "--output", type=Path, metavar="FILE",
                       help=f"写入文件（省略则输出到屏幕）{what}")

    p = command("new", "新建检查批次，输出批次编号")
    p.add_argument("--checklist", required=True, metavar="ID", help="检查表编号，如 annual-self-check")
    p.add_argument("--unit", required=True, metavar="UNIT", help="被检查单位，如 司法所")
    p.add_argument("--period", required=True, metavar="PERIOD", help="期间：YYYY、YYYY-Qn 或 YYYY-MM")
    p.add_argument("--inspector", default="", metavar="NAME", help="检查人")
    p.add_argument("--date", type=date_arg, help=argparse.SUPPRESS)

    p = command("open", "打开批次，直接进入逐项自查")
    p.add_argument("round", metavar="ROUND", help="批次编号，如 R0001")

    p = command("template", "生成空白答题表（xlsx 或 CSV）")
    p.add_argument("checklist", metavar="ID", help="检查表编号")
    p.add_argument("--unit", metavar="U", help="填表单位（写在表头上方的标题行）")
    p.add_argument("--period", metavar="P", help="期间：YYYY、YYYY-Qn 或 YYYY-MM（写在标题行）")
    p.add_argument("--format", choices=("csv", "xlsx"), help="csv 或 xlsx（默认按 -o 的扩展名，否则 csv）")
    p.add_argument("--units", metavar="all|U1,U2",
                   help="下发：每个单位一张表，-o 给出文件夹（all = 单位名册全部单位）")
    output(p, "；xlsx 必须给出 -o FILE.xlsx")

    p = command("import", "从答题表（xlsx/CSV/JSON）导入答案；任何一行有误则整个文件都不导入")
    p.add_argument("round", nargs="?", metavar="ROUND", help="批次编号")
    p.add_argument("file", nargs="?", type=Path, metavar="FILE",
                   help="答题表：xlsx、CSV（UTF-8 或 GBK/GB18030）或 JSON")
    p.add_argument("--by", default="", metavar="NAME", help="填报人")
    p.add_argument("--collect", type=Path, metavar="FOLDER",
                   help="收回：导入文件夹中的每张答题表到其单位和期间的批次（缺少的批次自动新建）")
    p.add_argument("--period", metavar="P", help="收回时只接受该期间的答题表")

    p = command("submit", "提交批次，生成整改事项")
    p.add_argument("round", metavar="ROUND", help="批次编号")
    p.add_argument("--date", type=date_arg, metavar="D", help=f"提交日期（{DATE_HELP}，默认今天）")
    p.add_argument("--by", default="", metavar="NAME", help="提交人")
    p.add_argument("--allow-unanswered", action="store_true",
                   help="允许有未自查的一般项时提交（一票否决项必须先自查）")

    p = command("rounds", "列出检查批次")
    p.add_argument("--format", choices=FORMATS_TEXT_JSON, default="text", help="输出格式：text 或 json")
    p.add_argument("--period", metavar="P", help="只看该期间的批次")
    p.add_argument("--checklist", metavar="C", help="只看该检查表的批次")
    p.add_argument("--missing", action="store_true", help="列出单位名册中该期间尚未填报的单位（催报）")
    p.add_argument("--all", action="store_true", help="连同已作废的批次一起列出")

    p = command("summary", "打印汇总")
    p.add_argument("rounds", nargs="*", metavar="ROUND", help="批次编号（省略则汇总全部批次）")
    p.add_argument("--unit", metavar="U", help="只看该单位的批次")
    p.add_argument("--as-of", type=date_arg, metavar="D", help=f"整改数据截至该日（{DATE_HELP}，默认今天）")
    p.add_argument("--compare", nargs=2, metavar=("R1", "R2"), help="对比两个批次")
    p.add_argument("--include-drafts", action="store_true",
                   help="未列出批次时，连同进行中（未提交）的批次一起汇总（标为进行中）")
    p.add_argument("--format", choices=("text", "json", "md", "html", "svg", "xlsx", "docx"), default="text",
                   help="输出格式：text、json、md、html、svg、xlsx、docx（xlsx 和 docx 需要 -o）")
    output(p, "")

    p = command("ledger", "整改台账")
    p.add_argument("--round", metavar="R", help="只看该批次")
    add_ledger_filters(p)
    p.add_argument("--as-of", type=date_arg, metavar="D",
                   help=f"按该日的状态重放台账（{DATE_HELP}，默认今天）")
    p.add_argument("--format", choices=("text", "csv", "json", "md", "html", "xlsx"), default="text",
                   help="输出格式：text、csv、json、md、html、xlsx（xlsx 需要 -o）")
    output(p, "")

    p = command("raise", "手工新增整改事项")
    p.add_argument("round", metavar="ROUND", help="批次编号")
    p.add_argument("--problem", required=True, metavar="TEXT", help="问题描述")
    p.add_argument("--by", required=True, metavar="NAME", help="登记人")
    p.add_argument("--item", metavar="ID", help="关联的检查项编号（可省略）")
    p.add_argument("--date", type=date_arg, metavar="D", help=f"发现日期（{DATE_HELP}，默认今天）")
    p.add_argument("--source", type=choice_arg(loop.SOURCES, "问题来源"), default="其他", metavar="S",
                   help="问题来源：" + "、".join(loop.SOURCES) + "（默认 其他）")

    p = command("rectify", "整改事项状态流转")
    p.add_argument("rid", metavar="RID", help="整改事项编号，如 R0001-01")
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--to", type=state_arg, metavar="STATE", help=f"目标状态：{STATES_HELP}")
    what.add_argument("--action", type=choice_arg(ACTIONS, "操作"), metavar="A",
                      help="退回（待复核→整改中）、延期（改整改时限）、调整（改责任、措施、类型、目标）、"
                           "进展（登记整改进展，写在 --comment）")
    p.add_argument("--by", required=True, metavar="NAME", help="经办人（人员姓名，不能是单位名称）")
    p.add_argument("--date", type=date_arg, metavar="D", help=f"流转日期（{DATE_HELP}，默认今天）")
    p.add_argument("--comment", default="", metavar="C",
                   help="说明：待复核时写整改情况，销号时写复核意见，退回时写退回理由，进展时写进展情况")
    p.add_argument("--owner", metavar="O", help="责任单位")
    p.add_argument("--person", metavar="NAME", help="责任人")
    p.add_argument("--leader", metavar="NAME", help="责任领导")
    p.add_argument("--kind", type=choice_arg(loop.KINDS, "整改类型"), metavar="K",
                   help="整改类型：" + "、".join(loop.KINDS) + "（立行立改不写 --due 时为发现后 15 天）")
    p.add_argument("--goal", metavar="G", help="整改目标")
    p.add_argument("--due", type=date_arg, metavar="D",
                   help="整改时限（长期坚持为第一阶段时限；改期即延期，按首次期限判断是否按期）")
    p.add_argument("--measures", metavar="M", help="整改措施")
    p.add_argument("--reviewer", metavar="NAME",
                   help="复核人（销号时；不能是责任人或提交复核的人，默认经办人）")
    p.add_argument("--remark", metavar="TEXT", help="备注")
    p.add_argument("--evidence", default="", metavar="E", help="佐证材料")

    p = command("notice", "督办通知：按责任单位列出逾期（或临期）的整改事项")
    p.add_argument("--owner", metavar="U", help="只给该责任单位（默认每个有逾期事项的单位一份）")
    when = p.add_mutually_exclusive_group()
    when.add_argument("--overdue", action="store_true", help="逾期事项（默认）")
    when.add_argument("--due-within", type=days_arg, metavar="N", help="临期事项：今后 N 天内到期的")
    p.add_argument("--as-of", type=date_arg, metavar="D", help=f"截至该日（{DATE_HELP}，默认今天）")
    p.add_argument("--format", choices=("md", "docx"), default="md", help="md 或 docx（docx 需要 -o）")
    output(p, "")

    p = command("void", "作废误建的批次（保留文件，不再计入任何汇总；不能撤销）")
    p.add_argument("round", metavar="ROUND", help="批次编号")
    p.add_argument("--reason", required=True, metavar="TEXT", help="作废原因")
    p.add_argument("--by", required=True, metavar="NAME", help="经办人")

    p = command("validate", "检查检查表文件")
    p.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                   help="检查表文件或文件夹（省略则检查程序会载入的全部检查表）")

    p = command("demo", "在空数据文件夹中生成演示数据")
    p.add_argument("--rounds", type=int, default=24, metavar="N",
                   help="演示批次数（默认 24，最多 10000；超出一个乡镇十年的批次时加入县内其他乡镇的单位）")
    p.add_argument("--towns", type=int, metavar="K",
                   help="分成 K 个乡镇（1–23），每个乡镇一个数据文件夹 DATA/<镇名>，共 N 个批次")

    p = command("draft", "生成下一年度报告第二、三部分的草稿（Markdown 或 Word）")
    p.add_argument("--year", type=int, required=True, metavar="Y", help="根据哪一年的自查和整改数据")
    p.add_argument("--format", choices=("md", "docx"), default="md", help="md 或 docx（docx 需要 -o）")
    p.add_argument("--public", action="store_true", help="不写单位和人员名称（用于公开的稿子）")
    output(p, "")

    p = command("restore", "列出或恢复批次文件的备份")
    p.add_argument("round", metavar="ROUND", help="批次编号")
    p.add_argument("number", type=int, nargs="?", metavar="N", help="备份编号（1 = 最新）；省略则列出备份")

    county.add_bundle_arguments(command("bundle", county.BUNDLE_HELP))
    county.add_county_arguments(command("county", county.COUNTY_HELP), date_arg)
    serve.add_arguments(command("serve", serve.HELP))
    return parser
