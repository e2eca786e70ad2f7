"""The report's progress page, read back from the real PDF: where it stands, what it says, and
how many pages it adds."""

from __future__ import annotations

import dataclasses
import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from assessment import charts, progress
from assessment.content import default_content
from assessment.formats import date
from assessment.report import ReportInput, build_report, report_input
from assessment.savefile import SaveFile, Targets
from tests.helpers import all_answers, rescanned
from tests.pdf.test_canvas import pages_of, photographer
from tests.pdf.test_report import ORG, typical

C = default_content()
DAY = dt.date(2026, 11, 27)


def flat(s: str) -> str:
    return " ".join(s.split())


def progress_page(texts: list[str], lang: str) -> int:
    title = C.t("report.progress", lang)
    found = [i for i, t in enumerate(texts) if t.startswith(title + " ")]
    assert len(found) == 1, f"{len(found)} progress pages"
    return found[0]


def comparison_of(save: SaveFile) -> progress.Comparison:
    before = progress.snapshot_scan(save.snapshots[-1], save.organisation.name)
    return progress.compare(C, before, progress.current_scan(save))


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_progress_page_follows_the_summary_with_sentences_and_tables(lang: str) -> None:
    save = rescanned(C, typical(), targets=Targets(phase=4, by=dt.date(2027, 6, 1)))
    texts = pages_of(build_report(C, report_input(save, lang, DAY)))
    at = progress_page(texts, lang)
    assert texts[at - 1].startswith(C.t("report.summary", lang))
    assert texts[at + 1].startswith(C.t("report.charts", lang))
    page = texts[at]
    comparison = comparison_of(save)
    for sentence in progress.sentences(C, comparison, lang):
        assert flat(sentence) in page, sentence
    # the before / now / difference table, phases and questions, with their headings
    for heading in progress.table_headings(C, comparison, lang, "phase")[1:]:
        assert heading in page
    for kind in ("phase", "question"):
        for row in progress.table_rows(C, comparison, lang, kind):
            assert " ".join(row) in page, row
    engagement = (
        "3. Deelname (dialoog) 50% 100% +50" if lang == "nl" else "3. Engagement 50% 100% +50"
    )
    assert engagement in page
    # the index over time: two points (the snapshot and now), with its caption
    points = progress.history(C, save)
    assert len(points) == 2
    assert flat(charts.history_summary(C, points, lang)) in page
    # the actions completed since, and the one done whose answer did not move
    assert C.t("progress.done.title", lang, date=date(dt.date(2026, 3, 12), lang)) in page
    unmoved = comparison.actions.done_but_unmoved
    assert len(unmoved) == 1
    assert C.t("progress.unmoved.title", lang) in page
    assert flat(progress.action_text(C, unmoved[0], lang))[:60] in page
    assert C.t("progress.all_compared", lang, count=comparison.compared) in page
    # the summary: what changed in one sentence, and the target line
    summary = texts[at - 1]
    assert flat(progress.change_sentence(C, comparison, lang)) in summary
    target = (
        "Doel: fase 4 (Geformaliseerd) vóór 1 juni 2027"
        if lang == "nl"
        else ("Target: phase 4 (Formalised) by 1 June 2027")
    )
    assert target in summary


def test_no_progress_page_without_a_previous_scan() -> None:
    save = rescanned(C, typical())
    alone = save.model_copy(update={"snapshots": []})
    for lang in ("nl", "en"):
        text = " ".join(pages_of(build_report(C, report_input(alone, lang, DAY))))
        assert C.t("report.progress", lang) + " " not in text.replace(
            C.t("report.progress", lang) + " " + C.t("report.title", lang), ""
        )
        assert C.t("progress.by_phase", lang) not in text
        assert C.t("progress.history", lang) not in text
        assert "Sinds de vorige scan" not in text and "Since the previous scan" not in text


def test_the_previous_file_given_makes_the_page_and_each_snapshot_a_point() -> None:
    """``report NEW --previous OLD``: compared with OLD; the index chart has a point per scan."""
    save = rescanned(C, typical())
    older = save.model_copy(
        update={
            "answers": all_answers(C, 1),
            "snapshots": [],
            "updated_at": dt.datetime(2025, 9, 1, 10, tzinfo=dt.UTC),
        }
    )
    texts = pages_of(build_report(C, report_input(save, "en", DAY, previous=older)))
    page = texts[progress_page(texts, "en")]
    assert "compared with the previous one (1 September 2025)" in page
    points = progress.history(C, save)
    three = [(dt.date(2025, 9, 1), *progress.history(C, older)[-1][1:]), *points]
    assert flat(charts.history_summary(C, three, "en")) in page


def test_the_other_organisation_is_named_on_the_page() -> None:
    save = rescanned(C, typical())
    other = save.model_copy(
        update={
            "organisation": save.organisation.model_copy(update={"name": "Kapsalon Knip"}),
            "snapshots": [],
            "updated_at": dt.datetime(2026, 1, 5, 10, tzinfo=dt.UTC),
        }
    )
    texts = pages_of(build_report(C, report_input(save, "nl", DAY, previous=other)))
    page = texts[progress_page(texts, "nl")]
    assert "de scans zijn van verschillende organisaties (‘Kapsalon Knip’ en" in page


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_typical_report_with_canvas_and_progress_takes_one_page_more(lang: str) -> None:
    """README: 4-10 pages, plus the canvas's page, plus the progress page (with targets on
    the phase chart and in the summary)."""
    save = rescanned(
        C, typical(), targets=Targets(phase=4, by=dt.date(2027, 6, 1), fulfilment={5: 50})
    )
    plain = ReportInput(ORG, typical(), lang=lang, generated=DAY, strategy=photographer().strategy)
    base = pages_of(build_report(C, plain))
    data = dataclasses.replace(
        report_input(save, lang, DAY), organisation=ORG, strategy=photographer().strategy
    )
    texts = pages_of(build_report(C, data))
    assert len(base) <= 10
    assert len(texts) <= len(base) + 1
    at = progress_page(texts, lang)
    assert texts[at - 1].startswith(C.t("canvas.title", lang))  # after the canvas page
    # and the page is one page: the charts follow it directly
    assert texts[at + 1].startswith(C.t("report.charts", lang))


def test_the_largest_change_stays_on_one_page() -> None:
    """From nothing to everything: every phase moves, many actions completed."""
    save = rescanned(C, all_answers(C, 0))
    full = save.model_copy(update={"answers": all_answers(C, 4)})
    texts = pages_of(build_report(C, report_input(full, "nl", DAY)))
    at = progress_page(texts, "nl")
    assert texts[at + 1].startswith(C.t("report.charts", "nl"))
    assert "En nog " in texts[at]  # the ones that did not fit are counted, not dropped silently


def test_the_cli_refuses_the_same_scan_as_previous(tmp_path: Path) -> None:
    path = tmp_path / "scan.json"
    path.write_text(rescanned(C, typical()).to_json(), encoding="utf-8")
    done = subprocess.run(
        [
            *(sys.executable, "-m", "assessment", "report", str(path)),
            *("-o", str(tmp_path / "r.pdf"), "--previous", str(path), "--lang", "en"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0
    assert "the same scan twice" in done.stderr
    assert not (tmp_path / "r.pdf").exists()
