"""Keys that come in one burst are taken in the order they were typed, as if typed slowly.

Textual reads each key in the app and posts it to the focused widget's own queue; a key the widget
does not take as text comes back up to the app, which then runs its binding against whatever has the
focus by then. In a burst (a fast typist, `tmux send-keys '张三' Tab '整改措施' …`) the app reads keys
faster than the fields take them, so backspace, ←, ↓ in a list or the key that opens a form ran
after later keys, or against another field, and text landed where the focus had moved from.

`in_order` is called by the app for each key as it reads it: a key that is text for the focused
field goes to it as usual (its queue keeps the order); any other key waits until the focused widget
(the screen, when nothing has the focus) has taken in the keys before it, and then its binding runs
at once, against the focus of that moment, before the next key is read. A screen just opened (a
form) is waited for until it is mounted and has put the focus in its first field, so text typed
right after the key that opened it lands there.
"""

from __future__ import annotations

import asyncio
from typing import Any

from textual import events
from textual.app import App
from textual.message_pump import MessagePump

WAIT = 1.0  # seconds at most that a key waits for a widget or a new screen (never forever)


async def _taken_in(pump: MessagePump) -> None:
    """Until `pump` has handled every message posted to it before now (bounded by WAIT)."""
    done = asyncio.Event()
    if pump.call_later(done.set):
        try:
            await asyncio.wait_for(done.wait(), WAIT)
        except TimeoutError:
            pass


async def _mounted(app: App[Any]) -> None:
    """Until the top screen is mounted (its on_mount has placed the focus), bounded by WAIT."""
    loop = asyncio.get_running_loop()
    give_up = loop.time() + WAIT
    while not app.screen.is_mounted and loop.time() < give_up:
        await asyncio.sleep(0.005)


async def in_order(app: App[Any], event: events.Key) -> bool:
    """Take `event` (read by `app`, not yet forwarded) in its turn; True when its binding has run
    here, False when the app should go on as usual (text for the focused field, a priority binding,
    or a key no binding takes)."""
    if not app.screen.is_mounted:
        await _mounted(app)
    focused = app.focused
    if focused is not None and focused.check_consume_key(event.key, event.character):
        return False
    await _taken_in(focused or app.screen)
    active = app.screen.active_bindings.get(event.key)
    if active is None or active.binding.priority or not active.enabled:
        return False
    return await app.run_action(active.binding.action, active.node)
