"""Small widgets that several pages share: progress, the score charts, the save-file uploader."""

from __future__ import annotations

from typing import Any

import streamlit as st

from assessment import charts, explain, formats
from assessment.savefile import Targets, now
from assessment.scoring import Result
from ui import routes
from ui.i18n import content, lang, md_escape, t
from ui.state import answers, load_save, result, retired, snapshots, start_rescan, unconfirmed


def phase_metrics(res: Result) -> None:
    """The current phase and the maturity index, side by side."""
    c, language = content(), lang()
    left, right = st.columns(2)
    left.metric(t("results.phase"), f"{res.phase} · {c.phase_name(res.phase, language)}")
    right.metric(t("results.index"), f"{formats.index(res.index, language)} / 6")


def progress_line(res: Result) -> None:
    text = t("progress", done=res.given, total=res.total)
    if res.not_applicable:
        text = t("progress.na", done=res.given, total=res.total, count=res.not_applicable)
    carried = len(unconfirmed() & {k for k, v in answers().items() if v is not None})
    if carried:
        text += " · " + t("unconfirmed.progress", count=carried)
    st.progress(res.given / res.total if res.total else 0.0, text=text)


@st.cache_data(max_entries=512, show_spinner=False)
def _chart_spec(
    kind: charts.ScoreChart,
    signature: tuple[Any, ...],
    lang: str,
    _result: Result,
    _targets: Targets | None = None,
) -> dict[str, Any]:
    """A chart's Vega-Lite spec, cached on exactly the values it shows (``charts.signature``,
    which covers the targets' marks; building an Altair chart costs tens of milliseconds, and
    the same figures recur across reruns and users)."""
    chart = charts.score_chart(kind, content(), _result, lang, _targets)
    spec: dict[str, Any] = chart.to_dict()
    return spec


def chart(
    kind: charts.ScoreChart, res: Result, alt_text: str, targets: Targets | None = None
) -> None:
    """Draw the phase (with its targets) or question chart: the same chart function as the
    report."""
    st.vega_lite_chart(
        spec=_chart_spec(kind, charts.signature(kind, res, targets), lang(), res, targets),
        width="stretch",
        height=charts.PHASE_CHART_HEIGHT if kind == "phase" else charts.QUESTION_CHART_HEIGHT,
        theme=None,  # the same look as in the report
        alt=alt_text,
    )


def upload_box(key: str) -> None:
    """A file uploader that resumes from a save file, with the outcome shown in place.

    Its key is not language- or generation-scoped: the file stays chosen across the rerun that
    a successful load triggers, and the marker below keeps it from loading twice.
    """
    uploaded = st.file_uploader(
        t("save.upload"), type=["json"], key=key, help=t("save.upload.help")
    )
    if uploaded is None:
        return
    marker = f"{key}:done"
    if st.session_state.get(marker) != uploaded.file_id:
        st.session_state[marker] = uploaded.file_id
        error = load_save(uploaded.getvalue())
        st.session_state[f"{key}:outcome"] = error or ""
        if error is None:
            st.rerun()  # redraw the whole page (profile, progress) from the loaded scan
    outcome = st.session_state.get(f"{key}:outcome")
    if outcome:
        st.error(outcome, icon=":material/error:")
    elif outcome == "":
        r = result()
        text = t("save.loaded", answered=r.given, total=r.total)
        premarked = int(st.session_state.get("load_premarked", 0))
        if premarked:
            text += " " + t("save.loaded.premarked", count=premarked)
        st.success(text, icon=":material/check_circle:")
        retired_notice()
        rescan_offer(key)


def rescan_offer(key: str) -> None:
    """After a successful load: start a new scan from the loaded one (the answers carried over,
    marked until confirmed; the loaded scan kept in the file as a snapshot)."""
    if not answers():
        return
    if unconfirmed():  # a re-scan in progress, saved half-way: continue it, not a new one
        with st.container(border=True):
            if st.button(t("rescan.continue"), key=f"{key}:continue", icon=":material/edit:"):
                st.session_state[f"{key}:outcome"] = None
                routes.go("questionnaire")
            st.caption(t("rescan.in_progress", count=len(unconfirmed())))
        return
    loaded_on = st.session_state.get("loaded_on")
    day = formats.date((loaded_on or now()).date(), lang())
    with st.container(border=True):
        if st.button(t("rescan.start"), key=f"{key}:rescan", icon=":material/restart_alt:"):
            start_rescan()
            st.session_state[f"{key}:outcome"] = None  # the file is now a new scan's start
            routes.go("questionnaire")
        text = t("rescan.help", date=day)
        if snapshots():
            text += " " + t("rescan.snapshots", count=len(snapshots()))
        st.caption(text)


def size_note(size: str | None) -> None:
    """Under the size question: what the size pre-marks, and what a change just did."""
    change = st.session_state.pop("size_note", None)
    if change is not None:
        marked, cleared = change
        if marked:
            st.info(t("na.size.marked", count=marked), icon=":material/rule:")
        if cleared:
            st.warning(t("na.size.cleared", count=cleared), icon=":material/undo:")
    count = len(content().not_applicable_at(size))
    if count:
        st.caption(t("na.size.caption", count=count))


def retired_notice(expanded: bool = False) -> None:
    """Answers of a loaded file that belonged to statements that have changed since: listed to
    be answered again (they count nowhere and are kept in the file)."""
    kept = retired()
    if not kept.answers:
        return
    c, language = content(), lang()
    with st.expander(
        t("retired.title", count=len(kept.answers)), expanded=expanded, icon=":material/history:"
    ):
        st.markdown(t("retired.intro"))
        for item_id, value in kept.answers.items():
            old = c.retired_item(item_id)
            if old is None:
                continue
            point = None if value is None else c.scale(old.scale).point(value)
            answer = formats.EMPTY if point is None else point.label(language)
            now = ", ".join(c.ref(i, language) for i in old.replaced_by)
            key = "retired.item" if now else "retired.item.gone"
            st.markdown("- " + t(key, old=md_escape(old.text(language)), answer=answer, now=now))


def not_applicable_line(res: Result) -> None:
    """How many items the organisation marked "not applicable", and why."""
    text = explain.not_applicable_text(content(), res, lang())
    if text:
        st.caption(text)
