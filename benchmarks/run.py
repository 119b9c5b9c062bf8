"""Measured, not guessed (DESIGN §9): every figure comes from one run on this machine, and the
ratios divide by a baseline measured in the same run.

    python benchmarks/run.py            one line per figure, ✓/✗ against its bar, absolute times too
    python benchmarks/run.py --json     one JSON object: figure name → value
    python benchmarks/run.py --runs 5   fewer whole-process samples (default 7), e.g. on a busy machine

Whole-process figures (startup_ratio, summary_ratio, summary_peak_mib) are timed from outside:
`benchmarks/proc.py` starts the child and times it from just before the child is created (so its
interpreter start and imports count, the wrapper's own start does not) to its first line on
stdout and to its exit, and reads the child's peak RSS. `benchmarks/first_paint.py` runs the app
(through cli.main, as `checklist-tui --data DIR` starts it) or a minimal Textual app headless at
120×40 and writes that line when the first screen hands the driver an update with its table's rows
in it. `summary` runs as `python -m checklist_tui --data DIR summary --as-of <demo day>`, stdout to
/dev/null. The minimal app, the app and `summary` run in turn, one of each per sample, in a
rotating order, so a noisy moment of the machine falls on all alike; medians are taken.

keypress_ms is absolute, not a ratio: see `benchmarks/keypress.py` (a child process) for how a key
is put in and timed, and why not through `pilot.press` (whose own figure is printed beside it).

Adding a figure: write a function `(Workspace) -> dict[str, float]` that returns the figure and any
informational values (absolute medians…), append it to FIGURES and put the figure's bar in BARS.
`Workspace` builds data folders once per run and shares them between figures
(`plain_folder(n)`: n empty rounds; `demo_folder(n)`: the demo history of n rounds).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import operator
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run from a checkout without installing
    sys.path.insert(0, str(ROOT))

from checklist_tui.catalogue.library import Library, checklist_dirs, load_library  # noqa: E402
from checklist_tui.interchange.demo import make_demo  # noqa: E402
from checklist_tui.storage.store import Store  # noqa: E402

# figure name → (comparison, bar); a figure without a bar is printed for information only
BARS: dict[str, tuple[str, float]] = {
    "save_flatness": ("<=", 1.5),
    "startup_ratio": ("<=", 1.5),
    "keypress_ms": ("<", 16.7),
    "summary_ratio": ("<=", 2.0),
    "summary_peak_mib": ("<=", 120.0),
}
# informational values: name → what it is (printed after the figures)
NOTES: dict[str, str] = {
    "save_ms_1": "ms, median save_answer, 1 round on disk",
    "save_ms_500": "ms, median save_answer, 500 rounds on disk",
    "start_ms_app": "ms, process start → home screen painted with its rows, 200 demo rounds",
    "start_ms_minimal": "ms, process start → minimal Textual app (Header, 200-row table, Footer) painted",
    "whole_ms_minimal": "ms, the minimal app's whole process (start, paint, exit): summary_ratio's baseline",
    "summary_ms": "ms, whole process `python -m checklist_tui --data DIR summary`, 200 demo rounds",
    "keypress_pilot_ms": "ms, the same answer key through pilot.press (it sleeps ≥ 40 ms waiting for idle)",
    "keypress_bare_ms": "ms, a bare key in a minimal app, delivered and painted the way keypress_ms is",
    "keypress_pilot_overhead_ms": "ms, a bare key in a minimal app through pilot.press + pause(0)",
}
COMPARE: dict[str, Callable[[float, float], bool]] = {"<=": operator.le, "<": operator.lt,
                                                      ">=": operator.ge, ">": operator.gt}
TARGET_CHECKLIST = "annual-self-check"  # the largest bundled checklist
DEMO_DAY = dt.date(2025, 12, 31)
HERE = Path(__file__).resolve().parent
PROCESS_WARMUP = 1  # whole-process samples dropped at the start (cold file cache)


class Workspace:
    """Temporary data folders for one run, built on first use and shared between figures."""

    def __init__(self, root: Path, samples: int, runs: int = 7):
        self.root = root
        self.samples = samples
        self.runs = runs  # whole-process samples per side, and keypress blocks
        self.library: Library = load_library(checklist_dirs(None))
        self._folders: dict[tuple[str, int], Path] = {}

    def plain_folder(self, rounds: int) -> Path:
        """`rounds` rounds of the bundled checklists (no answers); R0001 is an annual self-check."""
        key = ("plain", rounds)
        if key not in self._folders:
            folder = self.root / f"plain-{rounds}"
            store = Store(folder)
            checklists = sorted(self.library.checklists.values(), key=lambda c: c.id != TARGET_CHECKLIST)
            with store.batch():
                for n in range(rounds):
                    checklist = checklists[n % len(checklists)]
                    # a unit some item applies to (village items go to 村), each round its own year
                    unit = "麻埠村" if checklist.id.startswith("village") else "司法所"
                    store.new_round(checklist, unit, str(1000 + n), "王晓丽")
            self._folders[key] = folder
        return self._folders[key]

    def demo_folder(self, rounds: int) -> Path:
        """The demo history (`checklist-tui demo --rounds N`) as of a fixed day, so runs compare."""
        key = ("demo", rounds)
        if key not in self._folders:
            folder = self.root / f"demo-{rounds}"
            make_demo(Store(folder), self.library, rounds, day=DEMO_DAY)
            self._folders[key] = folder
        return self._folders[key]


def median_ms(times: list[float]) -> float:
    return statistics.median(times) * 1000


def save_flatness(ws: Workspace) -> dict[str, float]:
    """Median time to save one answer with 500 rounds on disk ÷ with 1 round on disk.

    The two folders are measured alternately, one save each in turn, so a noisy moment of the
    machine falls on both alike. Each save goes to R0001, an annual self-check in both folders.
    """
    stores = {1: Store(ws.plain_folder(1)), 500: Store(ws.plain_folder(500))}
    items = [item for item in stores[1].load_round("R0001").checklist.items
             if item.kind == "status" and not item.critical][:20]
    times: dict[int, list[float]] = {1: [], 500: []}
    for n in range(ws.samples + 10):
        item = items[n % len(items)]
        answer = ("pass", "partial", "fail")[n % 3]
        for size in (1, 500) if n % 2 else (500, 1):
            start = time.perf_counter()
            stores[size].save_answer("R0001", item.id, answer=answer, note=f"第{n}次保存", by="基准测试")
            elapsed = time.perf_counter() - start
            if n >= 10:  # the first saves warm caches and make the first backup
                times[size].append(elapsed)
    small, large = median_ms(times[1]), median_ms(times[500])
    return {"save_flatness": large / small, "save_ms_1": small, "save_ms_500": large}


def child_env() -> dict[str, str]:
    """Children import this checkout, as this script does."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    return env


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
        "summary": ([python, "-m", "checklist_tui", "--data", folder, "summary",
                     "--as-of", DEMO_DAY.isoformat()], False),
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


def keypress(ws: Workspace) -> dict[str, float]:
    """keypress_ms: an answer key in the stepper of R0200 (a round still being answered, 200 demo
    rounds on disk) to saved-and-painted, in Pilot, in a child process (benchmarks/keypress.py).

    The child works on a copy of the demo folder, so the other figures see the demo unchanged.
    """
    folder = ws.root / "keypress-200"
    if not folder.exists():
        shutil.copytree(ws.demo_folder(200), folder)
    round_id = "R0200"
    if Store(folder).load_round(round_id).submitted:
        raise RuntimeError(f"{round_id} of the demo is submitted; keypress needs a round being answered")
    command = [sys.executable, str(HERE / "keypress.py"), str(folder), round_id,
               "--blocks", str(ws.runs), "--presses", "10"]
    return run_json(command)


FIGURES: list[Callable[[Workspace], dict[str, float]]] = [save_flatness, startup_and_summary, keypress]


def verdict(name: str, value: float) -> str:
    op, bar = BARS[name]
    return f"(bar {op} {bar:g}) {'✓' if COMPARE[op](value, bar) else '✗'}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="checklist-tui benchmarks (DESIGN §9)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--samples", type=int, default=200,
                        help="save_flatness: measurements per side (default 200)")
    parser.add_argument("--runs", type=int, default=7,
                        help="whole processes per side, and keypress blocks of 10 presses (default 7)")
    parser.add_argument("--only", action="append", metavar="FIGURE",
                        help="run only the figure function with this name (repeatable)")
    args = parser.parse_args(argv)
    unknown = set(args.only or ()) - {f.__name__ for f in FIGURES}
    if unknown:
        parser.error(f"unknown figure {', '.join(sorted(unknown))}; known: "
                     f"{', '.join(f.__name__ for f in FIGURES)}")
    figures = [f for f in FIGURES if not args.only or f.__name__ in args.only]

    root = Path(tempfile.mkdtemp(prefix="checklist-tui-bench-"))
    results: dict[str, float] = {}
    try:
        ws = Workspace(root, args.samples, args.runs)
        for figure in figures:
            results.update(figure(ws))
    finally:
        shutil.rmtree(root, ignore_errors=True)

    if args.json:
        print(json.dumps({"date": dt.date.today().isoformat(), **results}, ensure_ascii=False))
        return 0
    for name, value in results.items():
        if name in BARS:
            print(f"{name:<28} {value:8.2f}  {verdict(name, value)}")
    for name, value in results.items():
        if name not in BARS:
            print(f"  {name:<26} {value:8.2f}  {NOTES.get(name, '')}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
