"""Questionnaire: the six phases one step at a time, then the four elementary questions."""

from __future__ import annotations

import streamlit as st

from assessment import formats
from ui import questions, routes, state, steps, widgets
from ui.i18n import content, lang, t

c = content()
language = lang()
STEPS = questions.steps(c)


def _go(step: int) -> None:
    st.session_state.step = max(0, min(len(STEPS) - 1, step))
    steps.moved()


steps.scroll_to_top_if_moved()
step = min(int(st.session_state.step), len(STEPS) - 1)
widgets.progress_line(state.result())
steps.step_picker(c, STEPS, step, language, _go)
widgets.retired_notice()

since = state.carried_from()
carried = state.unconfirmed() if since else set()
questions.draw_step(
    c,
    STEPS[step],
    language,
    state.answers(),
    state.set_answer,
    size=st.session_state.org.get("size"),
    premarked=st.session_state.premarked,
    carried=carried,
    carried_mark=t("unconfirmed.mark", date=formats.date(since, language)) if since else "",
    on_confirm=state.confirm,
)
here = [i.id for i in questions.step_items(c, STEPS[step]) if i.id in carried]
if here:
    st.button(
        t("unconfirmed.confirm_step"),
        icon=":material/done_all:",
        on_click=state.confirm,
        args=(here,),
        width="stretch",
    )

_, _, right = steps.nav_buttons(c, language, step, len(STEPS), _go)
if right.button(t("q.to_results"), icon=":material/insights:", width="stretch"):
    routes.go("results")
