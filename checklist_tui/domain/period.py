"""Inspection periods (YYYY, YYYY-Qn, YYYY-MM) and strict YYYY-MM-DD dates."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_YEAR = re.compile(r"([0-9]{4})")
_QUARTER = re.compile(r"([0-9]{4})-[Qq]([1-4])")
_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@dataclass(frozen=True)
class Period:
    """A named span of days, both ends inclusive: a year, a quarter or a month."""

    label: str
    start: dt.date
    end: dt.date


def _month_end(year: int, month: int) -> dt.date:
    if month == 12:
        return dt.date(year, 12, 31)
    return dt.date(year, month + 1, 1) - dt.timedelta(days=1)


def parse_period(text: str) -> Period:
    """Parse `YYYY`, `YYYY-Qn` (q or Q, n 1..4) or `YYYY-MM`; the quarter label is upper-cased."""
    raw = text.strip() if isinstance(text, str) else ""
    try:
        if m := _YEAR.fullmatch(raw):
            year = int(m[1])
            return Period(raw, dt.date(year, 1, 1), dt.date(year, 12, 31))
        if m := _QUARTER.fullmatch(raw):
            year, quarter = int(m[1]), int(m[2])
            first = 3 * quarter - 2
            return Period(f"{year:04d}-Q{quarter}", dt.date(year, first, 1), _month_end(year, first + 2))
        if m := _MONTH.fullmatch(raw):
            year, month = int(m[1]), int(m[2])
            return Period(raw, dt.date(year, month, 1), _month_end(year, month))
    except ValueError:  # year 0000 or month 13: the shape was right, the numbers are not
        pass
    raise ValueError(f'期间 "{text}" 无效:应为 YYYY、YYYY-Qn 或 YYYY-MM')


def parse_date(text: str) -> dt.date:
    """Parse a date written exactly as `YYYY-MM-DD` (surrounding spaces ignored)."""
    raw = text.strip() if isinstance(text, str) else ""
    if not _DATE.fullmatch(raw):
        raise ValueError(f'日期 "{text}" 无效:应为 YYYY-MM-DD')
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise ValueError(f'日期 "{text}" 无效:没有这一天(应为 YYYY-MM-DD)') from None
