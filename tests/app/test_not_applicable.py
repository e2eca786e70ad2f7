""" "Not applicable" in the app, as a sole trader meets it: the size pre-marks, the questionnaire
shows and lets them change it, an item that always applies never offers it; and a scan saved
before the statements were sharpened loads with its old answers listed, not mapped."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assessment.answers import NOT_APPLICABLE
from assessment.content import Content, default_content
from tests.app.harness import Downloads, app, choose

C = default_content()
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def radio(at: AppTest, item_id: str):  # type: ignore[no-untyped-def]
    found = [r for r in at.radio if str(r.key).endswith(f":a.{item_id}")]
    assert found, f"no answer widget for {item_id}"
    return found[0]


def captions(at: AppTest) -> str:
    return "\n".join(c.value for c in at.caption)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_sole_trader_sees_what_the_size_pre_marks_and_can_change_it(
    content: Content, lang: str
) -> None:
    at = app({}, lang)
    choose(at, C.t("start.profile.size", lang), "1")
    assert not at.exception
    marked = content.not_applicable_at("1")
    assert marked
    assert C.t("na.size.marked", lang, count=len(marked)) in [i.value for i in at.info]
    assert C.t("na.size.caption", lang, count=len(marked)) in captions(at)
    assert all(at.session_state["answers"][i] == NOT_APPLICABLE for i in marked)

    at.switch_page("pages/scan/questionnaire.py").run()
    phase1 = content.phase(1).statements
    pre = next(s for s in phase1 if s.id in marked) if any(s.id in marked for s in phase1) else None
    always = next(s for s in phase1 if s.assumes is None)
    na_label = C.scale("phase").point(NOT_APPLICABLE).label(lang)
    # an item that always applies does not offer "not applicable"
    assert na_label not in radio(at, always.id).options
    if pre is not None:
        widget = radio(at, pre.id)
        assert widget.value == NOT_APPLICABLE and na_label in widget.options
        condition = content.condition(pre.id)
        assert condition is not None
        assert C.t("na.premarked", lang, assumes=condition.label(lang)) in captions(at)
        widget.set_value(2).run()  # it does apply after all
        assert at.session_state["answers"][pre.id] == 2

    # a larger size takes back its own pre-marks, never an answer the user gave
    at.switch_page("pages/scan/start.py").run()
    choose(at, C.t("start.profile.size", lang), "250+")
    answers = at.session_state["answers"]
    assert not any(v == NOT_APPLICABLE for v in answers.values())
    if pre is not None:
        assert answers[pre.id] == 2


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_results_say_how_many_items_did_not_apply(content: Content, lang: str) -> None:
    marked = content.not_applicable_at("1")
    answers = {i: 3 for i in content.item_ids()} | {i: NOT_APPLICABLE for i in marked}
    at = app(answers, lang)
    at.switch_page("pages/scan/results.py").run()
    assert not at.exception
    text = captions(at)
    assert C.t("na.summary", lang, count=len(marked), assumes="").split("(")[0] in text


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_version_one_scan_loads_and_lists_the_answers_to_answer_again(
    content: Content, lang: str, downloads: Downloads
) -> None:
    data = (FIXTURES / "savefile-v1-e9d4024.json").read_bytes()
    at = app({}, lang)
    at.file_uploader(key="upload.start").upload("old.json", data, "application/json").run()
    assert not at.exception and not at.error
    retired = at.session_state["retired"]
    assert retired.answers
    title = C.t("retired.title", lang, count=len(retired.answers))
    assert title in [e.label for e in at.expander]
    at.switch_page("pages/scan/questionnaire.py").run()
    assert title in [e.label for e in at.expander]  # still listed while answering
    # saved again, the old answers are still in the file, still apart
    at.switch_page("pages/scan/save.py").run()
    saved = json.loads(downloads.content(at, C.t("save.download", lang)))
    assert saved["version"] == 3
    assert saved["retired"]["answers"] == retired.answers
    assert not set(saved["answers"]) & set(retired.answers)


def test_a_participant_of_a_room_from_before_the_upgrade_sees_true_progress() -> None:
    """A room carried over by migration 0003 keeps answers to retired statements: they are not
    counted in a participant's progress (which would pass 100 % and break the page)."""
    from sqlalchemy import insert

    from assessment import workshop as ws
    from assessment.storage import answers as answers_table
    from tests.app.harness import engine, page

    eng = engine()
    w = ws.create(eng, "Van vorig jaar", "nl", "both")
    person = ws.join(eng, w)
    pid = ws.participant(eng, person.token)
    assert pid is not None
    with eng.begin() as conn:
        for r in C.retired:
            conn.execute(
                insert(answers_table).values(
                    participant_id=pid[0].id, item_id=r.id, value=2, updated_at=ws.now()
                )
            )
    for item_id in C.item_ids():
        ws.answer(eng, C, person.token, item_id, 3)
    at = page("pages/workshop/join.py", p=person.token)
    assert not at.exception
    total = len(C.item_ids())
    assert at.progress[0].text == C.t("progress", "nl", done=total, total=total)
