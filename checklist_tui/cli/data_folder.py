"""Commands on the data folder itself: `restore` (list or put back a backup) and `demo`."""

from __future__ import annotations

import datetime as dt

from rich.text import Text

from checklist_tui.cli.context import (
    Context,
    out,
)
from checklist_tui.errors import BadInput
from checklist_tui.storage.store import ROUND_ID


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
        out().print(Text(f"恢复：checklist-tui restore {round_id} N"))
        return 0
    chosen = next((path for path in backups if path.name.endswith(f".{ctx.args.number}")), None)
    saved = (dt.datetime.fromtimestamp(chosen.stat().st_mtime).strftime("%Y-%m-%d %H:%M:%S")
             if chosen is not None else "")
    ctx.store.restore(round_id, ctx.args.number)
    out().print(Text(f"已用备份 {ctx.args.number}（保存于 {saved}）恢复批次 {round_id}；"
                     "恢复前的文件现为备份 1"))
    return 0


def cmd_demo(ctx: Context) -> int:
    from checklist_tui.interchange.demo import make_demo, make_towns

    if ctx.args.towns is None:
        count = make_demo(ctx.store, ctx.library, ctx.args.rounds)
        out().print(Text(f"已在 {ctx.data_dir} 生成 {count} 个演示批次"))
        return 0
    folders = make_towns(ctx.data_dir, ctx.library, ctx.args.rounds, ctx.args.towns)
    out().print(Text(f"已在 {ctx.data_dir} 生成 {ctx.args.rounds} 个演示批次，"
                     f"{len(folders)} 个乡镇各一个数据文件夹："))
    for folder in folders:
        out().print(Text(f"  {folder}"))
    return 0
