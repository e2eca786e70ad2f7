"""The SMART check and POST's warnings, rule by rule: each test changes one thing of a SMART
objective that passes every rule, and asserts the one verdict that must turn (and its reason)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from assessment.content import Content
from assessment.savefile import SaveFileError, parse
from assessment.strategy import (
    CRITERIA,
    Audience,
    Channel,
    Goal,
    Smart,
    Strategy,
    add_months,
    check,
    research_from_scan,
)

ON = dt.date(2026, 11, 29)
FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "strategy-photographer.json"


def good_smart(**change: object) -> Smart:
    fields: dict[str, object] = {
        "text": "Meer websitebezoek van ouders via Instagram",
        "audiences": ["parents"],
        "channels": ["insta"],
        "kpi": "Websitebezoekers via Instagram",
        "baseline": 200.0,
        "target": 300.0,
        "unit": "bezoekers per maand",
        "deadline": dt.date(2027, 6, 30),
        "owner": "Sanne",
    }
    return Smart.model_validate(fields | change)


def canvas(smart: Smart | None = None, **goal: object) -> Strategy:
    return Strategy(
        audiences=[Audience(id="parents", name="Jonge ouders")],
        channels=[Channel(id="insta", name="Instagram", audiences=["parents"], goals=["reach"])],
        objectives=[
            Goal.model_validate(
                {
                    "goal": "reach",
                    "serves": "Meer klanten in de wijk",
                    "smart": [smart or good_smart()],
                }
                | goal
            )
        ],
    )


def verdicts(content: Content, strategy: Strategy, on: dt.date = ON) -> dict[str, bool]:
    result = check(content, strategy, on)
    return {v.criterion: v.ok for v in result.smart[0].verdicts}


def why(content: Content, strategy: Strategy, criterion: str, lang: str = "en") -> str:
    result = check(content, strategy, ON).smart[0]
    return next(v for v in result.verdicts if v.criterion == criterion).why(content, lang)


def only_failing(content: Content, strategy: Strategy) -> set[str]:
    return {c for c, ok in verdicts(content, strategy).items() if not ok}


def test_a_complete_objective_passes_all_five(content: Content) -> None:
    result = check(content, canvas(), ON)
    assert [v.criterion for v in result.smart[0].verdicts] == list(CRITERIA)
    assert result.smart[0].ok
    assert result.warnings == ()
    assert "Jonge ouders" in why(content, canvas(), "specific")
    assert "Instagram" in why(content, canvas(), "specific")
    assert "from 200 to 300 bezoekers per maand" in why(content, canvas(), "measurable")


# -- specific --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"text": ""}, "Describe the objective"),
        ({"audiences": []}, "at least one audience"),
        ({"channels": []}, "at least one channel"),
    ],
)
def test_specific_needs_a_statement_an_audience_and_a_channel(
    content: Content, change: dict[str, object], reason: str
) -> None:
    strategy = canvas(good_smart(**change))
    assert only_failing(content, strategy) == {"specific"}
    assert reason in why(content, strategy, "specific")


def test_specific_counts_only_audiences_and_channels_that_exist_in_the_canvas(
    content: Content,
) -> None:
    """The save file refuses a dangling reference; the check, used on the app's state while it is
    edited, does not count one either."""
    strategy = canvas(good_smart(audiences=["gone"], channels=["gone-too"]))
    assert only_failing(content, strategy) == {"specific"}


# -- measurable ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"kpi": ""}, "Name the KPI"),
        ({"baseline": None}, "baseline and a target, as numbers"),
        ({"target": None}, "baseline and a target, as numbers"),
        ({"target": 200.0}, "are the same (200)"),
        ({"unit": ""}, "Name the unit"),
    ],
)
def test_measurable_needs_a_kpi_two_different_numbers_and_a_unit(
    content: Content, change: dict[str, object], reason: str
) -> None:
    strategy = canvas(good_smart(**change))
    failing = only_failing(content, strategy)
    assert "measurable" in failing
    # without numbers the growth cannot be judged either; nothing else turns
    assert failing <= {"measurable", "achievable"}
    assert reason in why(content, strategy, "measurable")


# -- achievable ------------------------------------------------------------------------------


def test_achievable_needs_an_owner(content: Content) -> None:
    strategy = canvas(good_smart(owner=""))
    assert only_failing(content, strategy) == {"achievable"}
    assert "Name who makes sure" in why(content, strategy, "achievable")


def test_the_growth_limit_is_three_times_a_year_pro_rata(content: Content) -> None:
    """Three times the baseline in twelve months is realistic; a little more is not."""
    assert content.strategy.smart.max_factor_per_year == 3
    a_year = add_months(ON, 12)
    assert only_failing(content, canvas(good_smart(target=590.0, deadline=a_year))) == set()
    assert only_failing(content, canvas(good_smart(target=620.0, deadline=a_year))) == {
        "achievable"
    }
    # half a year: the square root of three (1.73 times)
    half = add_months(ON, 6)
    assert only_failing(content, canvas(good_smart(target=340.0, deadline=half))) == set()
    assert only_failing(content, canvas(good_smart(target=360.0, deadline=half))) == {"achievable"}


def test_a_reduction_has_the_same_limit_the_other_way(content: Content) -> None:
    """Response time from 24 hours: to 9 within a year is realistic, to 1 is not."""
    a_year = add_months(ON, 12)
    fine = good_smart(baseline=24.0, target=9.0, unit="uur", deadline=a_year)
    steep = good_smart(baseline=24.0, target=1.0, unit="uur", deadline=a_year)
    to_zero = good_smart(baseline=24.0, target=0.0, unit="uur", deadline=a_year)
    assert only_failing(content, canvas(fine)) == set()
    assert only_failing(content, canvas(steep)) == {"achievable"}
    assert only_failing(content, canvas(to_zero)) == {"achievable"}


def test_an_exceptional_target_passes_once_the_user_confirms_it(content: Content) -> None:
    steep = canvas(good_smart(target=2000.0))
    assert only_failing(content, steep) == {"achievable"}
    assert "confirm that it is exceptional" in why(content, steep, "achievable")
    confirmed = canvas(good_smart(target=2000.0, exceptional=True))
    assert only_failing(content, confirmed) == set()
    assert "you confirmed it is achievable" in why(content, confirmed, "achievable")


def test_from_zero_no_growth_rate_is_judged(content: Content) -> None:
    strategy = canvas(good_smart(baseline=0.0, target=50.0))
    assert only_failing(content, strategy) == set()
    assert "With a baseline of zero or less" in why(content, strategy, "achievable")


def test_achievable_cannot_be_judged_without_a_deadline(content: Content) -> None:
    strategy = canvas(good_smart(deadline=None))
    assert only_failing(content, strategy) == {"achievable", "time_bound"}
    assert "can only be judged" in why(content, strategy, "achievable")


# -- relevant --------------------------------------------------------------------------------


def test_relevant_needs_the_organisation_goal_it_serves(content: Content) -> None:
    strategy = canvas(serves="")
    assert only_failing(content, strategy) == {"relevant"}
    assert "Reach" in why(content, strategy, "relevant")
    assert "Bereik" in why(content, strategy, "relevant", "nl")
    assert "Meer klanten in de wijk" in why(content, canvas(), "relevant")


# -- time-bound ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("deadline", "ok"),
    [
        (None, False),
        (ON, False),  # not after the scan's date
        (ON - dt.timedelta(days=30), False),
        (ON + dt.timedelta(days=1), True),
        (add_months(ON, 24), True),  # at most 24 months after it
        (add_months(ON, 24) + dt.timedelta(days=1), False),
    ],
)
def test_time_bound_after_the_scan_and_within_24_months(
    content: Content, deadline: dt.date | None, ok: bool
) -> None:
    # a target of zero growth-risk: from zero, so "achievable" only depends on the deadline
    strategy = canvas(good_smart(deadline=deadline, baseline=0.0))
    assert verdicts(content, strategy)["time_bound"] is ok


def test_the_reason_names_the_latest_deadline(content: Content) -> None:
    strategy = canvas(good_smart(deadline=dt.date(2029, 1, 1), baseline=0.0))
    assert "29 November 2028 at the latest" in why(content, strategy, "time_bound")
    assert "uiterlijk 29 november 2028" in why(content, strategy, "time_bound", "nl")


def test_add_months_keeps_the_end_of_the_month() -> None:
    assert add_months(dt.date(2026, 2, 28), 24) == dt.date(2028, 2, 28)
    assert add_months(dt.date(2028, 2, 29), 12) == dt.date(2029, 2, 28)
    assert add_months(dt.date(2026, 11, 30), 3) == dt.date(2027, 2, 28)


# -- warnings (POST's order) -----------------------------------------------------------------


def codes(content: Content, strategy: Strategy) -> list[str]:
    return [w.code for w in check(content, strategy, ON).warnings]


def test_an_audience_that_no_objective_serves(content: Content) -> None:
    strategy = canvas()
    strategy.audiences.append(Audience(id="seniors", name="Senioren"))
    assert codes(content, strategy) == ["audience_not_served"]
    assert "Senioren" in check(content, strategy, ON).warnings[0].text(content, "nl")


def test_more_than_three_goals_is_allowed_but_warned(content: Content) -> None:
    strategy = canvas()
    for goal in ("reputation", "loyalty"):
        strategy.objectives.append(Goal(goal=goal, serves="x", smart=[good_smart()]))
    assert codes(content, strategy) == []
    strategy.objectives.append(Goal(goal="innovation", serves="x", smart=[good_smart()]))
    assert codes(content, strategy) == ["too_many_goals"]
    text = check(content, strategy, ON).warnings[0].text(content, "en")
    assert "4 goals" in text and "3 at most" in text


def test_a_goal_without_a_kpi(content: Content) -> None:
    assert codes(content, canvas(good_smart(kpi=""))) == ["goal_without_kpi"]
    no_smart = canvas()
    no_smart.objectives[0].smart.clear()
    assert "goal_without_kpi" in codes(content, no_smart)


def test_technology_before_people_a_channel_no_audience_uses(content: Content) -> None:
    strategy = canvas()
    strategy.channels.append(Channel(id="tiktok", name="TikTok", goals=["reach"]))
    assert codes(content, strategy) == ["channel_without_audience"]
    assert "Technology before people" in check(content, strategy, ON).warnings[0].text(
        content, "en"
    )


def test_a_channel_that_serves_no_goal(content: Content) -> None:
    strategy = canvas()
    strategy.channels[0].goals.clear()
    assert codes(content, strategy) == ["channel_without_goal"]


def test_the_warnings_follow_posts_order(content: Content) -> None:
    strategy = canvas(good_smart(kpi=""))
    strategy.audiences.append(Audience(id="seniors", name="Senioren"))
    strategy.channels.append(Channel(id="tiktok", name="TikTok"))
    for goal in ("reputation", "loyalty", "innovation"):
        strategy.objectives.append(Goal(goal=goal, serves="x", smart=[good_smart()]))
    assert codes(content, strategy) == [
        "audience_not_served",
        "too_many_goals",
        "goal_without_kpi",
        "channel_without_audience",
        "channel_without_goal",
    ]


def test_an_empty_canvas_has_nothing_to_check(content: Content) -> None:
    result = check(content, Strategy(), ON)
    assert result.smart == () and result.warnings == ()
    assert not Strategy() and canvas()


# -- how the scan says the audience is known -------------------------------------------------


@pytest.mark.parametrize(
    ("needs", "segments", "research"),
    [
        (4, 4, "field"),
        (4, 3, "desk"),
        (3, 3, "desk"),
        (2, 4, "assumption"),
        ("dont_know", 4, "assumption"),
        (None, None, "assumption"),
    ],
)
def test_research_prefilled_from_the_scan(needs: object, segments: object, research: str) -> None:
    answers = {"audience-expectations.needs": needs, "who-where.segments": segments}
    assert research_from_scan(answers) == research


# -- the save file ---------------------------------------------------------------------------


def test_the_fixture_round_trips_with_its_canvas(content: Content) -> None:
    save = parse(FIXTURE.read_bytes(), content)
    assert save.version == 3
    assert [a.id for a in save.strategy.audiences] == ["couples", "companies", "families"]
    again = parse(save.to_json(), content)
    assert again.strategy == save.strategy
    result = check(content, save.strategy, save.updated_at.date())
    assert [s.ok for s in result.smart] == [True, False]


def _tampered(path: list[str | int], value: object) -> bytes:
    data = json.loads(FIXTURE.read_bytes())
    node = data
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = value
    return json.dumps(data).encode()


SMART0 = ["strategy", "objectives", 0, "smart", 0]


@pytest.mark.parametrize(
    ("path", "value", "code", "quoted"),
    [
        ([*SMART0, "baseline"], "200", "not_number", '"200"'),
        ([*SMART0, "target"], "veel", "not_number", '"veel"'),
        ([*SMART0, "baseline"], True, "not_number", "true"),
        ([*SMART0, "deadline"], "2027-02-30", "bad_date", "2027-02-30"),
        ([*SMART0, "deadline"], "30-06-2027", "bad_date", "30-06-2027"),
        ([*SMART0, "audiences"], ["nobody"], "unknown_audience", "nobody"),
        ([*SMART0, "channels"], ["myspace"], "unknown_channel", "myspace"),
        (["strategy", "objectives", 0, "goal"], "fame", "unknown_goal", "fame"),
        (["strategy", "channels", 0, "goals"], ["fame"], "unknown_goal", "fame"),
        (["strategy", "channels", 0, "audiences"], ["ghost"], "unknown_audience", "ghost"),
        (["strategy", "objectives", 0, "actions"], ["act.made-up"], "unknown_action", "made-up"),
        (["strategy", "channels", 1, "id"], "instagram", "duplicate", "instagram"),
    ],
)
def test_bad_references_and_values_are_refused_with_a_clear_message(
    content: Content, path: list[str | int], value: object, code: str, quoted: str
) -> None:
    with pytest.raises(SaveFileError) as info:
        parse(_tampered(path, value), content)
    assert info.value.code == code
    for lang in ("nl", "en"):
        assert quoted in info.value.message(content, lang)


def test_a_version_two_file_cannot_hold_a_canvas(content: Content) -> None:
    data = json.loads(FIXTURE.read_bytes())
    data["version"] = 2
    with pytest.raises(SaveFileError) as info:
        parse(json.dumps(data), content)
    assert info.value.params == {"field": "strategy"}


def test_a_link_to_an_action_of_a_changed_statement_is_kept(content: Content) -> None:
    """A link is no answer: it stays (the plan no longer has the action, so nothing shows it)."""
    old = content.retired[0].id
    save = parse(_tampered(["strategy", "objectives", 0, "actions"], [f"act.{old}"]), content)
    assert save.strategy.objectives[0].actions == [f"act.{old}"]


def test_a_year_is_a_calendar_year(content: Content) -> None:
    """Three times the baseline by the same day next year is within the rule, exactly."""
    a_year = add_months(ON, 12)
    exactly = canvas(good_smart(baseline=10.0, target=30.0, deadline=a_year))
    assert only_failing(content, exactly) == set()
    beyond = canvas(good_smart(baseline=10.0, target=30.1, deadline=a_year))
    assert only_failing(content, beyond) == {"achievable"}


def test_a_reduction_names_its_floor(content: Content) -> None:
    steep = canvas(good_smart(baseline=30.0, target=5.0, unit="uur", deadline=add_months(ON, 12)))
    assert "no lower than 10 uur" in why(content, steep, "achievable")
    assert "niet verder omlaag dan 10 uur" in why(content, steep, "achievable", "nl")
    up = canvas(good_smart(target=2000.0))
    assert "up to" in why(content, up, "achievable")


def test_a_goal_ticked_again_gets_its_work_back(content: Content) -> None:
    from assessment.strategy import choose_goal, goal, remove_audience, restore_goal

    strategy = canvas()
    kept = goal(strategy, "reach")
    assert kept is not None
    kept = kept.model_copy(deep=True)
    choose_goal(content, strategy, "reach", False)
    assert goal(strategy, "reach") is None and strategy.channels[0].goals == []
    remove_audience(strategy, "parents")  # removed meanwhile: no dangling reference comes back
    choose_goal(content, strategy, "reach", True)
    restore_goal(content, strategy, kept, ["insta"])
    back = goal(strategy, "reach")
    assert back is not None and back.serves == "Meer klanten in de wijk"
    assert back.smart[0].text and back.smart[0].audiences == []
    assert back.smart[0].channels == ["insta"] and strategy.channels[0].goals == ["reach"]
