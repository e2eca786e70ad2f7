"""Questionnaire: the six phases one step at a time, then the four elementary questions."""

from __future__ import annotations

import streamlit as st

from pages import common, questions
from pages.common import t

common.init_state()
c = common.content()
lang = common.lang()
STEPS = questions.steps(c)


def _go(step: int) -> None:
    st.session_state.step = max(0, min(len(STEPS) - 1, step))
    questions.moved()


questions.scroll_to_top_if_moved()
step = min(int(st.session_state.step), len(STEPS) - 1)
common.progress_line(common.result())
questions.step_picker(c, STEPS, step, lang, _go)

questions.draw_step(c, STEPS[step], lang, common.answers(), common.set_answer)

_, _, right = questions.nav_buttons(c, lang, step, len(STEPS), _go)
if right.button(t("q.to_results"), icon=":material/insights:", width="stretch"):
    st.switch_page("pages/results.py")
