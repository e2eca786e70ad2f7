"""Every page through Streamlit's AppTest, with empty, partial and complete answers."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from assessment import workshop as ws
from assessment.content import Content, default_content
from assessment.savefile import SaveFile
from assessment.scoring import DONT_KNOW, AnswerValue
from tests.app.harness import app, choose, click, engine, page
from tests.helpers import all_answers, phase_answers

PAGES = [
    "pages/scan/start.py",
    "pages/scan/questionnaire.py",
    "pages/scan/results.py",
    "pages/scan/plan.py",
    "pages/scan/strategy.py",
    "pages/scan/save.py",
    "pages/scan/method.py",
]
C = default_content()


def partial() -> dict[str, AnswerValue]:
    answers = phase_answers(C, 1, 3) | phase_answers(C, 2, 2)
    answers[C.phase(2).statements[0].id] = DONT_KNOW
    return answers


STATES = {
    "empty": {},
    "partial": partial(),
    "complete": all_answers(C, 2) | phase_answers(C, 1, 4),
}


def texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [m.value for m in at.caption]
    parts += [m.value for m in at.title] + [m.value for m in at.header]
    parts += [m.value for m in at.subheader] + [m.value for m in at.warning]
    parts += [m.value for m in at.info] + [m.value for m in at.error]
    return "\n".join(str(p) for p in parts)


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("state", list(STATES))
@pytest.mark.parametrize("script", PAGES)
def test_every_page_renders(script: str, state: str, lang: str) -> None:
    at = app(STATES[state], lang)
    at.switch_page(script).run()
    assert not at.exception, [e.value for e in at.exception]
    heading = {
        "pages/scan/start.py": ("Hoe volwassen", "How mature"),
        "pages/scan/questionnaire.py": ("1. Planning", "1. Planning"),
        "pages/scan/results.py": ("Je resultaat", "Your result"),
        "pages/scan/plan.py": ("Verbeterplan", "Improvement plan"),
        "pages/scan/strategy.py": ("Je social media-strategie", "Your social media strategy"),
        "pages/scan/save.py": ("Opslaan", "Save"),
        "pages/scan/method.py": ("Methode", "Method"),
    }[script][lang == "en"]
    first = (at.title or at.header)[0].value
    assert first.startswith(heading), f"{script} shows {first!r}"
    shown = texts(at)
    assert "{" not in shown.replace("{}", ""), "an unfilled placeholder is shown"
    # no interface key shown instead of a text
    assert not any(key in shown.split() for key in C.ui)


def test_answering_a_statement_changes_the_result(content: Content) -> None:
    at = app({})  # nothing answered
    at.switch_page("pages/scan/questionnaire.py").run()
    for st in content.phase(1).statements:
        at.radio(key=f"w:nl:a.{st.id}").set_value(4)
    at.run()
    assert not at.exception
    assert at.session_state["answers"] == {s.id: 4 for s in content.phase(1).statements}
    at.switch_page("pages/scan/results.py").run()
    assert "1 · Planning" in at.metric[0].value
    assert "Planning" in texts(at)


def test_next_and_previous_keep_answers(content: Content) -> None:
    at = app({})
    at.switch_page("pages/scan/questionnaire.py").run()
    first = content.phase(1).statements[0]
    at.radio(key=f"w:nl:a.{first.id}").set_value(DONT_KNOW).run()
    click(at, C.t("q.next", "nl"))
    assert at.session_state["step"] == 1
    assert at.header[0].value.startswith("2.")
    click(at, C.t("q.prev", "nl"))
    assert at.radio(key=f"w:nl:a.{first.id}").value == DONT_KNOW
    assert at.session_state["answers"][first.id] == DONT_KNOW


def test_language_switch_keeps_answers(content: Content) -> None:
    nl = app(partial(), "nl")
    nl.switch_page("pages/scan/results.py").run()
    nl_metric = nl.metric[0].value
    # (AppTest drops sidebar widgets after switch_page, so switch on the first page drawn)
    at = app(partial(), "nl")
    at.button_group(key="lang.sidebar.nl").set_value("en").run()
    assert not at.exception
    assert at.session_state["lang"] == "en"
    assert at.title[0].value == "How mature is your organisation's social media strategy?"
    # both switches now show English; the start page's switch works the other way round
    assert at.button_group(key="lang.sidebar.en").value == "en"
    assert at.button_group(key="lang.start.en").value == "en"
    at.button_group(key="lang.start.en").set_value("nl").run()
    assert at.session_state["lang"] == "nl"
    assert at.button_group(key="lang.sidebar.nl").value == "nl"
    at.button_group(key="lang.start.nl").set_value("en").run()
    at.switch_page("pages/scan/results.py").run()
    assert at.session_state["answers"] == partial()
    assert at.title[0].value == "Your results"
    assert at.metric[0].value.split(" · ")[0] == nl_metric.split(" · ")[0]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_damaged_upload_shows_error_and_keeps_answers(content: Content, lang: str) -> None:
    at = app(partial(), lang)
    at.switch_page("pages/scan/save.py").run()
    at.file_uploader(key="upload.save").upload(
        "scan.json", b'{"format": "sbsmi-scan", "vers', "application/json"
    )
    at.run()
    assert not at.exception
    assert at.session_state["answers"] == partial()
    (error,) = at.error
    expected = C.t("save.error.bad_json", lang, detail="").split("(")[0]
    assert expected in error.value

    tampered = json.dumps({"format": "sbsmi-scan", "version": 1, "answers": {"planning.x": 9}})
    at.file_uploader(key="upload.save").upload(
        "tampered.json", tampered.encode(), "application/json"
    ).run()
    assert at.session_state["answers"] == partial()
    assert "planning.x" in at.error[0].value.replace("\\", "")  # Markdown-escaped


def test_profile_is_kept_across_pages(content: Content) -> None:
    at = app({})
    at.text_input(key="w:nl:org.name").input("Bakkerij ’t Hoekje").run()
    at.switch_page("pages/scan/method.py").run()
    at.switch_page("pages/scan/start.py").run()
    assert at.text_input(key="w:nl:org.name").value == "Bakkerij ’t Hoekje"
    assert at.session_state["org"]["name"] == "Bakkerij ’t Hoekje"


def test_switching_language_mid_questionnaire_keeps_and_accepts_answers(content: Content) -> None:
    """Labels change with the language; the answers and the widgets must not get confused."""
    at = app({})
    at.switch_page("pages/scan/questionnaire.py").run()
    first, second = content.phase(1).statements[:2]
    at.radio(key=f"w:nl:a.{first.id}").set_value(3).run()
    click(at, C.t("q.next", "nl"))
    click(at, C.t("q.prev", "nl"))
    choose(at, C.t("q.goto", "nl"), 1)  # the step picker
    assert at.header[0].value.startswith("2.")
    choose(at, C.t("q.goto", "nl"), 0)
    at.session_state["lang"] = "en"  # what the sidebar switch does
    at.run()
    assert not at.exception
    assert at.radio(key=f"w:en:a.{first.id}").value == 3
    at.radio(key=f"w:en:a.{second.id}").set_value(DONT_KNOW).run()
    assert at.session_state["answers"] == {first.id: 3, second.id: DONT_KNOW}
    at.switch_page("pages/scan/start.py").run()
    at.selectbox(key="w:en:org.size").set_value("10-49").run()
    at.session_state["lang"] = "nl"
    at.run()
    at.text_input(key="w:nl:org.name").input("Vishandel").run()
    assert not at.exception
    assert at.session_state["org"] == {"name": "Vishandel", "sector": "", "size": "10-49"}
    at.switch_page("pages/scan/save.py").run()
    assert not at.exception


# -- workshop pages ------------------------------------------------------------------------


def test_facilitator_page_offers_to_create_a_workshop() -> None:
    # (creating one through the form runs in Chromium: tests/e2e/test_workshop_flow.py)
    at = app({})
    at.switch_page("pages/workshop/facilitator.py").run()
    assert not at.exception
    assert at.title[0].value == C.t("ws.fac.title", "nl")
    assert at.form_submit_button[0].label == C.t("ws.fac.create", "nl")
    assert not at.metric  # no board without the private key


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_facilitator_board_with_answers_renders(lang: str) -> None:
    eng = engine()
    w = ws.create(eng, "Bord", lang, "both")
    for value in (0, 4, 2):
        p = ws.join(eng, w)
        for item in C.item_ids()[:8]:
            ws.answer(eng, C, p.token, item, value)
    at = page("pages/workshop/facilitator.py", lang=lang, key=w.facilitator_key)
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == "Bord"
    assert any(m.value == "3" for m in at.metric)


@pytest.mark.parametrize(
    ("link", "error"), [("key", "ws.fac.unknown_key"), ("board", "ws.board.unknown")]
)
def test_a_guessed_link_shows_nothing_of_the_room(link: str, error: str) -> None:
    at = page("pages/workshop/facilitator.py", **{link: "guessed-key"})
    assert C.t(error, "nl") in [e.value for e in at.error]
    assert not at.metric


def test_participant_joins_by_code_and_answers() -> None:
    eng = engine()
    w = ws.create(eng, "Meedoen", "nl", "phases")
    at = page("pages/workshop/join.py", code=w.code.lower())
    assert not at.exception
    assert C.t("ws.join.welcome", "nl", title="Meedoen") in [m.value for m in at.markdown]
    assert at.button[0].label == C.t("ws.join.go", "nl")
    # (the click itself runs in Chromium: tests/e2e/test_workshop_flow.py)
    person = ws.join(eng, w).token
    at = page("pages/workshop/join.py", p=person)
    first = C.phase(1).statements[0].id
    at.radio(key=f"w:nl:a.{first}").set_value(3).run()
    assert not at.exception
    token = person
    assert ws.answers_of(eng, token) == {first: 3}


def test_a_returning_participant_goes_on_at_the_first_step_left_to_answer() -> None:
    """A new session with the private link (a reload, another phone, or a replica that died
    and the balancer's move to another): phases 1 and 2 answered, so phase 3 opens; with
    everything answered, the last step with Finish."""
    eng = engine()
    w = ws.create(eng, "Verder", "nl", "both")
    person = ws.join(eng, w).token
    for number in (1, 2):
        for s in C.phase(number).statements:
            ws.answer(eng, C, person, s.id, 3)
    at = page("pages/workshop/join.py", p=person)
    assert not at.exception
    keys = {r.key for r in at.radio}
    assert keys == {f"w:nl:a.{s.id}" for s in C.phase(3).statements}
    for item in C.item_ids():
        ws.answer(eng, C, person, item, 2)
    at = page("pages/workshop/join.py", p=person)
    last = C.questions[-1].subquestions
    assert {r.key for r in at.radio} == {f"w:nl:a.{q.id}" for q in last}
    assert C.t("ws.join.finish", "nl") in [b.label for b in at.button]


def test_unknown_code_and_tampered_link_get_a_clear_message() -> None:
    at = page("pages/workshop/join.py", code="QQQQQQ")
    assert C.t("ws.join.unknown", "nl") in [e.value for e in at.error]
    at = page("pages/workshop/join.py", p="tampered")
    assert C.t("ws.error.unknown_participant", "nl") in [e.value for e in at.error]


def test_user_text_is_shown_literally_never_as_markdown() -> None:
    """A title with an image link must not make every phone fetch an outside image."""
    eng = engine()
    title = "![x](http://example.com/x.png) **Team** <b>A</b>"
    w = ws.create(eng, title, "nl", "both")
    at = page("pages/workshop/facilitator.py", key=w.facilitator_key)
    # every Markdown character escaped: shown as typed, nothing fetched
    assert at.title[0].value == r"\!\[x\]\(http\://example\.com/x\.png\) \*\*Team\*\* \<b\>A\</b\>"
    assert "](" not in at.title[0].value.replace("\\](", "").replace("\\(", "")


def test_resume_on_the_start_page_then_carry_on(content: Content) -> None:
    """Loading a scan on the start page, then typing or starting the scan, must keep working."""
    save = SaveFile(answers=partial())
    save.organisation.name = "Kapsalon Knip"
    at = app({})
    at.text_input(key="w:nl:org.name").input("Oude naam").run()
    at.file_uploader(key="upload.start").upload(
        "scan.json", save.to_json().encode(), "application/json"
    ).run()
    assert not at.exception
    assert at.session_state["answers"] == partial()
    name_box = next(w for w in at.text_input if w.label == C.t("start.profile.name", "nl"))
    assert name_box.value == "Kapsalon Knip"  # the page shows the loaded profile at once
    name_box.input("Kapsalon Knip & Co").run()  # typing after the load: no crash
    assert not at.exception
    assert at.session_state["org"]["name"] == "Kapsalon Knip & Co"
    click(at, C.t("start.continue", "nl"))
    assert not at.exception


def test_a_busy_database_keeps_the_choice_and_offers_to_save_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An answer the database refuses as too busy is never dropped silently: the person sees
    it was not saved, the choice stays on screen, and 'Save again' stores it."""
    import sqlite3

    from assessment import storage
    from assessment.settings import get_settings

    eng = engine()
    w = ws.create(eng, "Druk", "nl", "phases")
    person = ws.join(eng, w).token
    at = page("pages/workshop/join.py", p=person)
    first = C.phase(1).statements[0].id
    monkeypatch.setattr(storage, "WRITE_PATIENCE", 0.3)
    path = get_settings().data_dir / "sbsmi.sqlite3"
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")  # another writer holds the database
    try:
        at.radio(key=f"w:nl:a.{first}").set_value(3).run()
    finally:
        blocker.rollback()
        blocker.close()
    assert not at.exception
    assert C.t("ws.error.not_saved", "nl") in [e.value for e in at.error]
    assert at.radio(key=f"w:nl:a.{first}").value == 3  # the choice is still there
    assert ws.answers_of(eng, person) == {}
    retry = at.button(key=f"w:nl:retry.{first}")
    assert retry.label == C.t("ws.join.retry", "nl")
    retry.click().run()
    assert ws.answers_of(eng, person) == {first: 3}
    assert C.t("ws.error.not_saved", "nl") not in [e.value for e in at.error]


def test_the_board_link_shows_the_room_and_nothing_to_manage() -> None:
    eng = engine()
    w = ws.create(eng, "Beamer", "nl", "both")
    p = ws.join(eng, w)
    ws.answer(eng, C, p.token, C.item_ids()[0], 2)
    at = page("pages/workshop/facilitator.py", board=w.board_key)
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == "Beamer"
    shown = {m.label: m.value for m in at.metric}
    assert shown[C.t("ws.board.joined", "nl")] == "1"
    assert shown[C.t("ws.board.answers", "nl")] == "1"
    assert not at.tabs and not at.form and not at.button  # no consensus, result or manage
    everything = texts(at) + "\n".join(str(c.value) for c in at.code)
    assert w.facilitator_key not in everything
    assert w.code in everything  # the join code and QR are on the board


def test_the_facilitator_gets_the_board_link() -> None:
    eng = engine()
    w = ws.create(eng, "Link", "en", "both")
    at = page("pages/workshop/facilitator.py", key=w.facilitator_key)
    codes = [str(c.value) for c in at.code]
    assert any(f"board={w.board_key}" in v for v in codes)


def test_creating_a_workshop_speaks_the_facilitators_language() -> None:
    """A Dutch facilitator who sets up an English workshop still reads Dutch until it exists."""
    at = app({})
    at.switch_page("pages/workshop/facilitator.py").run()
    at.radio(key="w:nl:ws.language").set_value("en")
    parts = at.radio(key="w:nl:ws.parts")
    assert parts.options[0] == C.t("ws.parts.both", "nl")
    at.form_submit_button[0].click().run()  # no title
    assert not at.exception
    assert [e.value for e in at.error] == [C.t("ws.error.no_title", "nl")]
