"""Inspection periods (YYYY, YYYY-Qn, YYYY-MM), strict YYYY-MM-DD dates in files, and dates as people
type them (2026-11-30, 2026/11/30, 2026.11.30, 2026年11月30日)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

_YEAR = re.compile(r"([0-9]{4})")
_QUARTER = re.compile(r"([0-9]{4})-[Qq]([1-4])")
_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_TYPED_DATE = re.compile(r"([0-9]{4})\s*([-/.])\s*([0-9]{1,2})\s*\2\s*([0-9]{1,2})")
_CHINESE_DATE = re.compile(r"([0-9]{4})\s*年\s*([0-9]{1,2})\s*月\s*([0-9]{1,2})\s*[日号]?")
DATE_SHAPE = "应为 2026-11-30 形式的日期"


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
    known = _PERIODS.get(text) if isinstance(text, str) else None
    if known is not None:
        return known
    found = _parse_period(text)
    if len(_PERIODS) < 10_000:
        _PERIODS[text] = found
    return found


_PERIODS: dict[str, Period] = {}  # a summary sorts thousands of rounds by the same few periods


def _parse_period(text: str) -> Period:
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
    raise ValueError(f"期间「{text}」无效：应为 YYYY、YYYY-Qn 或 YYYY-MM")


_PARSED: dict[str, dt.date] = {}  # the same few thousand dates recur in every item's history


def parse_date(text: str) -> dt.date:
    """Parse a date written exactly as `YYYY-MM-DD` (surrounding spaces ignored): how files hold it."""
    known = _PARSED.get(text) if isinstance(text, str) else None
    if known is not None:
        return known
    raw = text.strip() if isinstance(text, str) else ""
    if not _DATE.fullmatch(raw):
        raise ValueError(f"日期「{text}」无效：{DATE_SHAPE}")
    try:
        day = dt.date.fromisoformat(raw)
    except ValueError:
        raise ValueError(f"日期「{text}」无效：没有这一天，{DATE_SHAPE}") from None
    if len(_PARSED) < 100_000:
        _PARSED[text] = day
    return day


def read_typed_date(text: str) -> dt.date:
    """A date as a person types it in a form or on the command line: 2026-11-30, 2026/11/30,
    2026.11.30 or 2026年11月30日 (month and day may have one digit, full-width digits are fine)."""
    raw = unicodedata.normalize("NFKC", text).strip() if isinstance(text, str) else ""
    if m := _TYPED_DATE.fullmatch(raw):
        year, month, day = m[1], m[3], m[4]
    elif m := _CHINESE_DATE.fullmatch(raw):
        year, month, day = m[1], m[2], m[3]
    else:
        raise ValueError(f"日期「{text.strip() if isinstance(text, str) else text}」无效：{DATE_SHAPE}")
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        raise ValueError(f"日期「{text.strip()}」无效：没有这一天，{DATE_SHAPE}") from None
