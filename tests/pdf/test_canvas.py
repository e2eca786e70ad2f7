"""The strategy canvas in the board report, as a reader gets it: text extracted from the real
PDF (pypdf), and where each line of text stands on its page (for overlaps and clipping)."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from fpdf import FPDF
from pypdf import PdfReader

from assessment import explain
from assessment import strategy as strategy_mod
from assessment.content import Content, default_content
from assessment.formats import date
from assessment.pdf import FONT, FONT_DIR, MARGIN, PAGE, PAGE_W, PAGES, Document
from assessment.report import ReportInput, build_report, report_input
from assessment.report.canvas import marks
from assessment.report.context import Context
from assessment.savefile import SaveFile, parse
from assessment.strategy import Audience, Channel, Goal, Review, Smart, Strategy, Webcare
from tests.helpers import all_answers
from tests.pdf.test_report import DAY, ORG, typical

C = default_content()
FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "strategy-photographer.json"
MM = 72 / 25.4  # points per mm
PAGE_H = 297
BOTTOM = 18  # mm: the body ends here above the page's foot; the footer sits below


def flat(s: str) -> str:
    return " ".join(s.split())


def pages_of(pdf: bytes) -> list[str]:
    return [flat(p.extract_text() or "") for p in PdfReader(io.BytesIO(pdf)).pages]


def photographer() -> SaveFile:
    return parse(FIXTURE.read_bytes(), C)


def canvas_pages(content: Content, texts: list[str], lang: str) -> tuple[int, int]:
    """The index of the canvas's first page and how many pages it takes (up to the charts)."""
    title, charts = content.t("canvas.title", lang), content.t("report.charts", lang)
    first = next(i for i, t in enumerate(texts) if t.startswith(title))
    end = next(i for i, t in enumerate(texts) if t.startswith(charts))
    return first, end - first


# -- the fixture's canvas ----------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_canvas_page_follows_the_summary_in_posts_order(lang: str) -> None:
    save = photographer()
    data = report_input(save, lang, DAY)
    texts = pages_of(build_report(C, data))
    first, count = canvas_pages(C, texts, lang)
    assert count == 1, "the fixture's canvas fits one page"
    assert texts[first - 1].startswith(C.t("report.summary", lang))
    page = texts[first]
    # the sections, in POST's order, then the organisation and the warnings
    headings = [C.strategy.step(s).title(lang) for s in ("people", "objectives", "strategy")]
    headings += [C.strategy.step(s).title(lang) for s in ("technology", "organisation")]
    headings.append(C.t("canvas.warnings", lang))
    positions = [page.find(h) for h in headings]
    assert -1 not in positions, headings
    assert positions == sorted(positions)
    s = save.strategy
    # people: who, what they need, where they are online, how we know it
    for a in s.audiences:
        assert a.name in page and flat(a.needs) in page and flat(a.online) in page
    assert C.strategy.research[2].name(lang) in page  # field research (the couples)
    # objectives: the goal, its approach, the organisation goal; each SMART objective
    for g in s.objectives:
        assert C.objective(g.goal).name(lang) in page and g.serves in page
        assert g.approach and C.strategy.approach(g.approach).name(lang) in page
        for smart in g.smart:
            assert smart.text in page and smart.kpi in page and smart.owner in page
    assert "4 → 8 aanvragen per maand" in page and "2 → 20 bedrijven" in page
    assert ("30 sep 2027" if lang == "nl" else "30 Sept 2027") in page
    # strategy: how the relationship changes, the linked actions that are in the plan
    assert "Van eenmalige opdracht naar aanbevelers bij vrienden" in page
    ctx = Context(C, data)
    linked = {a for g in s.objectives for a in g.actions}
    in_plan = [a for a in ctx.included if a.action_id in linked]
    assert in_plan
    for a in in_plan:
        assert flat(a.text(C, lang))[:50] in page, a.action_id
    # technology and the organisation
    for ch in s.channels:
        assert ch.name in page
    assert "Portfolio en verhalen van bruiloften" in page
    assert s.review.how in page and "Mila de Vries" in page
    rhythm = next(r for r in C.strategy.rhythms if r.id == s.review.rhythm)
    assert rhythm.name(lang) in page


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_verdicts_show_a_mark_and_the_failing_reason(lang: str) -> None:
    save = photographer()
    data = report_input(save, lang, DAY)
    texts = pages_of(build_report(C, data))
    page = texts[canvas_pages(C, texts, lang)[0]]
    check = strategy_mod.check(C, save.strategy, data.scanned or DAY)
    ctx = Context(C, data)
    assert [marks(ctx, r) for r in check.smart] == ["S ✓ M ✓ A ✓ R ✓ T ✓", "S ✓ M ✓ A ✗ R ✓ T ✓"]
    for r in check.smart:
        assert marks(ctx, r) in page
    failing = check.smart[1].verdict("achievable")
    assert not failing.ok
    reason = f"✗ {C.t('smart.name.achievable', lang)}: {failing.why(C, lang)}"
    assert flat(reason) in page
    # a passing verdict's reason is not spelled out on the canvas
    assert flat(check.smart[0].verdict("achievable").why(C, lang)) not in page
    # the warnings, each in full
    assert len(check.warnings) == 3
    for w in check.warnings:
        assert flat(w.text(C, lang)) in page


def test_the_check_judges_on_the_scans_date() -> None:
    """The same canvas checked after its deadlines: time-bound fails, and the page says so."""
    save = photographer()
    late = dt.date(2027, 10, 1)
    data = ReportInput(save.organisation, save.answers, strategy=save.strategy, scanned=late)
    texts = pages_of(build_report(C, data))
    page = texts[canvas_pages(C, texts, "nl")[0]]
    assert date(late, "nl") in page
    assert "T ✗" in page and "T ✓" not in page


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_summary_names_the_objectives_and_their_targets(lang: str) -> None:
    save = photographer()
    texts = pages_of(build_report(C, report_input(save, lang, DAY)))
    summary = next(t for t in texts if t.startswith(C.t("report.summary", lang)))
    assert C.t("report.objectives", lang) in summary
    if lang == "nl":
        assert (
            "Werving en acquisitie: Meer offerteaanvragen van bruidsparen via Instagram. "
            "Van 4 naar 8 aanvragen per maand, uiterlijk 30 september 2027. SMART ✓"
        ) in summary
        assert "Van 2 naar 20 bedrijven, uiterlijk 30 juni 2027. SMART ✗" in summary
        assert "(niet: Acceptabel en haalbaar)" in summary
    else:
        assert (
            "Recruitment and acquisition: Meer offerteaanvragen van bruidsparen via Instagram. "
            "From 4 to 8 aanvragen per maand by 30 September 2027. SMART ✓"
        ) in summary
        assert "(fails: Achievable)" in summary


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_method_publishes_the_smart_check(lang: str) -> None:
    text = " ".join(pages_of(build_report(C, report_input(photographer(), lang, DAY))))
    assert C.t("method.smart", lang) in text
    for line in explain.smart_rule_lines(C, lang) + explain.post_warning_lines(C, lang):
        assert flat(line.replace("**", "")) in text
    assert ("24 maanden" if lang == "nl" else "24 months") in text
    assert flat(C.t("method.smart.note", lang).replace("**", "")) in text


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_typical_report_with_the_canvas_stays_within_ten_pages(lang: str) -> None:
    save = photographer()
    data = ReportInput(ORG, typical(), lang=lang, generated=DAY, strategy=save.strategy)
    texts = pages_of(build_report(C, data))
    assert canvas_pages(C, texts, lang)[1] == 1
    assert len(texts) <= 10


def test_the_largest_plan_with_the_canvas_takes_one_page_more_than_without() -> None:
    """README: 4-10 pages, plus the canvas's page."""
    answers = all_answers(C, 0)
    canvas = photographer().strategy
    without = pages_of(build_report(C, ReportInput(ORG, answers, generated=DAY)))
    with_canvas = pages_of(
        build_report(C, ReportInput(ORG, answers, generated=DAY, strategy=canvas))
    )
    assert len(without) <= 10 and len(with_canvas) <= len(without) + 1


def test_no_canvas_page_and_no_objectives_without_a_canvas() -> None:
    with_canvas = pages_of(
        build_report(
            C, ReportInput(ORG, typical(), generated=DAY, strategy=photographer().strategy)
        )
    )
    without = pages_of(build_report(C, ReportInput(ORG, typical(), generated=DAY)))
    assert len(without) == len(with_canvas) - 1
    text = " ".join(without)
    for key in ("canvas.title", "method.smart"):
        assert C.t(key, "nl") not in text, key
    assert "SMART ✓" not in text and "SMART ✗" not in text
    # the charts follow the summary directly, and the summary names no objectives
    summary = next(i for i, t in enumerate(without) if t.startswith(C.t("report.summary", "nl")))
    assert without[summary + 1].startswith(C.t("report.charts", "nl"))
    assert C.t("report.objectives", "nl") not in without[summary]


def test_a_canvas_without_smart_objectives_has_a_page_but_names_no_objectives() -> None:
    canvas = Strategy(audiences=[Audience(id="a1", name="Buurtbewoners")])
    texts = pages_of(build_report(C, ReportInput(ORG, typical(), generated=DAY, strategy=canvas)))
    first, count = canvas_pages(C, texts, "nl")
    assert count == 1 and "Buurtbewoners" in texts[first]
    assert C.t("canvas.goals.none", "nl") in texts[first]
    summary = texts[first - 1]
    assert C.t("report.objectives", "nl") not in summary


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_canvas_with_only_the_organisation_shows_every_section_with_what_is_missing(
    lang: str,
) -> None:
    canvas = Strategy(webcare=Webcare(who="Sanne", response_hours=1.5))
    data = ReportInput(ORG, typical(), lang=lang, generated=DAY, strategy=canvas)
    texts = pages_of(build_report(C, data))
    first, count = canvas_pages(C, texts, lang)
    page = texts[first]
    assert count == 1
    for step in C.strategy.steps:
        assert step.title(lang) in page
    for key in ("canvas.audiences.none", "canvas.goals.none", "canvas.channels.none"):
        assert C.t(key, lang) in page, key
    assert (
        C.t("canvas.webcare.value", lang, who="Sanne", hours="1,5" if lang == "nl" else "1.5")
        in page
    )
    assert C.t("canvas.warnings.none", lang) in page


# -- a hostile canvas at the schema's maxima ------------------------------------------------------

EMOJI = "🎉🚀👩‍💼 "
LONG_WORD = "Onderwerpsverantwoordelijkheidsverdeling"


def text_of_length(n: int, tag: str) -> str:
    base = f"{EMOJI}{tag} **vet** <b>html</b> {LONG_WORD * 3} "
    words = (base + "en nog meer woorden over de doelgroep " * 40)[:n]
    return words


def hostile() -> Strategy:
    short, long = 120, 500
    audiences = [
        Audience(
            id=f"a{i}",
            name=text_of_length(short, f"Doelgroep{i}"),
            needs=text_of_length(long, f"Behoefte{i}"),
            online=text_of_length(long, f"Online{i}"),
            research="desk",
            relationship=text_of_length(long, f"Relatie{i}"),
        )
        for i in range(5)
    ]
    channels = [
        Channel(
            id=f"c{i}",
            name=text_of_length(short, f"Kanaal{i}"),
            audiences=[a.id for a in audiences],
            goals=[o.id for o in C.objectives],
            notes=text_of_length(long, f"Notitie{i}"),
        )
        for i in range(12)
    ]
    actions = [f"act.{i}" for i in C.item_ids()][:60]
    goals = [
        Goal(
            goal=o.id,
            approach="talking",
            serves=text_of_length(long, f"Organisatiedoel{g}"),
            actions=actions,
            smart=[
                Smart(
                    text=text_of_length(long, f"Doelstelling{g}.{k}"),
                    audiences=[a.id for a in audiences],
                    channels=[c.id for c in channels],
                    kpi=text_of_length(short, "KPI"),
                    baseline=1000.5 if k % 2 else 0.0,
                    target=999999999.25,
                    unit=text_of_length(short, "Eenheid"),
                    deadline=dt.date(2026, 12, 1) if k % 3 else dt.date(2031, 1, 1),
                    owner=text_of_length(short, "Eigenaar") if k % 2 else "",
                )
                for k in range(5)
            ],
        )
        for g, o in enumerate(C.objectives)
    ]
    return Strategy(
        audiences=audiences,
        objectives=goals,
        channels=channels,
        final_responsibility=text_of_length(short, "Eind"),
        webcare=Webcare(who=text_of_length(short, "Webcare"), response_hours=720.0),
        review=Review(rhythm="monthly", who=text_of_length(short, "Wie"), how="🎉" * 500),
    )


@dataclass(frozen=True)
class Run:
    """A line of text as drawn: where it starts (pt, from the page's foot), its size, width."""

    x: float
    y: float
    size: float
    width: float
    text: str

    def box(self) -> tuple[float, float, float, float]:
        return self.x, self.y - 0.22 * self.size, self.x + self.width, self.y + 0.76 * self.size


@cache
def _measurer() -> FPDF:
    pdf = FPDF(unit="pt")
    pdf.add_font(FONT, "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font(FONT, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    return pdf


def runs(pdf: bytes) -> list[list[Run]]:
    """Every line of text on every page, with the width the font gives it."""
    out: list[list[Run]] = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        found: list[Run] = []

        def visit(
            text: str,
            cm: list[float],
            tm: list[float],
            font: object,
            size: float,
            found: list[Run] = found,
        ) -> None:
            if not text.strip():
                return
            bold = isinstance(font, dict) and "Bold" in str(font.get("/BaseFont", ""))
            m = _measurer()
            m.set_font(FONT, "B" if bold else "", size)
            found.append(Run(tm[4], tm[5], size, m.get_string_width(text), text))

        page.extract_text(visitor_text=visit)
        out.append(found)
    return out


def overlaps(page: list[Run]) -> list[tuple[str, str]]:
    """Pairs of lines whose boxes cross (more than half a point each way)."""
    found = []
    for i, a in enumerate(page):
        ax0, ay0, ax1, ay1 = a.box()
        for b in page[i + 1 :]:
            bx0, by0, bx1, by1 = b.box()
            if min(ax1, bx1) - max(ax0, bx0) > 0.5 and min(ay1, by1) - max(ay0, by0) > 0.5:
                found.append((a.text[:40], b.text[:40]))
    return found


def outside(page: list[Run], footer: str) -> list[str]:
    """Lines past the right margin, or in the bottom margin that is not the footer's."""
    right = (PAGE_W - MARGIN + 1) * MM
    return [
        r.text[:40]
        for r in page
        if r.x + r.width > right or (r.y < BOTTOM * MM and r.text.strip() not in footer)
    ]


def test_the_overlap_check_sees_an_overlap() -> None:
    """The check below can fail: two lines drawn over each other are found."""
    doc = Document(
        title="t", author="a", lang="nl", created=DAY, footer_left="x", footer_right=PAGE
    )
    doc.new_page()
    doc.para("Eerste regel tekst")
    doc.move_to(MARGIN + 1)
    doc.para("Tweede regel tekst")
    assert overlaps(runs(doc.output())[0])
    doc = Document(
        title="t", author="a", lang="nl", created=DAY, footer_left="x", footer_right=PAGES
    )
    doc.new_page()
    doc.move_to(PAGE_H - 12)
    doc.pdf.set_auto_page_break(False)
    doc.para("In de marge")
    assert outside(runs(doc.output())[0], "x 1") == ["In de marge"]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_hostile_canvas_never_crashes_overlaps_or_runs_past_two_pages(lang: str) -> None:
    canvas = hostile()
    assert len(canvas.objectives) == 8 and len(canvas.channels) == 12
    data = ReportInput(
        ORG, all_answers(C, 0), lang=lang, generated=DAY, strategy=canvas, scanned=DAY
    )
    pdf = build_report(C, data)
    texts = pages_of(pdf)
    first, count = canvas_pages(C, texts, lang)
    assert 1 <= count <= 2
    canvas_text = " ".join(texts[first : first + count])
    assert "🎉" not in canvas_text and "Doelgroep4" in canvas_text
    assert C.t("canvas.shortened", lang) in canvas_text  # it says the texts were shortened
    assert C.t("canvas.warnings", lang) in canvas_text  # the last section is there
    all_runs = runs(pdf)
    for i in range(first, first + count):
        assert len(all_runs[i]) > 40  # the lines were found: the checks below see them
        assert overlaps(all_runs[i]) == [], f"page {i + 1}"
        footer = texts[i][-120:]
        assert outside(all_runs[i], footer) == [], f"page {i + 1}"
        assert min(r.size for r in all_runs[i]) >= 7  # readable
    # no heading left alone at the foot of the first canvas page: the lowest line of its body
    # is in the body's size, not a heading's (two points larger)
    body = [r for r in all_runs[first] if r.y >= BOTTOM * MM]
    lowest = min(body, key=lambda r: r.y)
    assert lowest.size <= min(r.size for r in body) + 0.5, lowest


def test_the_fixtures_canvas_page_has_no_overlap_and_readable_type() -> None:
    pdf = build_report(C, report_input(photographer(), "nl", DAY))
    texts = pages_of(pdf)
    first, _ = canvas_pages(C, texts, "nl")
    page = runs(pdf)[first]
    assert overlaps(page) == []
    assert min(r.size for r in page) >= 7
