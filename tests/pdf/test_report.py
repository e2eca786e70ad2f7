"""The board report as a reader gets it: text extracted from the real PDF, pages rendered."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from assessment import charts, plan
from assessment.content import Content, default_content
from assessment.report import ReportInput, build_report
from assessment.savefile import MAX_NAME, MAX_NOTES, Organisation
from assessment.scoring import DONT_KNOW, AnswerValue, score
from tests.helpers import all_answers, missing, phase_answers, up_to

C = default_content()
DAY = dt.date(2026, 11, 26)
ORG = Organisation(name="Bakkerij ’t Hoekje “De Beste” € – café", sector="Retail", size="2-9")


def typical() -> dict[str, AnswerValue]:
    answers = up_to(C, 2, 4, 1) | phase_answers(C, 3, 2)
    answers[C.phase(4).statements[0].id] = DONT_KNOW
    return answers | {sq.id: 2 for q in C.questions for sq in q.subquestions}


def text_of(pdf: bytes) -> tuple[str, int]:
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    return " ".join(text.split()), len(reader.pages)


def flat(s: str) -> str:
    return " ".join(s.split())


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_report_reads_on_its_own(lang: str, content: Content) -> None:
    answers = typical()
    result = score(content, answers)
    actions = plan.generate(content, answers, result)
    edits = {
        actions[1].action_id: plan.Edit(include=False),
        actions[0].action_id: plan.Edit(
            owner="Sanne de Vries", due=dt.date(2027, 2, 1), notes="Begin bij de webshop"
        ),
    }
    pdf = build_report(content, ReportInput(ORG, answers, edits, lang=lang, generated=DAY))
    text, pages = text_of(pdf)
    assert 4 <= pages <= 10
    assert ORG.name in text
    assert content.phase(result.phase).name(lang) in text
    assert f"2 · {content.phase(2).name(lang)}" in text
    # every action the user kept, and not the one they dropped
    for a in plan.apply_edits(actions, edits):
        if a.include:
            assert flat(a.text(content, lang)) in text, a.action_id
    assert flat(actions[1].text(content, lang)) not in text
    assert "Sanne de Vries" in text and "Begin bij de webshop" in text
    assert ("1 feb 2027" if lang == "nl" else "1 Feb 2027") in text  # the due date, as written
    # the charts' text alternatives (the same chart functions as the app)
    assert flat(charts.phase_summary(content, result, lang)) in text
    # the method with a worked example from these answers
    assert content.t("method.formula", lang) in text
    # no interface key printed instead of its text
    leaked = [k for k in content.ui if re.search(rf"(?<![\w.]){re.escape(k)}(?![\w.])", text)]
    assert leaked == []
    # the appendix lists every statement
    for p in content.phases:
        for s in p.statements:
            assert flat(s.text(lang))[:60] in text


def test_languages_differ(content: Content) -> None:
    nl, _ = text_of(build_report(content, ReportInput(ORG, typical(), lang="nl", generated=DAY)))
    en, _ = text_of(build_report(content, ReportInput(ORG, typical(), lang="en", generated=DAY)))
    assert (
        "Samenvatting voor directie en bestuur" in nl
        and "Summary for the board and management" not in nl
    )
    assert (
        "Summary for the board and management" in en
        and "Samenvatting voor directie en bestuur" not in en
    )
    assert "26 november 2026" in nl and "26 November 2026" in en


def test_deterministic_for_the_same_input(content: Content) -> None:
    data = ReportInput(ORG, typical(), lang="nl", generated=DAY)
    assert build_report(content, data) == build_report(content, data)


HOSTILE = {
    "long": Organisation(
        name=("Gemeentelijkeklantcontactcentrumreorganisatiecommissie" * 3)[:MAX_NAME]
    ),
    "markup": Organisation(name="**Bold** <script>alert(1)</script> # Kop [link](http://x) 🎉🚀"),
    "emoji-only": Organisation(name="🎉🚀🍞"),
    "empty": Organisation(name=""),
}


@pytest.mark.parametrize("case", list(HOSTILE))
def test_hostile_text_never_breaks_the_report(case: str, content: Content) -> None:
    answers = all_answers(content, 1)
    actions = plan.generate(content, answers, score(content, answers))
    notes = (
        "Notitie met *markdown*, <b>html</b>, emoji 🙂 en een heel lang woord "
        + "Onderwerpsverantwoordelijkheidsverdeling" * 20
    )[:MAX_NOTES]
    edits = {a.action_id: plan.Edit(owner="👩‍💼 " + "x" * 100, notes=notes) for a in actions[:5]}
    pdf = build_report(
        content, ReportInput(HOSTILE[case], answers, edits, lang="nl", generated=DAY)
    )
    text, pages = text_of(pdf)
    # five notes at the maximum length may add a page or two, never break the layout
    assert 4 <= pages <= 12
    if case == "markup":
        assert "<script>alert(1)</script>" in text and "**Bold**" in text
    if case in ("empty", "emoji-only"):
        assert content.t("report.org.unnamed", "nl") in text
    assert "Onderwerpsverantwoordelijkheidsverdeling" in text


def test_empty_assessment_still_makes_a_report(content: Content) -> None:
    text, pages = text_of(build_report(content, ReportInput(Organisation(), {}, generated=DAY)))
    assert 4 <= pages <= 10
    assert content.t("results.phase0", "nl") in text
    assert content.t("report.unanswered", "nl") in text


def test_the_largest_plan_stays_within_ten_pages(content: Content) -> None:
    _, pages = text_of(
        build_report(content, ReportInput(ORG, all_answers(content, 0), generated=DAY))
    )
    assert pages <= 10


def test_cli_writes_the_report(tmp_path: Path) -> None:
    tpl = json.loads(
        subprocess.run(
            [sys.executable, "-m", "assessment", "template"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    for key in tpl["answers"]:
        tpl["answers"][key] = 3
    tpl["organisation"]["name"] = "Vishandel Urk"
    src = tmp_path / "scan.json"
    src.write_text(json.dumps(tpl), encoding="utf-8")
    out = tmp_path / "report.pdf"
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "assessment",
            "report",
            str(src),
            "-o",
            str(out),
            "--lang",
            "en",
            "--date",
            "2026-11-26",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    text, _ = text_of(out.read_bytes())
    assert "Vishandel Urk" in text and "6 · Converged" in text and "26 November 2026" in text


PDFTOPPM = shutil.which("pdftoppm")


@pytest.mark.parametrize(
    "name,data",
    [
        ("full", ReportInput(ORG, typical(), lang="nl", generated=DAY)),
        ("empty", ReportInput(Organisation(), {}, lang="en", generated=DAY)),
        ("long", ReportInput(HOSTILE["long"], all_answers(C, 0), lang="nl", generated=DAY)),
    ],
)
def test_pages_render_and_none_is_blank(name: str, data: ReportInput, tmp_path: Path) -> None:
    if PDFTOPPM is None:
        missing("pdftoppm (poppler-utils) not installed", "apt-get install -y poppler-utils")
    from PIL import Image, ImageChops

    pdf = tmp_path / f"{name}.pdf"
    pdf.write_bytes(build_report(C, data))
    out = tmp_path
    subprocess.run([PDFTOPPM, "-r", "40", "-png", str(pdf), str(out / name)], check=True)
    pages = sorted(out.glob(f"{name}-*.png"))
    assert pages
    for page in pages:
        with Image.open(page) as im:
            gray = im.convert("L")
            blank = Image.new("L", gray.size, 255)
            bbox = ImageChops.difference(gray, blank).getbbox()
            assert bbox is not None, f"{page.name} is blank"
            # something beyond the footer: the body of the page has ink
            body = gray.crop((0, 0, gray.width, int(gray.height * 0.9)))
            assert ImageChops.difference(body, Image.new("L", body.size, 255)).getbbox()


def test_workshop_report_records_the_room(content: Content) -> None:
    disagreed = tuple(s.id for s in content.phase(3).statements[:2])
    data = ReportInput(
        Organisation(name="Team Marketing"),
        typical(),
        lang="en",
        generated=DAY,
        mode="workshop",
        participants=23,
        disagreements=disagreed,
    )
    text, pages = text_of(build_report(content, data))
    assert content.t("report.by.workshop", "en", count=23) in text
    for item_id in disagreed:
        assert flat(content.item(item_id)[0].text("en")) in text
    assert 4 <= pages <= 10


def test_all_dont_know_stays_within_ten_pages(content: Content) -> None:
    _, pages = text_of(
        build_report(content, ReportInput(ORG, all_answers(content, DONT_KNOW), generated=DAY))
    )
    assert pages <= 10


def test_low_maturity_reports_stay_within_ten_pages(content: Content) -> None:
    """The target user: a young organisation with many gaps and "don't know" answers."""
    import random

    rnd = random.Random(1)
    for _ in range(6):
        answers = {i: rnd.choice([0, 1, 2, DONT_KNOW]) for i in content.item_ids()}
        for lang in ("nl", "en"):
            _, pages = text_of(
                build_report(content, ReportInput(ORG, answers, lang=lang, generated=DAY))
            )
            assert pages <= 10


def test_questions_only_workshop_report_makes_no_phase_claims(content: Content) -> None:
    answers = {sq.id: 2 for q in content.questions for sq in q.subquestions}
    data = ReportInput(
        Organisation(name="Vragenronde"),
        answers,
        lang="en",
        generated=DAY,
        mode="workshop",
        participants=1,
        parts="questions",
    )
    text, pages = text_of(build_report(content, data))
    assert 4 <= pages <= 10
    assert content.t("report.summary.questions_only", "en", org="Vragenronde") in text
    assert content.t("results.phase0", "en") not in text
    assert content.t("report.board", "en") not in text
    assert "20 of 20 questions answered" in text
    assert flat(content.phase(1).statements[0].text("en")) not in text  # not in the appendix


FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_sole_traders_report_says_what_did_not_apply(lang: str, content: Content) -> None:
    from assessment.report import report_input
    from assessment.report.front import BOARD_ITEMS
    from assessment.savefile import parse

    save = parse((FIXTURES / "persona-sole-trader.json").read_bytes(), content)
    text, pages = text_of(build_report(content, report_input(save, lang, DAY)))
    na = sum(v == "not_applicable" for v in save.answers.values())
    summary = content.t("na.summary", lang, count=na, assumes="-").split(" (")[0]
    assert flat(summary) in text
    assert flat(content.t("formula.na", lang).replace("**", "")) in text  # the rule, published
    # no board member to ask for: the sponsor and the hub are not asked of a one-person business
    assert all(i in content.item_ids() for i in BOARD_ITEMS.values())
    assert flat(content.t("report.board.sponsor", lang)) not in text
    assert flat(content.t("report.board.hub", lang)) not in text
    assert flat(content.t("report.board.governance", lang)) in text
    assert pages <= 10


def test_a_version_one_files_report_names_the_answers_to_give_again(content: Content) -> None:
    from assessment.report import report_input
    from assessment.savefile import parse

    save = parse((FIXTURES / "savefile-v1-e9d4024.json").read_bytes(), content)
    count = len(save.retired.answers)
    text, _ = text_of(build_report(content, report_input(save, "en", DAY)))
    assert flat(content.t("report.retired", "en", count=count)) in text
