"""Content that a widget wraps as Chinese typesetting does (禁则), at the width it is drawn at.

Textual wraps a run of Chinese, which has no spaces, by chopping it at the widget's width, so a
question ending in `？` could leave the `？` alone on the next line. `CJKContent` is `Content` whose
lines are divided where `reports.cjk_text.line_starts` says (the text exports' rule: the break moves
one character earlier while a line would start with a closing mark or end with an opening one),
each time it is measured or drawn, so a resize wraps it anew. Styles and spans are kept.
"""

from __future__ import annotations

from rich.text import Text
from textual.content import Content
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, RulesMap

from checklist_tui.reports.cjk_text import NO_LINE_END, NO_LINE_START, line_starts

_MARKS = NO_LINE_START | NO_LINE_END


class CJKContent(Content):
    """`Content` wrapped with 禁则; build it with `cjk(...)` from a Content, a Text or a str."""

    def _divided(self, width: int, rules: RulesMap) -> Content:
        """The same content with a line break wherever a line is to end at `width` cells."""
        get_rule = rules.get
        pad = get_rule("line_pad", 0)
        width -= 2 * pad if isinstance(pad, int) else 0  # as Content wraps: within the line's padding
        if width <= 1 or get_rule("text_wrap", "wrap") == "nowrap" or _MARKS.isdisjoint(self.plain):
            return Content(self.plain, list(self.spans), self.cell_length, strip_control_codes=False)
        fold = get_rule("text_overflow", "fold") == "fold"
        lines: list[Content] = []
        for line in self.split("\n", allow_blank=True):
            if "\t" in line.plain or line.cell_length <= width:
                lines.append(line)
            else:
                lines.extend(line.divide(line_starts(line.plain, width, fold=fold)))
        return Content("\n").join(lines)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return self._divided(width, rules).get_height(rules, width)

    def render_strips(self, width: int, height: int | None, style: Style,
                      options: RenderOptions) -> list[Strip]:
        return self._divided(width, options.rules).render_strips(width, height, style, options)


def cjk(value: Content | Text | str) -> CJKContent:
    """`value` (taken literally when a str: never markup) as content wrapped with 禁则."""
    if isinstance(value, str):
        value = Content(value)
    elif isinstance(value, Text):
        value = Content.from_rich_text(value)
    return CJKContent(value.plain, list(value.spans), value.cell_length, strip_control_codes=False)
