"""Compare many: the heat map's and the spread's data and text alternatives."""

from __future__ import annotations

from typing import Any

import pytest

from assessment import charts
from assessment.answers import DONT_KNOW
from assessment.content import Content
from assessment.many import COLUMNS, Many, compare_many
from assessment.scoring import score
from tests.helpers import all_answers, up_to
from tests.helpers import scan_entry as entry


def group(content: Content) -> Many:
    """Three organisations: one with phase 3 all "don't know" (insufficient data) and one that
    left question 1 open (no answers)."""
    gaps = all_answers(content, 2) | up_to(content, 2, value=3, rest=2)
    gaps |= {s.id: DONT_KNOW for s in content.phase(3).statements}
    no_q1 = all_answers(content, 4)
    for sq in content.question(1).subquestions:
        no_q1.pop(sq.id)
    return compare_many(
        content,
        [
            entry(content, "Bakkerij Jansen", all_answers(content, 1) | up_to(content, 3)),
            entry(content, "Gemeente X", gaps),
            entry(content, "Stichting Y", no_q1),
        ],
    )


def test_heatmap_cells_are_the_domains_figures_in_row_order(content: Content) -> None:
    m = group(content)
    df = charts.many_heatmap_frame(content, m, "nl")
    assert len(df) == 3 * len(COLUMNS)
    assert list(dict.fromkeys(df["name"])) == [r.name for r in m.rows]
    for row in m.rows:
        cells = df[df["name"] == row.name].sort_values("order")
        for (_, cell), col in zip(cells.iterrows(), COLUMNS, strict=True):
            value = row.value(col)
            assert cell["status_key"] == row.status(col)
            if value is None:
                assert cell["value"] is None or cell["value"] != cell["value"]  # None or NaN
            else:
                assert cell["value"] == pytest.approx(round(value, 1))
    assert list(dict.fromkeys(df["column"])) == [
        "1",
        "2",
        "3",
        "4",
        "5",
        "6",
        "V1",
        "V2",
        "V3",
        "V4",
    ]


def test_cells_without_a_figure_carry_their_own_status_and_mark(content: Content) -> None:
    m = group(content)
    df = charts.many_heatmap_frame(content, m, "en")
    gap = df[(df["name"] == "Gemeente X") & (df["column"] == "3")].iloc[0]
    assert gap["status_key"] == "insufficient_data"
    assert gap["label"] == "?"
    assert bool(gap["missing"])
    assert gap["gap"] == "?  Insufficient data"
    open_q = df[(df["name"] == "Stichting Y") & (df["column"] == "Q1")].iloc[0]
    assert open_q["status_key"] == "no_answers"
    assert open_q["label"] == "–"
    assert open_q["gap"] == "–  No answers"
    # a low score is a figure, never a gap
    low = df[(df["name"] == "Bakkerij Jansen") & (df["column"] == "4")].iloc[0]
    assert low["status_key"] == "not_reached"
    assert low["value"] == 0.0
    assert low["label"] == "0%"
    assert not bool(low["missing"])
    assert set(df[df["missing"]]["status_key"]) == {"insufficient_data", "no_answers"}


def test_heatmap_draws_the_gaps_in_a_layer_of_their_own_with_a_legend(content: Content) -> None:
    spec = charts.many_heatmap(content, group(content), "nl", width=600).to_dict()
    fills = [
        layer["encoding"]["fill"] for layer in spec["layer"] if "fill" in layer.get("encoding", {})
    ]
    assert len(fills) == 1
    assert fills[0]["scale"]["domain"] == ["?  Te weinig gegevens", "–  Niets beantwoord"]
    assert "#" in fills[0]["scale"]["range"][0]


def test_spread_leaves_out_entries_without_a_figure(content: Content) -> None:
    m = group(content)
    df = charts.many_spread_frame(content, m, "nl")
    phase3 = df[df["column"].str.startswith("3 ")]
    assert list(phase3["name"]) == ["Bakkerij Jansen", "Stichting Y"]
    q1 = df[df["column"].str.startswith("V1 ")]
    assert list(q1["name"]) == ["Bakkerij Jansen", "Gemeente X"]
    assert len(df) == 3 * len(COLUMNS) - 2
    for col in COLUMNS:
        values = sorted(
            df[df["column"].str.startswith(charts.column_label(col, "nl") + " ")]["value"]
        )
        assert values == sorted(round(v, 1) for v in m.spread(col).present)


def test_summaries_say_what_is_left_out_in_the_language(content: Content) -> None:
    m = group(content)
    heat_nl = charts.many_heatmap_summary(content, m, "nl")
    assert "3 organisaties" in heat_nl
    assert "te weinig gegevens (?): 1" in heat_nl
    assert "zonder antwoorden (–): 1" in heat_nl
    spread_en = charts.many_spread_summary(content, m, "en")
    assert "Spread over 3 organisations" in spread_en
    assert spread_en.count("one left out") == 2
    s = m.spread("phase.1")
    assert f"1 Planning {charts.percent(s.low, 'en')}" in spread_en
    spread_nl = charts.many_spread_summary(content, m, "nl")
    assert "één weggelaten" in spread_nl
    assert "Spreiding over 3 organisaties" in spread_nl


def test_on_a_phone_the_labels_leave_room_for_the_marks(content: Content) -> None:
    """On screen (the chart fills its container) a long axis label takes at most part of the
    container: at 390 px the question chart's labels had taken the whole width and no bar was
    left. The PDF's charts (a fixed width) keep their fixed room. The heat map's legend of
    "?" and "–" stands above the table on screen, where a phone has room for it (beside the
    colour scale it was cut off at 390 px)."""
    result = score(content, all_answers(content, 2))
    screen = charts.question_chart(content, result, "nl").to_dict()
    pdf = charts.question_chart(content, result, "nl", 600).to_dict()
    room = screen["layer"][0]["encoding"]["y"]["axis"]["labelLimit"]
    assert room == {"expr": "min(320, max(100, floor(containerSize()[0] * 0.5)))"}
    assert pdf["layer"][0]["encoding"]["y"]["axis"]["labelLimit"] == 320

    def gap_legend(spec: dict[str, Any]) -> dict[str, Any]:
        fills = [lay["encoding"]["fill"] for lay in spec["layer"] if "fill" in lay["encoding"]]
        return dict(fills[0]["legend"])

    m = group(content)
    assert gap_legend(charts.many_heatmap(content, m, "nl").to_dict())["orient"] == "top"
    assert gap_legend(charts.many_heatmap(content, m, "nl", width=600).to_dict())["orient"] == (
        "bottom"
    )
