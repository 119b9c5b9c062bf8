"""The values of the index's part lines (storage/index.py) made into figures: "s" the score and
the critical items' questions, "a" the answer keys, "r" the rectification items, "l" the same
items reduced to what the loop's figures replay. A value of the wrong shape raises ValueError
(index_shape.py): the part is then taken from the round file.

"l" (also a town bundle's, interchange/bundle_figures.py) holds per item its id, checklist, unit,
period, item, found date and per history entry `[from, to, date]`, with a fourth element, the new
due date (or null), where the entry changed the due date. That is everything `domain.metrics`
reads (state, dates, due dates, returns): a summary of 5,000 rounds reads a sixth of the bytes
of their full items. Those items have no problem text, people or comments, and serve the loop's
counts only."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from checklist_tui.domain import loop
from checklist_tui.domain.period import parse_date
from checklist_tui.domain.round_figures import AnswerKey, Details
from checklist_tui.domain.scoring import RoundScore, SectionScore, Tally
from checklist_tui.storage.index_shape import finite, points, text, whole


def _tally(values: Any) -> Tally:
    score, answered, total, na = values
    return Tally(finite(score), whole(answered), whole(total), whole(na))


def _details(data: Any, round_id: str = "") -> Details:
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


_ANSWER_KEYS: dict[Any, AnswerKey] = {}  # the few (answer, value, known) there are, one object each


def _answers(data: Any, round_id: str = "") -> dict[str, AnswerKey]:
    """Item → (answer key, value, whether the round's checklist has the item)."""
    keys = _ANSWER_KEYS
    if len(keys) > 100_000:
        keys.clear()
    found = {}
    for item, (answer, value, known) in data.items():
        key = keys.get((answer, value, known)) if type(known) is bool and type(value) is not bool else None
        if key is None or type(item) is not str:  # (True == 1: only a real bool is looked up)
            if not isinstance(known, bool):
                raise ValueError(known)
            key = keys.setdefault((answer, value, known),
                                  AnswerKey(answer if answer is None else text(answer), finite(value), known))
            text(item)
        found[item] = key
    return found


_NO_CHANGES: dict[str, dict[str, str | None]] = {}  # one for the many entries that change nothing
_STATES = frozenset((*loop.STATES, None))  # a history entry's `from` may be None (its creation)
_OPTIONAL: tuple[Any, ...] = ("", "", _NO_CHANGES, "")  # a history entry's comment, evidence, changes, action


def rect_part(rects: Iterable[loop.Rectification]) -> list[list[Any]]:
    """The items as "r" holds them: per item `[id, round, checklist, unit, period, item, problem,
    found, source, history]`, per history entry `[from, to, date, by, comment, evidence, changes,
    action]` without its empty last fields (most entries change nothing and say nothing more). A
    list by position, not `to_dict`'s objects: a third fewer bytes, and read twice as fast."""
    items = []
    for r in rects:
        history = []
        for t in r.history:
            step: list[Any] = [t.from_, t.to, t.date.isoformat(), t.by, t.comment, t.evidence,
                               {k: dict(v) for k, v in t.changes.items()}, t.action]
            while len(step) > 4 and (step[-1] == "" or step[-1] == {}):  # a None is kept as it is
                step.pop()
            history.append(step)
        items.append([r.id, r.round, r.checklist, r.unit, r.period, r.item, r.problem, r.found.isoformat(),
                      r.source, history])
    return items


_CHANGED: dict[Any, dict[str, str | None]] = {}  # one copy of each distinct change of a field


def _changes(data: Any) -> dict[str, dict[str, str | None]]:
    """A history entry's changes, each field's change the same dict as every other entry's same
    change (they are never changed, and the same unit, person or kind is set in many items:
    100,000 changes at 5,000 rounds, 4,000 of them distinct)."""
    if not data:
        return _NO_CHANGES
    if type(data) is not dict:
        raise ValueError("changes")
    if len(_CHANGED) > 100_000:
        _CHANGED.clear()
    shared = {}
    for field, change in data.items():
        if type(change) is not dict:
            raise ValueError("changes")
        shared[field] = _CHANGED.setdefault((field, *change.items()), change)
    return shared


_TEXT_OR_NONE = (str, type(None))  # a comment or evidence a file holds as null stays None, as from the file
_WORDS: dict[Any, Any] = {}  # one copy of each word the items of all rounds repeat, checked to be text


def _rects(data: Any, round_id: str = "") -> list[loop.Rectification]:
    """The items of a "r" part (`rect_part`), as `Rectification.from_dict` makes them from the
    round file; a value of the wrong shape raises, and the part is taken from the round file. The
    words items repeat (names, set phrases) are one object each (their dates too, by
    `parse_date`), and each is checked once: a ledger of 5,000 rounds reads 85,000 history entries."""
    if not isinstance(data, list):
        raise ValueError("rects")
    words, states = _WORDS, _STATES
    if len(words) > 200_000:
        words.clear()

    def word(value: Any) -> Any:  # a text (or None) seen for the first time
        if value is not None and type(value) is not str:
            raise ValueError(value)
        return words.setdefault(value, value)

    transition, rectification, no_changes = loop.Transition, loop.Rectification, _NO_CHANGES
    found = []
    for rect_id, round_of, checklist, unit, period, item, problem, found_on, source, history in data:
        steps = []
        for step in history:
            size = len(step)
            from_, to, date, by = step[0], step[1], step[2], step[3]
            if from_ not in states or to not in states or type(by) is not str or size > 8:
                raise ValueError(step)
            when = parse_date(date)
            by = words.get(by) or word(by)
            if size == 4:
                steps.append(transition(from_, to, when, by, "", "", no_changes, ""))
                continue
            comment, evidence = step[4], step[5] if size > 5 else ""
            changes, action = step[6] if size > 6 else no_changes, step[7] if size > 7 else ""
            if type(action) is not str or type(evidence) not in _TEXT_OR_NONE:
                raise ValueError(step)
            comment = words.get(comment) or word(comment)
            steps.append(transition(from_, to, when, by, comment, evidence, _changes(changes), action))
        if not steps or not all(type(v) is str for v in (rect_id, round_of, unit, period, problem, source)):
            raise ValueError(rect_id)
        found.append(rectification(rect_id, round_of, word(checklist), words.get(unit) or word(unit),
                                   words.get(period) or word(period), word(item), problem,
                                   parse_date(found_on), tuple(steps),
                                   words.get(source) or word(source)))
    return found


def loop_part(rects: Iterable[loop.Rectification]) -> list[list[Any]]:
    """The items as the loop's figures replay them ("l", see the module)."""
    items = []
    for r in rects:
        history = []
        for t in r.history:
            step: list[Any] = [t.from_, t.to, t.date.isoformat()]
            if "due" in t.changes:
                step.append(t.changes["due"].get("to"))
            history.append(step)
        items.append([r.id, r.checklist, r.unit, r.period, r.item, r.found.isoformat(), history])
    return items


_DUE_SET: dict[Any, dict[str, dict[str, str | None]]] = {}  # a loop item's "changed the due date to"


def loop_rects(data: Any, round_id: str) -> list[loop.Rectification]:
    """Items from a "l" part: their states, dates and due dates, nothing else (see the module)."""
    if not isinstance(data, list):
        raise ValueError("l")
    due_set, states = _DUE_SET, _STATES
    if len(due_set) > 100_000:
        due_set.clear()
    transition, rectification, no_changes = loop.Transition, loop.Rectification, _NO_CHANGES

    def due(value: Any) -> dict[str, dict[str, str | None]]:
        if value is not None and type(value) is not str:
            raise ValueError(value)
        return due_set.setdefault(value, {"due": {"to": value}})

    rects = []
    for rect_id, checklist, unit, period, item, found, history in data:
        steps = []
        for step in history:
            from_, to, date = step[0], step[1], step[2]
            if to not in states or from_ not in states:
                raise ValueError(to)
            changes = (due_set.get(step[3]) or due(step[3])) if len(step) > 3 else no_changes
            steps.append(transition(from_, to, parse_date(date), "", "", "", changes, ""))
        if not steps or not (type(rect_id) is type(unit) is type(period) is str):
            raise ValueError(rect_id)
        rects.append(rectification(rect_id, round_id, checklist, unit, period, item, "",
                                   parse_date(found), tuple(steps), ""))
    return rects


CONVERT: dict[str, Callable[[Any, str], Any]] = {"s": _details, "a": _answers, "r": _rects, "l": loop_rects}
"""Each part's value made into figures, given the value and the round's id."""
