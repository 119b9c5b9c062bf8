"""`run.py --scale`: the county's sizes (issue #15). At 200, 1,000 and 5,000 demo rounds
(`checklist-tui demo --rounds N`): `rounds`, `summary`, `ledger`, `draft --year <last year>` and
`county summary` over 23 town bundles, each a whole process ÷ the minimal app's whole process
(headless, start → paint → exit), and the TUI's first paint in a real terminal ÷ the minimal
app's; the peak memory (RSS) of each; and saving one answer with 5,000 rounds on disk ÷ with 1.

At each size the minimal app and every command run in turn, one of each per sample, in a rotating
order, so a noisy moment of the machine falls on all alike; medians are taken, peak is the largest.
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import terminal
import terminal_figures
from workspace import HERE, Workspace, app_command, cli, has_command

SIZES = (200, 1000, 5000)
TOWNS = 23
COMMANDS = ("rounds", "summary", "ledger", "draft", "county")
TITLES = {"rounds": "rounds", "summary": "summary", "ledger": "ledger", "draft": "draft --year",
          "county": f"county summary ({TOWNS} bundles)", "tui": "TUI first paint (terminal)"}
# bars at 5,000 rounds (issue #15): ratio to the minimal app, and peak MiB for every row
RATIO_BARS = {"rounds": 3.0, "summary": 5.0, "ledger": 5.0, "draft": 4.0, "county": 6.0, "tui": 2.0}
TUI_BAR_200 = 1.5
PEAK_BAR_MIB = 150.0
SAVE_FLATNESS_BAR = 1.5


def county_bundles(ws: Workspace, rounds: int) -> list[Path] | None:
    """23 town bundles holding `rounds` rounds between them (`demo --rounds N --towns 23`, then
    `bundle` in each town's folder), or None (with a note) while this checkout lacks the commands."""
    if not (has_command("bundle") and has_command("county")):
        note = "county summary skipped: this checkout has no `bundle`/`county` command yet"
        if note not in ws.notes:
            ws.notes.append(note)
        return None

    def towns(folder: Path) -> None:
        done = cli("--data", str(folder), "demo", "--rounds", str(rounds), "--towns", str(TOWNS))
        if done.returncode != 0:
            raise RuntimeError(f"demo --towns {TOWNS} exited {done.returncode}:\n{done.stderr[-2000:]}")

    def bundles(folder: Path) -> None:
        folder.mkdir()
        for town in sorted(p for p in made.iterdir() if p.is_dir()):
            done = cli("--data", str(town), "bundle", "-o", str(folder / f"{town.name}.zip"))
            if done.returncode != 0:
                raise RuntimeError(f"bundle of {town.name} exited {done.returncode}:\n{done.stderr[-2000:]}")

    made = ws.cached(f"towns-{rounds}", towns)
    found = sorted(ws.cached(f"bundles-{rounds}", bundles).glob("*.zip"))
    if len(found) != TOWNS:
        ws.notes.append(f"demo --towns {TOWNS} with {rounds} rounds made {len(found)} town bundles")
    return found


def commands(ws: Workspace, rounds: int) -> dict[str, list[str]]:
    folder = str(ws.demo_folder(rounds))
    data = [*app_command(), "--data", folder]
    out = {"rounds": [*data, "rounds"], "summary": [*data, "summary"], "ledger": [*data, "ledger"],
           "draft": [*data, "draft", "--year", str(dt.date.today().year - 1)]}
    bundles = county_bundles(ws, rounds)
    if bundles is not None:
        out["county"] = [*app_command(), "county", "summary", *map(str, bundles)]
    return out


def at_size(ws: Workspace, rounds: int, timed: Callable[[list[str], bool], dict[str, Any]],
            runs: int) -> dict[str, float]:
    """Every row at one size: seconds, × minimal, peak MiB."""
    sides: dict[str, Callable[[], tuple[float, float | None]]] = {}
    minimal = [sys.executable, str(HERE / "first_paint.py"), "minimal"]

    def process(command: list[str]) -> Callable[[], tuple[float, float | None]]:
        def sample() -> tuple[float, float | None]:
            result = timed(command, False)
            return result["exit"], result["peak_mib"]
        return sample

    sides["minimal"] = process(minimal)
    for name, command in commands(ws, rounds).items():
        sides[name] = process(command)
    folder = ws.demo_folder(rounds)
    if terminal.available():
        app = [*app_command(), "--data", str(folder)]
        newest = terminal_figures.newest_round(folder)
        sides["tui"] = lambda: terminal_figures.first_paint_once(app, newest)
        sides["tui_minimal"] = lambda: terminal_figures.first_paint_once(terminal_figures.MINIMAL, "R0000")
    names = list(sides)
    samples: dict[str, list[tuple[float, float]]] = {name: [] for name in names}
    for n in range(1 + runs):  # the first round of samples warms the file cache, dropped
        shift = n % len(names)
        for name in names[shift:] + names[:shift]:
            seconds, mib = sides[name]()
            if n:
                samples[name].append((seconds, mib or 0.0))
    out: dict[str, float] = {}
    med = {name: statistics.median(s for s, _ in samples[name]) for name in names}
    for name in names:
        if name in ("minimal", "tui_minimal"):
            continue
        base = med["tui_minimal" if name == "tui" else "minimal"]
        out[f"scale_{name}_{rounds}_s"] = med[name]
        out[f"scale_{name}_{rounds}_ratio"] = med[name] / base
        out[f"scale_{name}_{rounds}_mib"] = max(m for _, m in samples[name])
    out[f"scale_minimal_{rounds}_s"] = med["minimal"]
    if "tui_minimal" in med:
        out[f"scale_tui_minimal_{rounds}_s"] = med["tui_minimal"]
    return out


def scale(ws: Workspace, timed: Callable[[list[str], bool], dict[str, Any]],
          save_flatness: Callable[[Workspace, int], dict[str, float]], runs: int,
          sizes: tuple[int, ...] = SIZES) -> dict[str, float]:
    out: dict[str, float] = {}
    for rounds in sizes:
        out.update(at_size(ws, rounds, timed, runs))
    out.update(save_flatness(ws, max(sizes)))
    if not terminal.available():
        ws.notes.append("TUI first paint skipped: pyte is missing (pip install -e '.[bench]')")
    return out


def mark(ok: bool) -> str:
    return "✓" if ok else "✗"


def table(results: dict[str, float], sizes: tuple[int, ...] = SIZES) -> list[str]:
    """The scale table as text lines: a row per command, a column per size, the bars at the end
    (the bars are for 5,000 rounds; at a smaller largest size they are shown against that)."""
    top = max(sizes)
    head = f"{'× minimal app · peak MiB':<34}" + "".join(f"{f'{n:,} rounds':>26}" for n in sizes)
    lines = [head + f"   bar (5,000 rounds; here {top:,})"]
    for name in (*COMMANDS, "tui"):
        cells, verdict = [], ""
        for rounds in sizes:
            ratio = results.get(f"scale_{name}_{rounds}_ratio")
            if ratio is None:
                cells.append(f"{'—':>26}")
                continue
            seconds, mib = results[f"scale_{name}_{rounds}_s"], results[f"scale_{name}_{rounds}_mib"]
            cells.append(f"{f'{seconds:.2f} s {ratio:5.2f}× {mib:4.0f} MiB':>26}")
        ratio = results.get(f"scale_{name}_{top}_ratio")
        if ratio is not None:
            mib = results[f"scale_{name}_{top}_mib"]
            verdict = (f"≤ {RATIO_BARS[name]:g}× {mark(ratio <= RATIO_BARS[name])}"
                       f"  ≤ {PEAK_BAR_MIB:g} MiB {mark(mib <= PEAK_BAR_MIB)}")
            tui_200 = results.get("scale_tui_200_ratio")
            if name == "tui" and tui_200 is not None:
                verdict += f"  ≤ {TUI_BAR_200:g}× at 200 {mark(tui_200 <= TUI_BAR_200)}"
        lines.append(f"{TITLES[name]:<34}" + "".join(cells) + "   " + verdict)
    flat = results.get(f"save_flatness_{top}", results.get("save_flatness") if top == 500 else None)
    if flat is not None:
        lines.append(f"{f'save one answer, {top:,} ÷ 1 round':<34}{flat:>26.2f}"
                     f"   ≤ {SAVE_FLATNESS_BAR:g} {mark(flat <= SAVE_FLATNESS_BAR)}"
                     f"  ({results[f'save_ms_{top}']:.2f} ms ÷ {results['save_ms_1']:.2f} ms)")
    return lines
