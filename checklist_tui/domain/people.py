"""People's names as the forms take them (经办人, 责任人, 责任领导, 复核人).

A name is short and is not a sentence: 王晓丽, 欧阳明, 阿依古丽·买买提, Li Ming. Text with sentence
punctuation, digits or a line break, or longer than `LONGEST` characters, is a note typed into the
wrong field: the forms say so before saving, and such text never becomes the name the app offers
in the next form.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial

LONGEST = 20  # characters: the longest names with a middle dot stay well under it
_NOT_IN_A_NAME = re.compile(r"[\d\n\r\t，。、；：！？,;:!?（）()《》“”\"「」【】/\\]")


def person_name_problem(text: str, label: str = "经办人") -> str | None:
    """Why `text` is not a person's name (said under the form's fields), or None; blank is None
    (whether the field is required is the loop's rule, said on saving)."""
    name = text.strip()
    if not name:
        return None
    if len(name) > LONGEST or _NOT_IN_A_NAME.search(name):
        return f"{label}请只填写人员姓名（如王晓丽），不要写说明"
    return None


def is_person_name(text: str) -> bool:
    """A name worth offering again: not blank, and `person_name_problem` finds nothing."""
    return bool(text.strip()) and person_name_problem(text) is None


def name_check(label: str) -> Callable[[str], str | None]:
    """A form's check of a people field labelled `label`: said as soon as it is typed."""
    return partial(person_name_problem, label=label)
