"""Plain helpers for the Pilot tests of the app (fixtures live in conftest.py)."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

import checklist_tui.tui.app

# A test app showing one screen on its own still needs the app's styles.
APP_CSS = str(Path(checklist_tui.tui.app.__file__).with_name(checklist_tui.tui.app.ChecklistApp.CSS_PATH))


async def settle(pilot: Pilot) -> None:
    """Let workers finish and their messages be handled (saves, loads, refreshes)."""
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def screen_text(pilot: Pilot) -> str:
    """What the terminal shows right now, as plain text (one line per row)."""
    strips = pilot.app.screen._compositor.render_strips()
    return "\n".join(strip.text for strip in strips)


async def wait_until(pilot: Pilot, condition, seconds: float = 10.0) -> bool:
    """Pause in small steps until `condition()` holds; False if it never does (bounded wait)."""
    steps = int(seconds / 0.05)
    for _ in range(steps):
        if condition():
            return True
        await pilot.pause(0.05)
    return condition()


def notices(pilot: Pilot) -> str:
    """Titles and messages of the notifications raised so far (run_test does not draw toasts)."""
    return "\n".join(f"{n.title} {n.message}" for n in pilot.app._notifications)
