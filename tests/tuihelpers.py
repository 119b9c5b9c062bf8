"""Plain helpers for the Pilot tests of the app (fixtures live in conftest.py), on Textual's
public API where there is one: notifications from `App.notify` (recorded by tests/conftest.py),
and cursors stop blinking so snapshots are the same each run."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from weakref import WeakKeyDictionary

from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input

import checklist_tui.tui.app

# A test app showing one screen on its own still needs the app's styles.
APP_CSS = str(Path(checklist_tui.tui.app.__file__).with_name(checklist_tui.tui.app.ChecklistApp.CSS_PATH))

# "title message" of every notification, per app (run_test draws no toasts, and toasts time out).
NOTICES: WeakKeyDictionary[App[object], list[str]] = WeakKeyDictionary()


async def settle(pilot: Pilot) -> None:
    """Let workers finish and their messages be handled (saves, loads, refreshes); cursors in
    every field stop blinking, so a snapshot does not catch one half-way."""
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
    for screen in pilot.app.screen_stack:
        for field in screen.query(Input):
            field.cursor_blink = False


def screen_text(pilot: Pilot) -> str:
    """What the terminal shows right now, as plain text (one line per row). Still Textual's private
    compositor: export_screenshot's SVG was tried and loses the footer's layout."""
    strips = pilot.app.screen._compositor.render_strips()
    return "\n".join(strip.text for strip in strips)


async def wait_until(pilot: Pilot, condition: Callable[[], bool], seconds: float = 10.0) -> bool:
    """Pause in small steps until `condition()` holds; False if it never does (bounded wait)."""
    steps = int(seconds / 0.05)
    for _ in range(steps):
        if condition():
            return True
        await pilot.pause(0.05)
    return condition()


def notices(pilot: Pilot) -> str:
    """Titles and messages of the notifications raised so far."""
    return "\n".join(NOTICES.get(pilot.app, []))
