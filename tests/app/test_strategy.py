"""The strategy canvas page (POST) through AppTest: empty, partial and complete in both languages,
adding and removing, typed values landing in the canvas, and the save file it offers."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assessment.content import default_content
from assessment.savefile import SaveFile, parse
from assessment.strategy import Audience, Strategy
from tests.app.harness import Downloads, app, click

C = default_content()
PAGE = "pages/scan/strategy.py"
FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "strategy-photographer.json"
SAVE_LABEL = {"nl": "Download je scan (.json)", "en": "Download your scan (.json)"}


def photographer() -> SaveFile:
    """The photographer's complete canvas, its deadlines moved relative to today so the SMART
    check says the same every day: the wedding objective grows 4 -> 8 in ten months (within
    three times a year), the companies' objective 2 -> 20 in seven months (too fast)."""
    save = parse(FIXTURE.read_bytes(), C)
    today = dt.date.today()
    for goal, _, smart in save.strategy.smart_objectives():
        smart.deadline = today + dt.timedelta(days=300 if goal.goal == "recruitment" else 210)
    return save


def on_page(strategy: Strategy | None, lang: str, answers: dict | None = None) -> AppTest:  # type: ignore[type-arg]
    at = app(answers or {}, lang)
    if strategy is not None:
        at.session_state["strategy"] = strategy
    return at.switch_page(PAGE).run()


def canvas(at: AppTest) -> Strategy:
    kept: Strategy = at.session_state["strategy"]
    return kept


def all_text(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [m.value for m in at.caption]
    parts += [m.value for m in at.warning] + [m.value for m in at.info]
    parts += [m.value for m in at.success]
    return "\n".join(str(p) for p in parts)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_an_empty_canvas_shows_where_to_start(lang: str) -> None:
    at = on_page(None, lang)
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == C.t("strategy.title", lang)
    assert at.info[0].value == C.t("strategy.start", lang)
    assert not at.warning  # nothing to warn about yet, and no error
    assert not at.error
    headers = [h.value for h in at.header]
    for step in C.strategy.steps:
        assert step.title(lang) in headers
    # what the scan says: unanswered shown as such
    assert C.t("strategy.scan.unanswered", lang) in all_text(at)
    assert not canvas(at)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_partial_canvas_shows_posts_warnings(lang: str) -> None:
    at = on_page(Strategy(audiences=[Audience(id="a1", name="Buurtbewoners")]), lang)
    at.checkbox(key=f"w:{lang}:strategy.0.goal.reach").check().run()  # a goal, no SMART yet
    assert not at.exception, [e.value for e in at.exception]
    warning = at.warning[0].value
    assert C.t("strategy.warnings", lang, count=2) in warning
    assert C.t("post.warning.audience_not_served", lang, audience="Buurtbewoners") in warning
    goal = C.objective("reach").name(lang)
    assert C.t("post.warning.goal_without_kpi", lang, goal=goal) in warning
    # the goal is prefilled with its suggested approach, and has no SMART objective yet
    assert canvas(at).objectives[0].approach == C.objective("reach").approach
    assert C.t("strategy.smart.none", lang) in all_text(at)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_complete_canvas_shows_the_verdicts_with_reasons(lang: str) -> None:
    save = photographer()
    at = on_page(save.strategy, lang, dict(save.answers))
    assert not at.exception, [e.value for e in at.exception]
    checks = [
        m.value for m in at.markdown if m.value.startswith("**" + C.t("strategy.smart.check", lang))
    ]
    assert len(checks) == 2
    wedding, companies = checks
    for criterion in ("specific", "measurable", "achievable", "relevant", "time_bound"):
        assert f"✓ **{C.t(f'smart.name.{criterion}', lang)}**" in wedding
    assert f"✗ **{C.t('smart.name.achievable', lang)}**" in companies
    assert f"✓ **{C.t('smart.name.specific', lang)}**" in companies
    # the reason, in the language, with the user's words shown literally (escaped Markdown)
    too_fast = C.t("smart.achievable.too_fast", lang, deadline="X", bound="Y", unit="Z")
    assert too_fast.split("(")[0].split("X")[0] in companies
    assert "Mila de Vries" in wedding
    # the canvas's own warnings: the families nobody aims at, TikTok without audience or goal
    warning = at.warning[0].value
    assert C.t("post.warning.audience_not_served", lang, audience="Gezinnen") in warning
    assert C.t("post.warning.channel_without_audience", lang, channel="TikTok") in warning
    # and each where it is edited: under TikTok's own fields
    flagged = [m.value for m in at.caption if "TikTok" in m.value]
    assert any(
        C.t("post.warning.channel_without_goal", lang, channel="TikTok") in f for f in flagged
    )
    # what the scan says, on the item's own scale
    needs = C.scale("question").point(1).label(lang)
    assert needs in all_text(at)


def test_adding_and_removing_an_audience_takes_its_references_along() -> None:
    save = photographer()
    at = on_page(save.strategy, "nl", dict(save.answers))
    click(at, C.t("strategy.audience.add", "nl"))
    added = canvas(at).audiences[-1]
    assert [a.id for a in canvas(at).audiences] == ["couples", "companies", "families", "a1"]
    # the scan says the audience's needs are hardly known: an assumption
    assert added.research == "assumption"
    at.text_input(key="w:nl:strategy.0.a1.name").input("Scholen").run()
    assert canvas(at).audience("a1").name == "Scholen"  # type: ignore[union-attr]

    click(at, C.t("strategy.audience.remove", "nl", number=1))  # the wedding couples
    assert not at.exception
    s = canvas(at)
    assert [a.id for a in s.audiences] == ["companies", "families", "a1"]
    assert all("couples" not in smart.audiences for _, _, smart in s.smart_objectives())
    assert all("couples" not in ch.audiences for ch in s.channels)
    # the widgets that moved up show their own audience, not the removed one's stale value
    names = [w.value for w in at.text_input if w.label == C.t("strategy.audience.name", "nl")]
    assert names == ["Bedrijven in de regio", "Gezinnen", "Scholen"]
    # and the wedding objective lost its only audience: not specific any more
    first = next(m.value for m in at.markdown if m.value.startswith("**SMART-check"))
    assert f"✗ **{C.t('smart.name.specific', 'nl')}**" in first
    assert C.t("smart.specific.no_audience", "nl") in first


def test_dropping_a_goal_drops_its_references_and_a_channel_goes_with_its_links() -> None:
    save = photographer()
    at = on_page(save.strategy, "en", dict(save.answers))
    at.checkbox(key="w:en:strategy.0.goal.loyalty").uncheck().run()
    s = canvas(at)
    assert [g.goal for g in s.objectives] == ["recruitment"]
    assert all("loyalty" not in ch.goals for ch in s.channels)
    click(at, C.t("strategy.channel.remove", "en", number=1))  # Instagram
    s = canvas(at)
    assert [c.id for c in s.channels] == ["linkedin", "tiktok"]
    assert s.objectives[0].smart[0].channels == []
    names = [w.value for w in at.text_input if w.label == C.t("strategy.channel.name", "en")]
    assert names == ["LinkedIn", "TikTok"]


def test_typed_values_land_in_the_canvas_and_survive_other_pages_and_languages() -> None:
    at = on_page(None, "nl")
    click(at, C.t("strategy.audience.add", "nl"))
    at.text_input(key="w:nl:strategy.0.a1.name").input("Hardlopers").run()
    at.checkbox(key="w:nl:strategy.0.goal.reach").check().run()
    click(at, C.t("strategy.smart.add", "nl"))
    click(at, C.t("strategy.channel.add", "nl"))
    at.text_input(key="w:nl:strategy.0.c1.name").input("Strava").run()
    smart = "w:nl:strategy.0.reach.0"
    at.text_area(key=f"{smart}.text").input("Meer deelnemers aan de zondagloop").run()
    ms = [m for m in at.multiselect if m.label == C.t("strategy.smart.audiences", "nl")]
    ms[0].set_value(["a1"]).run()
    ms = [m for m in at.multiselect if m.label == C.t("strategy.smart.channels", "nl")]
    ms[0].set_value(["c1"]).run()
    at.text_input(key=f"{smart}.kpi").input("Deelnemers per loop").run()
    at.number_input(key=f"{smart}.baseline").set_value(20.0).run()
    at.number_input(key=f"{smart}.target").set_value(30.0).run()
    at.text_input(key=f"{smart}.unit").input("lopers").run()
    deadline = dt.date.today() + dt.timedelta(days=180)
    at.date_input(key=f"{smart}.deadline").set_value(deadline).run()
    at.text_input(key=f"{smart}.owner").input("Joris").run()
    at.text_input(key="w:nl:strategy.0.reach.serves").input("Meer leden").run()
    at.number_input(key="w:nl:strategy.0.webcare.response_hours").set_value(2.0).run()

    s = canvas(at)
    got = s.objectives[0].smart[0]
    assert (got.text, got.audiences, got.channels, got.kpi) == (
        "Meer deelnemers aan de zondagloop",
        ["a1"],
        ["c1"],
        "Deelnemers per loop",
    )
    assert (got.baseline, got.target, got.unit, got.deadline, got.owner) == (
        20.0,
        30.0,
        "lopers",
        deadline,
        "Joris",
    )
    assert s.webcare.response_hours == 2.0
    check = next(m.value for m in at.markdown if m.value.startswith("**SMART-check"))
    assert "✗" not in check and check.count("✓") == 5

    # another page (the widgets are not drawn) and another language: the canvas stays
    at.switch_page("pages/scan/method.py").run()
    at.session_state["lang"] = "en"
    at.switch_page(PAGE).run()
    assert at.text_input(key="w:en:strategy.0.a1.name").value == "Hardlopers"
    assert at.number_input(key="w:en:strategy.0.reach.0.target").value == 30.0
    assert canvas(at).objectives[0].smart[0].owner == "Joris"


def test_the_save_file_from_the_page_round_trips_the_canvas(downloads: Downloads) -> None:
    save = photographer()
    at = on_page(save.strategy, "nl", dict(save.answers))
    at.text_input(key="w:nl:strategy.0.org.final_responsibility").input("Mila").run()
    data = downloads.content(at, SAVE_LABEL["nl"])
    saved = json.loads(data)
    assert saved["strategy"]["final_responsibility"] == "Mila"
    assert [a["id"] for a in saved["strategy"]["audiences"]] == ["couples", "companies", "families"]

    fresh = app({}, "en")
    fresh.switch_page("pages/scan/save.py").run()
    fresh.file_uploader(key="upload.save").upload("scan.json", data, "application/json").run()
    assert not fresh.exception
    assert canvas(fresh) == canvas(at)
    fresh.switch_page(PAGE).run()
    assert not fresh.exception
    assert fresh.text_input(key="w:1:en:strategy.0.couples.name").value == "Bruidsparen"
    assert fresh.text_input(key="w:1:en:strategy.0.org.final_responsibility").value == "Mila"


def test_removing_a_smart_objective_never_shows_its_stale_values_in_the_next() -> None:
    """SMART objectives are keyed by goal and position: the second moves up when the first is
    removed, and must show its own values, not the removed one's (the canvas version)."""
    at = on_page(None, "nl")
    at.checkbox(key="w:nl:strategy.0.goal.reach").check().run()
    click(at, C.t("strategy.smart.add", "nl"))
    click(at, C.t("strategy.smart.add", "nl"))
    at.text_area(key="w:nl:strategy.0.reach.0.text").input("Eerste").run()
    at.text_area(key="w:nl:strategy.0.reach.1.text").input("Tweede").run()
    click(at, C.t("strategy.smart.remove", "nl", number=1))
    assert [s.text for s in canvas(at).objectives[0].smart] == ["Tweede"]
    shown = [w.value for w in at.text_area if w.label == C.t("strategy.smart.text", "nl")]
    assert shown == ["Tweede"]
    # an audience removed and a new one added (it gets the same id again) starts empty
    click(at, C.t("strategy.audience.add", "nl"))
    at.text_input(key="w:nl:strategy.1.a1.name").input("Weg").run()
    click(at, C.t("strategy.audience.remove", "nl", number=1))
    click(at, C.t("strategy.audience.add", "nl"))
    shown = [w.value for w in at.text_input if w.label == C.t("strategy.audience.name", "nl")]
    assert shown == [""]
    assert canvas(at).audiences[0].name == ""


def test_a_goal_unticked_by_mistake_gets_its_work_back_when_ticked_again() -> None:
    at = on_page(None, "nl")
    at.checkbox(key="w:nl:strategy.0.goal.reach").check().run()
    at.text_input(key="w:nl:strategy.0.reach.serves").input("Meer leden").run()
    click(at, C.t("strategy.smart.add", "nl"))
    at.text_area(key="w:nl:strategy.0.reach.0.text").input("Meer bezoek").run()
    at.checkbox(key="w:nl:strategy.0.goal.reach").uncheck().run()
    assert canvas(at).objectives == []
    at.checkbox(key="w:nl:strategy.1.goal.reach").check().run()
    (goal,) = canvas(at).objectives
    assert goal.serves == "Meer leden" and [s.text for s in goal.smart] == ["Meer bezoek"]
    assert at.text_input(key="w:nl:strategy.1.reach.serves").value == "Meer leden"
    assert not at.exception
