"""Reusable pieces of the TUI; they post messages and never touch the store."""

from checklist_tui.tui.widgets.item_card import AnswerPanel, ItemCard
from checklist_tui.tui.widgets.section_tree import SectionTree
from checklist_tui.tui.widgets.text_prompt import FieldPrompt

__all__ = ["AnswerPanel", "FieldPrompt", "ItemCard", "SectionTree"]
