"""Progress over time in the app: a re-scan from a loaded scan, the answers it carries over
(marked until confirmed or changed), the plan's action statuses, and what the save file keeps."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from streamlit.proto.WidgetStates_pb2 import WidgetStates
from streamlit.testing.v1 import AppTest

from assessment.content import Content, default_content
from assessment.savefile import SaveFile
from tests.app.harness import Downloads, app, click

C = default_content()
MARCH = dt.datetime(2026, 3, 12, 10, 0, tzinfo=dt.UTC)
TEXT = {
    "nl": {
        "rescan": "Start een nieuwe scan vanuit deze scan",
        "mark": "Uit de scan van 12 maart 2026 — bevestig of wijzig",
        "confirm": "Bevestig",
        "confirm_step": "Bevestig alle antwoorden van deze stap",
        "still": "nog {n} antwoorden uit de vorige scan te bevestigen",
        "save": "Download je scan (.json)",
        "unmoved": "Afgerond, maar het antwoord staat nog laag",
    },
    "en": {
        "rescan": "Start a new scan from this one",
        "mark": "From the scan of 12 March 2026 — confirm or change",
        "confirm": "Confirm",
        "confirm_step": "Confirm all answers on this step",
        "still": "{n} answers from the previous scan still to confirm",
        "save": "Download your scan (.json)",
        "unmoved": "Done, but the answer is still low",
    },
}


def march_scan() -> SaveFile:
    """Last March's scan: Planning "partly", Presence "largely"."""
    answers = {s.id: 2 for s in C.phase(1).statements} | {s.id: 3 for s in C.phase(2).statements}
    return SaveFile(answers=answers, created_at=MARCH, updated_at=MARCH)


def progress_text(at: AppTest) -> str:
    return str(at.get("progress")[0].proto.text)


def markdown(at: AppTest) -> str:
    return " ".join(m.value for m in at.markdown)


def rescan(at: AppTest, lang: str) -> AppTest:
    """Start the re-scan (the app goes on to the questionnaire; AppTest stays on the script it
    ran, so it is told where the app went)."""
    at = click(at, TEXT[lang]["rescan"])
    assert not at.exception, [e.value for e in at.exception]
    return at.switch_page("pages/scan/questionnaire.py").run()


def loaded(lang: str) -> AppTest:
    at = app({}, lang)
    at.switch_page("pages/scan/save.py").run()
    data = march_scan().to_json().encode()
    at.file_uploader(key="upload.save").upload("scan.json", data, "application/json").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_loaded_scan_offers_a_rescan_that_carries_the_answers(lang: str) -> None:
    text = TEXT[lang]
    at = loaded(lang)
    assert any(b.label == text["rescan"] for b in at.button)
    day = "12 maart 2026" if lang == "nl" else "12 March 2026"
    assert any(day in c.value for c in at.caption), [c.value for c in at.caption]

    at = click(at, text["rescan"])
    assert not at.exception, [e.value for e in at.exception]
    assert markdown(at).count(text["mark"]) == len(C.phase(1).statements)  # went on to step 1
    carried = set(march_scan().answers)
    assert at.session_state["unconfirmed"] == carried
    [snap] = at.session_state["snapshots"]
    assert snap.taken_on == MARCH.date() and snap.answers == march_scan().answers
    # on the questionnaire's first step, every carried answer marked, the count said
    at = at.switch_page("pages/scan/questionnaire.py").run()
    assert at.session_state["step"] == 0
    assert markdown(at).count(text["mark"]) == len(C.phase(1).statements)
    assert text["still"].format(n=len(carried)) in progress_text(at)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_confirming_or_changing_clears_the_mark(lang: str) -> None:
    text = TEXT[lang]
    at = rescan(loaded(lang), lang)
    first, second, *rest = C.phase(1).statements
    total = len(march_scan().answers)

    at.button(key=f"w:2:{lang}:confirm.{first.id}").click().run()  # as it stands
    assert first.id not in at.session_state["unconfirmed"]
    assert at.session_state["answers"][first.id] == 2
    at.radio(key=f"w:2:{lang}:a.{second.id}").set_value(4).run()  # changed: confirmed too
    assert second.id not in at.session_state["unconfirmed"]
    assert markdown(at).count(text["mark"]) == len(rest)
    assert text["still"].format(n=total - 2) in progress_text(at)

    at = click(at, text["confirm_step"])
    assert not at.session_state["unconfirmed"] & {s.id for s in C.phase(1).statements}
    assert text["mark"] not in markdown(at)
    assert text["confirm_step"] not in [b.label for b in at.button]
    # the next step still has its carried answers
    at = click(at, C.t("q.next", lang))
    assert markdown(at).count(text["mark"]) == len(C.phase(2).statements)


def test_the_save_file_keeps_the_snapshot_and_the_unconfirmed_answers(
    downloads: Downloads,
) -> None:
    at = rescan(loaded("nl"), "nl")
    first = C.phase(1).statements[0]
    at.radio(key=f"w:2:nl:a.{first.id}").set_value(4).run()
    at.switch_page("pages/scan/save.py").run()
    saved = json.loads(downloads.content(at, TEXT["nl"]["save"]))
    assert [s["taken_on"] for s in saved["snapshots"]] == ["2026-03-12"]
    assert saved["snapshots"][0]["answers"][first.id] == 2
    assert saved["answers"][first.id] == 4
    assert first.id not in saved["unconfirmed"]
    assert len(saved["unconfirmed"]) == len(march_scan().answers) - 1

    # saved half-way: loading it offers to continue the re-scan, not a second one
    half = app({}, "nl")
    half.switch_page("pages/scan/save.py").run()
    half.file_uploader(key="upload.save").upload(
        "scan.json", json.dumps(saved).encode(), "application/json"
    ).run()
    labels = [b.label for b in half.button]
    assert C.t("rescan.continue", "nl") in labels and TEXT["nl"]["rescan"] not in labels
    assert half.session_state["unconfirmed"] == set(saved["unconfirmed"])

    # once every answer is confirmed, a file that holds a snapshot offers a second re-scan
    saved["unconfirmed"] = []
    again = app({}, "nl")
    again.switch_page("pages/scan/save.py").run()
    again.file_uploader(key="upload.save").upload(
        "scan.json", json.dumps(saved).encode(), "application/json"
    ).run()
    assert any("al één eerdere scan" in c.value for c in again.caption)
    again = rescan(again, "nl")
    assert len(again.session_state["snapshots"]) == 2


def edit_plan(at: AppTest, rows: dict[int, dict[str, object]]) -> AppTest:
    """Change cells of the plan's table as the browser's grid reports them: the editor's widget
    state (``edited_rows`` as JSON) sent with the next run, so its ``on_change`` runs as in the
    app. (AppTest cannot edit a data editor's cells itself.)"""
    [editor] = at.data_editor
    tree = at._tree
    collect = tree.get_widget_states

    def with_the_edit() -> WidgetStates:
        states = collect()
        state = states.widgets.add()
        state.id = editor.proto.id
        state.string_value = json.dumps({"edited_rows": rows, "added_rows": [], "deleted_rows": []})
        return states

    tree.get_widget_states = with_the_edit  # type: ignore[method-assign]
    return at.run()


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_action_status_on_the_plan_page(lang: str, content: Content, downloads: Downloads) -> None:
    text = TEXT[lang]
    at = app(march_scan().answers, lang)  # type: ignore[arg-type]
    at.switch_page("pages/scan/plan.py").run()
    label = {s: C.t(f"status.{s}", lang) for s in ("open", "in_progress", "done", "dropped")}
    statuses = list(at.data_editor[0].value["status"])
    assert set(statuses) == {label["open"]}
    at = edit_plan(
        at,
        {
            0: {"status": label["done"]},
            1: {"status": label["in_progress"]},
            2: {"status": label["dropped"]},
        },
    )
    assert not at.exception, [e.value for e in at.exception]
    table = at.data_editor[0].value
    assert list(table["status"][:4]) == [
        label[s] for s in ("done", "in_progress", "dropped", "open")
    ]
    assert table["done_on"][0] == dt.date.today()  # done today, unless the user says otherwise
    assert table["check"][0].endswith(text["unmoved"])  # its answer still "partly"
    assert not table["check"][1]
    edits = at.session_state["edits"]
    first = next(iter(edits))
    assert edits[first].progress == "done" and edits[first].done_on == dt.date.today()
    # the detail folds say so too
    labels = [e.label for e in at.expander]
    assert text["unmoved"] in labels[0]
    assert C.t("status.dropped", lang) in labels[2]

    at = edit_plan(at, {0: {"done_on": "2026-04-01"}})
    assert at.session_state["edits"][first].done_on == dt.date(2026, 4, 1)

    at.switch_page("pages/scan/save.py").run()
    saved = json.loads(downloads.content(at, text["save"]))
    by_id = {e["action_id"]: e for e in saved["plan"]}
    assert by_id[first]["status"] == "done" and by_id[first]["done_on"] == "2026-04-01"
    assert sorted(e["status"] for e in saved["plan"]) == ["done", "dropped", "in_progress"]
    assert [e["include"] for e in saved["plan"] if e["status"] == "dropped"] == [False]


@pytest.mark.parametrize(
    ("lang", "label"),
    [
        ("nl", "Download de groepsantwoorden als scanbestand (.json)"),
        ("en", "Download the group's answers as a scan file (.json)"),
    ],
)
def test_the_facilitator_downloads_the_agreed_answers_as_a_scan(
    lang: str, label: str, downloads: Downloads
) -> None:
    from assessment import workshop as ws
    from tests.app.harness import engine, page

    eng = engine()
    w = ws.create(eng, "Team Communicatie", lang, "phases")
    person = ws.join(eng, w)
    planning = [s.id for s in C.phase(1).statements]
    ws.answer(eng, C, person.token, planning[0], 1)
    at = page("pages/workshop/facilitator.py", lang=lang, key=w.facilitator_key)
    at.session_state[f"w:{lang}:ws.tabs.{w.id}"] = C.t("ws.tab.result", lang)
    at.run()
    assert label not in [b.proto.label for b in at.get("download_button")]  # nothing agreed yet

    ws.set_agreed(eng, C, w, {item: 3 for item in planning})
    at.run()
    saved = json.loads(downloads.content(at, label))
    assert saved["version"] == 3 and saved["language"] == lang
    assert saved["organisation"]["name"] == "Team Communicatie"
    assert saved["answers"] == {item: 3 for item in planning}
    assert person.token not in json.dumps(saved)
    # and it loads as a scan, ready for a re-scan
    fresh = loaded_bytes(json.dumps(saved).encode(), lang)
    assert fresh.session_state["answers"] == saved["answers"]


def loaded_bytes(data: bytes, lang: str) -> AppTest:
    at = app({}, lang)
    at.switch_page("pages/scan/save.py").run()
    at.file_uploader(key="upload.save").upload("scan.json", data, "application/json").run()
    assert not at.exception, [e.value for e in at.exception]
    assert any(b.label == TEXT[lang]["rescan"] for b in at.button)
    return at
