"""The progress parts' data: the phase chart's target marks, the index over time, the target line,
the completed actions and the difference as printed."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from assessment import charts, formats, progress
from assessment.content import Content, default_content
from assessment.savefile import Targets
from assessment.scoring import score
from tests.helpers import rescanned, up_to
from tests.pdf.test_report import typical

C = default_content()


def layers(spec: dict[str, Any]) -> list[dict[str, Any]]:
    return list(spec.get("layer", []))


def tick_layers(spec: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        lay
        for lay in layers(spec)
        if (lay["mark"] if isinstance(lay["mark"], str) else lay["mark"]["type"]) == "tick"
    ]


def data_of(spec: dict[str, Any], layer: dict[str, Any]) -> list[dict[str, Any]]:
    name = layer["data"]["name"]
    rows: list[dict[str, Any]] = spec["datasets"][name]
    return rows


def test_target_marks_take_the_figure_given_else_the_threshold_up_to_the_target_phase() -> None:
    goal = Targets(phase=3, fulfilment={2: 90, 5: 40})
    assert progress.target_marks(goal, 75) == {1: 75.0, 2: 90.0, 3: 75.0, 5: 40.0}
    assert progress.target_marks(Targets(), 75) == {}
    assert progress.target_marks(Targets(by=dt.date(2027, 1, 1)), 75) == {}


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_phase_chart_draws_a_tick_per_target_with_its_own_legend(lang: str) -> None:
    result = score(C, typical())
    goal = Targets(phase=4, fulfilment={5: 50})
    spec = charts.phase_chart(C, result, lang, 680, targets=goal).to_dict()
    ticks = tick_layers(spec)
    assert len(ticks) == 1
    rows = data_of(spec, ticks[0])
    assert [(r["phase"], r["target"]) for r in rows] == [
        (f"{n}. {C.phase(n).name(lang)}", v)
        for n, v in [(1, 75.0), (2, 75.0), (3, 75.0), (4, 75.0), (5, 50.0)]
    ]
    # not colour alone: the tick has a legend entry named "Doel" / "Target"
    legend = ticks[0]["encoding"]["color"]["scale"]["domain"]
    assert legend == [C.t("targets.chart", lang)]
    assert spec["resolve"]["scale"]["color"] == "independent"
    # and none without targets
    plain = charts.phase_chart(C, result, lang, 680).to_dict()
    assert tick_layers(plain) == []


def test_the_text_alternative_names_the_targets() -> None:
    result = score(C, typical())
    goal = Targets(phase=2, fulfilment={4: 60})
    text = charts.phase_summary(C, result, "en", goal)
    assert (
        "The target per phase (a tick on the bar): Planning 75%; Presence 75%; Formalised 60%."
        in (text)
    )
    assert "target" not in charts.phase_summary(C, result, "en").lower()


def test_the_chart_signature_changes_with_the_targets() -> None:
    """The app caches the chart's spec on its signature: a new target must draw a new chart."""
    result = score(C, typical())
    none = charts.signature("phase", result)
    assert none == charts.signature("phase", result, Targets())
    four = charts.signature("phase", result, Targets(phase=4))
    assert four != none
    assert four != charts.signature("phase", result, Targets(phase=4, fulfilment={4: 90}))
    # a date alone marks nothing on the chart: the same spec
    assert charts.signature("phase", result, Targets(by=dt.date(2027, 6, 1))) == none


def test_the_index_over_time_has_a_point_per_scan_oldest_first(content: Content) -> None:
    save = rescanned(content, typical())
    points = progress.history(content, save)
    assert [p[0] for p in points] == [dt.date(2026, 3, 12), dt.date(2026, 11, 26)]
    frame = charts.history_frame(content, list(reversed(points)), "nl")
    assert list(frame["date"]) == ["2026-03-12T12:00:00", "2026-11-26T12:00:00"]
    assert list(frame["label"]) == [
        formats.index(points[0][1], "nl"),
        formats.index(points[1][1], "nl"),
    ]
    assert points[1][1] > points[0][1]
    spec = charts.index_history_chart(content, points, "en", 680).to_dict()
    line = next(lay for lay in layers(spec) if lay["mark"]["type"] == "line")
    assert line["mark"]["point"]  # a point per scan on the line
    assert spec["layer"][0]["encoding"]["y"]["scale"]["domain"] == [0, 6]
    assert spec["layer"][0]["encoding"]["y"]["axis"]["values"] == list(range(7))
    summary = charts.history_summary(content, points, "en")
    assert summary.startswith("Line chart of the maturity index (0 to 6) over time: 12 March 2026:")
    assert "26 November 2026" in summary


def test_the_target_line_says_how_far_the_scan_is() -> None:
    result = score(C, up_to(C, 2, 4, 1))  # phase 2
    assert result.phase == 2
    goal = Targets(phase=4, by=dt.date(2027, 6, 1))
    status = progress.target_status(result, goal, dt.date(2026, 11, 29))
    assert status is not None and status.to_go == 2 and not status.overdue
    assert progress.target_text(C, status, "nl") == (
        "Doel: fase 4 (Geformaliseerd) vóór 1 juni 2027; nu fase 2 (Aanwezigheid). "
        "Nog 2 fasen te gaan."
    )
    late = progress.target_status(result, goal, dt.date(2027, 6, 2))
    assert late is not None and late.overdue
    assert "The target date has passed; 2 phases to go." in progress.target_text(C, late, "en")
    reached = progress.target_status(
        result, Targets(phase=2, fulfilment={3: 20, 4: 90}), dt.date(2027, 1, 1)
    )
    assert reached is not None
    assert progress.target_text(C, reached, "en") == (
        "Target: phase 2 (Presence); now phase 2 (Presence). The target is reached. "
        "Target fulfilment per phase: 1 of 2 met."
    )
    assert progress.target_status(result, Targets(), dt.date(2027, 1, 1)) is None


def test_an_action_done_and_resolved_counts_once(content: Content) -> None:
    save = rescanned(content, typical())
    before = progress.snapshot_scan(save.snapshots[-1], save.organisation.name)
    comparison = progress.compare(content, before, progress.current_scan(save))
    resolved_and_done = f"act.{content.phase(3).statements[0].id}"
    assert resolved_and_done in comparison.actions.done
    assert resolved_and_done not in comparison.actions.resolved  # done: counted there only
    completed = progress.completed(comparison)
    assert [k for k, _ in completed].count(resolved_and_done) == 1
    count = len(completed)
    assert len(set(comparison.actions.done) | set(comparison.actions.resolved)) == count
    text = progress.sentences(content, comparison, "en")
    done, resolved = len(comparison.actions.done), len(comparison.actions.resolved)
    assert done + resolved == count
    assert f"Since 12 March 2026, {done} action" in " ".join(text)
    assert f"{resolved} actions left the plan because their statements now score" in " ".join(text)
    # every completed action is named by its text, also the ones no longer in the plan
    assert progress.action_text(content, resolved_and_done, "en") == (
        content.phase(3).statements[0].action("en")
    )


def test_the_table_prints_the_difference_with_its_sign_and_a_dash_for_no_data(
    content: Content,
) -> None:
    save = rescanned(content, typical())
    before = progress.snapshot_scan(save.snapshots[-1], "")
    comparison = progress.compare(content, before, progress.current_scan(save))
    rows = progress.table_rows(content, comparison, "nl", "phase")
    assert rows[2] == ["3. Deelname (dialoog)", "50%", "100%", "+50"]
    questions = progress.table_rows(content, comparison, "en", "question")
    assert questions[1][3] == "\u22125"  # a minus sign, not a hyphen
    assert formats.delta(None, "nl") == "–" and formats.delta(2.45, "nl") == "+2,5"
    assert formats.delta(0.04, "en") == "0"
