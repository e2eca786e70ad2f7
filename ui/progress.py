"""The results page's progress parts: the targets (set here, kept in ``st.session_state.targets``)
and what changed since the latest snapshot. Every figure and sentence comes from
``assessment.progress``; this module only draws them."""

from __future__ import annotations

import datetime as dt
from functools import partial

import pandas as pd
import streamlit as st

from assessment import charts, formats, progress
from assessment.scoring import Result
from ui import state
from ui.i18n import content, lang, md_escape, phase_label, t, wkey

PHASES = (1, 2, 3, 4, 5, 6)


# -- targets ---------------------------------------------------------------------------------


def _set_phase(key: str) -> None:
    value = st.session_state.get(key)
    phase = value if value in PHASES else None
    st.session_state.targets = state.targets().model_copy(update={"phase": phase})


def _set_by(key: str) -> None:
    value = st.session_state.get(key)
    by = value if isinstance(value, dt.date) else None
    st.session_state.targets = state.targets().model_copy(update={"by": by})


def _set_fulfilment(number: int, key: str) -> None:
    value = st.session_state.get(key)
    figures = dict(state.targets().fulfilment)
    if isinstance(value, int | float):
        figures[number] = float(min(100.0, max(0.0, value)))
    else:
        figures.pop(number, None)
    st.session_state.targets = state.targets().model_copy(update={"fulfilment": figures})


def _phase_option(number: int | None, none: str, labels: dict[int, str]) -> str:
    return none if number is None else labels[number]


def target_line(res: Result) -> None:
    """How far the scan is from its targets, in one line (nothing when none is set)."""
    status = progress.target_status(res, state.targets(), dt.date.today())
    if status is not None:
        st.markdown(
            f"**{progress.target_text(content(), status, lang())}**",
        )


def target_settings(res: Result) -> None:
    """The target phase, the target date and (in an expander) a target fulfilment per phase."""
    goal = state.targets()
    st.subheader(t("targets.title"))
    st.caption(t("targets.intro"))
    options: list[int | None] = [None, *PHASES]
    labels = {n: phase_label(n) for n in PHASES}  # fixed now: format_func may run later
    left, right = st.columns(2)
    key = wkey("targets.phase")
    left.selectbox(
        t("targets.phase"),
        options,
        index=options.index(goal.phase),
        format_func=partial(_phase_option, none=t("targets.phase.none"), labels=labels),
        key=key,
        on_change=_set_phase,
        args=(key,),
    )
    key = wkey("targets.by")
    right.date_input(
        t("targets.date"),
        value=goal.by,
        min_value=dt.date(2000, 1, 1),
        max_value=dt.date.today() + dt.timedelta(days=20 * 365),
        format="DD-MM-YYYY",
        key=key,
        on_change=_set_by,
        args=(key,),
    )
    with st.expander(t("targets.fulfilment"), expanded=bool(goal.fulfilment)):
        st.caption(t("targets.fulfilment.intro", threshold=formats.percent(res.threshold, lang())))
        columns = st.columns(3) + st.columns(3)  # two rows: 1 2 3 over 4 5 6, stacked in order
        for number in PHASES:
            key = wkey(f"targets.fulfilment.{number}")
            columns[number - 1].number_input(
                t("targets.fulfilment.phase", phase=phase_label(number)),
                min_value=0,
                max_value=100,
                step=5,
                value=None if number not in goal.fulfilment else int(goal.fulfilment[number]),
                key=key,
                on_change=_set_fulfilment,
                args=(number, key),
            )


# -- what changed ----------------------------------------------------------------------------


def what_changed() -> None:
    """The latest snapshot compared with the answers as they stand (nothing without one)."""
    snaps = state.snapshots()
    if not snaps:
        return
    c, language = content(), lang()
    save = state.current_save()
    before = progress.snapshot_scan(snaps[-1], save.organisation.name)
    comparison = progress.compare(c, before, progress.current_scan(save))
    since = formats.date(before.when, language)
    st.subheader(t("progress.title"))
    st.caption(t("progress.intro", date=since))
    st.markdown("\n".join(f"- {md_escape(s)}" for s in progress.sentences(c, comparison, language)))
    for kind, heading in (("phase", "progress.by_phase"), ("question", "progress.by_question")):
        st.markdown(f"**{t(heading)}**")
        headings = progress.table_headings(c, comparison, language, kind)
        rows = [
            [md_escape(name), *figures]  # the table renders Markdown: "1." is no list here
            for name, *figures in progress.table_rows(c, comparison, language, kind)
        ]
        frame = pd.DataFrame(rows, columns=headings)
        st.table(frame.set_index(headings[0]))  # wraps on a phone; the row's name as its header
    points = progress.history(c, save)
    if len(points) >= 2:
        st.markdown(f"**{t('progress.history')}**")
        summary = charts.history_summary(c, points, language)
        st.vega_lite_chart(
            spec=charts.index_history_chart(c, points, language).to_dict(),
            width="stretch",
            height=charts.HISTORY_CHART_HEIGHT,
            theme=None,
            alt=summary,
        )
        st.caption(summary)
    done = progress.completed(comparison)
    st.markdown(f"**{t('progress.done.title', date=since)}**")
    if done:
        resolved = t("progress.done.resolved")
        st.markdown(
            "\n".join(
                f"- {md_escape(progress.action_text(c, k, language))}"
                + (f" _{resolved}_" if gone else "")
                for k, gone in done
            )
        )
    else:
        st.markdown(t("progress.done.none", date=since))
    unmoved = comparison.actions.done_but_unmoved
    if unmoved:
        st.markdown(f"**{t('progress.unmoved.title')}**")
        st.markdown(
            "\n".join(f"- {md_escape(progress.action_text(c, k, language))}" for k in unmoved)
        )
