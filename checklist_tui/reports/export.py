"""Rich renderables to files: plain text, HTML that prints on A4, and SVG.

The HTML is Rich's own export (`export_html`, inline styles) in a page template of ours: A4 with
narrow margins, 10pt so the 100-column print width fits between the margins, colours kept when
printing, and fonts chosen so the columns stay aligned on paper:
- a monospaced Chinese font whose Latin letters are exactly half as wide as a Chinese character
  (Sarasa Mono, Noto Sans Mono CJK, WenQuanYi Zen Hei Mono, NSimSun on Windows);
- for the "ambiguous width" characters (box lines, bars, “”, —, …, arrows), which Rich counts as
  one column but Chinese fonts draw two columns wide, a Latin monospaced font scaled with
  `size-adjust` to exactly half an em (`@font-face` with `unicode-range`). A browser without any
  of those fonts still shows everything, only less well aligned;
- no kerning and no trimming of Chinese punctuation (browsers halve "),", "、" at a line start…),
  which would pull the rest of a row out of its column.

The SVG is Rich's export with each text run's `textLength` set from the cells it covers: Rich
gives a run one cell per character, so a Chinese character (two cells) was squeezed into one and
the runs overlapped in a browser (`svg_cell_widths`, used for the app's screenshots too).
"""

from __future__ import annotations

import html
import io
import re

from rich.cells import cell_len
from rich.console import Console, RenderableType
from rich.terminal_theme import TerminalTheme

PRINT_WIDTH = 100

# Black on white; the darker yellow and cyan stay readable on paper.
PRINT_THEME = TerminalTheme(
    (255, 255, 255), (0, 0, 0),
    [(0, 0, 0), (178, 0, 0), (0, 128, 0), (150, 105, 0), (0, 0, 160), (128, 0, 128), (0, 120, 140),
     (110, 110, 110)],
    [(90, 90, 90), (220, 0, 0), (0, 160, 0), (180, 130, 0), (0, 0, 220), (170, 0, 170), (0, 140, 160),
     (30, 30, 30)],
)

# Characters Rich counts one column wide that Chinese fonts draw two columns wide.
AMBIGUOUS = "U+00A1-00FF, U+2010-2027, U+2030-205E, U+2100-27BF"
# Latin monospaced fonts and the scale that makes their advance exactly 0.5em.
HALF_WIDTH = (("DejaVu Sans Mono", 83.06), ("Liberation Mono", 83.3), ("Consolas", 90.9),
              ("Courier New", 83.3), ("Noto Sans Mono", 83.3))
CJK_MONO = ('"Sarasa Mono SC", "Noto Sans Mono CJK SC", "Source Han Mono SC", "WenQuanYi Zen Hei Mono", '
            '"NSimSun", "新宋体", "SimSun", monospace')


def _font_css() -> tuple[str, str]:
    """(@font-face rules, font-family list) for the page template (braces doubled for format)."""
    faces, names = [], []
    for n, (font, adjust) in enumerate(HALF_WIDTH):
        names.append(f'"half-width-{n}"')
        faces.append(f'@font-face {{{{ font-family: "half-width-{n}"; src: local("{font}"); '
                     f'unicode-range: {AMBIGUOUS}; size-adjust: {adjust}%; }}}}')
    return "\n".join(faces), ", ".join([*names, CJK_MONO])

HTML_PAGE = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="UTF-8">
<title>@TITLE@</title>
<style>
@FACES@
@page {{ size: A4 portrait; margin: 12mm 10mm; }}
body {{ color: {foreground}; background-color: {background}; margin: 0; }}
pre {{
    font-family: @FONTS@;
    font-size: 10pt;
    line-height: 1.3;
    margin: 0;
    white-space: pre-wrap;
    font-kerning: none;
    text-spacing-trim: space-all;
    text-autospace: no-autospace;
    -webkit-print-color-adjust: exact;
    print-color-adjust: exact;
}}
@media screen {{ body {{ padding: 1.5em; }} }}
</style>
</head>
<body>
<pre><code style="font-family:inherit">{code}</code></pre>
</body>
</html>
"""


def recording_console(width: int = PRINT_WIDTH) -> Console:
    return Console(record=True, width=width, file=io.StringIO(), force_terminal=True,
                   color_system="truecolor", highlight=False, legacy_windows=False,
                   force_jupyter=False)


def to_text(renderable: RenderableType, width: int = PRINT_WIDTH) -> str:
    """Plain text, no colour codes and no trailing blanks (for `-o FILE` with `--format text`)."""
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, color_system=None, highlight=False,
                      legacy_windows=False, force_terminal=False, force_jupyter=False)
    console.print(renderable)
    return "\n".join(line.rstrip() for line in buffer.getvalue().split("\n"))


def to_html(renderable: RenderableType, title: str, width: int = PRINT_WIDTH) -> str:
    console = recording_console(width)
    console.print(renderable)
    safe_title = html.escape(title).replace("{", "{{").replace("}", "}}")
    faces, fonts = _font_css()
    page = HTML_PAGE.replace("@TITLE@", safe_title).replace("@FACES@", faces).replace("@FONTS@", fonts)
    return console.export_html(theme=PRINT_THEME, inline_styles=True, code_format=page)


def to_svg(renderable: RenderableType, title: str, width: int = PRINT_WIDTH) -> str:
    console = recording_console(width)
    console.print(renderable)
    return svg_cell_widths(console.export_svg(title=title))


# A text run of Rich's SVG: `<text … textLength="36.6" …>检查表</text>` (content escaped, no tags).
_TEXT_RUN = re.compile(r'(<text\b[^>]*?\btextLength=")([0-9.eE+-]+)("[^>]*>)([^<]*)(</text>)')


def svg_cell_widths(svg: str) -> str:
    """Rich's (or Textual's) SVG with every text run as long as the terminal cells it covers:
    Rich writes one character width per character, so `检查表` (6 cells) got the room of 3 and was
    drawn squeezed over its neighbours. The character width is the SVG's own (textLength ÷ length)."""

    def fixed(match: re.Match[str]) -> str:
        text = html.unescape(match[4])
        if not text:
            return match[0]
        char_width = float(match[2]) / len(text)
        length = format(round(char_width * cell_len(text), 4), "g")
        return f"{match[1]}{length}{match[3]}{match[4]}{match[5]}"

    return _TEXT_RUN.sub(fixed, svg)
