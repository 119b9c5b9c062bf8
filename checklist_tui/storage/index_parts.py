"""The values of the index's part lines (storage/index.py) made into figures: "s" the score and
the critical items' questions, "a" the answer keys, "r" the rectification items. A value of the
wrong shape raises ValueError (index_shape.py): the part is then taken from the round file."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from checklist_tui.domain import loop
from checklist_tui.domain.round_figures import AnswerKey, Details
from checklist_tui.domain.scoring import RoundScore, SectionScore, Tally
from checklist_tui.storage.index_shape import finite, points, text, whole


def _tally(values: Any) -> Tally:
    score, answered, total, na = values
    return Tally(finite(score), whole(answered), whole(total), whole(na))


def _details(data: Any) -> Details:
    sections = tuple(SectionScore(text(i), text(title), _tally(rest)) for i, title, *rest in data["sections"])
    bonus = tuple((text(item), points(earned)) for item, earned in data["bonus_items"])
    grade = data["grade"]
    score = RoundScore(_tally(data["tally"]), grade if grade is None else text(grade),
                       tuple(map(text, data["critical_failed"])), sections, bonus,
                       tuple(map(text, data["legacy_partial"])))
    texts = {text(k): text(v) for k, v in data["texts"].items()}
    if set(texts) != set(score.critical_failed):
        raise ValueError("texts")
    return Details(score, texts)


def _answers(data: Any) -> dict[str, AnswerKey]:
    """Item → (answer key, value, whether the round's checklist has the item)."""
    found = {}
    for item, (answer, value, known) in data.items():
        if not isinstance(known, bool):
            raise ValueError(known)
        found[text(item)] = AnswerKey(answer if answer is None else text(answer), finite(value), known)
    return found


_SHARED: dict[str, str] = {}  # one copy of the words items repeat (states, names, set phrases)
_SHARED_WORDS = ("from", "to", "by", "comment", "evidence", "action")


def _shared(words: str) -> str:
    if len(_SHARED) > 200_000:
        _SHARED.clear()
    return _SHARED.setdefault(words, words)


def _rects(data: Any) -> list[loop.Rectification]:
    if not isinstance(data, list):
        raise ValueError("rects")
    for doc in data:  # thousands of items say 已通报, 张三, 同意销号 again: keep those words once
        steps = doc.get("history") if isinstance(doc, dict) else None
        for step in steps if isinstance(steps, list) else ():
            if isinstance(step, dict):
                for key in _SHARED_WORDS:
                    if isinstance(step.get(key), str):
                        step[key] = _shared(step[key])
    return [loop.Rectification.from_dict(doc) for doc in data]


CONVERT: dict[str, Callable[[Any], Any]] = {"s": _details, "a": _answers, "r": _rects}
