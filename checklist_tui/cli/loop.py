"""Commands of the rectification loop: `raise` (an item by hand) and `rectify` (one transition, or
one of the actions 退回, 延期, 调整, 进展 — issue #12)."""

from __future__ import annotations

import datetime as dt

from rich.text import Text

from checklist_tui.cli.context import (
    Context,
    out,
)
from checklist_tui.domain import loop
from checklist_tui.domain.ids import rect_round
from checklist_tui.errors import BadInput

CHANGEABLE = ("owner", "person", "leader", "measures", "kind", "goal", "reviewer", "remark")


def cmd_raise(ctx: Context) -> int:
    round_id = ctx.round_id(ctx.args.round)
    rect = ctx.store.raise_item(round_id, problem=ctx.args.problem, by=ctx.args.by,
                                item=ctx.args.item, date=ctx.args.date, source=ctx.args.source)
    print(rect.id)
    return 0


def _current(ctx: Context, rid: str) -> loop.Rectification:
    try:
        record = ctx.store.load_round(ctx.store.normalise_round_id(rect_round(rid)))
    except BadInput:
        raise BadInput(f"找不到整改事项 {rid}") from None
    found = next((r for r in record.rectifications if r.id == rid.strip().upper()), None)
    if found is None:
        raise BadInput(f"找不到整改事项 {rid}")
    return found


def _target(ctx: Context) -> str:
    """The state (or "progress") an --action stands for, refusing one that does not apply."""
    a = ctx.args
    if a.action is None:
        return str(a.to)
    state = _current(ctx, a.rid).state
    label = loop.STATE_LABELS[state]
    if a.action == "退回":
        if state != "review":
            raise BadInput(f"整改事项 {a.rid} 现为{label}，只有待复核的事项可以退回")
        return "rectifying"
    if state != "rectifying":
        raise BadInput(f"整改事项 {a.rid} 现为{label}，只有整改中的事项可以{a.action}")
    if a.action == "延期" and a.due is None:
        raise BadInput("延期需要写新的整改时限（--due）")
    if a.action == "调整" and not any(getattr(a, k) for k in CHANGEABLE):
        raise BadInput("调整需要写要改的内容：责任单位、责任人、责任领导、整改措施、整改类型、"
                       "整改目标、复核人或备注")
    return "progress" if a.action == "进展" else "rectifying"


def cmd_rectify(ctx: Context) -> int:
    a = ctx.args
    to = _target(ctx)
    date = a.date or dt.date.today()
    if to == "progress":
        rect = ctx.store.rectify(a.rid, to, by=a.by, date=date, comment=a.comment, evidence=a.evidence)
        out().print(Text(f"{rect.id}：已登记整改进展（{loop.STATE_LABELS[rect.state]}）"))
        return 0
    fields = {k: getattr(a, k) for k in CHANGEABLE}
    rect = ctx.store.rectify(a.rid, to, by=a.by, date=date, comment=a.comment, evidence=a.evidence,
                             due=a.due, **fields)
    step = loop.step_name(rect.history[-1])
    done = loop.STATE_LABELS[rect.state] if step == loop.STATE_LABELS[rect.state] else f"{step}，现为整改中"
    out().print(Text(f"{rect.id}: {done}"))
    if rect.history[-1].changes.get("due") and a.due is None and rect.kind == "立行立改":
        out().print(Text(f"立行立改：整改时限按发现后 15 天定为 {rect.due}"))
    today = dt.date.today()
    if rect.state != "closed" and rect.due is not None and rect.due < today:
        out().print(Text(f"注意：整改时限 {rect.due} 已过，该事项已逾期 {(today - rect.due).days} 天"))
    return 0
