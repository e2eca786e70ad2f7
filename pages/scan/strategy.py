"""Strategy canvas: POST's steps (People, Objectives, Strategy, Technology) and the organisation,
with the SMART check of every SMART objective and POST's warnings, judged on today's date."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from assessment import formats
from assessment import strategy as sm
from ui import downloads, state
from ui import strategy as view
from ui.i18n import content, lang, t

c = content()
language = lang()
answers = state.answers()
canvas = state.strategy()
today = dt.date.today()
result = sm.check(c, canvas, today)

st.title(t("strategy.title"))
st.markdown(t("strategy.intro"))
view.overview(c, canvas, result, language)
st.caption(t("strategy.checked_on", date=formats.date(today, language)))

view.step_intro(c, "people", answers, language)
view.people(c, canvas, result, sm.research_from_scan(answers), language)

view.step_intro(c, "objectives", answers, language)
view.objectives(c, canvas, result, language)

view.step_intro(c, "strategy", answers, language)
view.relationships(c, canvas, state.actions(), language)

view.step_intro(c, "technology", answers, language)
view.technology(c, canvas, result, language)

view.step_intro(c, "organisation", answers, language)
view.organisation(c, language)

st.header(t("strategy.keep"), divider="gray")
st.caption(t("strategy.keep.help"))
downloads.save_button()
downloads.solo_report_button("report.strategy")
