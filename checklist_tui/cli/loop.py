"""Commands of the rectification loop: `raise` (an item by hand) and `rectify` (one transition)."""

from __future__ import annotations

import datetime as dt

from rich.text import Text

from checklist_tui.cli.context import (
    Context,
    out,
)
from checklist_tui.domain import loop


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
