"""The files the pages really serve: the save file and the board reports, read back as a user
would open them (the JSON parsed, the PDF's text extracted)."""

from __future__ import annotations

import io
import json

import pytest
from pypdf import PdfReader

from assessment import workshop as ws
from assessment.content import Content
from tests.app.harness import Downloads, app, engine, page


def pdf_text(data: bytes) -> str:
    assert data.startswith(b"%PDF-"), "not a PDF"
    reader = PdfReader(io.BytesIO(data))
    return " ".join((p.extract_text() or "") for p in reader.pages).replace("\n", " ")


def test_the_save_file_holds_what_was_answered_and_loads_back(
    content: Content, downloads: Downloads
) -> None:
    at = app({})
    at.text_input(key="w:nl:org.name").input("Kapsalon Knip").run()
    at.switch_page("pages/scan/questionnaire.py").run()
    first, second = content.phase(1).statements[:2]
    at.radio(key=f"w:nl:a.{first.id}").set_value(3).run()
    at.radio(key=f"w:nl:a.{second.id}").set_value("dont_know").run()
    at.switch_page("pages/scan/save.py").run()

    data = downloads.content(at, "Download je scan (.json)")
    saved = json.loads(data)
    assert saved["format"] == "sbsmi-scan" and saved["version"] == 3
    assert saved["answers"] == {first.id: 3, second.id: "dont_know"}
    assert saved["organisation"]["name"] == "Kapsalon Knip"
    assert saved["language"] == "nl"

    # and a fresh session (another browser, a week later) continues from that very file
    fresh = app({}, "en")
    fresh.switch_page("pages/scan/save.py").run()
    fresh.file_uploader(key="upload.save").upload("scan.json", data, "application/json").run()
    assert not fresh.exception
    assert fresh.session_state["answers"] == {first.id: 3, second.id: "dont_know"}
    assert fresh.session_state["org"]["name"] == "Kapsalon Knip"
    assert fresh.success[0].value.startswith("Scan loaded: 2 of ")
    fresh.switch_page("pages/scan/questionnaire.py").run()
    assert fresh.radio(key=f"w:1:en:a.{first.id}").value == 3


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        (
            "nl",
            ["Samenvatting voor directie en bestuur", "Bakkerij De Korenschoof", "1 · Planning"],
        ),
        ("en", ["Summary for the board and management", "Bakkerij De Korenschoof", "1 · Planning"]),
    ],
)
def test_the_report_is_the_scan_on_screen(
    content: Content, downloads: Downloads, lang: str, words: list[str]
) -> None:
    # Planning reached, Presence far from it (so the plan has actions)
    answers = {s.id: 4 for s in content.phase(1).statements}
    answers |= {s.id: 1 for s in content.phase(2).statements}
    at = app(answers, lang)
    at.session_state["org"] = {"name": "Bakkerij De Korenschoof", "sector": "", "size": None}
    at.switch_page("pages/scan/results.py").run()
    label = "Download het rapport (PDF)" if lang == "nl" else "Download the report (PDF)"
    text = pdf_text(downloads.content(at, label))
    for word in words:
        assert word in text, word
    # the plan page offers the same report, with the plan's first action in it
    at.switch_page("pages/scan/plan.py").run()
    plan_text = pdf_text(downloads.content(at, label))
    first_action = content.phase(2).statements[0].action(lang)
    assert first_action[:40] in plan_text


def test_the_group_report_speaks_for_the_room(content: Content, downloads: Downloads) -> None:
    db = engine()
    w = ws.create(db, "Team Communicatie", "nl", "phases")
    people = [ws.join(db, w) for _ in range(3)]
    first = content.phase(1).statements[0].id
    for person, value in zip(people[:2], (4, 2), strict=True):
        ws.answer(db, content, person.token, first, value)
    ws.set_agreed(db, content, w, {first: 3})

    at = page("pages/workshop/facilitator.py", key=w.facilitator_key)
    # the facilitator opens the tab "Groepsresultaat en rapport" (a tab's state is its label)
    at.session_state[f"w:nl:ws.tabs.{w.id}"] = content.t("ws.tab.result", "nl")
    at.run()
    assert not at.exception
    text = pdf_text(downloads.content(at, "Download het rapport (PDF)"))
    assert "Team Communicatie" in text
    assert "Vastgesteld in een workshop met 2 deelnemers die antwoordden" in text
