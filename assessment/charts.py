"""Charts as functions that return ``alt.Chart``: the app and the PDF draw the same ones.

Each chart has a text alternative (``*_summary``) for screen readers and the report.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, Final, Literal

import altair as alt
import pandas as pd

from assessment.answers import ANSWER_VALUES
from assessment.content import Content
from assessment.formats import date, index, number, percent
from assessment.progress import target_marks
from assessment.savefile import Targets
from assessment.scoring import Result

COLORS = {
    "reached": "#2f7d4f",
    "open": "#1f5f8b",
    "weakest": "#c0562b",
    "nodata": "#9aa5b1",
    "threshold": "#1b2430",
    "target": "#7a2e8c",  # the target tick (with its own legend entry: never colour alone)
    "history": "#1f5f8b",
}
FONT = "DejaVu Sans, Helvetica, Arial, sans-serif"
TICKS = [0, 25, 50, 75, 100]  # the scale points: 1 = 25%, 2 = 50%, 3 = 75%
PHASE_HEIGHT = 6 * 36
QUESTION_HEIGHT = 4 * 40
# the whole chart (plot, axis, legend): for hosts that size the chart box themselves
PHASE_CHART_HEIGHT = PHASE_HEIGHT + 150  # two legend rows, and the target legend above
QUESTION_CHART_HEIGHT = QUESTION_HEIGHT + 70


def phase_frame(content: Content, result: Result, lang: str) -> pd.DataFrame:
    rows: list[dict[str, Any]] = []
    for p in result.phases:
        phase = content.phase(p.number)
        status = result.chart_status(p)
        rows.append(
            {
                "phase": f"{p.number}. {phase.name(lang)}",
                "order": p.number,
                "fulfilment": round(p.fulfilment or 0.0, 1),
                "label": percent(p.fulfilment, lang),
                "status": content.t(f"chart.status.{status}", lang),
                "status_key": status,
            }
        )
    return pd.DataFrame(rows)


def _percent_x(field: str, title: str) -> Any:
    """A 0-100 % axis with ticks at the scale points."""
    return alt.X(
        f"{field}:Q", scale=alt.Scale(domain=[0, 100]), axis=alt.Axis(values=TICKS), title=title
    )


def _plain_bars(df: pd.DataFrame, field: str, x_title: str, y: Any, name: Any, height: int) -> Any:
    """One-colour bars of a 0-100 % ``field``, with the row's name and its label as tooltip."""
    return (
        alt.Chart(df)
        .mark_bar(cornerRadiusEnd=3, height=height, color=COLORS["open"])
        .encode(
            x=_percent_x(field, x_title),
            y=y,
            tooltip=[name, alt.Tooltip("label:N", title=x_title)],
        )
    )


def _base_config(chart: Any, width: int | str, font_size: int = 14) -> Any:
    """Shared look; ``font_size`` 20 or more suits a projector."""
    return (
        chart.properties(width=width, padding={"left": 4, "right": 36, "top": 8, "bottom": 4})
        .configure(font=FONT)
        .configure_axis(
            labelFontSize=font_size,
            titleFontSize=font_size,
            labelLimit=240 if font_size < 18 else 520,
        )
        .configure_legend(labelFontSize=font_size - 1, titleFontSize=font_size - 1, orient="bottom")
        .configure_text(fontSize=font_size - 1)
        .configure_view(stroke=None)
    )


def _room(px: int, width: int | str) -> Any:
    """A label's room in pixels: ``px`` on a fixed width (the PDF's charts); on screen, where
    the chart fills its container, at most ``px`` and at most half the container (at least
    100 px), so that on a phone (390 px) the labels leave room for the marks (a longer label is
    cut with "…"; the tooltip and the chart's text alternative have it whole)."""
    if width != "container":
        return px
    return alt.ExprRef(f"min({px}, max(100, floor(containerSize()[0] * 0.5)))")


def target_frame(
    content: Content, result: Result, targets: Targets | None, lang: str
) -> pd.DataFrame:
    """The phase chart's target marks: one row per phase with a target (see
    ``progress.target_marks``), with the phase's row name so it sits on the bar."""
    marks = target_marks(targets, result.threshold) if targets else {}
    label = content.t("targets.chart", lang)
    rows = [
        {
            "phase": f"{n}. {content.phase(n).name(lang)}",
            "target": value,
            "label": percent(value, lang),
            "kind": label,
        }
        for n, value in sorted(marks.items())
    ]
    return pd.DataFrame(rows, columns=["phase", "target", "label", "kind"])


def phase_chart(
    content: Content,
    result: Result,
    lang: str,
    width: int | str = "container",
    targets: Targets | None = None,
) -> Any:
    """Horizontal bars of the six phases' fulfilment against the threshold line, with a target
    tick per phase when targets are set."""
    df = phase_frame(content, result, lang)
    keys = ["reached", "open", "weakest", "nodata"]
    domain = [content.t(f"chart.status.{k}", lang) for k in keys]
    y = alt.Y("phase:N", sort=list(df["phase"]), title=None)
    x_title = content.t("chart.fulfilment", lang)
    bars = (
        alt.Chart(df)
        .mark_bar(cornerRadiusEnd=3, height=22)
        .encode(
            x=_percent_x("fulfilment", x_title),
            y=y,
            color=alt.Color(
                "status:N",
                scale=alt.Scale(domain=domain, range=[COLORS[k] for k in keys]),
                title=None,
                legend=alt.Legend(columns=1),  # one column: the longest label fits a phone
            ),
            tooltip=[
                alt.Tooltip("phase:N", title=content.t("chart.phase", lang)),
                alt.Tooltip("label:N", title=x_title),
                alt.Tooltip("status:N", title=content.t("chart.status", lang)),
            ],
        )
    )
    labels = (
        alt.Chart(df)
        .mark_text(align="left", dx=4, fontSize=13, color=COLORS["threshold"])
        .encode(x="fulfilment:Q", y=y, text="label:N")
    )
    rule_df = pd.DataFrame(
        {
            "threshold": [result.threshold],
            "text": [content.t("chart.threshold", lang, value=percent(result.threshold, lang))],
        }
    )
    rule = (
        alt.Chart(rule_df)
        .mark_rule(strokeDash=[6, 4], color=COLORS["threshold"], strokeWidth=2)
        .encode(x="threshold:Q")
    )
    rule_text = (
        alt.Chart(rule_df)
        .mark_text(align="left", dx=4, dy=-8, fontSize=11, color=COLORS["threshold"], y=0)
        .encode(x="threshold:Q", text="text:N")
    )
    layers = [bars, labels, rule, rule_text]
    goal = target_frame(content, result, targets, lang)
    if not goal.empty:
        target_title = content.t("targets.chart", lang)
        layers.append(
            alt.Chart(goal)
            .mark_tick(thickness=3, size=30, opacity=1)
            .encode(
                x="target:Q",
                y=y,
                color=alt.Color(
                    "kind:N",
                    scale=alt.Scale(domain=[target_title], range=[COLORS["target"]]),
                    title=None,
                    # the legend shows the mark's own shape: an upright stroke
                    legend=alt.Legend(
                        orient="top",  # above the plot: seen on a phone too
                        symbolType="M0,-1L0,1",
                        symbolStrokeWidth=3,
                        symbolStrokeColor=COLORS["target"],
                    ),
                ),
                tooltip=[
                    alt.Tooltip("phase:N", title=content.t("chart.phase", lang)),
                    alt.Tooltip("label:N", title=target_title),
                ],
            )
        )
    layered = alt.layer(*layers).properties(height=PHASE_HEIGHT)
    if not goal.empty:
        layered = layered.resolve_scale(color="independent")
    return _base_config(layered, width)


def phase_summary(
    content: Content, result: Result, lang: str, targets: Targets | None = None
) -> str:
    parts = [
        f"{content.phase(p.number).name(lang)} {percent(p.fulfilment, lang)}"
        + (f" ({content.t('chart.status.reached', lang).lower()})" if p.reached else "")
        for p in result.phases
    ]
    text = content.t(
        "chart.phase.alt",
        lang,
        values="; ".join(parts),
        threshold=percent(result.threshold, lang),
    )
    marks = target_marks(targets, result.threshold) if targets else {}
    if marks:
        goals = "; ".join(
            f"{content.phase(n).name(lang)} {percent(v, lang)}" for n, v in sorted(marks.items())
        )
        text += " " + content.t("targets.chart.alt", lang, values=goals)
    return text


def question_frame(content: Content, result: Result, lang: str) -> pd.DataFrame:
    rows = []
    for q in result.questions:
        question = content.question(q.number)
        rows.append(
            {
                "question": f"{q.number}. {question.title(lang)}",
                "order": q.number,
                "score": round(q.score or 0.0, 1),
                "label": percent(q.score, lang),
            }
        )
    return pd.DataFrame(rows)


def question_chart(
    content: Content, result: Result, lang: str, width: int | str = "container"
) -> Any:
    """Horizontal bars of how well-founded the answers to the four questions are."""
    df = question_frame(content, result, lang)
    y = alt.Y(
        "question:N",
        sort=list(df["question"]),
        title=None,
        axis=alt.Axis(labelLimit=_room(320, width)),
    )
    x_title = content.t("chart.founded", lang)
    name = alt.Tooltip("question:N", title=content.t("chart.question", lang))
    bars = _plain_bars(df, "score", x_title, y, name, height=22)
    labels = (
        alt.Chart(df)
        .mark_text(align="left", dx=4, fontSize=13, color=COLORS["threshold"])
        .encode(x="score:Q", y=y, text="label:N")
    )
    return _base_config(alt.layer(bars, labels).properties(height=QUESTION_HEIGHT), width)


def question_summary(content: Content, result: Result, lang: str) -> str:
    parts = [
        f"{content.question(q.number).title(lang)} {percent(q.score, lang)}"
        for q in result.questions
    ]
    return content.t("chart.question.alt", lang, values="; ".join(parts))


ScoreChart = Literal["phase", "question"]


def score_chart(
    kind: ScoreChart,
    content: Content,
    result: Result,
    lang: str,
    targets: Targets | None = None,
) -> Any:
    """The phase chart (with its targets) or the question chart of a result."""
    if kind == "phase":
        return phase_chart(content, result, lang, targets=targets)
    return question_chart(content, result, lang)


def signature(kind: ScoreChart, result: Result, targets: Targets | None = None) -> tuple[Any, ...]:
    """Everything ``score_chart`` reads from the result and the targets: a cache key for its
    spec. It lives here, beside the charts, so that a chart that reads more changes its key as
    well."""
    if kind == "phase":
        marks = target_marks(targets, result.threshold) if targets else {}
        return (
            result.threshold,
            *((p.number, result.chart_status(p), p.fulfilment) for p in result.phases),
            tuple(sorted(marks.items())),
        )
    return tuple((q.number, q.score) for q in result.questions)


# -- progress over time -----------------------------------------------------------------------

HISTORY_HEIGHT = 220
HISTORY_CHART_HEIGHT = HISTORY_HEIGHT + 70


def days(points: Sequence[tuple[dt.date, float, int]]) -> list[dt.date]:
    return sorted({p[0] for p in points})


def history_frame(
    content: Content, points: Sequence[tuple[dt.date, float, int]], lang: str
) -> pd.DataFrame:
    """The index over time, one row per scan (oldest first)."""
    rows = [
        {
            "date": f"{day.isoformat()}T12:00:00",  # noon, local time (see the chart)
            "index": round(value, 2),
            "label": index(value, lang),
            "day": date(day, lang),
            "phase": f"{phase} · {content.phase_name(phase, lang)}",
        }
        for day, value, phase in sorted(points)
    ]
    return pd.DataFrame(rows, columns=["date", "index", "label", "day", "phase"])


def index_history_chart(
    content: Content,
    points: Sequence[tuple[dt.date, float, int]],
    lang: str,
    width: int | str = "container",
    height: int = HISTORY_HEIGHT,
) -> Any:
    """The maturity index over time: a line through a point per scan, on the 0-6 scale with a
    gridline per phase (meaningful from two scans on)."""
    df = history_frame(content, points, lang)
    x_title = content.t("progress.chart.date", lang)
    y_title = content.t("progress.chart.index", lang)
    # a tick at each scan's date, written day-month-year (the same in both languages; Vega's
    # own month names would be English). Noon local time, read and written as local time: the
    # same day in every time zone.
    ticks = [alt.DateTime(year=d.year, month=d.month, date=d.day, hours=12) for d in days(points)]
    x = alt.X(
        "date:T",
        title=x_title,
        axis=alt.Axis(values=ticks, format="%d-%m-%Y", labelAngle=0, grid=False),
        scale=alt.Scale(padding=40),
    )
    y = alt.Y(
        "index:Q",
        title=y_title,
        scale=alt.Scale(domain=[0, 6]),
        axis=alt.Axis(values=list(range(7)), grid=True),
    )
    tooltip = [
        alt.Tooltip("day:N", title=x_title),
        alt.Tooltip("label:N", title=y_title),
        alt.Tooltip("phase:N", title=content.t("chart.phase", lang)),
    ]
    line = (
        alt.Chart(df)
        .mark_line(color=COLORS["history"], strokeWidth=2.5, point={"size": 70, "filled": True})
        .encode(x=x, y=y, tooltip=tooltip)
    )
    labels = (
        alt.Chart(df)
        .mark_text(dy=-12, fontSize=12, color=COLORS["threshold"])
        .encode(x=x, y=y, text="label:N")
    )
    chart = alt.layer(line, labels).properties(height=height)
    return _base_config(chart, width)


def history_summary(
    content: Content, points: Sequence[tuple[dt.date, float, int]], lang: str
) -> str:
    parts = [
        content.t(
            "progress.chart.point",
            lang,
            date=date(day, lang),
            index=index(value, lang),
            phase=content.phase_name(phase, lang),
        )
        for day, value, phase in sorted(points)
    ]
    return content.t("progress.chart.alt", lang, values="; ".join(parts))


# -- workshop board ---------------------------------------------------------------------------

# 0..4, "don't know", "not applicable" (the legend and the tooltip name each: never colour alone)
ANSWER_COLORS = ["#b3472a", "#e08a4c", "#e9c46a", "#76a5af", "#2f7d4f", "#9aa5b1", "#d9dde3"]


def group_phase_chart(
    content: Content,
    phases: Sequence[Any],
    threshold: int,
    lang: str,
    width: int | str = "container",
    font_size: int = 14,
) -> Any:
    """The room per phase: the mean fulfilment as a bar, the lowest to highest as a line."""
    rows = []
    for p in phases:
        rows.append(
            {
                "phase": f"{p.number}. {content.phase(p.number).name(lang)}",
                "mean": round(p.mean, 1) if p.mean is not None else 0.0,
                "low": p.low if p.low is not None else 0.0,
                "high": p.high if p.high is not None else 0.0,
                "label": percent(p.mean, lang) + (f"  (n={p.people})" if p.people else ""),
            }
        )
    df = pd.DataFrame(rows)
    y = alt.Y("phase:N", sort=list(df["phase"]), title=None)
    x_title = content.t("ws.board.mean", lang)
    bars = _plain_bars(df, "mean", x_title, y, alt.Tooltip("phase:N"), height=24)
    ranges = (
        alt.Chart(df)
        .mark_rule(color=COLORS["threshold"], strokeWidth=2)
        .encode(x="low:Q", x2="high:Q", y=y)
    )
    labels = (
        alt.Chart(df)
        .mark_text(align="left", dx=6, dy=-12, fontSize=13)
        .encode(x="high:Q", y=y, text="label:N")
    )
    rule = (
        alt.Chart(pd.DataFrame({"t": [threshold]}))
        .mark_rule(strokeDash=[6, 4], color=COLORS["threshold"])
        .encode(x="t:Q")
    )
    return _base_config(
        alt.layer(bars, ranges, labels, rule).properties(height=PHASE_HEIGHT), width, font_size
    )


def distribution_chart(
    content: Content,
    items: Sequence[Any],
    lang: str,
    width: int | str = "container",
    font_size: int = 14,
) -> Any:
    """How the room answered each statement: one stacked bar of answer counts per statement.

    The legend uses the phase scale, or the question scale when every item is a sub-question.
    """
    questions_only = all(content.item(s.item_id)[2] is not None for s in items)
    scale = content.scale("question" if items and questions_only else "phase")
    order: list[int | str] = list(ANSWER_VALUES)
    labels = [scale.point(v).label(lang) for v in order]
    rows = []
    for rank, s in enumerate(items, 1):
        item = content.item(s.item_id)[0]
        ref = content.ref(s.item_id, lang)
        text = item.text(lang)
        short = text if len(text) <= 60 else text[:58].rstrip() + "…"
        for v, label in zip(order, labels, strict=True):
            if s.counts.get(v):
                rows.append(
                    {
                        "statement": f"{rank}. ({ref}) {short}",
                        "rank": rank,
                        "answer": label,
                        "order": order.index(v),
                        "count": s.counts[v],
                    }
                )
    df = pd.DataFrame(rows, columns=["statement", "rank", "answer", "order", "count"])
    chart = (
        alt.Chart(df)
        .mark_bar(height=26)
        .encode(
            x=alt.X(
                "count:Q",
                stack="zero",
                title=content.t("ws.board.people", lang),
                axis=alt.Axis(tickMinStep=1),
            ),
            y=alt.Y(
                "statement:N", sort=alt.SortField("rank"), title=None, axis=alt.Axis(labelLimit=420)
            ),
            color=alt.Color(
                "answer:N",
                scale=alt.Scale(domain=labels, range=ANSWER_COLORS),
                title=None,
                sort=labels,
            ),
            order=alt.Order("order:Q"),
            tooltip=["statement:N", "answer:N", "count:Q"],
        )
    )
    row = 60 if font_size >= 18 else 44
    return _base_config(chart.properties(height=max(1, len(items)) * row), width, font_size)


# -- compare many: the heat map and the spread ----------------------------------------------

# a sequential, colour-blind safe scheme (one hue, light to dark); no data is grey with a mark
HEAT_SCHEME: Final = "blues"
MISSING = {"insufficient_data": ("?", "#d9dde2"), "no_answers": ("–", "#eef0f2")}
HEAT_ROW = 24  # px per organisation (fewer than 40); more rows get 14 px and no printed values
HEAT_DENSE = 40


def column_label(column: Any, lang: str) -> str:
    """A heat map's short column label: "1" … "6" for the phases, "V1"/"Q1" … for the questions
    (the full name is in the tooltip and the legend text)."""
    if column.part == "phase":
        return str(column.number)
    return ("V" if lang == "nl" else "Q") + str(column.number)


def many_heatmap_frame(content: Content, many: Any, lang: str) -> pd.DataFrame:
    """One row per cell: the organisation (in ``many.rows`` order), the column, the figure
    (None where there is none), what it means, and what the cell prints ("?" insufficient
    data, "–" no answers)."""
    rows: list[dict[str, Any]] = []
    for r, row in enumerate(many.rows):
        for c, col in enumerate(many.columns):
            value = row.value(col)
            status = row.status(col)
            short = column_label(col, lang)
            name = col.name(content, lang)
            rows.append(
                {
                    "name": row.name,
                    "row": r,
                    "column": short,
                    "column_name": f"{short}. {name}" if col.part == "phase" else f"{short} {name}",
                    "order": c,
                    "value": None if value is None else round(value, 1),
                    "label": MISSING[status][0] if status in MISSING else percent(value, lang),
                    # in the cell: the whole number, so that a phone's narrow cell holds it
                    "cell": MISSING[status][0] if status in MISSING else number(value, lang, 0),
                    "status_key": status,
                    "status": content.t(f"many.chart.status.{status}", lang),
                    "missing": status in MISSING,
                    "gap": (
                        f"{MISSING[status][0]}  {content.t(f'many.chart.status.{status}', lang)}"
                        if status in MISSING
                        else ""
                    ),
                }
            )
    return pd.DataFrame(
        rows,
        columns=[
            "name",
            "row",
            "column",
            "column_name",
            "order",
            "value",
            "label",
            "cell",
            "status_key",
            "status",
            "missing",
            "gap",
        ],
    )


def many_heatmap(
    content: Content, many: Any, lang: str, width: int | str = "container", font_size: int = 13
) -> Any:
    """Organisations (rows) by the six phases and the four questions (columns): the colour is
    the fulfilment or score, the figure is printed in the cell. A cell without a figure is grey
    with "?" (insufficient data) or "–" (no answers), with its own legend entry: never a low
    score's colour."""
    df = many_heatmap_frame(content, many, lang)
    dense = len(many.rows) > HEAT_DENSE
    row_px = 14 if dense else HEAT_ROW
    names = [r.name for r in many.rows]
    x = alt.X(
        "column:N",
        sort=[column_label(c, lang) for c in many.columns],
        title=None,
        axis=alt.Axis(orient="top", labelAngle=0),
    )
    y = alt.Y("name:N", sort=names, title=None, axis=alt.Axis(labelLimit=150))
    tooltip = [
        alt.Tooltip("name:N", title=content.t("many.chart.organisation", lang)),
        alt.Tooltip("column_name:N", title=content.t("many.chart.column", lang)),
        alt.Tooltip("label:N", title=content.t("many.chart.value", lang)),
        alt.Tooltip("status:N", title=content.t("chart.status", lang)),
    ]
    scored = df[~df["missing"]]
    missing = df[df["missing"]]
    cells = (
        alt.Chart(scored)
        .mark_rect(stroke="white", strokeWidth=1)
        .encode(
            x=x,
            y=y,
            color=alt.Color(
                "value:Q",
                scale=alt.Scale(scheme=HEAT_SCHEME, domain=[0, 100]),
                title=content.t("many.chart.legend", lang),
                legend=alt.Legend(values=TICKS, gradientLength=160),
            ),
            tooltip=tooltip,
        )
    )
    keys = list(MISSING)
    gaps = (
        alt.Chart(missing)
        .mark_rect(stroke="#6b7580", strokeWidth=1, strokeDash=[3, 2])
        .encode(
            x=x,
            y=y,
            fill=alt.Fill(
                "gap:N",
                scale=alt.Scale(
                    domain=[
                        f"{MISSING[k][0]}  {content.t(f'many.chart.status.{k}', lang)}"
                        for k in keys
                    ],
                    range=[MISSING[k][1] for k in keys],
                ),
                title=None,
                # on screen above the table, where a phone's width has room for it (beside the
                # colour scale at the bottom it was cut off at 390 px); beside it in the PDF
                legend=alt.Legend(
                    columns=1,
                    symbolType="square",
                    symbolStrokeColor="#6b7580",
                    orient="bottom" if width != "container" else "top",
                ),
            ),
            tooltip=tooltip,
        )
    )
    layers = [cells, gaps]
    marks = (
        alt.Chart(missing)
        .mark_text(fontSize=font_size, fontWeight="bold", color="#1b2430")
        .encode(x=x, y=y, text="label:N", tooltip=tooltip)
    )
    layers.append(marks)
    if not dense:
        values = (
            alt.Chart(scored)
            .mark_text(fontSize=font_size - 2)
            .encode(
                x=x,
                y=y,
                text="cell:N",
                color=alt.condition(
                    alt.datum.value >= 60, alt.value("white"), alt.value("#1b2430")
                ),
                tooltip=tooltip,
            )
        )
        layers.append(values)
    chart = alt.layer(*layers).properties(height=max(1, len(names)) * row_px)
    return _base_config(chart, width, font_size).configure_legend(
        labelFontSize=font_size - 1,
        titleFontSize=font_size - 1,
        orient="bottom",
        direction="horizontal",
    )


def many_heatmap_summary(content: Content, many: Any, lang: str) -> str:
    """The heat map in words: how many organisations and columns, the cells without a figure
    (by kind), and per column the low, median and high."""
    statuses = [row.status(c) for row in many.rows for c in many.columns]
    columns = "; ".join(f"{column_label(c, lang)} {c.name(content, lang)}" for c in many.columns)
    return content.t(
        "many.chart.heatmap.alt",
        lang,
        count=len(many.rows),
        columns=columns,
        insufficient=statuses.count("insufficient_data"),
        no_answers=statuses.count("no_answers"),
    )


def many_spread_frame(content: Content, many: Any, lang: str) -> pd.DataFrame:
    """One row per organisation and column that has a figure (insufficient data and no answers
    left out), with the column's median."""
    rows: list[dict[str, Any]] = []
    for c, col in enumerate(many.columns):
        spread = many.spread(col)
        label = f"{column_label(col, lang)} {col.name(content, lang)}"
        for r, (row, value) in enumerate(zip(many.rows, spread.values, strict=True)):
            if value is None:
                continue
            rows.append(
                {
                    "column": label,
                    "order": c,
                    "name": row.name,
                    "value": round(value, 1),
                    "label": percent(value, lang),
                    "median": round(spread.median, 1) if spread.median is not None else None,
                    # a fixed vertical offset per organisation, so equal values stay visible
                    "jitter": round((r * 0.618034) % 1 - 0.5, 3),
                }
            )
    return pd.DataFrame(
        rows, columns=["column", "order", "name", "value", "label", "median", "jitter"]
    )


def many_spread(
    content: Content, many: Any, lang: str, width: int | str = "container", font_size: int = 13
) -> Any:
    """Per phase and per question: one point per organisation (those with a figure) on the
    0-100 % scale, and the median as a dark tick with its own legend entry."""
    df = many_spread_frame(content, many, lang)
    labels = [f"{column_label(c, lang)} {c.name(content, lang)}" for c in many.columns]
    y = alt.Y("column:N", sort=labels, title=None, axis=alt.Axis(labelLimit=150))
    x_title = content.t("many.chart.legend", lang)
    points = (
        alt.Chart(df)
        .mark_circle(size=70, opacity=0.55, color=COLORS["open"])
        .encode(
            x=_percent_x("value", x_title),
            y=y,
            yOffset=alt.YOffset("jitter:Q", scale=alt.Scale(domain=[-0.8, 0.8])),
            tooltip=[
                alt.Tooltip("name:N", title=content.t("many.chart.organisation", lang)),
                alt.Tooltip("column:N", title=content.t("many.chart.column", lang)),
                alt.Tooltip("label:N", title=content.t("many.chart.value", lang)),
            ],
        )
    )
    medians = pd.DataFrame(
        [
            {
                "column": label,
                "median": round(many.spread(c).median, 1),
                "label": percent(many.spread(c).median, lang),
                "kind": content.t("many.chart.median", lang),
            }
            for c, label in zip(many.columns, labels, strict=True)
            if many.spread(c).median is not None
        ],
        columns=["column", "median", "label", "kind"],
    )
    ticks = (
        alt.Chart(medians)
        .mark_tick(thickness=3, size=26)
        .encode(
            x="median:Q",
            y=y,
            color=alt.Color(
                "kind:N",
                scale=alt.Scale(range=[COLORS["weakest"]]),
                title=None,
                legend=alt.Legend(
                    symbolType="stroke", symbolStrokeWidth=3, symbolStrokeColor=COLORS["weakest"]
                ),
            ),
            tooltip=[
                alt.Tooltip("column:N", title=content.t("many.chart.column", lang)),
                alt.Tooltip("label:N", title=content.t("many.chart.median", lang)),
            ],
        )
    )
    chart = alt.layer(points, ticks).properties(height=len(labels) * 34)
    return _base_config(chart, width, font_size)


def many_spread_summary(content: Content, many: Any, lang: str) -> str:
    """The spread in words: per column the low, median and high, and how many organisations
    were left out (insufficient data or no answers)."""
    parts = []
    for col in many.columns:
        s = many.spread(col)
        name = f"{column_label(col, lang)} {col.name(content, lang)}"
        if s.count == 0:
            text = content.t("many.chart.spread.none", lang, name=name)
        else:
            # the order (low, median, high) is named in the text around it: no words to translate
            text = (
                f"{name} {percent(s.low, lang)}, {percent(s.median, lang)}, {percent(s.high, lang)}"
            )
        if s.missing:
            text += " " + content.t("many.chart.spread.left_out", lang, count=s.missing)
        parts.append(text)
    return content.t("many.chart.spread.alt", lang, count=len(many.rows), values="; ".join(parts))
