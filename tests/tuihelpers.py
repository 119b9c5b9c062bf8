"""Plain helpers for the Pilot tests of the app (fixtures live in conftest.py), on Textual's
public API: the screen's text from `App.export_screenshot`, notifications from `App.notify`
(recorded by tests/conftest.py), and cursors stop blinking so snapshots are the same each run."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from pathlib import Path
from weakref import WeakKeyDictionary

from rich.cells import cell_len
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


# One <text> of Rich's SVG export: its x (cells × CHAR_WIDTH), its line (in the clip path) and its text.
_SVG_TEXT = re.compile(r'<text [^>]*?\bx="([0-9.]+)"[^>]*?-line-([0-9]+)\)"[^>]*>([^<]*)</text>')
CHAR_WIDTH = 20 * 0.61  # Rich's export_svg: a cell is 0.61 of its 20-pixel line


def screen_text(pilot: Pilot) -> str:
    """What the terminal shows right now, as plain text (one line per row, each as wide as the
    terminal), read from Textual's public `App.export_screenshot()`: each text of the SVG goes to
    the cell its x names, so wide (Chinese) characters and gaps land where the terminal has them."""
    width, height = pilot.app.size
    rows: list[list[tuple[int, str]]] = [[] for _ in range(height)]
    for x, line, text in _SVG_TEXT.findall(pilot.app.export_screenshot()):
        if int(line) < height:
            text = html.unescape(text).replace("\xa0", " ").replace("\n", "")  # a row ends in "\n"
            rows[int(line)].append((round(float(x) / CHAR_WIDTH), text))
    lines = []
    for texts in rows:
        line = ""
        for column, text in sorted(texts):
            line += " " * (column - cell_len(line)) + text
        lines.append(line + " " * (width - cell_len(line)))
    return "\n".join(lines)


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


async def burst(pilot: Pilot, *keys: str) -> None:
    """Send `keys` as a terminal does when they come in one write (`tmux send-keys '张三' Tab …`):
    every key event is queued before the app handles the first (`Pilot.press` waits after each).
    Single characters are typed as themselves; names (tab, enter, ctrl+s) as those keys."""
    from textual import events

    chars = {"tab": "\t", "enter": "\r", "space": " "}
    for key in keys:
        event = events.Key(key, key if len(key) == 1 else chars.get(key))
        event.set_sender(pilot.app)
        pilot.app.post_message(event)
    await settle(pilot)
