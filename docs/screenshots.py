"""Make the README's screenshots (SVG) from demo data: `python docs/screenshots.py`."""

from __future__ import annotations

import asyncio
import datetime as dt
import tempfile
from pathlib import Path

from checklist_tui.catalogue.library import checklist_dirs, load_library
from checklist_tui.interchange.demo import make_demo
from checklist_tui.reports.export import svg_cell_widths
from checklist_tui.storage.store import Store
from checklist_tui.tui.app import make_app

HERE = Path(__file__).parent
DAY = dt.date(2025, 11, 20)


async def shoot(data: Path) -> None:
    store = Store(data)
    make_demo(store, load_library(checklist_dirs(data)), 40, day=DAY)
    open_round = store.round_ids()[-1]
    for name, keys, round_id in (("home", (), None), ("stepper", (), open_round), ("board", ("r",), None)):
        app = make_app(data, open_round=round_id, today=DAY)
        async with app.run_test(size=(110, 34)) as pilot:
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
            for key in keys:
                await pilot.press(key)
                await pilot.app.workers.wait_for_complete()
                await pilot.pause()
            svg = svg_cell_widths(app.export_screenshot())  # Chinese text two cells wide, not squeezed
            (HERE / f"{name}.svg").write_text(svg, encoding="utf-8")


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as folder:
        asyncio.run(shoot(Path(folder)))
