"""Editing the strategy canvas (the page's buttons): ids, limits and what a removal takes along."""

from __future__ import annotations

from pathlib import Path

import pytest

from assessment import strategy as sm
from assessment.content import Content
from assessment.savefile import parse

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "strategy-photographer.json"


def photographer(content: Content) -> sm.Strategy:
    return parse(FIXTURE.read_bytes(), content).strategy


def test_new_audiences_and_channels_get_fresh_ids_up_to_the_limit() -> None:
    s = sm.Strategy()
    assert [sm.add_audience(s, "desk").id for _ in range(sm.MAX_AUDIENCES)] == [
        "a1",
        "a2",
        "a3",
        "a4",
        "a5",
    ]
    assert s.audiences[0].research == "desk"
    with pytest.raises(sm.CanvasFull):
        sm.add_audience(s)
    sm.remove_audience(s, "a2")
    assert sm.add_audience(s).id == "a2"  # never one in use, the lowest free
    for _ in range(sm.MAX_CHANNELS):
        sm.add_channel(s)
    assert s.channels[-1].id == f"c{sm.MAX_CHANNELS}"
    with pytest.raises(sm.CanvasFull):
        sm.add_channel(s)


def test_removing_an_audience_drops_it_from_smart_objectives_and_channels(
    content: Content,
) -> None:
    s = photographer(content)
    sm.remove_audience(s, "couples")
    assert [a.id for a in s.audiences] == ["companies", "families"]
    assert s.objectives[0].smart[0].audiences == []
    assert s.channel("instagram").audiences == []  # type: ignore[union-attr]
    assert s.objectives[1].smart[0].audiences == ["companies"]  # others untouched
    sm.check_refs(s, content, set(content.item_ids()))  # still a valid canvas


def test_removing_a_channel_drops_it_from_smart_objectives(content: Content) -> None:
    s = photographer(content)
    sm.remove_channel(s, "linkedin")
    assert [c.id for c in s.channels] == ["instagram", "tiktok"]
    assert s.objectives[1].smart[0].channels == []
    assert s.objectives[0].smart[0].channels == ["instagram"]


def test_choosing_a_goal_suggests_its_approach_and_keeps_the_contents_order(
    content: Content,
) -> None:
    s = photographer(content)
    sm.choose_goal(content, s, "reach", True)
    order = [o.id for o in content.objectives]
    assert [g.goal for g in s.objectives] == sorted(
        ["recruitment", "loyalty", "reach"], key=order.index
    )
    assert sm.goal(s, "reach").approach == content.objective("reach").approach  # type: ignore[union-attr]
    sm.choose_goal(content, s, "recruitment", True)  # already chosen: its SMART objectives stay
    assert len(sm.goal(s, "recruitment").smart) == 1  # type: ignore[union-attr]
    sm.choose_goal(content, s, "loyalty", False)
    assert sm.goal(s, "loyalty") is None
    assert all("loyalty" not in c.goals for c in s.channels)
    with pytest.raises(KeyError):
        sm.choose_goal(content, s, "world-peace", True)


def test_smart_objectives_are_added_up_to_five_and_removed_by_position(content: Content) -> None:
    s = sm.Strategy()
    sm.choose_goal(content, s, "reach", True)
    for n in range(sm.MAX_SMART):
        sm.add_smart(s, "reach").text = f"#{n}"
    with pytest.raises(sm.CanvasFull):
        sm.add_smart(s, "reach")
    sm.remove_smart(s, "reach", 1)
    assert [x.text for x in s.objectives[0].smart] == ["#0", "#2", "#3", "#4"]


def test_the_summary_counts_what_the_check_found(content: Content) -> None:
    import datetime as dt

    s = photographer(content)
    result = sm.check(content, s, dt.date(2026, 11, 29))
    assert sm.summary(s, result) == sm.Summary(
        audiences=3, goals=2, smart=2, smart_ok=1, channels=3, warnings=3
    )
