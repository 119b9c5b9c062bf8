"""User text at the edges: what may be saved, how stored text is shown, and how it goes into a sheet.

- Saving: a note, evidence, a problem, an owner, measures, a comment, a name must not hold terminal
  control characters (ESC and the rest of C0 but tab and line break, DEL, C1) nor lone surrogates
  (bytes that were not UTF-8): `text_problem` names what is wrong, the caller refuses (exit 2).
  A line break is kept; `\\r\\n` and a lone `\\r` become `\\n`.
- Showing: text stored before that rule (or read from an old file) is shown with each control
  character as its visible picture (ESC → ␛), never sent raw to a terminal or an export: `visible`.
- Sheets: a cell that a spreadsheet would run as a formula (=, +, -, @, tab, CR, or the full-width
  ＝ ＋ － ＠) gets a leading apostrophe, so it shows as typed: `sheet_safe`.
"""

from __future__ import annotations

import re

from checklist_tui.errors import BadInput

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_HIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")  # either of the two, in one search
_LINE_BREAK = re.compile(r"\r\n?")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def normalise_breaks(text: str) -> str:
    return _LINE_BREAK.sub("\n", text)


def text_problem(text: str) -> str | None:
    """Why `text` may not be saved, or None. Checked after `normalise_breaks`."""
    if _SURROGATE.search(text):
        return "含有无法识别的字符（不是有效的 UTF-8 文本）"
    found = _CONTROL.search(text)
    if found:
        return f"含有控制字符 U+{ord(found.group()):04X}（如终端转义符 ESC）；请删去后再保存"
    return None


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ … ␟ (␛ for ESC)
    if code == 0x7F:
        return "␡"
    return "\ufffd"


def visible(text: str) -> str:
    """`text` with every control character but tab and line break shown as a picture."""
    if not _HIDDEN.search(text):
        return text
    return _SURROGATE.sub("\ufffd", _CONTROL.sub(_picture, text.replace("\r\n", "\n")))


def all_visible(texts: list[str]) -> bool:
    """Whether `visible` would leave each of these texts as it is (one search for them all)."""
    return _HIDDEN.search("\n".join(texts)) is None


def sheet_safe(text: str) -> str:
    """A cell's text as a spreadsheet should show it: never a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


FIELD_NAMES = {"note": "说明", "evidence": "佐证材料", "by": "经办人", "problem": "问题描述",
               "comment": "说明", "owner": "责任单位", "measures": "整改措施", "reason": "作废原因",
               "person": "责任人", "leader": "责任领导", "kind": "整改类型", "goal": "整改目标",
               "reviewer": "复核人", "remark": "备注"}


def refuse_unplain(**texts: object) -> None:
    """Refuse user text holding terminal control characters or bytes that were not UTF-8."""
    for name, value in texts.items():
        problem = text_problem(value) if isinstance(value, str) else None
        if problem:
            raise BadInput(f"{FIELD_NAMES.get(name, name)} {problem}")
