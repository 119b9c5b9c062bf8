"""The values of the index's part lines (storage/index.py) made into figures: "s" the score and
the critical items' questions, "a" the answer keys, "r" the rectification items. A value of the
wrong shape raises ValueError (index_shape.py): the part is then taken from the round file."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from checklist_tui.domain import loop
from checklist_tui.domain.period import parse_date
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
_NO_CHANGES: dict[str, dict[str, str | None]] = {}  # one for the many entries that change nothing


def _shared(value: Any) -> Any:
    if type(value) is not str:
        return value
    if len(_SHARED) > 200_000:
        _SHARED.clear()
    return _SHARED.setdefault(value, value)


def _changes(data: Any) -> dict[str, dict[str, str | None]]:
    """A transition's changes: the dicts just read are its own (`from_dict` copies them)."""
    if not data:
        return _NO_CHANGES
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        raise ValueError("changes")
    return data


def _transition(data: Any) -> loop.Transition:
    """`Transition.from_dict`, its words and dates shared."""
    text_or = data.get
    return loop.Transition(
        from_=_shared(data["from"]), to=_shared(data["to"]), date=parse_date(data["date"]),
        by=_shared(data["by"]), comment=_shared(text_or("comment", "")),
        evidence=_shared(text_or("evidence", "")), changes=_changes(text_or("changes")),
        action=_shared(text_or("action", "") or ""))


def _rects(data: Any) -> list[loop.Rectification]:
    """`Rectification.from_dict` of each item (the same fields and defaults); a value of the wrong
    shape raises, and the part is taken from the round file."""
    if not isinstance(data, list):
        raise ValueError("rects")
    found = []
    for doc in data:
        item = doc.get("item")
        found.append(loop.Rectification(
            id=doc["id"], round=doc["round"], checklist=doc["checklist"], unit=_shared(doc["unit"]),
            period=_shared(doc["period"]), item=item, problem=doc["problem"], found=parse_date(doc["found"]),
            history=tuple(_transition(t) for t in doc["history"]),
            source=doc.get("source") or ("自查" if item else "其他")))
    return found


CONVERT: dict[str, Callable[[Any], Any]] = {"s": _details, "a": _answers, "r": _rects}
