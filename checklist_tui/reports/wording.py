"""Dates, periods and punctuation as an official document writes them (公文): 2026年12月1日,
2026年第三季度, full-width Chinese punctuation in running text."""

from __future__ import annotations

import datetime as dt
import re

from checklist_tui.domain.period import parse_period

QUARTERS = "一二三四"
# ASCII punctuation inside Chinese text → full width; a comma or colon between digits stays (1,000; 8:30)
_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
_ASCII_PUNCT = re.compile(r"[,;:?!()]")


def date_words(day: dt.date) -> str:
    """2026-12-01 → 2026年12月1日 (Arabic numerals, no leading zeros)."""
    return f"{day.year}年{day.month}月{day.day}日"


def period_words(label: str) -> str:
    """2026 → 2026年, 2026-Q3 → 2026年第三季度, 2026-09 → 2026年9月; anything else as given."""
    try:
        period = parse_period(label)
    except ValueError:
        return label
    text = period.label
    if len(text) == 4:
        return f"{text}年"
    if "-Q" in text:
        return f"{text[:4]}年第{QUARTERS[int(text[-1]) - 1]}季度"
    return f"{period.start.year}年{period.start.month}月"


def full_width(text: str) -> str:
    """ASCII , ; : ? ! ( ) of running text in their full-width forms (numbers keep 1,000 and 8:30)."""
    def replace(m: re.Match[str]) -> str:
        before, after = text[m.start() - 1: m.start()], text[m.end(): m.end() + 1]
        if m[0] in ",:" and before.isdigit() and after.isdigit():
            return m[0]
        return _FULL[m[0]]
    return _ASCII_PUNCT.sub(replace, text)
