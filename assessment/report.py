"""The board report: results in, PDF bytes out (A4, drawn with the primitives of assessment.pdf).

The charts are the app's own chart functions, rendered to PNG by vl-convert. Everything a user
typed (organisation, owner, notes) is printed as plain text: no markdown or HTML is interpreted,
and characters the font lacks (emoji) are dropped, never a crash or a blank page.

Every figure and decision comes from the domain (scoring, plan, explain, formats); this module
only chooses the words and the order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from textwrap import shorten
from typing import Any, Literal

from assessment import charts, explain
from assessment import plan as plan_mod
from assessment.content import Content
from assessment.formats import date, number, percent
from assessment.pdf import CHART_WIDTH_PX, MUTED, PAGE, PAGES, PRIMARY, Document, chart_png, clean
from assessment.savefile import Organisation, SaveFile
from assessment.scoring import DONT_KNOW, AnswerValue, PhaseResult, score

__all__ = ["ReportInput", "build_report", "chart_png", "report_input"]

# Start a section on a new page when less than this (mm) is left of the current one.
FINDINGS_SPACE = 79
PLAN_SPACE = 109
METHOD_SPACE = 79
APPENDIX_SPACE = 59  # less, as it may flow on: its heading row repeats on every page
SECTION_GAP = 4


@dataclass(frozen=True)
class ReportInput:
    """What a report is made of; the app, the CLI and the workshop all fill this in."""

    organisation: Organisation
    answers: Mapping[str, AnswerValue]
    edits: Mapping[str, plan_mod.Edit] = field(default_factory=dict)
    lang: Literal["nl", "en"] = "nl"
    generated: dt.date = field(default_factory=dt.date.today)
    mode: Literal["solo", "workshop"] = "solo"
    parts: Literal["both", "phases", "questions"] = "both"  # what was assessed
    participants: int | None = None
    disagreements: tuple[str, ...] = ()  # item ids the room disagreed on most (workshop)


def _plain(text: str) -> str:
    """Our own interface strings without their markdown emphasis."""
    return text.replace("**", "").replace("*", "")


class _Report:
    def __init__(self, content: Content, data: ReportInput) -> None:
        self.c = content
        self.d = data
        self.lang = data.lang
        self.result = score(content, data.answers)
        generated = plan_mod.generate(content, data.answers, self.result)
        self.actions = plan_mod.apply_edits(generated, data.edits)
        self.included = [a for a in self.actions if a.include]
        self.phases_on = data.parts != "questions"
        self.questions_on = data.parts != "phases"
        self.doc = Document(
            title=self.t("report.title"),
            author=self.org_name,
            lang=self.lang,
            created=data.generated,
            footer_left=f"{self.org_name} · {self.t('report.title')}",
            footer_right=self.t("report.page", page=PAGE, total=PAGES),
        )

    # -- words ------------------------------------------------------------------------------

    def t(self, key: str, **params: Any) -> str:
        return self.c.t(key, self.lang, **params)

    @property
    def org_name(self) -> str:
        name = clean(self.d.organisation.name).strip()
        return name or self.t("report.org.unnamed")

    def phase_name(self, number: int) -> str:
        return self.c.phase_name(number, self.lang)

    def ref(self, item_id: str) -> str:
        return self.c.ref(item_id, self.lang)

    def item_text(self, item_id: str) -> str:
        return self.c.item(item_id)[0].text(self.lang)

    def index(self) -> str:
        return number(self.result.index, self.lang, 2)

    def when(self, a: plan_mod.Action) -> str:
        return a.due.isoformat() if a.due else self.t(f"horizon.{a.horizon}")

    def answer(self, item_id: str, value: AnswerValue) -> str:
        """The answer's label on the item's own scale (a statement's or a sub-question's)."""
        if value is None:
            return self.t("report.unanswered")
        phase = self.c.item(item_id)[1]
        return self.c.scale("phase" if phase else "question").point(value).label(self.lang)

    # -- sections ---------------------------------------------------------------------------

    def cover(self) -> None:
        doc = self.doc
        doc.new_page()
        doc.band(12)
        doc.move_to(48)
        doc.text(self.t("report.kicker"), 12, 6, colour=MUTED)
        doc.gap(4)
        doc.text(self.org_name, 24, 11, "B")
        doc.gap(3)
        org = self.d.organisation
        facts = [org.sector] if org.sector.strip() else []
        if org.size:
            facts.append(self.t("report.size", size=self.t(f"size.{org.size}")))
        if facts:
            doc.para(" · ".join(facts), size=11, colour=MUTED)
        doc.gap(18)
        if self.phases_on:
            r = self.result
            doc.text(self.t("results.phase"), 12, 7, colour=MUTED)
            doc.text(f"{r.phase} · {self.phase_name(r.phase)}", 40, 18, "B", PRIMARY)
            doc.text(self.t("report.index", index=self.index()), 14, 9)
        else:
            doc.text(self.t("results.questions"), 26, 12, "B", PRIMARY)
            doc.gap(2)
            doc.bullets([self.question_line(q.number, q.score) for q in self.result.questions], 12)
        doc.move_to(230)
        if self.d.mode == "workshop":
            who = self.t("report.by.workshop", count=self.d.participants or 0)
        else:
            who = self.t("report.by.solo")
        asked = [self.d.answers.get(i) for i in self.c.item_ids(self.d.parts)]
        answered = self.t(
            "report.answered",
            done=sum(v is not None for v in asked),
            total=len(asked),
            dont_know=sum(v == DONT_KNOW for v in asked),
        )
        for line in (self.t("report.date", date=date(self.d.generated, self.lang)), who, answered):
            doc.para(line, size=10.5, colour=MUTED)

    def question_line(self, number: int, value: float | None) -> str:
        return f"{number}. {self.c.question(number).title(self.lang)}: {percent(value, self.lang)}"

    def summary(self) -> None:
        doc, r = self.doc, self.result
        doc.new_page()
        doc.h1(self.t("report.summary"))
        if not self.phases_on:
            doc.para(self.t("report.summary.questions_only", org=self.org_name))
        elif r.phase:
            doc.para(
                self.t(
                    "report.summary.phase",
                    org=self.org_name,
                    k=r.phase,
                    phase=self.phase_name(r.phase),
                    tagline=self.c.phase(r.phase).tagline(self.lang),
                    index=self.index(),
                )
            )
        else:
            doc.para(self.t("report.summary.phase0", org=self.org_name, index=self.index()))
        if self.phases_on:
            for sentence in (
                explain.next_step_text(self.c, r, self.lang),
                explain.weakest_text(self.c, r, self.lang),
            ):
                if sentence:
                    doc.para(_plain(sentence))
        if r.gaps:
            doc.para(self.t("report.gaps", count=len(r.gaps)))
        for w in r.warnings:
            doc.para(explain.warning_text(self.c, r, w.phase, self.lang))
        if self.d.mode == "workshop" and self.d.disagreements:
            doc.para(self.t("report.disagreement", count=len(self.d.disagreements)))
            doc.bullets(
                [f"{self.ref(i)} {self.item_text(i)}" for i in self.d.disagreements], size=9
            )

        doc.h2(self.t("report.top3"))
        top = [
            f"{a.text(self.c, self.lang)} ({a.owner_text(self.c, self.lang)}, {self.when(a)})"
            for a in self.included[:3]
        ]
        if top:
            doc.bullets(top)
        else:
            doc.para(self.t("plan.empty"))

        if not self.phases_on:
            return
        doc.h2(self.t("report.board"))
        if r.phase < 4:
            doc.para(self.t("report.board.intro"))
            doc.bullets([self.t(f"report.board.{k}") for k in ("sponsor", "capacity", "budget")])
        else:
            doc.para(self.t("report.board.later"))

    def charts(self) -> None:
        doc, r = self.doc, self.result
        doc.new_page()
        doc.h1(self.t("report.charts"))
        shown = []
        if self.phases_on:
            shown.append(
                (
                    self.t("results.phases"),
                    charts.phase_chart(self.c, r, self.lang, CHART_WIDTH_PX),
                    charts.phase_summary(self.c, r, self.lang),
                )
            )
        if self.questions_on:
            shown.append(
                (
                    self.t("results.questions"),
                    charts.question_chart(self.c, r, self.lang, CHART_WIDTH_PX),
                    charts.question_summary(self.c, r, self.lang),
                )
            )
        for title, chart, alt in shown:
            doc.h2(title)
            doc.figure(chart_png(chart), alt)

    def findings(self) -> None:
        doc, r = self.doc, self.result
        doc.keep(FINDINGS_SPACE, gap=SECTION_GAP)
        doc.h1(self.t("report.findings"))
        for p in r.phases if self.phases_on else ():
            self.phase_finding(p)
        if not self.questions_on:
            return
        doc.h2(self.t("results.questions"))
        rows = [
            [
                f"{q.number}. {self.c.question(q.number).title(self.lang)}",
                percent(q.score, self.lang),
                f"{q.answered}/{q.total}",
                str(q.dont_know),
            ]
            for q in r.questions
        ]
        headings = (
            "chart.question",
            "report.col.score",
            "report.col.answered",
            "report.col.dont_know",
        )
        doc.table([self.t(k) for k in headings], rows, widths=(100, 25, 25, 24), size=9)

    def phase_finding(self, p: PhaseResult) -> None:
        key = "report.status.none" if p.status == "none" else f"chart.status.{p.status}"
        value = percent(p.fulfilment, self.lang)
        self.doc.h2(f"{p.number}. {self.phase_name(p.number)} — {value} ({self.t(key).lower()})")
        lines = [
            self.t(key, item=self.item_text(a.item_id), answer=self.answer(a.item_id, a.value))
            for key, a in (("report.strongest", p.strongest), ("report.weakest", p.weakest))
            if a is not None
        ]
        own = {a.item_id for a in p.answers}
        gaps = [self.ref(i) for i in self.result.gaps if i in own]
        if gaps:  # by number: the plan's "find out" actions and the appendix give the text
            lines.append(self.t("report.phase.gaps", count=len(gaps), items=", ".join(gaps)))
        if p.unanswered:
            lines.append(self.t("report.phase.open", count=p.unanswered, total=p.total))
        if lines:
            self.doc.bullets(lines, size=9)

    def plan_table(self) -> None:
        doc = self.doc
        doc.keep(PLAN_SPACE, gap=SECTION_GAP)
        doc.h1(self.t("plan.title"))
        dropped = len(self.actions) - len(self.included)
        doc.para(self.t("report.plan.intro", count=len(self.included), dropped=dropped))
        if not self.included:
            doc.para(self.t("plan.empty"))
            return
        rows = []
        for i, a in enumerate(self.included, 1):
            action = a.text(self.c, self.lang)
            if a.kind == "improve":  # a "find out" action has no KPI of its own yet
                action += "\n" + self.t("report.kpi", kpi=a.kpi(self.c, self.lang))
            if a.notes.strip():
                action += "\n" + self.t("report.note", note=a.notes.strip())
            answer = self.answer(a.item_id, a.answer)
            if a.kind == "find_out":  # the action already quotes the statement
                why = f"{self.ref(a.item_id)} — “{answer}”"
            else:
                # the statement, shortened: it is in full in the appendix under the same number
                why = self.t(
                    "report.why",
                    ref=self.ref(a.item_id),
                    item=shorten(a.item(self.c).text(self.lang), 90, placeholder=" …"),
                    answer=answer,
                )
            rows.append([str(i), action, why, a.owner_text(self.c, self.lang), self.when(a)])
        headings = ("plan.col.action", "report.col.why", "plan.col.owner", "report.col.when")
        doc.table(["#", *(self.t(k) for k in headings)], rows, widths=(6, 80, 46, 24, 24), size=7)
        doc.para(_plain(self.t("plan.rules")), size=8, colour=MUTED)

    def method(self) -> None:
        doc = self.doc
        doc.keep(METHOD_SPACE, gap=SECTION_GAP)
        doc.h1(self.t("method.title"))
        doc.para(_plain(self.t("method.sbsmi.intro")), size=9.5)
        doc.bullets(
            [f"{p.number}. {p.name(self.lang)} — {p.tagline(self.lang)}" for p in self.c.phases],
            size=9,
        )
        doc.para(_plain(self.t("method.questions.intro")), size=9.5)
        doc.h2(self.t("method.formula"))
        doc.bullets(explain.formula_lines(self.c, self.lang), size=9, markdown=True)
        example = explain.worked_example(self.c, self.result, self.lang)
        if example:
            doc.h2(self.t("report.example"))
            doc.bullets(example, size=9)
        doc.h2(self.t("method.sources"))
        doc.bullets([f"{s.title(self.lang)} — {s.citation}" for s in self.c.sources], size=8)

    def appendix(self) -> None:
        doc = self.doc
        doc.keep(APPENDIX_SPACE, gap=SECTION_GAP)
        doc.h1(self.t("report.appendix"))
        rows = [
            [self.ref(i), self.item_text(i), self.answer(i, self.d.answers.get(i))]
            for i in self.c.item_ids(self.d.parts)
        ]
        headings = ["#", self.t("report.col.statement"), self.t("report.col.answer")]
        doc.table(headings, rows, widths=(12, 138, 30), size=6.8)

    def build(self) -> bytes:
        self.cover()
        self.summary()
        self.charts()
        self.findings()
        self.plan_table()
        self.method()
        self.appendix()
        return self.doc.output()


def report_input(save: SaveFile, lang: str, date: dt.date | None = None) -> ReportInput:
    """A solo report of a save file."""
    return ReportInput(
        organisation=save.organisation,
        answers={k: v for k, v in save.answers.items() if v is not None},
        edits=save.edits(),
        lang="en" if lang == "en" else "nl",
        generated=date or dt.date.today(),
    )


def build_report(content: Content, data: ReportInput) -> bytes:
    """The board report as PDF bytes. A new FPDF per report: it cannot be reused."""
    return _Report(content, data).build()
