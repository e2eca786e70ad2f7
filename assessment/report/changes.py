"""The progress page: this scan compared with the previous one (``ReportInput.previous``), after
the summary and the strategy canvas. The sentences, the before / now / difference table of the
phases and of the questions ("–" where a side has insufficient data), the index over time (from
two points on), the actions completed since and the done-but-unmoved ones, how many items could
not be compared, the other-organisation warning. Every figure and sentence comes from
``assessment.progress``; this module only chooses the order."""

from __future__ import annotations

from textwrap import shorten

from assessment import charts as charts_mod
from assessment import formats
from assessment import progress as progress_mod
from assessment.pdf import CHART_WIDTH_PX, MUTED, Document, chart_png, clean
from assessment.report.context import Context

HISTORY_HEIGHT = 120  # px: the index chart is lower here than in the app, so the page fits one
TABLE_WIDTHS = (78, 38, 20, 44)
TEXT_SIZE = 9.5
LIST_SIZE = 9
ACTION_CHARS = 90  # an action by its text, on one line (the app lists them in full)
UNMOVED_HEADING = 9  # mm: a subheading
RESOLVED_LINE = 7  # mm: the line that introduces the resolved ones
MORE_LINE = 7  # mm: "and N more"


def progress(ctx: Context) -> None:
    comparison = ctx.comparison
    if comparison is None:
        return
    doc, lang, c = ctx.doc, ctx.lang, ctx.c
    doc.new_page()
    doc.h1(ctx.t("report.progress"))
    doc.para(
        ctx.t(
            "report.progress.intro",
            before=formats.date(comparison.before.when, lang),
            after=formats.date(comparison.after.when, lang),
        ),
        size=9,
        colour=MUTED,
    )
    lines = progress_mod.sentences(c, comparison, lang)
    if not comparison.not_compared:
        lines.append(ctx.t("progress.all_compared", count=comparison.compared))
    doc.para(" ".join(clean(s) for s in lines), size=TEXT_SIZE)  # one paragraph: the tables
    # below give each figure a row of its own
    kinds = [("phase", "progress.by_phase")] if ctx.phases_on else []
    if ctx.questions_on:
        kinds.append(("question", "progress.by_question"))
    for kind, heading in kinds:
        doc.h2(ctx.t(heading))
        doc.table(
            progress_mod.table_headings(c, comparison, lang, kind),
            progress_mod.table_rows(c, comparison, lang, kind),
            widths=TABLE_WIDTHS,
            size=8,
        )
    points = list(ctx.d.history)
    if len(points) >= 2:
        doc.h2(ctx.t("progress.history"))
        chart = charts_mod.index_history_chart(c, points, lang, CHART_WIDTH_PX, HISTORY_HEIGHT)
        doc.figure(chart_png(chart), charts_mod.history_summary(c, points, lang))
    since = formats.date(comparison.before.when, lang)
    unmoved = [
        _short(progress_mod.action_text(c, k, lang)) for k in comparison.actions.done_but_unmoved
    ]
    # the unmoved ones are kept whole; the completed ones are listed as far as the page goes
    reserve = (UNMOVED_HEADING + doc.bullets_height(unmoved, LIST_SIZE)) if unmoved else 0.0
    completed = progress_mod.completed(comparison)
    _subheading(doc, ctx.t("progress.done.title", date=since))
    if not completed:
        doc.para(ctx.t("progress.done.none", date=since), size=LIST_SIZE)
    done = [_short(progress_mod.action_text(c, k, lang)) for k, gone in completed if not gone]
    resolved = [_short(progress_mod.action_text(c, k, lang)) for k, gone in completed if gone]
    room = doc.room - reserve - MORE_LINE
    shown_done = _fitting(doc, done, room)
    room -= doc.bullets_height(shown_done, LIST_SIZE)
    doc.bullets(shown_done, size=LIST_SIZE)
    shown_resolved: list[str] = []
    if resolved and len(shown_done) == len(done) and room > RESOLVED_LINE + 7:
        room -= RESOLVED_LINE
        doc.para(ctx.t("progress.done.resolved_intro"), size=LIST_SIZE, colour=MUTED)
        shown_resolved = _fitting(doc, resolved, room)
        doc.bullets(shown_resolved, size=LIST_SIZE)
    more = len(done) + len(resolved) - len(shown_done) - len(shown_resolved)
    if more:
        doc.para(ctx.t("progress.done.more", count=more), size=LIST_SIZE, colour=MUTED)
    if unmoved:
        _subheading(doc, ctx.t("progress.unmoved.title"))
        doc.bullets(unmoved, size=LIST_SIZE)


def _subheading(doc: Document, text: str) -> None:
    """A subheading as ``h2`` draws it, but without its own page break: the page measures what
    follows it itself (UNMOVED_HEADING mm)."""
    doc.gap(2)
    doc.text(text, 12, 6, "B")
    doc.gap(1)


def _short(text: str) -> str:
    return shorten(" ".join(clean(text).split()), ACTION_CHARS, placeholder=" …")


def _fitting(doc: Document, items: list[str], room: float) -> list[str]:
    """The first of ``items`` that fit in ``room`` mm as bullets."""
    shown: list[str] = []
    for item in items:
        if doc.bullets_height([*shown, item], LIST_SIZE) > room:
            break
        shown.append(item)
    return shown
