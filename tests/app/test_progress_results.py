"""The results page's progress parts through AppTest: targets set by the user (kept in the
session state and in the save file they download), and what changed since the latest snapshot."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from streamlit.testing.v1 import AppTest

from assessment import progress
from assessment.content import Content
from assessment.formats import date
from assessment.savefile import Targets
from tests.app.harness import Downloads, app
from tests.app.test_app import texts
from tests.helpers import rescanned, up_to
from tests.pdf.test_report import typical

RESULTS = "pages/scan/results.py"
SAVE = "pages/scan/save.py"
PHASE_TWO = {"nl": "2 · Aanwezigheid", "en": "2 · Presence"}


def loaded(content: Content, lang: str, targets: Targets | None = None) -> AppTest:
    """A re-scan's save file uploaded on the save page, as a user resumes it; then the results."""
    data = rescanned(content, typical(), targets=targets).to_json().encode()
    at = app({}, lang)
    at.switch_page(SAVE).run()
    at.file_uploader(key="upload.save").upload("scan.json", data, "application/json").run()
    assert not at.exception, [e.value for e in at.exception]
    return at.switch_page(RESULTS).run()


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_targets_set_on_the_results_page_are_kept_and_saved(
    content: Content, downloads: Downloads, lang: str
) -> None:
    at = app(up_to(content, 2, 4, 1), lang)  # phase 2
    at.switch_page(RESULTS).run()
    assert not at.exception
    phase = [s for s in at.selectbox if s.label == content.t("targets.phase", lang)]
    assert len(phase) == 1 and phase[0].value is None  # no target yet
    phase[0].select_index(4).run()  # "4. Formalised"
    at.date_input(key=f"w:{lang}:targets.by").set_value(dt.date(2027, 6, 1)).run()
    at.number_input(key=f"w:{lang}:targets.fulfilment.5").set_value(40).run()
    assert not at.exception, [e.value for e in at.exception]

    goal = at.session_state["targets"]
    assert goal == Targets(phase=4, by=dt.date(2027, 6, 1), fulfilment={5: 40.0})
    line = (
        "Doel: fase 4 (Geformaliseerd) vóór 1 juni 2027; nu fase 2 (Aanwezigheid). "
        "Nog 2 fasen te gaan."
        if lang == "nl"
        else "Target: phase 4 (Formalised) by 1 June 2027; now phase 2 (Presence). 2 phases to go."
    )
    assert line in texts(at)
    # the phase chart's text alternative names the targets
    alt = content.t("targets.chart.alt", lang, values="")[:-2]
    assert alt in texts(at)

    # the targets survive a visit to another page, and travel in the save file
    at.switch_page(SAVE).run()
    at.switch_page(RESULTS).run()
    assert at.session_state["targets"] == goal
    at.switch_page(SAVE).run()
    saved = json.loads(downloads.content(at, content.t("save.download", lang)))
    assert saved["targets"] == {"phase": 4, "by": "2027-06-01", "fulfilment": {"5": 40.0}}

    # "no target" takes the target phase out again (AppTest cannot empty a number input)
    at.switch_page(RESULTS).run()
    at.selectbox(key=f"w:{lang}:targets.phase").select_index(0).run()  # "Geen doel"
    assert at.session_state["targets"] == Targets(by=dt.date(2027, 6, 1), fulfilment={5: 40.0})


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_what_changed_is_shown_with_a_snapshot(content: Content, lang: str) -> None:
    at = loaded(content, lang, Targets(phase=4))
    assert not at.exception, [e.value for e in at.exception]
    shown = texts(at)
    assert content.t("progress.title", lang) in [s.value for s in at.subheader]
    since = date(dt.date(2026, 3, 12), lang)
    assert content.t("progress.intro", lang, date=since) in shown
    reached = content.t("progress.reached", lang, since=since, phase=content.phase_name(3, lang))
    assert reached in shown.replace("\\", "")
    # the tables: a row per phase and per question, before / now / difference
    phases, questions = at.table[0].value, at.table[1].value
    assert len(phases) == 6 and len(questions) == 4
    engagement = phases.iloc[2].tolist()
    assert engagement == ["50%", "100%", "+50"]
    assert phases.index[2].replace("\\", "") == f"3. {content.phase(3).name(lang)}"
    assert list(phases.columns)[-1] == content.t("progress.col.delta", lang)
    # the index over time (the snapshot and now) with its text alternative
    assert content.t("progress.history", lang) in shown
    assert any(
        c.value.startswith(content.t("progress.chart.alt", lang, values="")[:-2])
        for c in at.caption
    )
    # the actions completed since, by their text, and the one done that did not move
    resolved = content.phase(3).statements[0].action(lang)
    assert resolved[:40] in shown.replace("\\", "")
    assert content.t("progress.unmoved.title", lang) in shown
    # and the target is drawn in the chart and said in a line
    target = "Doel: fase 4" if lang == "nl" else "Target: phase 4"
    assert target in shown


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_nothing_about_changes_without_a_snapshot(content: Content, lang: str) -> None:
    at = app(typical(), lang)
    at.switch_page(RESULTS).run()
    assert not at.exception
    shown = texts(at)
    assert content.t("progress.title", lang) not in [s.value for s in at.subheader]
    assert content.t("progress.history", lang) not in shown
    assert len(at.table) == 0
    # and no target line before a target is set
    assert ("Doel:" if lang == "nl" else "Target:") not in shown


def test_the_comparison_on_screen_is_the_domains(content: Content) -> None:
    """The page shows exactly the sentences of ``progress.sentences`` (Markdown-escaped)."""
    at = loaded(content, "en")
    save = rescanned(content, typical())
    before = progress.snapshot_scan(save.snapshots[-1], save.organisation.name)
    after = progress.current_scan(save)
    shown = texts(at).replace("\\", "")
    for sentence in progress.sentences(content, progress.compare(content, before, after), "en"):
        if "index went" in sentence:  # "now" is today's date on screen, the file's in the test
            continue
        assert sentence in shown, sentence


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_method_page_publishes_the_comparison_rules(content: Content, lang: str) -> None:
    at = app({}, lang)
    at.switch_page("pages/scan/method.py").run()
    assert not at.exception
    assert content.t("method.progress", lang) in [h.value for h in at.header]
    shown = texts(at)
    lines = progress.rule_lines(content, lang)
    assert len(lines) == 8
    for line in lines:
        assert line in shown, line
