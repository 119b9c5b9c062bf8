"""Measured, not guessed (DESIGN §9): each figure is a ratio measured in one run on this machine.

    python benchmarks/run.py            one line per figure, ✓/✗ against its bar, absolute times too
    python benchmarks/run.py --json     one JSON object: figure name → value

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
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run from a checkout without installing
    sys.path.insert(0, str(ROOT))

from checklist_tui.checklist import Library, checklist_dirs, load_library  # noqa: E402
from checklist_tui.demo import make_demo  # noqa: E402
from checklist_tui.store import Store  # noqa: E402

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
}
COMPARE: dict[str, Callable[[float, float], bool]] = {"<=": operator.le, "<": operator.lt,
                                                      ">=": operator.ge, ">": operator.gt}
TARGET_CHECKLIST = "annual-self-check"  # the largest bundled checklist


class Workspace:
    """Temporary data folders for one run, built on first use and shared between figures."""

    def __init__(self, root: Path, samples: int):
        self.root = root
        self.samples = samples
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
                    store.new_round(checklist, f"单位{n:04d}", "2025-Q1", "王晓丽")
            self._folders[key] = folder
        return self._folders[key]

    def demo_folder(self, rounds: int) -> Path:
        """The demo history (`checklist-tui demo --rounds N`) as of a fixed day, so runs compare."""
        key = ("demo", rounds)
        if key not in self._folders:
            folder = self.root / f"demo-{rounds}"
            make_demo(Store(folder), self.library, rounds, day=dt.date(2025, 12, 31))
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
    items = [item for item in ws.library.get(TARGET_CHECKLIST).items if item.kind == "status"][:20]
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


FIGURES: list[Callable[[Workspace], dict[str, float]]] = [save_flatness]


def verdict(name: str, value: float) -> str:
    op, bar = BARS[name]
    return f"(bar {op} {bar:g}) {'✓' if COMPARE[op](value, bar) else '✗'}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="checklist-tui benchmarks (DESIGN §9)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--samples", type=int, default=200, help="measurements per side (default 200)")
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
        ws = Workspace(root, args.samples)
        for figure in figures:
            results.update(figure(ws))
    finally:
        shutil.rmtree(root, ignore_errors=True)

    if args.json:
        print(json.dumps({"date": dt.date.today().isoformat(), **results}, ensure_ascii=False))
        return 0
    for name, value in results.items():
        if name in BARS:
            print(f"{name:<18} {value:8.2f}  {verdict(name, value)}")
    for name, value in results.items():
        if name not in BARS:
            print(f"  {name:<16} {value:8.2f}  {NOTES.get(name, '')}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
