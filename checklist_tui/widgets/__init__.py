"""Reusable pieces of the TUI; they post messages and never touch the store."""

from .confirm import ConfirmDialog
from .item_card import AnswerPanel, ItemCard
from .section_tree import SectionTree
from .text_prompt import FieldPrompt

__all__ = ["AnswerPanel", "ConfirmDialog", "FieldPrompt", "ItemCard", "SectionTree"]
