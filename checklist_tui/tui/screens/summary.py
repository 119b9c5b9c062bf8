"""The summary (汇总, key `S`): the same Rich parts as `checklist-tui summary`, in a scrollable
view, with the units × sections matrix and the score trends when more than one round is shown.
Named rounds show their details; all rounds show the overview, as on the command line.

Rounds are read and the parts built in a worker; the screen only paints the finished renderable.
`e` exports what is shown (导出: HTML, xlsx or docx) to a file named in a form (dialogs/export.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.console import RenderableType
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Static

from checklist_tui.errors import AppError
from checklist_tui.reports.across_rounds import round_order
from checklist_tui.reports.document import rich_document
from checklist_tui.reports.summary import TITLE, Summary, build_summary, summary_parts
from checklist_tui.tui.services import Services


class SummaryScreen(Screen[None]):
    """汇总 of the given rounds, or of every round when `round_ids` is None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "返回"),
        Binding("f5", "reload", "刷新"),
        Binding("e", "export", "导出"),
        Binding("j", "move('down')", "向下", show=False),
        Binding("k", "move('up')", "向上", show=False),
        Binding("h,left", "move('left')", "向左", show=False),
        Binding("l,right", "move('right')", "向右", show=False),
        Binding("space", "move('page_down')", "下一页", show=False),
        Binding("b", "move('page_up')", "上一页", show=False),
        Binding("g", "move('home')", "到开头", show=False),
        Binding("G", "move('end')", "到末尾", show=False),
    ]

    def __init__(self, services: Services, *, round_ids: list[str] | None = None) -> None:
        super().__init__()
        self.store = services.store
        self.summary: Summary | None = None  # what is shown, once built (what `e` exports)
        self.round_ids = list(round_ids) if round_ids else None
        self.as_of = services.today()  # the date of the loop figures

    def compose(self) -> ComposeResult:
        scope = "、".join(self.round_ids) if self.round_ids else "全部批次"
        yield Static(Text(f"汇总 · {scope}"), id="summary-title")
        with VerticalScroll(id="summary-scroll"):
            yield Static(Text("正在汇总……", style="dim"), id="summary-body")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.title = "汇总"  # named so in the ? help
        self.query_one("#summary-scroll").focus()
        self.load()

    class Built(Message):
        """The worker's finished summary, and the names of the damaged round files it left out."""

        def __init__(self, renderable: RenderableType | Content, damaged: list[str],
                     summary: Summary | None = None) -> None:
            self.renderable, self.damaged, self.summary = renderable, damaged, summary
            super().__init__()

    @work(thread=True, exclusive=True, group="summary-load")
    def load(self) -> None:
        try:
            result = self.store.load_all()
        except AppError as error:
            self.post_message(self.Built(Content(f"无法读取数据：{error}").stylize("$error"), []))
            return
        rounds = [r for r in result.rounds if not r.is_void]  # withdrawn rounds count nowhere
        by_id = {r.id: r for r in rounds}
        if self.round_ids is None:  # the town's summary: submitted rounds only
            selected = sorted((r for r in rounds if r.counted), key=round_order)
        else:
            selected = [by_id[i] for i in self.round_ids if i in by_id]
        summary = build_summary(selected, rounds, self.as_of, units=self.store.units().names)
        renderable = rich_document(summary_parts(summary, details=self.round_ids is not None))
        damaged = [error.path.name for error in result.damaged]
        self.post_message(self.Built(renderable, damaged, summary))

    @on(Built)
    def _show(self, message: Built) -> None:
        self.summary = message.summary
        self.refresh_bindings()
        self.query_one("#summary-body", Static).update(message.renderable)
        if message.damaged:
            names = "、".join(message.damaged)
            self.notify(f"以下批次文件已损坏，未计入汇总：{names}（可用 checklist-tui restore 恢复）",
                        severity="warning", markup=False, timeout=10)

    def action_move(self, where: str) -> None:
        scroll = self.query_one("#summary-scroll", VerticalScroll)
        if where in ("page_down", "page_up"):
            (scroll.scroll_page_down if where == "page_down" else scroll.scroll_page_up)(animate=False)
            return
        # at once (no animation, not after the refresh): ten j in a row scroll ten lines
        {"down": scroll.scroll_down, "up": scroll.scroll_up, "left": scroll.scroll_left,
         "right": scroll.scroll_right, "home": scroll.scroll_home,
         "end": scroll.scroll_end}[where](animate=False, immediate=True)

    def action_reload(self) -> None:
        self.summary = None
        self.refresh_bindings()
        self.query_one("#summary-body", Static).update(Text("正在汇总……", style="dim"))
        self.load()

    # --- 导出 -----------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "export" and self.summary is None:
            return None  # greyed out until the summary is built
        return True

    def action_export(self) -> None:
        from checklist_tui.tui.dialogs.export import ExportForm

        if self.summary is None:
            return
        scope = "-".join(self.round_ids) if self.round_ids else "全部批次"
        form = ExportForm(stem=f"自查汇总-{scope}-{self.as_of.isoformat()}", data_dir=self.store.data_dir,
                          make=self.export_bytes, deliver=self._deliver, web=self.app.is_web)
        self.app.push_screen(form, self._exported)

    def export_bytes(self, fmt: str) -> bytes:
        """The summary shown, as a file of the format (html, xlsx, docx); run in the form's worker."""
        summary = self.summary
        assert summary is not None
        if fmt == "xlsx":
            from checklist_tui.reports.workbook import summary_xlsx

            return summary_xlsx(summary)
        if fmt == "docx":
            from checklist_tui.reports.summary_docx import summary_docx

            return summary_docx(summary, self.store.units().town)
        from checklist_tui.reports.export import to_html

        parts = summary_parts(summary, details=self.round_ids is not None)
        return to_html(rich_document(parts), TITLE).encode("utf-8")

    def _deliver(self, name: str, data: bytes, folder: Path, mime_type: str) -> Path | None:
        from checklist_tui.tui.delivery import deliver

        return deliver(self.app, name, data, folder=folder, mime_type=mime_type)

    def _exported(self, result: Path | str | None) -> None:
        if result is not None:
            where = result if isinstance(result, str) else f"已保存到 {result}"
            self.notify(f"汇总{where}", title="已导出", markup=False)

    def action_back(self) -> None:
        self.app.pop_screen()
