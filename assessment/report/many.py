"""The comparison report (PDF) of many organisations, teams or workshops, for the steering group
that commissioned the scans: a cover line (how many, the date, how many items were compared and
not compared), the heat map and the spread with their text alternatives as captions, one line per
organisation (name, phase, index, weakest phase, how much had insufficient data) and the
statements where the group differs most. Every figure comes from ``assessment.many``; this module
only chooses the order. A4, the board report's look (``assessment.pdf``)."""

from __future__ import annotations

import datetime as dt
import io
import struct
from dataclasses import replace

from assessment import charts
from assessment.content import Content
from assessment.formats import date, index, number, percent
from assessment.many import Many, Row
from assessment.pdf import (
    BODY_W,
    CHART_WIDTH_PX,
    MARGIN,
    MUTED,
    PAGE,
    PAGES,
    Document,
    chart_png,
    clean,
)

HEAT_ROWS = 40  # organisations in the heat map; beyond that the table lists them all
TABLE_WIDTHS = (62, 30, 18, 40, 30)
DIFFERS = 10  # the statements where the group differs most
HEADING = 12  # mm: an h2 above a figure
CAPTION = 24  # mm: room kept for a figure's caption (its text alternative)
SMALLEST = 0.55  # a figure is drawn at least this share of the body width, else on a new page


def _size(png: bytes) -> tuple[int, int]:
    """A PNG's width and height in pixels (from its IHDR chunk)."""
    width, height = struct.unpack(">II", png[16:24])
    return int(width), int(height)


def _figure(doc: Document, heading: str, png: bytes, caption: str) -> None:
    """A subheading and a figure that always fits its page: across the body when there is room,
    narrower (centred) when that lets it stay on this page or fit a page at all, never over the
    footer; the caption under it is its alt text."""
    w_px, h_px = _size(png)
    full = BODY_W * h_px / w_px  # its height (mm) across the body
    fits_here = doc.room - HEADING - CAPTION
    if full > fits_here and fits_here / full < SMALLEST:
        doc.new_page()
    doc.h2(heading)
    width = BODY_W * min(1.0, (doc.room - CAPTION) / full)
    pdf = doc.pdf
    pdf.image(io.BytesIO(png), x=MARGIN + (BODY_W - width) / 2, w=width, alt_text=clean(caption))
    pdf.ln(1)
    doc.para(caption, size=8.5, colour=MUTED)


def _weakest(content: Content, row: Row, lang: str) -> str:
    p = row.result.weakest_phase
    if p is None:
        return "–"
    return f"{p.number} {content.phase(p.number).name(lang)} ({percent(p.fulfilment, lang)})"


def _gaps(content: Content, many: Many, row: Row, lang: str) -> str:
    """How many of the ten figures had insufficient data or no answers."""
    missing = sum(1 for c in many.columns if row.value(c) is None)
    return content.t("many.report.gaps", lang, missing=missing, total=len(many.columns))


def organisation_rows(content: Content, many: Many, lang: str) -> list[list[str]]:
    """One line per organisation, in the comparison's order."""
    return [
        [
            r.name,
            f"{r.phase} {content.phase_name(r.phase, lang)}",
            index(r.index, lang),
            _weakest(content, r, lang),
            _gaps(content, many, r, lang),
        ]
        for r in many.rows
    ]


def differs_lines(content: Content, many: Many, lang: str) -> list[str]:
    """The statements where the group differs most, each with its spread."""
    lines = []
    for s in many.differs_most(DIFFERS):
        item = content.item(s.item_id)[0]
        lines.append(
            content.t(
                "many.report.differs.line",
                lang,
                ref=content.ref(s.item_id, lang),
                text=item.text(lang),
                low=s.low,
                high=s.high,
                stdev=number(s.stdev or 0.0, lang, 2),
                answered=s.answered,
            )
        )
    return lines


def build_comparison_report(content: Content, many: Many, lang: str, generated: dt.date) -> bytes:
    """The comparison report as PDF bytes."""

    def t(key: str, **params: object) -> str:
        return content.t(key, lang, **params)

    title = t("many.report.title", count=len(many.rows))
    doc = Document(
        title=title,
        author=t("many.report.author"),
        lang=lang,
        created=generated,
        footer_left=f"{title} · {date(generated, lang)}",
        footer_right=t("report.page", page=PAGE, total=PAGES),
    )
    doc.new_page()
    doc.band(12)
    doc.move_to(20)
    doc.text(t("report.kicker"), 10, 5, colour=MUTED)
    doc.gap(2)
    doc.h1(title)
    cover = [
        t("many.report.cover", count=len(many.rows), date=date(generated, lang)),
        t("many.report.compared", count=many.compared),
    ]
    if many.not_compared:
        cover.append(t("many.report.not_compared", count=many.not_compared))
    doc.para(" ".join(cover), size=10)

    shown = many if len(many.rows) <= HEAT_ROWS else replace(many, rows=many.rows[:HEAT_ROWS])
    caption = charts.many_heatmap_summary(content, shown, lang)
    if shown is not many:
        caption += " " + t("many.report.heatmap.first", shown=HEAT_ROWS, count=len(many.rows))
    chart = charts.many_heatmap(content, shown, lang, CHART_WIDTH_PX - 180)
    _figure(doc, t("many.report.heatmap"), chart_png(chart), caption)

    spread = charts.many_spread(content, many, lang, CHART_WIDTH_PX - 240)
    summary = charts.many_spread_summary(content, many, lang)
    _figure(doc, t("many.report.spread"), chart_png(spread), summary)

    doc.h2(t("many.report.organisations"))
    doc.table(
        [
            t("many.chart.organisation"),
            t("export.col.entry_phase"),
            t("many.report.index"),
            t("chart.status.weakest"),
            t("many.report.gaps.heading"),
        ],
        organisation_rows(content, many, lang),
        widths=TABLE_WIDTHS,
        size=8,
    )

    doc.h2(t("many.report.differs"))
    lines = differs_lines(content, many, lang)
    if lines:
        doc.para(t("many.report.differs.intro"), size=9, colour=MUTED)
        doc.bullets(lines, size=9)
    else:
        doc.para(t("many.report.differs.none"), size=9)
    return doc.output()
