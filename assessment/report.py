"""The board report: results in, PDF bytes out (fpdf2, a bundled Unicode font, A4).

The charts are the app's own chart functions, rendered to PNG by vl-convert. Everything a user
typed (organisation, owner, notes) is printed as plain text: no markdown or HTML is interpreted,
and characters the font lacks (emoji) are dropped, never a crash or a blank page.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from textwrap import shorten
from typing import Any, Literal

from fpdf import FPDF, FontFace
from fpdf.enums import TableCellFillMode, XPos, YPos

from assessment import charts, explain, formats
from assessment import plan as plan_mod
from assessment.content import Content
from assessment.formats import number, percent
from assessment.savefile import Organisation, SaveFile
from assessment.scoring import DONT_KNOW, AnswerValue, PhaseResult, score

FONT_DIR = Path(__file__).resolve().parent.parent / "assets" / "fonts"
FONT = "DejaVu"
PRIMARY = (31, 95, 139)
INK = (27, 36, 48)
MUTED = (96, 108, 122)
LIGHT = (242, 245, 248)
CHART_WIDTH_PX = 680
PAGE_W = 210
MARGIN = 15
BODY_W = PAGE_W - 2 * MARGIN


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


def _plain(text: str) -> str:
    """Our own interface strings without their markdown emphasis."""
    return text.replace("**", "").replace("*", "")


def chart_png(chart: Any) -> bytes:
    """The chart as a PNG at print resolution (about 200 dpi across the page)."""
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
        if self.page_no() == 1:
            return
        self.set_y(-13)
        self.set_font(FONT, size=8)
        self.set_text_color(*MUTED)
        self.cell(BODY_W * 0.7, 5, self.footer_left, align="L")
        self.cell(
            BODY_W * 0.3, 5, self.footer_right.replace("{page}", str(self.page_no())), align="R"
        )


class _Writer:
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
        self.asked = [
            *([s.id for p in content.phases for s in p.statements] if self.phases_on else []),
            *(
                [s.id for q in content.questions for s in q.subquestions]
                if self.questions_on
                else []
            ),
        ]
        pdf = _PDF(orientation="P", unit="mm", format="A4")
        pdf.set_margins(MARGIN, MARGIN, MARGIN)
        pdf.set_auto_page_break(True, margin=18)
        pdf.add_font(FONT, "", str(FONT_DIR / "DejaVuSans.ttf"))
        pdf.add_font(FONT, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        pdf.set_title(clean(self.t("report.title")))
        pdf.set_author(clean(self.org_name))
        pdf.set_lang(self.lang)
        pdf.set_creation_date(dt.datetime.combine(data.generated, dt.time(12, 0), tzinfo=dt.UTC))
        pdf.footer_left = clean(f"{self.org_name} · {self.t('report.title')}")
        pdf.footer_right = self.t("report.page", page="{page}", total="{nb}")
        pdf.set_font(FONT, size=8)  # the footer's font: fit its left text by width, once
        while pdf.get_string_width(pdf.footer_left) > BODY_W * 0.68:
            pdf.footer_left = pdf.footer_left[:-2].rstrip() + "…"
        pdf.alias_nb_pages("{nb}")
        self.pdf = pdf

    # -- helpers ---------------------------------------------------------------------------

    def t(self, key: str, **params: Any) -> str:
        return self.c.t(key, self.lang, **params)

    @property
    def org_name(self) -> str:
        name = clean(self.d.organisation.name).strip()
        return name or self.t("report.org.unnamed")

    def phase_name(self, number: int) -> str:
        return self.c.phase(number).name(self.lang) if number else self.t("results.phase0")

    def h1(self, text: str) -> None:
        self.pdf.set_font(FONT, "B", 17)
        self.pdf.set_text_color(*PRIMARY)
        self.pdf.multi_cell(BODY_W, 8, clean(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.pdf.ln(2)

    def h2(self, text: str) -> None:
        if self.pdf.get_y() > 250:
            self.pdf.add_page()
        self.pdf.ln(2)
        self.pdf.set_font(FONT, "B", 12)
        self.pdf.set_text_color(*INK)
        self.pdf.multi_cell(BODY_W, 6, clean(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.pdf.ln(1)

    def para(
        self, text: str, size: float = 10, markdown: bool = False, color: tuple[int, int, int] = INK
    ) -> None:
        self.pdf.set_font(FONT, "", size)
        self.pdf.set_text_color(*color)
        self.pdf.multi_cell(
            BODY_W,
            size * 0.5,
            clean(text),
            markdown=markdown,
            align="L",
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
        self.pdf.ln(1.5)

    def bullets(self, items: Sequence[str], size: float = 10, markdown: bool = False) -> None:
        self.pdf.set_font(FONT, "", size)
        self.pdf.set_text_color(*INK)
        for item in items:
            x = self.pdf.get_x()
            self.pdf.cell(5, size * 0.5, "•")
            self.pdf.multi_cell(
                BODY_W - 5,
                size * 0.5,
                clean(item),
                markdown=markdown,
                align="L",
                new_x=XPos.LMARGIN,
                new_y=YPos.NEXT,
            )
            self.pdf.set_x(x)
            self.pdf.ln(1)
        self.pdf.ln(1)

    def table(
        self,
        headings: Sequence[str],
        rows: Sequence[Sequence[str]],
        widths: Sequence[float],
        size: float = 8.5,
    ) -> None:
        self.pdf.set_font(FONT, "", size)
        self.pdf.set_text_color(*INK)
        head = FontFace(emphasis="BOLD", color=(255, 255, 255), fill_color=PRIMARY)
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

    # -- sections --------------------------------------------------------------------------

    def cover(self) -> None:
        pdf = self.pdf
        pdf.add_page()
        pdf.set_fill_color(*PRIMARY)
        pdf.rect(0, 0, PAGE_W, 12, style="F")
        pdf.set_y(48)
        pdf.set_font(FONT, "", 12)
        pdf.set_text_color(*MUTED)
        pdf.multi_cell(
            BODY_W, 6, self.t("report.kicker"), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )
        pdf.ln(4)
        pdf.set_font(FONT, "B", 24)
        pdf.set_text_color(*INK)
        pdf.multi_cell(BODY_W, 11, self.org_name, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(3)
        org = self.d.organisation
        facts = [clean(org.sector)] if org.sector.strip() else []
        if org.size:
            facts.append(self.t("report.size", size=self.t(f"size.{org.size}")))
        if facts:
            self.para(" · ".join(facts), size=11, color=MUTED)
        pdf.ln(18)
        if self.phases_on:
            self._cover_phase()
        else:
            self._cover_questions()
        pdf.set_y(230)
        if self.d.mode == "workshop":
            who = self.t("report.by.workshop", count=self.d.participants or 0)
        else:
            who = self.t("report.by.solo")
        values = [self.d.answers.get(i) for i in self.asked]
        done = sum(v is not None for v in values)
        dont_know = sum(v == DONT_KNOW for v in values)
        lines = [
            self.t("report.date", date=self._date(self.d.generated)),
            who,
            self.t("report.answered", done=done, total=len(self.asked), dont_know=dont_know),
        ]
        for line in lines:
            self.para(line, size=10.5, color=MUTED)

    def _cover_questions(self) -> None:
        pdf = self.pdf
        pdf.set_font(FONT, "B", 26)
        pdf.set_text_color(*PRIMARY)
        pdf.multi_cell(
            BODY_W, 12, self.t("results.questions"), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )
        pdf.ln(2)
        lines = [
            f"{q.number}. {self.c.question(q.number).title(self.lang)}: "
            + percent(q.score, self.lang)
            for q in self.result.questions
        ]
        self.bullets(lines, size=12)

    def _cover_phase(self) -> None:
        pdf = self.pdf
        r = self.result
        pdf.set_font(FONT, "", 12)
        pdf.set_text_color(*MUTED)
        pdf.cell(BODY_W, 7, self.t("results.phase"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_font(FONT, "B", 40)
        pdf.set_text_color(*PRIMARY)
        pdf.multi_cell(
            BODY_W,
            18,
            f"{r.phase} · {self.phase_name(r.phase)}",
            align="L",
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
        pdf.set_font(FONT, "", 14)
        pdf.set_text_color(*INK)
        pdf.cell(
            BODY_W,
            9,
            self.t("report.index", index=number(r.index, self.lang, 2)),
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )

    def _date(self, day: dt.date) -> str:
        return formats.date(day, self.lang)

    def summary(self) -> None:
        self.pdf.add_page()
        r = self.result
        self.h1(self.t("report.summary"))
        if not self.phases_on:
            self.para(self.t("report.summary.questions_only", org=self.org_name))
        elif r.phase:
            tagline = self.c.phase(r.phase).tagline(self.lang)
            self.para(
                self.t(
                    "report.summary.phase",
                    org=self.org_name,
                    k=r.phase,
                    phase=self.phase_name(r.phase),
                    tagline=tagline,
                    index=number(r.index, self.lang, 2),
                )
            )
        else:
            self.para(
                self.t(
                    "report.summary.phase0",
                    org=self.org_name,
                    index=number(r.index, self.lang, 2),
                )
            )
        if self.phases_on:
            for sentence in (
                explain.next_step_text(self.c, r, self.lang),
                explain.weakest_text(self.c, r, self.lang),
            ):
                if sentence:
                    self.para(_plain(sentence))
        if r.dont_know:
            self.para(self.t("report.gaps", count=r.dont_know))
        for w in r.warnings:
            self.para(explain.warning_text(self.c, r, w.phase, self.lang))
        if self.d.mode == "workshop" and self.d.disagreements:
            self.para(self.t("report.disagreement", count=len(self.d.disagreements)))
            self.bullets(
                [
                    f"{self.ref(i)} {self.c.item(i)[0].text(self.lang)}"
                    for i in self.d.disagreements
                ],
                size=9,
            )

        self.h2(self.t("report.top3"))
        top = self.included[:3]
        if top:
            self.bullets(
                [
                    f"{a.text(self.c, self.lang)} ({a.owner_text(self.c, self.lang)}, "
                    f"{self._when(a)})"
                    for a in top
                ]
            )
        else:
            self.para(self.t("plan.empty"))

        if not self.phases_on:
            return
        self.h2(self.t("report.board"))
        if r.phase < 4:
            self.para(self.t("report.board.intro"))
            self.bullets(
                [
                    self.t("report.board.sponsor"),
                    self.t("report.board.capacity"),
                    self.t("report.board.budget"),
                ]
            )
        else:
            self.para(self.t("report.board.later"))

    def ref(self, item_id: str) -> str:
        return self.c.ref(item_id, self.lang)

    def _when(self, a: plan_mod.Action) -> str:
        return a.due.isoformat() if a.due else self.t(f"horizon.{a.horizon}")

    def charts(self) -> None:
        self.pdf.add_page()
        self.h1(self.t("report.charts"))
        r = self.result
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
            self.h2(title)
            png = chart_png(chart)
            self.pdf.image(io.BytesIO(png), w=BODY_W, alt_text=clean(alt))
            self.pdf.ln(1)
            self.para(alt, size=8.5, color=MUTED)

    def findings(self) -> None:
        if self.pdf.get_y() > 200:
            self.pdf.add_page()
        else:
            self.pdf.ln(4)
        self.h1(self.t("report.findings"))
        r = self.result
        for p in r.phases if self.phases_on else ():
            self._phase_finding(p)
        if not self.questions_on:
            return
        self.h2(self.t("results.questions"))
        rows = []
        for q in r.questions:
            score_text = percent(q.score, self.lang)
            rows.append(
                [
                    f"{q.number}. {self.c.question(q.number).title(self.lang)}",
                    score_text,
                    f"{q.answered}/{q.total}",
                    str(q.dont_know),
                ]
            )
        self.table(
            [
                self.t("chart.question"),
                self.t("report.col.score"),
                self.t("report.col.answered"),
                self.t("report.col.dont_know"),
            ],
            rows,
            widths=(100, 25, 25, 24),
            size=9,
        )

    def _phase_finding(self, p: PhaseResult) -> None:
        phase = self.c.phase(p.number)
        if p.fulfilment is None:
            status = self.t("report.status.none")
        elif not p.sufficient_data:
            status = self.t("chart.status.nodata")
        else:
            status = self.t("chart.status.reached" if p.reached else "chart.status.open")
        value = percent(p.fulfilment, self.lang)
        self.h2(f"{p.number}. {phase.name(self.lang)} — {value} ({status.lower()})")
        answered = [(a.item_id, a.value) for a in p.answers if isinstance(a.value, int)]
        lines = []
        if answered:
            scale = self.c.scale("phase")
            best = max(answered, key=lambda iv: iv[1])
            worst = min(answered, key=lambda iv: iv[1])
            lines.append(
                self.t(
                    "report.strongest",
                    item=self.c.item(best[0])[0].text(self.lang),
                    answer=scale.point(best[1]).label(self.lang),
                )
            )
            if worst != best:
                lines.append(
                    self.t(
                        "report.weakest",
                        item=self.c.item(worst[0])[0].text(self.lang),
                        answer=scale.point(worst[1]).label(self.lang),
                    )
                )
        gaps = [self.ref(a.item_id) for a in p.answers if a.value == DONT_KNOW]
        if gaps:  # by number: the plan's "find out" actions and the appendix give the text
            lines.append(self.t("report.phase.gaps", count=len(gaps), items=", ".join(gaps)))
        if p.unanswered:
            lines.append(self.t("report.phase.open", count=p.unanswered, total=p.total))
        if lines:
            self.bullets(lines, size=9)

    def plan_table(self) -> None:
        if self.pdf.get_y() > 170:
            self.pdf.add_page()
        else:
            self.pdf.ln(4)
        self.h1(self.t("plan.title"))
        dropped = len(self.actions) - len(self.included)
        self.para(self.t("report.plan.intro", count=len(self.included), dropped=dropped))
        if not self.included:
            self.para(self.t("plan.empty"))
            return
        rows = []
        for i, a in enumerate(self.included, 1):
            action = a.text(self.c, self.lang)
            if a.kind == "improve":  # a "find out" action has no KPI of its own yet
                action += "\n" + self.t("report.kpi", kpi=a.kpi(self.c, self.lang))
            if a.notes.strip():
                action += "\n" + self.t("report.note", note=a.notes.strip())
            item = a.item(self.c)
            scale = self.c.scale("question" if a.question else "phase")
            answer = scale.point(a.answer).label(self.lang)
            if a.kind == "find_out":  # the action already quotes the statement
                why = f"{self.ref(a.item_id)} — “{answer}”"
            else:
                # the statement, shortened: it is in full in the appendix under the same number
                why = self.t(
                    "report.why",
                    ref=self.ref(a.item_id),
                    item=shorten(item.text(self.lang), 90, placeholder=" …"),
                    answer=answer,
                )
            rows.append([str(i), action, why, a.owner_text(self.c, self.lang), self._when(a)])
        self.table(
            [
                "#",
                self.t("plan.col.action"),
                self.t("report.col.why"),
                self.t("plan.col.owner"),
                self.t("report.col.when"),
            ],
            rows,
            widths=(6, 80, 46, 24, 24),
            size=7,
        )
        self.para(_plain(self.t("plan.rules")), size=8, color=MUTED)

    def method(self) -> None:
        if self.pdf.get_y() > 200:
            self.pdf.add_page()
        else:
            self.pdf.ln(4)
        self.h1(self.t("method.title"))
        self.para(_plain(self.t("method.sbsmi.intro")), size=9.5)
        self.bullets(
            [f"{p.number}. {p.name(self.lang)} — {p.tagline(self.lang)}" for p in self.c.phases],
            size=9,
        )
        self.para(_plain(self.t("method.questions.intro")), size=9.5)
        self.h2(self.t("method.formula"))
        self.bullets(explain.formula_lines(self.c, self.lang), size=9, markdown=True)
        example = explain.worked_example(self.c, self.result, self.lang)
        if example:
            self.h2(self.t("report.example"))
            self.bullets(example, size=9)
        self.h2(self.t("method.sources"))
        self.bullets([f"{s.title(self.lang)} — {s.citation}" for s in self.c.sources], size=8)

    def appendix(self) -> None:
        if self.pdf.get_y() > 220:  # otherwise it flows on: its heading row repeats per page
            self.pdf.add_page()
        else:
            self.pdf.ln(4)
        self.h1(self.t("report.appendix"))
        rows = []
        for p in self.c.phases if self.phases_on else ():
            scale = self.c.scale("phase")
            for i, s in enumerate(p.statements, 1):
                rows.append(
                    [
                        f"{p.number}.{i}",
                        s.text(self.lang),
                        self._answer(scale.id, self.d.answers.get(s.id)),
                    ]
                )
        for q in self.c.questions if self.questions_on else ():
            prefix = "V" if self.lang == "nl" else "Q"
            for i, s in enumerate(q.subquestions, 1):
                rows.append(
                    [
                        f"{prefix}{q.number}.{i}",
                        s.text(self.lang),
                        self._answer("question", self.d.answers.get(s.id)),
                    ]
                )
        self.table(
            ["#", self.t("report.col.statement"), self.t("report.col.answer")],
            rows,
            widths=(12, 138, 30),
            size=6.8,
        )

    def _answer(self, scale_id: str, value: AnswerValue) -> str:
        if value is None:
            return self.t("report.unanswered")
        return self.c.scale(scale_id).point(value).label(self.lang)

    def build(self) -> bytes:
        self.cover()
        self.summary()
        self.charts()
        self.findings()
        self.plan_table()
        self.method()
        self.appendix()
        return bytes(self.pdf.output())


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
    return _Writer(content, data).build()
