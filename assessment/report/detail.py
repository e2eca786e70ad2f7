"""The detail of the report: findings per phase and question, the plan, the method (with the
SMART check when the report has a strategy canvas), and the appendix with every answer."""

from __future__ import annotations

from textwrap import shorten

from assessment import explain
from assessment.formats import percent
from assessment.pdf import MUTED
from assessment.report.context import Context, plain
from assessment.scoring import PhaseResult

# Start a section on a new page when less than this (mm) is left of the current one.
FINDINGS_SPACE = 79
PLAN_SPACE = 109
METHOD_SPACE = 79
APPENDIX_SPACE = 59  # less, as it may flow on: its heading row repeats on every page
SECTION_GAP = 4


def findings(ctx: Context) -> None:
    doc, r = ctx.doc, ctx.result
    doc.keep(FINDINGS_SPACE, gap=SECTION_GAP)
    doc.h1(ctx.t("report.findings"))
    for p in r.phases if ctx.phases_on else ():
        phase_finding(ctx, p)
    if not ctx.questions_on:
        return
    doc.h2(ctx.t("results.questions"))
    rows = [
        [
            ctx.question_title(q.number),
            percent(q.score, ctx.lang),
            f"{q.answered}/{q.applicable}",
            str(q.dont_know),
            str(q.not_applicable),
        ]
        for q in r.questions
    ]
    headings = (
        "chart.question",
        "report.col.score",
        "report.col.answered",
        "report.col.dont_know",
        "report.col.not_applicable",
    )
    doc.table([ctx.t(k) for k in headings], rows, widths=(88, 20, 22, 26, 18), size=9)


def phase_finding(ctx: Context, p: PhaseResult) -> None:
    status = ctx.t("report.status.none" if p.status == "none" else f"chart.status.{p.status}")
    value = percent(p.fulfilment, ctx.lang)
    ctx.doc.h2(f"{p.number}. {ctx.phase_name(p.number)} — {value} ({status.lower()})")
    lines = [  # the weakest is None where it would be the strongest again
        ctx.t(label, item=ctx.item_text(a.item_id), answer=ctx.answer(a.item_id, a.value))
        for label, a in (("report.strongest", p.strongest), ("report.weakest", p.weakest))
        if a is not None
    ]
    own = {a.item_id for a in p.answers}
    gaps = [ctx.ref(i) for i in ctx.result.gaps if i in own]
    if gaps:  # by number: the plan's "find out" actions and the appendix give the text
        lines.append(ctx.t("report.phase.gaps", count=len(gaps), items=", ".join(gaps)))
    if p.unanswered:
        lines.append(ctx.t("report.phase.open", count=p.unanswered, total=p.applicable))
    if p.not_applicable:
        lines.append(ctx.t("example.na", count=p.not_applicable, total=p.total))
    if lines:
        ctx.doc.bullets(lines, size=9)


def plan_table(ctx: Context) -> None:
    doc = ctx.doc
    doc.keep(PLAN_SPACE, gap=SECTION_GAP)
    doc.h1(ctx.t("plan.title"))
    dropped = len(ctx.actions) - len(ctx.included)
    doc.para(ctx.t("report.plan.intro", count=len(ctx.included), dropped=dropped))
    if not ctx.included:
        doc.para(ctx.t("plan.empty"))
        return
    rows = []
    for i, a in enumerate(ctx.included, 1):
        action = a.text(ctx.c, ctx.lang)
        if a.kind == "improve":  # a "find out" action has no KPI of its own yet
            action += "\n" + ctx.t("report.kpi", kpi=a.kpi(ctx.c, ctx.lang))
        if a.notes.strip():
            action += "\n" + ctx.t("report.note", note=a.notes.strip())
        answer = ctx.answer(a.item_id, a.answer)
        if a.kind == "find_out":  # the action already quotes the statement
            why = f"{ctx.ref(a.item_id)} — “{answer}”"
        else:
            # the statement, shortened: it is in full in the appendix under the same number
            why = ctx.t(
                "report.why",
                ref=ctx.ref(a.item_id),
                item=shorten(a.item(ctx.c).text(ctx.lang), 90, placeholder=" …"),
                answer=answer,
            )
        rows.append([str(i), action, why, a.owner_text(ctx.c, ctx.lang), ctx.when(a)])
    headings = ("plan.col.action", "report.col.why", "plan.col.owner", "report.col.when")
    doc.table(["#", *(ctx.t(k) for k in headings)], rows, widths=(6, 80, 46, 24, 24), size=7)
    doc.para(plain(ctx.t("plan.rules")), size=8, colour=MUTED)


def method(ctx: Context) -> None:
    doc = ctx.doc
    doc.keep(METHOD_SPACE, gap=SECTION_GAP)
    doc.h1(ctx.t("method.title"))
    doc.para(plain(ctx.t("method.sbsmi.intro")), size=9.5)
    doc.bullets(
        [f"{p.number}. {p.name(ctx.lang)} — {p.tagline(ctx.lang)}" for p in ctx.c.phases],
        size=9,
    )
    doc.para(plain(ctx.t("method.questions.intro")), size=9.5)
    doc.h2(ctx.t("method.formula"))
    doc.bullets(explain.formula_lines(ctx.c, ctx.lang), size=9, markdown=True)
    example = explain.worked_example(ctx.c, ctx.result, ctx.lang)
    if example:
        doc.h2(ctx.t("report.example"))
        doc.bullets(example, size=9)
    if ctx.d.strategy:  # the check the canvas page used, published like the formula
        smart_check(ctx)
    doc.h2(ctx.t("method.sources"))
    doc.bullets([f"{s.title(ctx.lang)} — {s.citation}" for s in ctx.c.sources], size=8)


def smart_check(ctx: Context) -> None:
    doc = ctx.doc
    doc.h2(ctx.t("method.smart"))
    doc.para(ctx.t("method.smart.intro"), size=9)
    doc.bullets(explain.smart_rule_lines(ctx.c, ctx.lang), size=9, markdown=True)
    # the warnings run on in one paragraph: the canvas page states each one that applies
    warnings = " ".join(explain.post_warning_lines(ctx.c, ctx.lang))
    doc.para(f"{ctx.t('method.smart.warnings')} {warnings}", size=9)
    doc.para(ctx.t("method.smart.note"), size=9, markdown=True)


def appendix(ctx: Context) -> None:
    doc = ctx.doc
    doc.keep(APPENDIX_SPACE, gap=SECTION_GAP)
    doc.h1(ctx.t("report.appendix"))
    rows = [
        [ctx.ref(i), ctx.item_text(i), ctx.answer(i, ctx.d.answers.get(i))]
        for i in ctx.c.item_ids(ctx.d.parts)
    ]
    headings = ["#", ctx.t("report.col.statement"), ctx.t("report.col.answer")]
    doc.table(headings, rows, widths=(12, 138, 30), size=6.8)
