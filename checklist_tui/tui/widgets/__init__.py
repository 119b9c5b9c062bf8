"""Reusable pieces of the TUI; they post messages and never touch the store. Each is imported on
first use, so the home screen (which needs only `cells`) starts without the stepper's widgets."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from checklist_tui.tui.widgets.item_card import AnswerPanel, ItemCard
    from checklist_tui.tui.widgets.section_tree import SectionTree
    from checklist_tui.tui.widgets.text_prompt import FieldPrompt

__all__ = ["AnswerPanel", "FieldPrompt", "ItemCard", "SectionTree"]
_MODULES = {"AnswerPanel": "item_card", "ItemCard": "item_card", "SectionTree": "section_tree",
            "FieldPrompt": "text_prompt"}


def __getattr__(name: str) -> Any:
    if name not in _MODULES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_MODULES[name]}"), name)
