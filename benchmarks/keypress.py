"""A child process for `keypress_ms`: time answer keys in the stepper, in Pilot; print JSON.

    python benchmarks/keypress.py DATA_DIR ROUND_ID [--blocks N] [--presses N]

Each sample: the key `1` (符合 on a 是非项) goes in, then we wait for the stepper's `Saved`
message (the store has written the answer; seen through run_test's message hook), then
`await pilot.pause(0)`, which waits for the screen to handle what is pending and paints it.
Items that take a number are stepped over with `j` (untimed); at the last item the cursor goes
back to the first with `k`.

The key goes in two ways, alternately: `keypress_ms` hands a Key event to the driver exactly as
`pilot.press` does, but without what `pilot.press` adds after it: two waits for the process to
look idle, each sleeping at least 20 ms, so no key timed through `pilot.press` can be under one
frame. `keypress_pilot_ms` is the same sample through `pilot.press` itself, for information.
The baselines, for information, are the same two ways of pressing a bare key in a minimal app
whose action changes one line of text (`keypress_bare_ms`, `keypress_pilot_overhead_ms`).
Blocks of the minimal app and the stepper alternate, each in a fresh app; the first two presses
of each block are dropped. Afterwards every answered item is read back from the store.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from textual import events
from textual.app import App, ComposeResult
from textual.message import Message
from textual.pilot import Pilot
from textual.widgets import Footer, Header, Static

from checklist_tui.storage.store import Store
from checklist_tui.tui.app import make_app
from checklist_tui.tui.screens.answer_saves import Saved
from checklist_tui.tui.screens.stepper import StepperScreen

SIZE = (120, 40)
TODAY = dt.date(2025, 12, 31)
SAVE_TIMEOUT = 10.0
WARMUP = 2  # presses dropped at the start of each block, one of each way


async def press(pilot: Pilot[object], key: str, through_pilot: bool) -> None:
    """`pilot.press(key)`, or the Key event alone, handed to the driver as pilot.press does."""
    if through_pilot:
        await pilot.press(key)
        return
    event = events.Key(key, key)
    event.set_sender(pilot.app)
    assert pilot.app._driver is not None
    pilot.app._driver.send_message(event)


class BareApp(App[None]):
    BINDINGS = [("1", "bump", "一")]  # noqa: RUF012

    def __init__(self) -> None:
        super().__init__()
        self.bumped = asyncio.Event()

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("0", id="count")
        yield Footer()

    def action_bump(self) -> None:
        count = self.query_one("#count", Static)
        count.update(str(int(str(count.content)) + 1))
        self.bumped.set()


Times = dict[bool, list[float]]  # through pilot.press? → seconds per sample


async def bare_block(presses: int, times: Times) -> None:
    app = BareApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for n in range(presses + WARMUP):
            through_pilot = bool(n % 2)
            app.bumped.clear()
            start = time.perf_counter()
            await press(pilot, "1", through_pilot)
            await app.bumped.wait()
            await pilot.pause(0)
            if n >= WARMUP:
                times[through_pilot].append(time.perf_counter() - start)


async def wait_for(pilot: Pilot[object], ready: Callable[[], bool], what: str,
                   timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not ready():
        if time.monotonic() > deadline:
            raise TimeoutError(what)
        await pilot.pause(0.001)


async def move(pilot: Pilot[object], screen: StepperScreen, to: int) -> None:
    """Untimed: `j`/`k` until the cursor is on item number `to`."""
    key = "j" if to > screen.index else "k"
    for _ in range(abs(to - screen.index)):
        await press(pilot, key, through_pilot=False)
    await wait_for(pilot, lambda: screen.index == to, f"the cursor did not reach item {to}")


async def to_answerable(pilot: Pilot[object], screen: StepperScreen) -> None:
    """Move to the next item `1` answers (a 是非项), going back to the first at the end."""
    items, index = screen.items, screen.index
    order = [*range(index, len(items)), *range(index)]
    if index == len(items) - 1:  # `1` on the last item saves but does not move: start again
        order = list(range(len(items)))
    target = next(i for i in order if not items[i].needs_value)
    if target != index:
        await move(pilot, screen, target)


async def app_block(data_dir: Path, round_id: str, presses: int, answered: list[str], times: Times) -> None:
    saved = asyncio.Event()
    errors: list[str] = []

    def hook(message: Message) -> None:
        if isinstance(message, Saved):
            if message.error is not None:
                errors.append(message.error)
            saved.set()

    app = make_app(data_dir, open_round=round_id, today=TODAY)
    async with app.run_test(size=SIZE, message_hook=hook) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, StepperScreen) and app.screen.record is not None,
                       "the stepper did not open")
        screen = app.screen
        assert isinstance(screen, StepperScreen)
        await pilot.pause()
        for n in range(presses + WARMUP):
            through_pilot = bool(n % 2)
            await to_answerable(pilot, screen)
            await pilot.pause()
            item_id = screen.item.id if screen.item else ""
            saved.clear()
            start = time.perf_counter()
            await press(pilot, "1", through_pilot)
            try:
                await asyncio.wait_for(saved.wait(), SAVE_TIMEOUT)
            except TimeoutError:
                why = screen.locked_reason or "no Saved message"
                raise TimeoutError(f"no save of {item_id} within {SAVE_TIMEOUT} s: {why}") from None
            await pilot.pause(0)
            if n >= WARMUP:
                times[through_pilot].append(time.perf_counter() - start)
            answered.append(item_id)
    if errors:
        raise RuntimeError(f"saves failed: {errors[:3]}")


async def measure(data_dir: Path, round_id: str, blocks: int, presses: int) -> dict[str, float]:
    keys: Times = {False: [], True: []}
    bare: Times = {False: [], True: []}
    answered: list[str] = []
    for _ in range(blocks):
        await bare_block(presses, bare)
        await app_block(data_dir, round_id, presses, answered, keys)
    stored = Store(data_dir).load_round(round_id).answers
    wrong = sorted({i for i in answered if stored.get(i) is None or stored[i].answer != "pass"})
    if wrong:
        raise RuntimeError(f"not stored as 符合: {', '.join(wrong)}")
    return {"keypress_ms": statistics.median(keys[False]) * 1000,
            "keypress_pilot_ms": statistics.median(keys[True]) * 1000,
            "keypress_bare_ms": statistics.median(bare[False]) * 1000,
            "keypress_pilot_overhead_ms": statistics.median(bare[True]) * 1000}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("round_id")
    parser.add_argument("--blocks", type=int, default=7)
    parser.add_argument("--presses", type=int, default=8, help="timed presses per block, half each way")
    args = parser.parse_args(argv)
    result = asyncio.run(measure(args.data_dir, args.round_id, args.blocks, args.presses))
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
