"""One rule for typed numbers (issue 14): what a Chinese office user types, and nothing else."""

from __future__ import annotations

import pytest

from checklist_tui.domain.numbers import TypedNumberError, parse_typed_number


@pytest.mark.parametrize(("typed", "number"), [
    ("95", 95.0), ("９５", 95.0), ("95%", 95.0), ("95％", 95.0), ("９５％", 95.0), ("96.5", 96.5),
    ("９６．５", 96.5), (".5", 0.5), ("-3", -3.0), ("－３", -3.0), ("+2", 2.0), ("1,000", 1000.0),
    ("１，０００", 1000.0), ("12,345,678.25", 12345678.25), ("0", 0.0), ("  7  ", 7.0), ("\u30007", 7.0),
])
def test_what_offices_type(typed: str, number: float) -> None:
    assert parse_typed_number(typed) == number


@pytest.mark.parametrize("typed", ["", "   ", "\u3000"])
def test_blank_is_no_number(typed: str) -> None:
    assert parse_typed_number(typed) is None


@pytest.mark.parametrize("typed", [
    "9,5", "1,5", "9_5", "95%%", "%", ",", "1,0000", ",100", "1,00", "1e3", "nan", "inf", "0x10",
    "٩٥", "95 %x", "9 5", "--5", "5-", ".", "1.2.3", "1" * 41, "1,000.", "%95", "九十",
])
def test_what_would_be_reinterpreted_is_refused(typed: str) -> None:
    with pytest.raises(TypedNumberError) as caught:
        parse_typed_number(typed)
    assert "不是数字" in str(caught.value)
