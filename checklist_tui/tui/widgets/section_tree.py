"""The stepper's left pane: sections with their progress, the current section's items below it."""

from __future__ import annotations

from collections.abc import Mapping

from rich.text import Text
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from checklist_tui.domain.checklist import Checklist, Item, Section
from checklist_tui.domain.scoring import Answer

MARKS = {"pass": "✓", "partial": "◐", "fail": "✗", "na": "–", None: "·"}


def item_label(item: Item, answer: Answer | None) -> Text:
    """`✓ S1.01 是否…`: the answer mark, the id, the start of the question (as plain text)."""
    mark = MARKS.get(answer.answer if answer else None, "·")
    return Text.assemble((mark, "bold"), " ", (item.id, "bold"), " ", Text(item.text))


def section_label(section: Section, answers: Mapping[str, Answer]) -> Text:
    """`S1 3/8 (一)…`: progress first, so it survives when the title is cut short."""
    done = sum(1 for item in section.items if (a := answers.get(item.id)) is not None and a.given)
    count = f"{done}/{len(section.items)}"
    style = "bold" if done == len(section.items) else ""
    return Text.assemble((section.id, "bold"), " ", (count, style), " ", Text(section.title))


class SectionTree(Tree[str]):
    """Sections with answered/total; clicking an item asks the screen to go there."""

    class ItemChosen(Message):
        def __init__(self, item_id: str) -> None:
            self.item_id = item_id
            super().__init__()

    def __init__(self, **kwargs: object) -> None:
        super().__init__("检查项", **kwargs)  # type: ignore[arg-type]
        self.show_root = False
        self.auto_expand = False
        self.can_focus = False
        self._checklist: Checklist | None = None
        self._sections: dict[str, TreeNode[str]] = {}
        self._items: dict[str, TreeNode[str]] = {}
        self._open: str | None = None

    def show_checklist(self, checklist: Checklist, answers: Mapping[str, Answer]) -> None:
        """Build the tree afresh (a round was opened or reloaded)."""
        self.clear()
        self._checklist = checklist
        self._sections, self._items, self._open = {}, {}, None
        for section in checklist.sections:
            node = self.root.add(section_label(section, answers), data=section.id, expand=False)
            self._sections[section.id] = node
            for item in section.items:
                self._items[item.id] = node.add_leaf(item_label(item, answers.get(item.id)), data=item.id)

    def update_item(self, item: Item, answers: Mapping[str, Answer]) -> None:
        """One item's answer changed: its mark and its section's count."""
        if self._checklist is None or item.id not in self._items:
            return
        self._items[item.id].set_label(item_label(item, answers.get(item.id)))
        section = self._checklist.section_of(item.id)
        self._sections[section.id].set_label(section_label(section, answers))

    def show_current(self, item_id: str) -> None:
        """Open the section holding this item (closing the previous one) and put the cursor on it."""
        if self._checklist is None or item_id not in self._items:
            return
        section_id = self._checklist.section_of(item_id).id
        if section_id != self._open:
            if self._open is not None:
                self._sections[self._open].collapse()
            self._sections[section_id].expand()
            self._open = section_id
        node = self._items[item_id]
        self.call_after_refresh(self.move_cursor, node)

    def on_tree_node_selected(self, event: Tree.NodeSelected[str]) -> None:
        event.stop()
        data = event.node.data
        if data is not None and data in self._items:
            self.post_message(self.ItemChosen(data))
        elif data is not None and data in self._sections:
            first = self._sections[data].children
            if first and first[0].data is not None:
                self.post_message(self.ItemChosen(first[0].data))
