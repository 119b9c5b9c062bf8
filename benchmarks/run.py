"""Measured, not guessed (DESIGN §9): every figure comes from one run on this machine, and the
ratios divide by a baseline measured in the same run.

    python benchmarks/run.py            one line per figure, ✓/✗ against its bar, absolute times too
    python benchmarks/run.py --json     one JSON object: figure name → value
    python benchmarks/run.py --runs 5   fewer whole-process samples (default 7), e.g. on a busy machine
    python benchmarks/run.py --scale    the scale table at 200, 1,000 and 5,000 rounds (benchmarks/scale.py)
    python benchmarks/run.py --fresh    make the cached data folders anew (benchmarks/workspace.py)

Whole-process figures (startup_ratio, summary_ratio, summary_peak_mib) are timed from outside:
`benchmarks/proc.py` starts the child and times it from just before the child is created (so its
interpreter start and imports count, the wrapper's own start does not) to its first line on
stdout and to its exit, and reads the child's peak RSS. `benchmarks/first_paint.py` runs the app
(through cli.main, as `checklist-tui --data DIR` starts it) or the minimal Textual app of
benchmarks/minimal.py headless at 120×40 and writes that line when the first screen hands the
driver an update with its table's rows in it. `summary` runs as `checklist-tui --data DIR summary`,
stdout to /dev/null. The minimal app, the app and `summary` run in turn, one of each per sample,
in a rotating order, so a noisy moment of the machine falls on all alike; medians are taken.

The terminal_* figures drive the real process in a pseudo-terminal read into a screen emulator
(benchmarks/terminal.py, benchmarks/terminal_figures.py; pyte, from the `bench` extra): first
paint until the home list's first row is on screen, and an answer key until the next item's card
is on screen. keypress_ms is the same key in Pilot (benchmarks/keypress.py), kept beside it.

Adding a figure: write a function `(Workspace) -> dict[str, float]` that returns the figure and any
informational values (absolute medians…), append it to FIGURES and put the figure's bar in BARS.
`Workspace` (benchmarks/workspace.py) makes data folders once and caches them between runs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import operator
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
for path in (ROOT, HERE):  # run from a checkout without installing; the sibling modules too
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

import scale  # noqa: E402
import terminal  # noqa: E402
import terminal_figures  # noqa: E402
from workspace import Workspace, app_command, child_env  # noqa: E402

from checklist_tui.storage.store import Store  # noqa: E402

# figure name → (comparison, bar); a figure without a bar is printed for information only
BARS: dict[str, tuple[str, float]] = {
    "save_flatness": ("<=", 1.5),
    "startup_ratio": ("<=", 1.5),
    "terminal_startup_ratio": ("<=", 1.5),
    "keypress_ms": ("<", 16.7),
    "terminal_keypress_ms": ("<=", 16.7),
    "summary_ratio": ("<=", 2.0),
    "summary_peak_mib": ("<=", 120.0),
}
# informational values: name → what it is (printed after the figures)
NOTES: dict[str, str] = {
    "save_ms_1": "ms, median save_answer, 1 round on disk",
    "save_ms_500": "ms, median save_answer, 500 rounds on disk",
    "start_ms_app": "ms, headless: process start → home screen painted with its rows, 200 demo rounds",
    "start_ms_minimal": "ms, headless: process start → the minimal app (a 200-row table) painted",
    "terminal_start_ms_app": "ms, real terminal: spawn → home's first row on screen, 200 demo rounds",
    "terminal_start_ms_minimal": "ms, real terminal: spawn → the minimal app's first row on screen",
    "terminal_start_mib_app": "MiB, peak RSS of the app in those first-paint runs",
    "whole_ms_minimal": "ms, the minimal app's whole process (start, paint, exit): summary_ratio's baseline",
    "summary_ms": "ms, whole process `checklist-tui --data DIR summary`, 200 demo rounds",
    "terminal_keypress_first_ms": "ms, real terminal: the very first answer key of the run",
    "terminal_keypress_minimal_ms": "ms, real terminal: `1` in the minimal app until its card line moved",
    "keypress_pilot_ms": "ms, the same answer key through pilot.press (it sleeps ≥ 40 ms waiting for idle)",
    "keypress_bare_ms": "ms, a bare key in a minimal app, delivered and painted the way keypress_ms is",
    "keypress_pilot_overhead_ms": "ms, a bare key in a minimal app through pilot.press + pause(0)",
}
COMPARE: dict[str, Callable[[float, float], bool]] = {"<=": operator.le, "<": operator.lt,
                                                      ">=": operator.ge, ">": operator.gt}
PROCESS_WARMUP = 1  # whole-process samples dropped at the start (cold file cache)
KEY_ROUND = "R0200"  # of the 200-round demo: a round still being answered


def median_ms(times: list[float]) -> float:
    return statistics.median(times) * 1000


def save_flatness_at(ws: Workspace, many: int) -> dict[str, float]:
    """Median time to save one answer with `many` rounds on disk ÷ with 1 round on disk.

    The two folders are measured alternately, one save each in turn, so a noisy moment of the
    machine falls on both alike. Each save goes to R0001, an annual self-check in both folders.
    """
    stores = {1: Store(ws.plain_folder(1)), many: Store(ws.plain_folder(many))}
    items = [item for item in stores[1].load_round("R0001").checklist.items
             if item.kind == "status" and not item.critical][:20]
    times: dict[int, list[float]] = {1: [], many: []}
    for n in range(ws.samples + 10):
        item = items[n % len(items)]
        answer = ("pass", "partial", "fail")[n % 3]
        for size in (1, many) if n % 2 else (many, 1):
            start = time.perf_counter()
            stores[size].save_answer("R0001", item.id, answer=answer, note=f"第{n}次保存", by="基准测试")
            elapsed = time.perf_counter() - start
            if n >= 10:  # the first saves warm caches and make the first backup
                times[size].append(elapsed)
    small, large = median_ms(times[1]), median_ms(times[many])
    name = "save_flatness" if many == 500 else f"save_flatness_{many}"
    return {name: large / small, "save_ms_1": small, f"save_ms_{many}": large}


def save_flatness(ws: Workspace) -> dict[str, float]:
    return save_flatness_at(ws, 500)


def run_json(command: list[str]) -> dict[str, Any]:
    """Run a helper script; its last stdout line is one JSON object."""
    done = subprocess.run(command, capture_output=True, text=True, env=child_env(), check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} exited {done.returncode}:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def timed_process(command: list[str], first_line: bool) -> dict[str, Any]:
    """One whole-process sample of `command`, timed by benchmarks/proc.py (see the docstring)."""
    wrapper = [sys.executable, str(HERE / "proc.py"), *(["--first-line"] if first_line else []), "--"]
    result = run_json([*wrapper, *command])
    if result["rc"] != 0:
        raise RuntimeError(f"{' '.join(command)} exited {result['rc']}:\n{result.get('stderr', '')}")
    return result


def startup_and_summary(ws: Workspace) -> dict[str, float]:
    """startup_ratio, summary_ratio and summary_peak_mib, from whole processes, 200 demo rounds.

    startup_ratio: process start → first screen painted with its rows, the app (started as
    `checklist-tui --data DIR` is, through cli.main, headless) ÷ a minimal Textual app.
    summary_ratio: the whole `summary` process ÷ the whole minimal-app process (start, first
    paint, exit). summary_peak_mib: the largest peak RSS of the summary samples.
    """
    folder = str(ws.demo_folder(200))
    python, first_paint = sys.executable, str(HERE / "first_paint.py")
    sides = {
        "minimal": ([python, first_paint, "minimal"], True),
        "app": ([python, first_paint, "app", folder], True),
        "summary": ([*app_command(), "--data", folder, "summary"], False),
    }
    names = list(sides)
    samples: dict[str, list[dict[str, Any]]] = {name: [] for name in names}
    for n in range(PROCESS_WARMUP + ws.runs):
        for name in names[n % 3:] + names[:n % 3]:
            result = timed_process(*sides[name])
            if n >= PROCESS_WARMUP:
                samples[name].append(result)

    def median(name: str, key: str) -> float:
        return statistics.median(r[key] for r in samples[name])

    start_app, start_minimal = median("app", "first_line"), median("minimal", "first_line")
    whole_minimal, summary = median("minimal", "exit"), median("summary", "exit")
    return {"startup_ratio": start_app / start_minimal, "summary_ratio": summary / whole_minimal,
            "summary_peak_mib": max(r["peak_mib"] for r in samples["summary"]),
            "start_ms_app": start_app * 1000, "start_ms_minimal": start_minimal * 1000,
            "whole_ms_minimal": whole_minimal * 1000, "summary_ms": summary * 1000}


def key_folder(ws: Workspace, name: str) -> Path:
    """A scratch copy of the 200-round demo, whose KEY_ROUND is still being answered."""
    folder = ws.copy(ws.demo_folder(200), name)
    if Store(folder).load_round(KEY_ROUND).submitted:
        raise RuntimeError(f"{KEY_ROUND} of the demo is submitted; keypress needs a round being answered")
    return folder


def keypress(ws: Workspace) -> dict[str, float]:
    """keypress_ms: an answer key in the stepper of R0200 (200 demo rounds on disk) to
    saved-and-painted, in Pilot, in a child process (benchmarks/keypress.py)."""
    command = [sys.executable, str(HERE / "keypress.py"), str(key_folder(ws, "keypress-200")), KEY_ROUND,
               "--blocks", str(ws.runs), "--presses", "10"]
    return run_json(command)


def terminal_startup(ws: Workspace) -> dict[str, float]:
    """terminal_startup_ratio: spawn → home's first row on screen in a real terminal, 200 demo
    rounds, ÷ the minimal app's (benchmarks/terminal_figures.py)."""
    paints = terminal_figures.first_paint(ws.demo_folder(200), ws.runs)
    app, minimal = statistics.median(paints["app"]), statistics.median(paints["minimal"])
    return {"terminal_startup_ratio": app / minimal, "terminal_start_ms_app": app * 1000,
            "terminal_start_ms_minimal": minimal * 1000, "terminal_start_mib_app": max(paints["app_mib"])}


def terminal_keypress(ws: Workspace) -> dict[str, float]:
    """terminal_keypress_ms: `1` in the real app's stepper of R0200 until the next item is on screen."""
    folder = key_folder(ws, "terminal-keypress-200")
    return terminal_figures.keypress(folder, KEY_ROUND, blocks=max(1, ws.runs // 2), presses=10)


FIGURES: list[Callable[[Workspace], dict[str, float]]] = [
    save_flatness, startup_and_summary, terminal_startup, keypress, terminal_keypress]
NEEDS_TERMINAL = {"terminal_startup", "terminal_keypress"}


def verdict(name: str, value: float) -> str:
    op, bar = BARS[name]
    return f"(bar {op} {bar:g}) {'✓' if COMPARE[op](value, bar) else '✗'}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="checklist-tui benchmarks (DESIGN §9)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--samples", type=int, default=200,
                        help="save_flatness: measurements per side (default 200)")
    parser.add_argument("--runs", type=int,
                        help="whole processes per side, and keypress blocks of 10 presses (default 7; "
                             "--scale: 3)")
    parser.add_argument("--only", action="append", metavar="FIGURE",
                        help="run only the figure function with this name (repeatable)")
    parser.add_argument("--scale", action="store_true", help="the scale table at 200, 1,000 and 5,000 rounds")
    parser.add_argument("--sizes", metavar="N,N,…",
                        help="--scale at these round counts (default 200,1000,5000)")
    parser.add_argument("--fresh", action="store_true", help="make the cached data folders anew")
    args = parser.parse_args(argv)
    args.runs = args.runs or (3 if args.scale else 7)
    unknown = set(args.only or ()) - {f.__name__ for f in FIGURES}
    if unknown:
        parser.error(f"unknown figure {', '.join(sorted(unknown))}; known: "
                     f"{', '.join(f.__name__ for f in FIGURES)}")
    figures = [f for f in FIGURES if not args.only or f.__name__ in args.only]

    root = Path(tempfile.mkdtemp(prefix="checklist-tui-bench-"))
    results: dict[str, float] = {}
    try:
        ws = Workspace(root, args.samples, args.runs, fresh=args.fresh)
        if args.scale:
            sizes = tuple(int(n) for n in args.sizes.split(",")) if args.sizes else scale.SIZES
            results.update(scale.scale(ws, timed_process, save_flatness_at, args.runs, sizes))
        else:
            for figure in figures:
                if figure.__name__ in NEEDS_TERMINAL and not terminal.available():
                    ws.notes.append(f"{figure.__name__} skipped: pyte is missing "
                                    "(pip install -e '.[bench]')")
                    continue
                results.update(figure(ws))
    finally:
        shutil.rmtree(root, ignore_errors=True)

    if args.json:
        print(json.dumps({"date": dt.date.today().isoformat(), **results, "notes": ws.notes},
                         ensure_ascii=False))
        return 0
    if args.scale:
        print("\n".join(scale.table(results, sizes)))
    else:
        for name, value in results.items():
            if name in BARS:
                print(f"{name:<28} {value:8.2f}  {verdict(name, value)}")
        for name, value in results.items():
            if name not in BARS:
                print(f"  {name:<26} {value:8.2f}  {NOTES.get(name, '')}")
    for note in ws.notes:
        print(f"note: {note}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
