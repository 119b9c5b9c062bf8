"""The baseline every ratio divides by: a minimal Textual app with the shape of the home screen.

    python benchmarks/minimal.py        run it in this terminal (the real-terminal figures do)

Header, a 200-row table made in memory, one line standing for the stepper's item card, Footer.
Its key `1` moves that line to the next "item" (`M002 · 第 2/55 项`), the way the stepper's `1`
shows the next item, so a key is timed in both the same way. benchmarks/first_paint.py runs it
headless.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import DataTable, Footer, Header, Static

COLUMNS = ("编号", "检查表", "单位", "期间", "进度", "得分", "等次", "整改", "状态")
ROWS = 200
ITEMS = 55
FIRST_ROW = "R0000"  # on screen once the table's rows are painted


def item_line(position: int) -> str:
    return f"M{position:03d} · 第 {position}/{ITEMS} 项"


class MinimalApp(App[None]):
    BINDINGS = [("1", "next_item", "下一项")]  # noqa: RUF012
    CSS = "DataTable { height: 1fr; }"  # the card line stays on screen below the table

    def __init__(self) -> None:
        super().__init__()
        self.position = 1

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(cursor_type="row", zebra_stripes=True)
        yield Static(item_line(self.position), id="card")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(*COLUMNS)
        table.add_rows([f"R{n:04d}", "年度法治政府建设自查", f"单位{n}", "2025-Q4", f"{n % 55}/55",
                        "88.5", "良好", "—", "已提交"] for n in range(ROWS))
        table.focus()

    def action_next_item(self) -> None:
        self.position = self.position % ITEMS + 1
        self.query_one("#card", Static).update(item_line(self.position))


if __name__ == "__main__":
    MinimalApp().run()
