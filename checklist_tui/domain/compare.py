"""Comparing two rounds of one checklist, item by item (`summary --compare R1 R2`): what got
better, what got worse and what newly fails. How it is printed is reports.across_rounds'."""

from __future__ import annotations

from dataclasses import dataclass

from checklist_tui.domain.answers import answer_text
from checklist_tui.domain.round import Round
from checklist_tui.domain.scoring import Answer, item_value
from checklist_tui.errors import BadInput

__all__ = ["Comparison", "ItemChange", "compare_rounds"]


@dataclass(frozen=True)
class ItemChange:
    item: str
    text: str
    before: Answer | None
    after: Answer | None
    before_text: str
    after_text: str


@dataclass(frozen=True)
class Comparison:
    """R1 → R2 of one checklist. The three lists do not overlap: an item that newly failed is
    listed there and not again under worse."""

    before: Round
    after: Round
    better: tuple[ItemChange, ...]
    worse: tuple[ItemChange, ...]
    newly_failed: tuple[ItemChange, ...]


def compare_rounds(before: Round, after: Round) -> Comparison:
    """Items answered in both rounds whose value went up or down; items that failed in R2 but
    had not failed in R1 (unanswered or n/a in R1 included). Items are matched by id."""
    if before.meta.checklist != after.meta.checklist:
        raise BadInput(f"只能对比同一检查表的两个批次：{before.id} 是 {before.meta.checklist}，"
                         f"{after.id} 是 {after.meta.checklist}")
    better, worse, newly = [], [], []
    known = {item.id for item in before.checklist.items}
    for item in after.checklist.items:
        if item.id not in known:
            continue
        a1, a2 = before.answers.get(item.id), after.answers.get(item.id)
        old_item = before.checklist.item(item.id)
        change = ItemChange(item.id, item.text, a1, a2, answer_text(old_item, a1), answer_text(item, a2))
        v1 = item_value(old_item, a1) if a1 is not None and a1.given else None
        v2 = item_value(item, a2) if a2 is not None and a2.given else None
        if a2 is not None and a2.answer == "fail" and (a1 is None or a1.answer != "fail"):
            newly.append(change)
        elif v1 is not None and v2 is not None and v2 > v1:
            better.append(change)
        elif v1 is not None and v2 is not None and v2 < v1:
            worse.append(change)
    return Comparison(before, after, tuple(better), tuple(worse), tuple(newly))
