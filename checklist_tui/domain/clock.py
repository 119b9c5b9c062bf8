"""Today's date, handed in rather than read from a global, and the rule that no date lies after it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from checklist_tui.errors import BadInput

Clock = Callable[[], dt.date]


def system_today() -> dt.date:
    return dt.date.today()


def not_after_today(date: dt.date, today: dt.date, what: str) -> dt.date:
    """Refuse a date in the future: a typo such as 2052 for 2025 would hide the item from every
    ledger until then and, as transitions only move forward, block its loop for good."""
    if date > today:
        raise BadInput(f"{what} {date.isoformat()} 晚于今天 {today.isoformat()}；不能登记将来的日期")
    return date
