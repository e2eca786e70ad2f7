"""Results: phase and index in words and numbers, the charts, gaps, warnings, the formula."""

from __future__ import annotations

import streamlit as st

from assessment import charts, explain, formats
from assessment.explain import warning_text
from pages import common
from pages.common import t

common.init_state()
c = common.content()
lang = common.lang()
res = common.result()

st.title(t("results.title"))
if res.answered + res.dont_know == 0:
    st.info(t("results.empty"), icon=":material/info:")
    if st.button(t("start.begin"), type="primary"):
        st.switch_page("pages/questionnaire.py")
    st.stop()

common.progress_line(res)
phase_name = c.phase(res.phase).name(lang) if res.phase else t("results.phase0")
col1, col2 = st.columns(2)
col1.metric(t("results.phase"), f"{res.phase} · {phase_name}")
col2.metric(t("results.index"), f"{formats.number(res.index, lang, 2)} / 6")
if res.phase:
    st.markdown(t("results.summary", phase=phase_name, tagline=c.phase(res.phase).tagline(lang)))
else:
    st.markdown(t("results.summary0"))
for sentence in (explain.next_step_text(c, res, lang), explain.weakest_text(c, res, lang)):
    if sentence:
        st.markdown(sentence)
for w in res.warnings:
    st.warning(warning_text(c, res, w.phase, lang), icon=":material/warning:")

st.subheader(t("results.phases"))
phase_alt = charts.phase_summary(c, res, lang)
common.chart("phase", res, phase_alt)
st.caption(phase_alt)

st.subheader(t("results.questions"))
question_alt = charts.question_summary(c, res, lang)
common.chart("question", res, question_alt)
st.caption(question_alt)

st.subheader(t("results.gaps"))
gaps = [(p.number, a.item_id) for p in res.phases for a in p.answers if a.value == "dont_know"]
gaps += [(0, a.item_id) for q in res.questions for a in q.answers if a.value == "dont_know"]
open_items = sum(p.unanswered for p in res.phases) + sum(
    q.total - q.answered - q.dont_know for q in res.questions
)
if gaps:
    st.markdown(t("results.gaps.intro", count=len(gaps)))
    for _, item_id in gaps:
        st.markdown(f"- {c.item(item_id)[0].text(lang)}")
else:
    st.markdown(t("results.gaps.none"))
if open_items:
    st.caption(t("results.open", count=open_items))
thin = [p for p in res.phases if p.answered and not p.sufficient_data]
for p in thin:
    st.caption(
        t("results.thin", phase=c.phase(p.number).name(lang), answered=p.answered, total=p.total)
    )

with st.expander(t("results.how"), icon=":material/calculate:"):
    for line in explain.formula_lines(c, lang):
        st.markdown(f"- {line}")
    st.markdown(f"**{t('results.example')}**")
    for line in explain.worked_example(c, res, lang):
        st.markdown(f"1. {line}")

left, right = st.columns(2)
if left.button(t("results.to_plan"), type="primary", icon=":material/task_alt:"):
    st.switch_page("pages/plan.py")
with right:
    common.report_button("report.results")
