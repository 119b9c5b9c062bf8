"""`notice`: 督办通知 per 责任单位 for its overdue (default) or soon-due items (issue #12)."""

from __future__ import annotations

import datetime as dt

from checklist_tui.cli.context import Context
from checklist_tui.cli.reports import load, needs_output, town
from checklist_tui.reports.ledger import LedgerFilter, build_ledger
from checklist_tui.reports.notice import build_notices, nothing_sentence, notices_docx, notices_markdown


def cmd_notice(ctx: Context) -> int:
    args = ctx.args
    needs_output(ctx)
    as_of = args.as_of or dt.date.today()
    result = load(ctx)
    overdue = args.due_within is None
    only = LedgerFilter(overdue_only=overdue, owner=args.owner, due_within=args.due_within)
    ledger = build_ledger(result.rounds, as_of, only=only)
    notices = build_notices(ledger, f"{town(ctx)}党政办", args.due_within, ctx.store.units().names)
    if not notices:
        print(nothing_sentence(as_of, args.due_within, args.owner))
        return 1 if result.damaged else 0
    if args.format == "docx":
        ctx.write_bytes(notices_docx(notices), args.output)
    else:
        ctx.write(notices_markdown(notices), args.output)
    return 1 if result.damaged else 0
