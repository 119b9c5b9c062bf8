"""One rule for a number a person types (the stepper's value field, a sheet's value cell).

What a Chinese office user types, and nothing else: ASCII or full-width digits (`９５`), an optional
sign, a decimal point (`.` or `．`), a trailing `%` or `％` (the unit is the item's; the sign is
only tolerated), and thousands separators only as `1,000` / `１，０００` — groups of exactly three.
`9,5`, `1,5`, `9_5`, `95%%`, `1e3`, a lone `%` or `,` are refused, never reinterpreted: `9,5`
could be 9.5 (a European decimal comma) or 95, and guessing stores a wrong figure silently.
"""

from __future__ import annotations

import math
import re

_FULL_WIDTH = str.maketrans("０１２３４５６７８９．，％－＋", "0123456789.,%-+")
_NUMBER = re.compile(r"\A([+-]?)([0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)?(\.[0-9]+)?%?\Z")
MAX_TYPED_LENGTH = 40  # longer than any figure an office reports: refused before any conversion


NUMBER_HINT = "可填 95、96.5、95%、1,000（千位分隔须每三位一组，不能用 9,5 表示小数）"


class TypedNumberError(ValueError):
    """The text is not a number by the rule above; the message says what to type instead."""

    def __init__(self, shown: str):
        self.shown = shown
        super().__init__(f"「{shown}」不是数字；{NUMBER_HINT}")


def parse_typed_number(text: str) -> float | None:
    """The number in `text`, None when it is blank; TypedNumberError (Chinese message) otherwise."""
    stripped = text.strip()
    if not stripped:
        return None
    plain = stripped.translate(_FULL_WIDTH)
    match = _NUMBER.match(plain) if len(plain) <= MAX_TYPED_LENGTH else None
    if match is None or (match.group(2) is None and match.group(3) is None):
        shown = stripped if len(stripped) <= MAX_TYPED_LENGTH else stripped[:MAX_TYPED_LENGTH] + "…"
        raise TypedNumberError(shown)
    number = float(plain.rstrip("%").replace(",", ""))
    if not math.isfinite(number):  # cannot happen within MAX_TYPED_LENGTH digits, kept as a guard
        raise TypedNumberError(stripped)
    return number
