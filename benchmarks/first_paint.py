"""A child process for the start-up figures: start an app headless, say when its first screen has
painted a table with rows, then exit.

    python benchmarks/first_paint.py minimal            the minimal Textual app of benchmarks/minimal.py
    python benchmarks/first_paint.py app DATA_DIR       checklist-tui as a user starts it (cli.main)

"painted" is the first time the app hands a compositor update to the (headless) driver while the
current screen holds a DataTable with rows: the rows have been laid out and rendered by then. At
that moment one line goes to stdout (seconds since this script began, for information; the parent
times the whole process itself) and the app exits.
"""

from __future__ import annotations

import time

START = time.perf_counter()

import os  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

from textual.app import App  # noqa: E402
from textual.screen import Screen  # noqa: E402
from textual.widgets import DataTable  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from minimal import MinimalApp  # noqa: E402

SIZE = (120, 40)  # a common terminal; the same for both apps


def report_first_paint() -> None:
    """Wrap App._display: the first update of a screen whose table has rows prints and exits."""
    display = App._display
    done = False

    def painted(app: App, screen: Screen, renderable: object) -> None:
        nonlocal done
        display(app, screen, renderable)
        if done or renderable is None:
            return
        tables = screen.query(DataTable)
        if tables and tables.first().row_count:
            done = True
            os.write(1, f"{time.perf_counter() - START:.6f}\n".encode())
            app.exit()

    App._display = painted  # type: ignore[method-assign]


def headless_runs() -> None:
    """`App.run` as the CLI calls it, but headless and at SIZE."""
    run = App.run

    def headless(app: App, *args: object, **kwargs: object) -> object:
        kwargs.update(headless=True, size=SIZE)
        return run(app, *args, **kwargs)  # type: ignore[arg-type]

    App.run = headless  # type: ignore[method-assign]


def main(argv: list[str]) -> int:
    report_first_paint()
    headless_runs()
    if argv[:1] == ["minimal"]:
        MinimalApp().run()
        return 0
    if len(argv) == 2 and argv[0] == "app":
        from checklist_tui.cli.main import main as cli_main

        return cli_main(["--data", str(Path(argv[1]))])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
