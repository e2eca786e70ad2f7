"""The decisions the pages show but do not make: a phase's status, the strongest and weakest
statement, the gaps and open counts, the chart's cache key, the plan's edits, the save file of a
scan in progress, plural texts, what counts as an answer."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from assessment import charts, plan
from assessment.answers import DONT_KNOW, is_answer
from assessment.content import Content, default_content
from assessment.savefile import SaveFile
from assessment.scoring import score

C = default_content()
P1 = [s.id for s in C.phase(1).statements]  # Planning has 7 statements
P2 = [s.id for s in C.phase(2).statements]


def test_a_phase_status_says_what_its_figure_means() -> None:
    r = score(C, {P1[0]: 4, P1[1]: 4, P1[2]: 4, P1[3]: 4, P2[0]: 1, P2[1]: 1, P2[2]: 1, P2[3]: 1})
    planning, presence, engagement = r.phases[:3]
    assert planning.status == "reached"  # 4 of 7 answered, all "fully"
    assert presence.status == "open"  # enough answers, 25 %
    assert engagement.status == "none"  # nothing answered
    thin = score(C, {P1[0]: 4, P1[1]: 4})  # 2 of 7: too few to judge
    assert thin.phases[0].status == "nodata"
    assert thin.thin_phases == (thin.phases[0],)


def test_the_chart_marks_the_weakest_phase() -> None:
    r = score(C, {P1[0]: 4, P1[1]: 4, P1[2]: 4, P1[3]: 4, P2[0]: 1, P2[1]: 1, P2[2]: 1, P2[3]: 1})
    assert [r.chart_status(p) for p in r.phases[:3]] == ["reached", "weakest", "nodata"]


def test_strongest_and_weakest_statement_of_a_phase() -> None:
    p = score(C, {P1[0]: 2, P1[1]: 4, P1[2]: 0, P1[3]: 4}).phases[0]
    assert p.strongest is not None and p.strongest.item_id == P1[1]  # the first of the 4s
    assert p.weakest is not None and p.weakest.item_id == P1[2]
    same = score(C, {P1[0]: 3, P1[1]: 3}).phases[0]
    assert same.weakest is None  # nothing stands out
    assert score(C, {}).phases[0].strongest is None


def test_gaps_and_open_items_are_counted_over_the_whole_scan() -> None:
    q1 = C.question(1).subquestions[0].id
    r = score(C, {P1[0]: DONT_KNOW, P2[0]: 3, q1: DONT_KNOW})
    assert r.gaps == (P1[0], q1)  # in questionnaire order
    assert r.given == 3
    assert r.unanswered == 59 - 3


def test_the_chart_key_changes_with_what_the_chart_shows() -> None:
    one = score(C, {P1[0]: 4, P1[1]: 4, P1[2]: 4})
    same = score(C, {P1[2]: 4, P1[1]: 4, P1[0]: 4})
    other = score(C, {P1[0]: 4, P1[1]: 4, P1[2]: 3})
    assert charts.signature("phase", one) == charts.signature("phase", same)
    assert charts.signature("phase", one) != charts.signature("phase", other)
    q1 = C.question(1).subquestions[0].id
    assert charts.signature("question", one) != charts.signature("question", score(C, {q1: 2}))


def test_an_edit_in_the_plan_table() -> None:
    action = plan.generate(C, {P1[0]: 1}, score(C, {P1[0]: 1}))[0]
    typical = action.item(C).owner("nl")
    edit = plan.edit_from_change(C, action, None, {"owner": typical, "due": "2027-03-01"}, "nl")
    assert edit == plan.Edit(include=True, owner=None, due=dt.date(2027, 3, 1), notes="")
    long = plan.edit_from_change(
        C, action, edit, {"owner": "x" * 300, "notes": "n" * 900, "include": False}, "nl"
    )
    assert long.owner == "x" * 120 and long.notes == "n" * 500 and not long.include
    assert long.due == dt.date(2027, 3, 1)  # kept from the previous edit
    cleared = plan.edit_from_change(C, action, long, {"due": None, "owner": ""}, "nl")
    assert cleared.due is None and cleared.owner is None
    nonsense = plan.edit_from_change(C, action, None, {"due": "not a date"}, "nl")
    assert nonsense.due is None


def test_the_save_file_of_a_scan_in_progress() -> None:
    created = dt.datetime(2026, 3, 12, 9, 30, tzinfo=dt.UTC)
    save = SaveFile.from_state(
        language="en",
        organisation={"name": "Café ’t Hoekje", "sector": "", "size": "2-9"},
        answers={P1[0]: 3, P1[1]: DONT_KNOW},
        edits={"act.x": plan.Edit(include=False, owner="Sanne")},
        created_at=created,
    )
    assert save.language == "en" and save.answers == {P1[0]: 3, P1[1]: "dont_know"}
    assert save.plan[0].action_id == "act.x" and save.plan[0].owner == "Sanne"
    assert save.created_at == created and save.updated_at >= created
    day = dt.date(2026, 11, 29)
    assert save.filename(day) == "sbsmi-scan-café-t-hoekje-2026-11-29.json"
    assert save.filename(day, kind="report") == "sbsmi-report-café-t-hoekje-2026-11-29.pdf"
    assert SaveFile().filename(day) == "sbsmi-scan-assessment-2026-11-29.json"


def test_a_plural_text_picks_its_form(content: Content) -> None:
    assert content.t("results.open", "nl", count=1) == "Nog één vraag open (telt niet mee)."
    assert content.t("results.open", "nl", count=3) == "Nog 3 vragen open (tellen niet mee)."
    assert content.t("results.open", "en", count=0) == "0 questions still open (not counted)."
    with pytest.raises(TypeError, match=r"results\.open"):
        content.t("results.open", "nl")


@pytest.mark.parametrize(
    ("nl_other", "en_other", "error"),
    [("{count} stuks", "many", "different placeholders"), ("stuks", "many", "{count}")],
)
def test_content_refuses_a_plural_text_without_its_count(
    nl_other: str, en_other: str, error: str
) -> None:
    data = C.model_dump()
    data["ui"]["demo"] = {
        "nl": {"one": "één", "other": nl_other},
        "en": {"one": "one", "other": en_other},
    }
    with pytest.raises(ValidationError, match=error):
        Content.model_validate(data)


@pytest.mark.parametrize(
    ("value", "ok"),
    [(0, True), (4, True), ("dont_know", True), (5, False), (-1, False), (True, False),
     ("4", False), (None, False), (2.0, False)],
)  # fmt: skip
def test_what_counts_as_an_answer(value: object, ok: bool) -> None:
    assert is_answer(value) is ok
