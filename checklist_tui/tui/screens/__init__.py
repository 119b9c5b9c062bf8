"""The screens of the TUI, one file each, each imported on first use: the home screen's first
paint never waits for the stepper's, the help's or the board's code."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from checklist_tui.tui.screens.help import HelpScreen
    from checklist_tui.tui.screens.home import HomeScreen
    from checklist_tui.tui.screens.stepper import StepperScreen

__all__ = ["HelpScreen", "HomeScreen", "StepperScreen"]
_MODULES = {"HelpScreen": "help", "HomeScreen": "home", "StepperScreen": "stepper"}


def __getattr__(name: str) -> Any:
    if name not in _MODULES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_MODULES[name]}"), name)
