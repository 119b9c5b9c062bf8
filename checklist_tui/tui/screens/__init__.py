"""The screens of the TUI, one file each (board and summary are imported lazily by the app)."""

from checklist_tui.tui.screens.help import HelpScreen
from checklist_tui.tui.screens.home import HomeScreen
from checklist_tui.tui.screens.stepper import StepperScreen

__all__ = ["HelpScreen", "HomeScreen", "StepperScreen"]
