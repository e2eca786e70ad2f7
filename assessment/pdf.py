"""PDF primitives for an A4 document (fpdf2, a bundled Unicode font): headings, paragraphs,
bullets, tables, rows of columns that can be measured before they are drawn (fpdf2's dry run),
chart images, a footer, and keeping a block together on one page.

Nothing here knows what a report says: text comes in ready to print. All text passes through
``clean``, so characters the font lacks (emoji) are dropped, never a crash or a blank page; none
of it is read as markdown unless a caller asks for it.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, Literal

from fpdf import FPDF, FontFace
from fpdf.enums import MethodReturnValue, TableCellFillMode, XPos, YPos

FONT_DIR = Path(__file__).resolve().parent.parent / "assets" / "fonts"
FONT = "DejaVu"

Colour = tuple[int, int, int]
PRIMARY: Colour = (31, 95, 139)
INK: Colour = (27, 36, 48)
MUTED: Colour = (96, 108, 122)
LIGHT: Colour = (242, 245, 248)
WHITE: Colour = (255, 255, 255)

PAGE_W = 210
MARGIN = 15
BODY_W = PAGE_W - 2 * MARGIN
BOTTOM = 18  # the footer sits in the bottom margin
CHART_WIDTH_PX = 680  # a chart's width as drawn, before scaling to the body width

# Placeholders the footer fills in on every page: this page's number, the number of pages.
PAGE = "{page}"
PAGES = "{nb}"

Style = Literal["", "B"]
LEADING = 0.45  # a compact row's line height in mm per point of font size (about 1.3 lines)


@dataclass(frozen=True)
class Cell:
    """One column of a row: its text, its width in mm (text "" leaves the width blank, an
    indent), and how it is printed."""

    text: str
    width: float
    style: Style = ""
    colour: Colour = INK


@cache
def _font_chars() -> frozenset[int]:
    from fontTools.ttLib import TTFont

    cmaps = []
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        with TTFont(FONT_DIR / name, lazy=True) as font:
            cmaps.append(set(font.getBestCmap()))
    return frozenset(cmaps[0] & cmaps[1])


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\ufe0f]")


def clean(text: str) -> str:
    """Text the font can print: control characters and glyphs it lacks (emoji) are dropped."""
    chars = _font_chars()
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\t", " "))
    return "".join(ch for ch in text if ch == "\n" or ord(ch) in chars)


def chart_png(chart: Any) -> bytes:
    """An Altair chart as a PNG at print resolution (about 200 dpi across the page)."""
    return _png(json.dumps(chart.to_dict(), sort_keys=True))


@lru_cache(maxsize=64)
def _png(spec: str) -> bytes:
    # Cached on the exact spec: a second download of the same answers (or the same figures)
    # skips the rendering, which is most of a report's build time.
    import vl_convert as vlc

    _register_fonts()
    png: bytes = vlc.vegalite_to_png(json.loads(spec), scale=2)
    return png


@cache
def _register_fonts() -> None:
    import vl_convert as vlc

    vlc.register_font_directory(str(FONT_DIR))


class _PDF(FPDF):
    footer_left = ""
    footer_right = ""

    def footer(self) -> None:
        if self.page_no() == 1:  # the cover has none
            return
        self.set_y(-13)
        self.set_font(FONT, size=8)
        self.set_text_color(*MUTED)
        self.cell(BODY_W * 0.7, 5, self.footer_left, align="L")
        self.cell(BODY_W * 0.3, 5, self.footer_right.replace(PAGE, str(self.page_no())), align="R")


class Document:
    """One A4 document; build it once, then ``output()`` (fpdf2 cannot write a PDF twice)."""

    def __init__(
        self,
        *,
        title: str,
        author: str,
        lang: str,
        created: dt.date,
        footer_left: str,
        footer_right: str,
    ) -> None:
        """``footer_right`` may hold ``PAGE`` and ``PAGES``; ``footer_left`` is cut to fit."""
        pdf = _PDF(orientation="P", unit="mm", format="A4")
        pdf.set_margins(MARGIN, MARGIN, MARGIN)
        pdf.set_auto_page_break(True, margin=BOTTOM)
        pdf.add_font(FONT, "", str(FONT_DIR / "DejaVuSans.ttf"))
        pdf.add_font(FONT, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        pdf.set_title(clean(title))
        pdf.set_author(clean(author))
        pdf.set_lang(lang)
        pdf.set_creation_date(dt.datetime.combine(created, dt.time(12, 0), tzinfo=dt.UTC))
        pdf.footer_left = clean(footer_left)
        pdf.footer_right = footer_right
        pdf.set_font(FONT, size=8)  # the footer's font: fit its left text by width, once
        while pdf.get_string_width(pdf.footer_left) > BODY_W * 0.68:
            pdf.footer_left = pdf.footer_left[:-2].rstrip() + "…"
        pdf.alias_nb_pages(PAGES)
        self.pdf = pdf

    # -- the page ---------------------------------------------------------------------------

    def new_page(self) -> None:
        self.pdf.add_page()

    def keep(self, space: float, gap: float = 0) -> None:
        """Start on a new page if less than ``space`` mm remain above the bottom margin;
        otherwise leave ``gap`` mm of white space."""
        if self.pdf.page_break_trigger - self.pdf.get_y() < space:
            self.pdf.add_page()
        elif gap:
            self.pdf.ln(gap)

    def gap(self, mm: float) -> None:
        self.pdf.ln(mm)

    def move_to(self, y: float) -> None:
        """Go on at ``y`` mm from the top of the page, at the left margin."""
        self.pdf.set_y(y)

    def band(self, height: float, colour: Colour = PRIMARY) -> None:
        """A coloured band across the top of the page, edge to edge."""
        self.pdf.set_fill_color(*colour)
        self.pdf.rect(0, 0, PAGE_W, height, style="F")

    # -- text -------------------------------------------------------------------------------

    def _lines(
        self, text: str, height: float, width: float = BODY_W, markdown: bool = False
    ) -> None:
        # one block of wrapped, left-aligned lines; the next block starts under it
        self.pdf.multi_cell(
            width,
            height,
            clean(text),
            markdown=markdown,
            align="L",
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )

    def text(
        self, text: str, size: float, height: float, style: Style = "", colour: Colour = INK
    ) -> None:
        """Text in ``size`` pt on lines ``height`` mm apart, with no space after it."""
        self.pdf.set_font(FONT, style, size)
        self.pdf.set_text_color(*colour)
        self._lines(text, height)

    def h1(self, text: str) -> None:
        self.text(text, 17, 8, "B", PRIMARY)
        self.pdf.ln(2)

    def h2(self, text: str) -> None:
        """A subheading, on a new page rather than alone at the foot of one."""
        self.keep(29)
        self.pdf.ln(2)
        self.text(text, 12, 6, "B", INK)
        self.pdf.ln(1)

    def para(
        self, text: str, size: float = 10, markdown: bool = False, colour: Colour = INK
    ) -> None:
        self.pdf.set_font(FONT, "", size)
        self.pdf.set_text_color(*colour)
        self._lines(text, size * 0.5, markdown=markdown)
        self.pdf.ln(1.5)

    def bullets(self, items: Sequence[str], size: float = 10, markdown: bool = False) -> None:
        self.pdf.set_font(FONT, "", size)
        self.pdf.set_text_color(*INK)
        for item in items:
            x = self.pdf.get_x()
            self.pdf.cell(5, size * 0.5, "•")
            self._lines(item, size * 0.5, width=BODY_W - 5, markdown=markdown)
            self.pdf.set_x(x)
            self.pdf.ln(1)
        self.pdf.ln(1)

    # -- rows: columns of text side by side, measured before they are drawn -----------------

    @property
    def room(self) -> float:
        """The height (mm) left on this page above the bottom margin."""
        return float(self.pdf.page_break_trigger - self.pdf.get_y())

    @property
    def page_height(self) -> float:
        """The height (mm) of a page's body, from the top margin to the bottom margin."""
        return float(self.pdf.page_break_trigger - self.pdf.t_margin)

    def _cell_lines(self, cell: Cell, size: float) -> int:
        if not cell.text:
            return 0
        self.pdf.set_font(FONT, cell.style, size)
        lines = self.pdf.multi_cell(
            cell.width,
            size * LEADING,
            clean(cell.text),
            align="L",
            dry_run=True,
            output=MethodReturnValue.LINES,
        )
        assert isinstance(lines, list)
        return len(lines)

    def bullets_height(self, items: Sequence[str], size: float = 10) -> float:
        """The height (mm) ``bullets`` will take for these items, as fpdf2 wraps them."""
        lines = sum(self._cell_lines(Cell(item, BODY_W - 5), size) for item in items)
        return lines * size * 0.5 + len(items) * 1 + (1 if items else 0)

    def row_height(self, cells: Sequence[Cell], size: float) -> float:
        """The height (mm) ``row`` will take: its tallest column, as fpdf2 wraps it."""
        return max((self._cell_lines(c, size) for c in cells), default=0) * size * LEADING

    def row(self, cells: Sequence[Cell], size: float) -> None:
        """Columns side by side from the left margin, each wrapped in its width; the next
        row starts under the tallest. Callers keep a row on one page (``keep``)."""
        top, x = self.pdf.get_y(), self.pdf.l_margin
        bottom = top
        for cell in cells:
            if cell.text:
                self.pdf.set_xy(x, top)
                self.pdf.set_font(FONT, cell.style, size)
                self.pdf.set_text_color(*cell.colour)
                self.pdf.multi_cell(
                    cell.width,
                    size * LEADING,
                    clean(cell.text),
                    align="L",
                    new_x=XPos.LMARGIN,
                    new_y=YPos.NEXT,
                )
                bottom = max(bottom, self.pdf.get_y())
            x += cell.width
        self.pdf.set_xy(self.pdf.l_margin, bottom)

    # -- tables and figures -----------------------------------------------------------------

    def table(
        self,
        headings: Sequence[str],
        rows: Sequence[Sequence[str]],
        widths: Sequence[float],
        size: float = 8.5,
    ) -> None:
        """A table across the body; on a page break its heading row is repeated."""
        self.pdf.set_font(FONT, "", size)
        self.pdf.set_text_color(*INK)
        head = FontFace(emphasis="BOLD", color=WHITE, fill_color=PRIMARY)
        self.pdf.set_fill_color(*LIGHT)
        with self.pdf.table(
            col_widths=tuple(widths),
            width=BODY_W,
            line_height=size * 0.45,
            text_align="LEFT",
            headings_style=head,
            repeat_headings=1,
            cell_fill_color=LIGHT,
            cell_fill_mode=TableCellFillMode.ROWS,
            padding=(0.7, 1.0),
            borders_layout="HORIZONTAL_LINES",
        ) as tbl:
            row = tbl.row()
            for h in headings:
                row.cell(clean(h))
            for values in rows:
                row = tbl.row()
                for v in values:
                    row.cell(clean(v) or " ")
        self.pdf.ln(3)

    def figure(self, png: bytes, caption: str) -> None:
        """An image across the body; its caption is printed under it and is its alt text."""
        self.pdf.image(io.BytesIO(png), w=BODY_W, alt_text=clean(caption))
        self.pdf.ln(1)
        self.para(caption, size=8.5, colour=MUTED)

    def output(self) -> bytes:
        return bytes(self.pdf.output())
