"""Sending answer sheets to every unit and collecting them back (表格下发 → 收回), and the units that
have not answered yet (催报).

- `template ID --period P --units all|U1,U2… -o FOLDER` writes one sheet per unit,
  `<unit>-<checklist id>-<period>.xlsx` (or .csv with `--format csv`), and nothing else; a file of
  that name already in the folder (perhaps a returned sheet) stops the command before anything is
  written.
- `import --collect FOLDER [--period P]` imports each sheet into the round of its unit and period,
  creating the round when missing. Unit and period come from the sheet's title row, the file name
  only as a fallback; the checklist from the 检查表 column. Each file is all-or-nothing: a refused
  file creates no round (its rows are first tried on a throw-away copy of the round) and changes
  nothing. Exit 2 when any file is 有误; units of the register without a file are 未交 and do not
  count.
- `rounds --period P [--checklist C] --missing` lists the register's units with no answered item in
  any round of P.
"""

from __future__ import annotations

import json
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from rich.table import Table
from rich.text import Text

from checklist_tui.cli.context import Context, check_period, out, unit_checklist, warn_damaged
from checklist_tui.domain.checklist import Checklist
from checklist_tui.domain.units import scoped
from checklist_tui.errors import BadInput
from checklist_tui.interchange.sheets import Sheet, SheetError, read_sheet, template_csv
from checklist_tui.storage.store import Store

SHEET_SUFFIXES = (".xlsx", ".xlsm", ".csv")
UNSAFE_IN_FILE_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]')
FIRST_PROBLEMS = 3


def register_units(ctx: Context) -> list[str]:
    """The unit names of the units register (the data folder's units.toml, else the bundled one)."""
    return list(ctx.library.units.names)


def chosen_units(ctx: Context, text: str) -> list[str]:
    if text.strip() == "all":
        return register_units(ctx)
    units = list(dict.fromkeys(u.strip() for u in re.split(r"[,，、]", text) if u.strip()))
    if not units:
        raise BadInput("--units 应为 all 或用逗号分隔的单位名称")
    return units


def sheet_name(unit: str, checklist_id: str, period: str, fmt: str) -> str:
    return f"{unit}-{checklist_id}-{period}.{fmt}"


def send_templates(ctx: Context, checklist: Checklist) -> int:
    """`template ID --period P --units … -o FOLDER`: one sheet per unit."""
    args = ctx.args
    if args.period is None:
        raise BadInput("--units 需要同时给出 --period（写入每张表的标题行和文件名）")
    if args.unit is not None:
        raise BadInput("--unit 与 --units 只能给出一个")
    if args.output is None:
        raise BadInput("--units 需要用 -o 给出存放答题表的文件夹")
    period = check_period(args.period)
    fmt = args.format or "xlsx"
    units = chosen_units(ctx, args.units)
    bad = [u for u in units if UNSAFE_IN_FILE_NAME.search(u)]
    if bad:
        raise BadInput(f"单位名称不能用作文件名（含 \\ / : * ? \" < > | 等字符）：{'、'.join(bad)}")
    folder: Path = args.output
    if folder.exists() and not folder.is_dir():
        raise BadInput(f"-o {folder}：这是一个文件，--units 需要一个文件夹")
    if not folder.exists() and not folder.parent.is_dir():
        raise BadInput(f"-o {folder}：上级文件夹 {folder.parent} 不存在")
    skipped: list[str] = []
    if args.units.strip() == "all":  # all: only the units some item of the checklist applies to
        skipped = [u for u in units if not scoped(checklist, u, ctx.library.units).items]
        units = [u for u in units if u not in skipped]
        if not units:
            raise BadInput(f"检查表 {checklist.id} 没有适用于单位名册中任何单位的检查项")
    sheets = {unit: unit_checklist(ctx, checklist, unit) for unit in units}  # refuses a unit named in vain
    paths = {unit: folder / sheet_name(unit, checklist.id, period, fmt) for unit in units}
    existing = [p.name for p in paths.values() if p.exists()]
    if existing:
        raise BadInput(f"{folder} 中已有同名文件，未写入任何答题表（以免覆盖已收回的表）："
                       f"{'、'.join(existing)}")
    folder.mkdir(exist_ok=True)
    if fmt == "xlsx":
        from checklist_tui.interchange.xlsx_sheet import template_xlsx
    for unit, path in paths.items():
        if fmt == "xlsx":
            data = template_xlsx(sheets[unit], unit, period)
        else:
            data = template_csv(sheets[unit], unit, period).encode("utf-8-sig")
        ctx.write_bytes(data, path, quiet=True)
    out().print(Text(f"已在 {folder} 写入 {len(paths)} 张答题表（{checklist.id}，{period}）"))
    for path in paths.values():
        out().print(Text(f"  {path.name}"))
    if skipped:
        out().print(Text(f"以下单位没有适用于本检查表的检查项，未下发：{'、'.join(skipped)}"))
    return 0


# --- collecting -------------------------------------------------------------------------------


@dataclass
class Collected:
    unit: str
    file: str
    rows: int | None
    status: str  # 已导入 / 有误 / 未交
    problems: tuple[str, ...] = ()
    period: str | None = None
    checklist: str | None = None


def from_file_name(stem: str, checklist_id: str) -> tuple[str | None, str | None]:
    """(unit, period) from `<unit>-<checklist id>-<period>`, the fallback for a sheet without title."""
    found = re.fullmatch(rf"(.+)-{re.escape(checklist_id)}-(\d{{4}}(?:-[Qq][1-4]|-\d{{2}})?)", stem)
    return (found[1], found[2]) if found else (None, None)


def sheet_checklist(sheet: Sheet) -> str:
    names = sorted(sheet.checklists)
    if len(names) != 1:
        raise BadInput("答题表的“检查表”列为空，无法确定检查表（请用下发的模板填写）" if not names
                       else f"答题表含有多个检查表的行：{'、'.join(names)}")
    return names[0]


def trial_import(ctx: Context, checklist: Checklist, unit: str, period: str, sheet: Sheet) -> None:
    """Try the rows on a throw-away round of the same checklist, unit and period: a refused file
    then creates no round in the data folder."""
    with tempfile.TemporaryDirectory(prefix="collect-") as folder:
        trial = Store(Path(folder))
        meta = trial.new_round(checklist, unit, period, units=ctx.library.units)
        trial.import_answers(meta.id, sheet.rows, problems=sheet.problems)


def collect_one(ctx: Context, path: Path, wanted_period: str | None, units: list[str],
                rounds: dict[tuple[str, str, str], str], seen: dict[tuple[str, str, str], str]) -> Collected:
    name = path.name
    unit = period = None
    try:
        try:
            sheet = read_sheet(path)
        except SheetError as error:
            raise BadInput(str(error).removeprefix(f"{path}: ")) from None
        checklist_id = sheet_checklist(sheet)
        named_unit, named_period = from_file_name(path.stem, checklist_id)
        unit = sheet.unit or named_unit
        period = sheet.period or named_period or wanted_period
        if unit is None:
            raise BadInput("标题行和文件名中都没有单位")
        if period is None:
            raise BadInput("标题行和文件名中都没有期间，请加 --period")
        period = check_period(period)
        if wanted_period is not None and period != wanted_period:
            raise BadInput(f"答题表的期间是 {period}，不是 {wanted_period}")
        if unit not in units:
            raise BadInput(f"单位 {unit} 不在单位名册中")
        checklist = ctx.checklist(checklist_id)
        count = sum(1 for row in sheet.rows if row["answer"] is not None or row["value"] is not None
                    or row["note"] or row["evidence"])
        if not count and not sheet.problems:
            raise BadInput("答题表中没有填写任何答案")
        twice = seen.get((checklist_id, unit, period))
        if twice is not None:
            raise BadInput(f"与 {twice} 是同一单位、同一期间的答题表，只导入了前者")
        seen[(checklist_id, unit, period)] = name
        round_id = rounds.get((checklist_id, unit, period))
        if round_id is None:
            trial_import(ctx, checklist, unit, period, sheet)
            round_id = ctx.store.new_round(checklist, unit, period, units=ctx.library.units).id
            rounds[(checklist_id, unit, period)] = round_id
        ctx.store.import_answers(round_id, sheet.rows, by=unit, problems=sheet.problems)
    except BadInput as error:
        problems = tuple(str(error).splitlines()[:FIRST_PROBLEMS])
        return Collected(unit or "?", name, None, "有误", problems, period)
    return Collected(unit, name, count, "已导入", period=period, checklist=checklist_id)


def collect(ctx: Context) -> int:
    """`import --collect FOLDER [--period P]`."""
    args = ctx.args
    folder: Path = args.collect
    if not folder.is_dir():
        raise BadInput(f"--collect {folder}：文件夹不存在")
    wanted = None if args.period is None else check_period(args.period)
    units = register_units(ctx)
    result = ctx.store.load_all()
    warn_damaged(result.damaged)
    result.rounds = [r for r in result.rounds if not r.is_void]  # withdrawn: as if never made
    rounds = {(r.meta.checklist, r.meta.unit, r.meta.period): r.id for r in result.rounds}
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in SHEET_SUFFIXES
                   and not p.name.startswith(("~$", ".~")))  # not the lock files WPS/Excel leave
    seen: dict[tuple[str, str, str], str] = {}
    results = [collect_one(ctx, path, wanted, units, rounds, seen) for path in files]
    periods = {c.period for c in results if c.period}
    period = wanted or (periods.pop() if len(periods) == 1 else None)
    if period is not None:  # 未交: no sheet here and no answers for the period yet
        sent = {c.unit for c in results}
        answered = {r.meta.unit for r in result.rounds if r.meta.period == period and r.score.tally.answered}
        checklists = [ctx.library.get(c) for c in {c.checklist for c in results if c.checklist}]
        expected = [u for u in units if not checklists   # units the collected checklists apply to
                    or any(scoped(c, u, ctx.library.units).items for c in checklists)]
        results += [Collected(u, "", None, "未交") for u in expected if u not in sent and u not in answered]
    print_collected(results, folder)
    return 2 if any(c.status == "有误" for c in results) else 0


def print_collected(results: list[Collected], folder: Path) -> None:
    table = Table(title=f"答题表收回情况（{folder}）")
    for column in ("单位", "文件", "导入行数", "状态"):
        table.add_column(column, overflow="fold")
    styles = {"已导入": "green", "有误": "red", "未交": "yellow"}
    for c in results:
        status = Text(c.status, style=styles[c.status])
        if c.problems:
            status.append("\n" + "\n".join(c.problems))
        table.add_row(Text(c.unit), Text(c.file or "—"), Text("—" if c.rows is None else str(c.rows)), status)
    console = out()
    if not results:
        console.print(Text(f"{folder} 中没有答题表（.xlsx 或 .csv）"))
        return
    if not console.is_terminal:  # piped or redirected: each file on whole lines
        wide = console.options.update_width(1000)
        console.width = max(console.width, console.measure(table, options=wide).maximum)
    console.print(table)
    counts = {s: sum(1 for c in results if c.status == s) for s in styles}
    console.print(Text("  ".join(f"{s} {n}" for s, n in counts.items() if n)))


# --- 催报 ----------------------------------------------------------------------------------------


def missing_units(ctx: Context) -> int:
    """`rounds --period P [--checklist C] --missing`."""
    args = ctx.args
    if args.period is None:
        raise BadInput("--missing 需要同时给出 --period")
    period = check_period(args.period)
    units = register_units(ctx)
    result = ctx.store.load_all()
    warn_damaged(result.damaged)
    answered = {r.meta.unit for r in result.rounds if r.meta.period == period and not r.is_void
                and args.checklist in (None, r.meta.checklist) and r.score.tally.answered > 0}
    missing = [u for u in units if u not in answered]
    if args.format == "json":
        print(json.dumps(missing, ensure_ascii=False))
    else:
        what = f"{period}" + (f" {args.checklist}" if args.checklist else "")
        out().print(Text(f"{what} 尚未填报的单位 {len(missing)} 个" + ("：" if missing else "。")))
        for unit in missing:
            out().print(Text(f"  {unit}"))
    return 1 if result.damaged else 0
