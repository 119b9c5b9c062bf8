"""The figures taken in a real terminal (benchmarks/terminal.py: a pty read into pyte, 120×40).

First paint: from just before the process is created to the moment the bytes that put the first
row of the home list on screen were read (for the app, the newest round's id; for the minimal app
of benchmarks/minimal.py, its first row). The app is the real `checklist-tui --data DIR` process.

Keypress: the stepper of a round being answered (`checklist-tui --data DIR open ROUND`), on a 是非项;
the key `1` (符合) goes into the pty and the clock stops when the next item's card header
(`S1.03 · 第 3/28 项`) is on screen. Before each key the screen has been quiet for 0.15 s (the
previous save's status line painted). Number items are stepped over with `j`, untimed; at the end
the cursor goes back with `k`. The minimal app's `1` moves its card line the same way. After the
last key the app quits with ctrl+q and every answered item is read back from its round file.
"""

from __future__ import annotations

import statistics
from pathlib import Path

from terminal import POSITION, Terminal
from workspace import app_command, child_env

from checklist_tui.domain.checklist import Item
from checklist_tui.domain.ids import round_number
from checklist_tui.domain.round import VOID
from checklist_tui.storage.store import Store

HERE = Path(__file__).resolve().parent
MINIMAL = [__import__("sys").executable, str(HERE / "minimal.py")]


def first_paint_once(command: list[str], marker: str) -> tuple[float, float | None]:
    """Seconds from spawn to `marker` on screen, and the process's peak RSS in MiB."""
    terminal = Terminal(command, child_env())
    try:
        shown = terminal.wait_for(marker, timeout=120)
    finally:
        terminal.close()
    return shown - terminal.started, terminal.peak_mib


def newest_round(folder: Path) -> str:
    """The home list's first row: the newest round that is not void (by number: R10000 is newer
    than R9999), read without writing to the folder."""
    listed = [f.id for f in Store(folder).figures(write=False).rounds if f.status != VOID]
    return max(listed, key=round_number)


def first_paint(folder: Path, runs: int, warmup: int = 1) -> dict[str, list[float]]:
    """Alternating samples of the app on `folder` and the minimal app: seconds and peak MiB each."""
    sides = {"app": ([*app_command(), "--data", str(folder)], newest_round(folder)),
             "minimal": (MINIMAL, "R0000")}
    out: dict[str, list[float]] = {"app": [], "minimal": [], "app_mib": [], "minimal_mib": []}
    for n in range(warmup + runs):
        for name in (("app", "minimal") if n % 2 else ("minimal", "app")):
            seconds, mib = first_paint_once(*sides[name])
            if n >= warmup:
                out[name].append(seconds)
                out[f"{name}_mib"].append(mib or 0.0)
    return out


def _card(screen: str) -> tuple[str, int, int] | None:
    found = POSITION.search(screen)
    return (found.group(1), int(found.group(2)), int(found.group(3))) if found else None


def _header(item: Item, position: int, total: int) -> str:
    return f"{item.id} · 第 {position}/{total} 项"


def app_keys(folder: Path, round_id: str, presses: int) -> tuple[list[float], list[str]]:
    """Seconds per answer key in the real app's stepper, and the items answered."""
    items = Store(folder).load_round(round_id).checklist.items
    total = len(items)
    terminal = Terminal([*app_command(), "--data", str(folder), "open", round_id], child_env())
    times: list[float] = []
    answered: list[str] = []
    try:
        terminal.wait_until(lambda s: _card(s) is not None, "the stepper's item card", timeout=120)
        card = _card(terminal.text())
        assert card is not None
        index = [item.id for item in items].index(card[0])
        while len(times) < presses:
            target = next((i for i in range(index, total - 1) if not items[i].needs_value), None)
            if target is None:  # nothing answerable before the last item: back to the first
                target = next(i for i in range(total - 1) if not items[i].needs_value)
            if target != index:
                terminal.send(("j" if target > index else "k") * abs(target - index))
                terminal.wait_for(_header(items[target], target + 1, total))
                index = target
            terminal.settle()
            sent = terminal.send("1")
            shown = terminal.wait_for(_header(items[index + 1], index + 2, total), timeout=30)
            times.append(shown - sent)
            answered.append(items[index].id)
            index += 1
        terminal.settle()
    finally:
        terminal.close()
    return times, answered


def minimal_keys(presses: int) -> list[float]:
    from minimal import item_line

    terminal = Terminal(MINIMAL, child_env())
    times: list[float] = []
    try:
        terminal.wait_for(item_line(1), timeout=60)
        for n in range(presses):
            terminal.settle()
            sent = terminal.send("1")
            times.append(terminal.wait_for(item_line(n + 2)) - sent)
    finally:
        terminal.close()
    return times


def keypress(folder: Path, round_id: str, blocks: int, presses: int) -> dict[str, float]:
    """terminal_keypress_ms (median), the very first key, and the minimal app's median."""
    app: list[float] = []
    bare: list[float] = []
    first: float | None = None
    answered: list[str] = []
    for _ in range(blocks):
        bare.extend(minimal_keys(presses))
        times, items = app_keys(folder, round_id, presses)
        first = times[0] if first is None else first
        app.extend(times)
        answered.extend(items)
    stored = Store(folder).load_round(round_id).answers
    wrong = sorted({i for i in answered if stored.get(i) is None or stored[i].answer != "pass"})
    if wrong:
        raise RuntimeError(f"not stored as 符合 after the real-terminal keys: {', '.join(wrong)}")
    return {"terminal_keypress_ms": statistics.median(app) * 1000,
            "terminal_keypress_first_ms": (first or 0.0) * 1000,
            "terminal_keypress_minimal_ms": statistics.median(bare) * 1000}
