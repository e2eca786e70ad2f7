"""Results: phase and index in words and numbers, the target, the charts, what changed since the
latest snapshot, gaps, warnings, the formula."""

from __future__ import annotations

import streamlit as st

from assessment import charts, explain
from ui import downloads, progress, routes, state, widgets
from ui.i18n import content, lang, t

c = content()
language = lang()
res = state.result()

st.title(t("results.title"))
if res.given == 0:
    st.info(t("results.empty"), icon=":material/info:")
    if st.button(t("start.begin"), type="primary"):
        routes.go("questionnaire")
    st.stop()

widgets.progress_line(res)
widgets.phase_metrics(res)
if res.phase:
    st.markdown(
        t(
            "results.summary",
            phase=c.phase_name(res.phase, language),
            tagline=c.phase(res.phase).tagline(language),
        )
    )
else:
    st.markdown(t("results.summary0"))
for sentence in (explain.next_step_text(c, res, language), explain.weakest_text(c, res, language)):
    if sentence:
        st.markdown(sentence)
progress.target_line(res)
for w in res.warnings:
    st.warning(explain.warning_text(c, res, w.phase, language), icon=":material/warning:")

st.subheader(t("results.phases"))
phase_alt = charts.phase_summary(c, res, language, state.targets())
widgets.chart("phase", res, phase_alt, state.targets())
st.caption(phase_alt)
progress.target_settings(res)

st.subheader(t("results.questions"))
question_alt = charts.question_summary(c, res, language)
widgets.chart("question", res, question_alt)
st.caption(question_alt)

progress.what_changed()

st.subheader(t("results.gaps"))
if res.gaps:
    st.markdown(t("results.gaps.intro", count=len(res.gaps)))
    for item_id in res.gaps:
        st.markdown(f"- {c.item(item_id)[0].text(language)}")
else:
    st.markdown(t("results.gaps.none"))
if res.unanswered:
    st.caption(t("results.open", count=res.unanswered))
widgets.not_applicable_line(res)
for p in res.thin_phases:
    st.caption(
        t(
            "results.thin",
            phase=c.phase_name(p.number, language),
            answered=p.answered,
            total=p.applicable,
        )
    )
widgets.retired_notice()

with st.expander(t("results.how"), icon=":material/calculate:"):
    for line in explain.formula_lines(c, language):
        st.markdown(f"- {line}")
    st.markdown(f"**{t('results.example')}**")
    for line in explain.worked_example(c, res, language):
        st.markdown(f"1. {line}")

left, right = st.columns(2)
if left.button(t("results.to_plan"), type="primary", icon=":material/task_alt:"):
    routes.go("plan")
with right:
    downloads.solo_report_button("report.results")
