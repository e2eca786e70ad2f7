"""The front of the report, what a board member reads: the cover, the summary (with the
canvas's objectives and their targets), the charts."""

from __future__ import annotations

from textwrap import shorten

from assessment import charts as charts_mod
from assessment import explain, progress
from assessment import strategy as strategy_mod
from assessment.answers import DONT_KNOW, NOT_APPLICABLE
from assessment.formats import EMPTY, date, number, percent
from assessment.pdf import CHART_WIDTH_PX, MUTED, PRIMARY, chart_png, clean
from assessment.report.context import Context, plain

SUMMARY_OBJECTIVES = 5  # the summary names this many SMART objectives; the canvas has them all

# What the leadership must arrange for Formalised (Altimeter): each with the statement that asks
# it; a point is left out where that statement does not apply to the organisation.
BOARD_ITEMS = {
    "sponsor": "formalized.sponsor",
    "hub": "formalized.hub-team",
    "governance": "formalized.guidelines",
}


def cover(ctx: Context) -> None:
    doc = ctx.doc
    doc.new_page()
    doc.band(12)
    doc.move_to(48)
    doc.text(ctx.t("report.kicker"), 12, 6, colour=MUTED)
    doc.gap(4)
    doc.text(ctx.org_name, 24, 11, "B")
    doc.gap(3)
    org = ctx.d.organisation
    facts = [org.sector] if org.sector.strip() else []
    if org.size:
        facts.append(ctx.t("report.size", size=ctx.t(f"size.{org.size}")))
    if facts:
        doc.para(" · ".join(facts), size=11, colour=MUTED)
    doc.gap(18)
    if ctx.phases_on:
        r = ctx.result
        doc.text(ctx.t("results.phase"), 12, 7, colour=MUTED)
        doc.text(f"{r.phase} · {ctx.phase_name(r.phase)}", 40, 18, "B", PRIMARY)
        doc.text(ctx.t("report.index", index=ctx.index()), 14, 9)
    else:
        doc.text(ctx.t("results.questions"), 26, 12, "B", PRIMARY)
        doc.gap(2)
        doc.bullets(
            [
                f"{ctx.question_title(q.number)}: {percent(q.score, ctx.lang)}"
                for q in ctx.result.questions
            ],
            12,
        )
    doc.move_to(230)
    if ctx.d.mode == "workshop":
        who = ctx.t("report.by.workshop", count=ctx.d.participants or 0)
    else:
        who = ctx.t("report.by.solo")
    asked = [ctx.d.answers.get(i) for i in ctx.c.item_ids(ctx.d.parts)]
    answered = ctx.t(
        "report.answered",
        done=sum(v is not None for v in asked),
        total=len(asked),
        dont_know=sum(v == DONT_KNOW for v in asked),
    )
    for line in (ctx.t("report.date", date=date(ctx.d.generated, ctx.lang)), who, answered):
        doc.para(line, size=10.5, colour=MUTED)


def summary(ctx: Context) -> None:
    doc, r = ctx.doc, ctx.result
    doc.new_page()
    doc.h1(ctx.t("report.summary"))
    if not ctx.phases_on:
        doc.para(ctx.t("report.summary.questions_only", org=ctx.org_name))
    elif r.phase:
        doc.para(
            ctx.t(
                "report.summary.phase",
                org=ctx.org_name,
                k=r.phase,
                phase=ctx.phase_name(r.phase),
                tagline=ctx.c.phase(r.phase).tagline(ctx.lang),
                index=ctx.index(),
            )
        )
    else:
        doc.para(ctx.t("report.summary.phase0", org=ctx.org_name, index=ctx.index()))
    if ctx.comparison is not None:
        doc.para(progress.change_sentence(ctx.c, ctx.comparison, ctx.lang))
    if ctx.phases_on and (status := progress.target_status(r, ctx.d.targets, ctx.d.generated)):
        doc.para(progress.target_text(ctx.c, status, ctx.lang))
    if ctx.phases_on:
        for sentence in (
            explain.next_step_text(ctx.c, r, ctx.lang),
            explain.weakest_text(ctx.c, r, ctx.lang),
        ):
            if sentence:
                doc.para(plain(sentence))
    if r.gaps:
        doc.para(ctx.t("report.gaps", count=len(r.gaps)))
    if na := explain.not_applicable_text(ctx.c, r, ctx.lang):
        doc.para(na)
    if ctx.d.retired:
        doc.para(ctx.t("report.retired", count=ctx.d.retired))
    for w in r.warnings:
        doc.para(explain.warning_text(ctx.c, r, w.phase, ctx.lang))
    if ctx.d.mode == "workshop" and ctx.d.disagreements:
        doc.para(ctx.t("report.disagreement", count=len(ctx.d.disagreements)))
        doc.bullets([f"{ctx.ref(i)} {ctx.item_text(i)}" for i in ctx.d.disagreements], size=9)

    doc.h2(ctx.t("report.top3"))
    top = [
        f"{a.text(ctx.c, ctx.lang)} ({a.owner_text(ctx.c, ctx.lang)}, {ctx.when(a)})"
        for a in ctx.included[:3]
    ]
    if top:
        doc.bullets(top)
    else:
        doc.para(ctx.t("plan.empty"))

    objectives(ctx)
    if not ctx.phases_on:
        return
    doc.h2(ctx.t("report.board"))
    if r.phase < 4:
        needed = [  # a sole trader has no board to appoint a sponsor
            k for k, item_id in BOARD_ITEMS.items() if ctx.d.answers.get(item_id) != NOT_APPLICABLE
        ]
        some = len(needed) < len(BOARD_ITEMS)
        doc.para(ctx.t("report.board.intro.some" if some else "report.board.intro"))
        doc.bullets([ctx.t(f"report.board.{k}") for k in needed])
    else:
        doc.para(ctx.t("report.board.later"))


def objectives(ctx: Context) -> None:
    """The canvas's SMART objectives with their targets and the check's verdict, the first
    ``SUMMARY_OBJECTIVES`` of them; the canvas page after the summary has them all."""
    strategy = ctx.d.strategy
    if not any(g.smart for g in strategy.objectives):
        return
    lang = ctx.lang
    results = strategy_mod.check(ctx.c, strategy, ctx.d.scanned or ctx.d.generated).smart
    doc = ctx.doc
    doc.h2(ctx.t("report.objectives"))
    lines = []
    for r in results[:SUMMARY_OBJECTIVES]:
        s = r.smart
        failed = [ctx.t(f"smart.name.{v.criterion}") for v in r.verdicts if not v.ok]
        verdict = (
            ctx.t("report.objectives.failed", criteria=", ".join(failed))
            if failed
            else ctx.t("report.objectives.ok")
        )
        lines.append(
            ctx.t(
                "report.objectives.item",
                goal=ctx.c.objective(r.goal).name(lang),
                text=_sentence(shorten(" ".join(clean(s.text).split()), 150, placeholder=" …")),
                baseline=EMPTY if s.baseline is None else number(s.baseline, lang, 2),
                target=EMPTY if s.target is None else number(s.target, lang, 2),
                unit=" ".join(clean(s.unit).split()),
                deadline=date(s.deadline, lang) if s.deadline else EMPTY,
                verdict=verdict,
            )
        )
    doc.bullets(lines, size=9)
    if len(results) > SUMMARY_OBJECTIVES:
        more = len(results) - SUMMARY_OBJECTIVES
        doc.para(ctx.t("report.objectives.more", count=more), size=9, colour=MUTED)


def _sentence(text: str) -> str:
    """A statement as a sentence in the list: it ends with a full stop (or its own mark)."""
    text = text.strip()
    if not text:
        return EMPTY + "."
    return text if text[-1] in ".!?…" else text + "."


def charts(ctx: Context) -> None:
    doc, r = ctx.doc, ctx.result
    doc.new_page()
    doc.h1(ctx.t("report.charts"))
    shown = []
    if ctx.phases_on:
        shown.append(
            (
                ctx.t("results.phases"),
                charts_mod.phase_chart(ctx.c, r, ctx.lang, CHART_WIDTH_PX, ctx.d.targets),
                charts_mod.phase_summary(ctx.c, r, ctx.lang, ctx.d.targets),
            )
        )
    if ctx.questions_on:
        shown.append(
            (
                ctx.t("results.questions"),
                charts_mod.question_chart(ctx.c, r, ctx.lang, CHART_WIDTH_PX),
                charts_mod.question_summary(ctx.c, r, ctx.lang),
            )
        )
    for title, chart, alt in shown:
        doc.h2(title)
        doc.figure(chart_png(chart), alt)
