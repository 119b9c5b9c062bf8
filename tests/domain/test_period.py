"""Periods and dates as typed on the command line and stored in rounds (DESIGN §6)."""

from datetime import date

import pytest

from checklist_tui.domain.period import Period, parse_date, parse_period, read_typed_date


def test_year() -> None:
    assert parse_period("2025") == Period("2025", date(2025, 1, 1), date(2025, 12, 31))


@pytest.mark.parametrize(
    ("text", "label", "start", "end"),
    [
        ("2025-Q1", "2025-Q1", date(2025, 1, 1), date(2025, 3, 31)),
        ("2025-q2", "2025-Q2", date(2025, 4, 1), date(2025, 6, 30)),  # lowercase q is normalised
        ("2025-Q3", "2025-Q3", date(2025, 7, 1), date(2025, 9, 30)),
        ("2025-Q4", "2025-Q4", date(2025, 10, 1), date(2025, 12, 31)),
    ],
)
def test_quarters(text: str, label: str, start: date, end: date) -> None:
    assert parse_period(text) == Period(label, start, end)


@pytest.mark.parametrize(
    ("text", "end"),
    [
        ("2025-01", date(2025, 1, 31)),
        ("2024-02", date(2024, 2, 29)),  # leap year
        ("2025-02", date(2025, 2, 28)),
        ("2025-04", date(2025, 4, 30)),
        ("2025-12", date(2025, 12, 31)),
    ],
)
def test_months(text: str, end: date) -> None:
    period = parse_period(text)
    assert (period.label, period.start, period.end) == (text, end.replace(day=1), end)


def test_surrounding_spaces_are_ignored() -> None:
    assert parse_period(" 2025-q1 ").label == "2025-Q1"


@pytest.mark.parametrize(
    "text",
    ["2025-13", "2025-00", "2025-Q5", "2025-Q0", "2025Q1", "2025-1", "25", "2025/01", "", "0000", "２０２５"],
)
def test_invalid_periods_name_the_text_and_the_forms(text: str) -> None:
    with pytest.raises(ValueError) as err:
        parse_period(text)
    assert str(err.value) == f"期间「{text}」无效：应为 YYYY、YYYY-Qn 或 YYYY-MM"


def test_parse_date() -> None:
    assert parse_date("2025-03-01") == date(2025, 3, 1)
    assert parse_date(" 2024-02-29 ") == date(2024, 2, 29)


@pytest.mark.parametrize("text", ["2025-3-1", "20250301", "2025/03/01", "2025-03-01T00:00", "", "今天"])
def test_dates_must_be_yyyy_mm_dd(text: str) -> None:
    with pytest.raises(ValueError, match="应为 2026-11-30 形式的日期") as err:
        parse_date(text)
    assert f"「{text}」" in str(err.value) and "YYYY" not in str(err.value)


def test_a_day_that_does_not_exist_is_refused() -> None:
    with pytest.raises(ValueError, match="没有这一天"):
        parse_date("2025-02-29")


@pytest.mark.parametrize("text", ["2026-11-30", "2026/11/30", "2026.11.30", "2026年11月30日",
                                  " 2026 年 11 月 30 日 ", "２０２６／１１／３０"])
def test_typed_dates_in_the_ways_people_write_them(text: str) -> None:
    assert read_typed_date(text) == date(2026, 11, 30)


def test_typed_dates_may_have_one_digit_months_and_days() -> None:
    assert read_typed_date("2026/1/5") == date(2026, 1, 5)
    assert read_typed_date("2026年1月5日") == date(2026, 1, 5)


@pytest.mark.parametrize("text", ["2026/11-30", "20261130", "11/30/2026", "今天", "", "2026年11月"])
def test_other_typed_dates_are_refused_without_programming_words(text: str) -> None:
    with pytest.raises(ValueError, match="应为 2026-11-30 形式的日期") as err:
        read_typed_date(text)
    assert "YYYY" not in str(err.value) and "'" not in str(err.value) and '"' not in str(err.value)


def test_a_typed_day_that_does_not_exist_is_refused() -> None:
    with pytest.raises(ValueError, match="没有这一天"):
        read_typed_date("2026/2/30")
