"""The screens of the TUI, one file each (board and summary are imported lazily by the app)."""

from .help import HelpScreen
from .home import HomeScreen
from .new_round import NewRoundScreen
from .stepper import StepperScreen

__all__ = ["HelpScreen", "HomeScreen", "NewRoundScreen", "StepperScreen"]
