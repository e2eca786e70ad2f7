"""Questionnaire: the six phases one step at a time, then the four elementary questions."""

from __future__ import annotations

import streamlit as st

from assessment.content import Item
from assessment.scoring import DONT_KNOW
from pages import common
from pages.common import t

common.init_state()
c = common.content()
lang = common.lang()
STEPS = len(c.phases) + len(c.questions)
OPTIONS: list[int | str] = [0, 1, 2, 3, 4, DONT_KNOW]


def _go(step: int) -> None:
    step = max(0, min(STEPS - 1, step))
    st.session_state.step = step


def step_title(i: int) -> str:
    if i < len(c.phases):
        return c.t("q.step.phase", lang, number=i + 1, name=c.phase(i + 1).name(lang))
    q = c.question(i - len(c.phases) + 1)
    return c.t("q.step.question", lang, number=q.number, name=q.title(lang))


def item_widget(item: Item, number: str, scale_id: str) -> None:
    scale = c.scale(scale_id)
    key = common.wkey(f"a.{item.id}")
    stored = common.answers().get(item.id)
    with st.container(border=True):
        st.markdown(f"**{number}** {item.text(lang)}")
        st.radio(
            item.text(lang),
            OPTIONS,
            index=OPTIONS.index(stored) if stored is not None else None,
            format_func=lambda v: scale.point(v).label(lang),
            key=key,
            horizontal=True,
            label_visibility="collapsed",
            on_change=common.set_answer,
            args=(item.id, key),
        )
        st.caption(t(f"q.fully.{scale_id}", help=item.help(lang)))


res = common.result()
step = int(st.session_state.step)
common.progress_line(res)
# Keyed by language and step: Previous/Next and a language switch give a fresh picker that starts
# from ``step``, never a stale value (Streamlit keeps a choice as its formatted label).
chosen = st.selectbox(
    t("q.goto"), range(STEPS), index=step, format_func=step_title, key=common.wkey(f"step.{step}")
)
if chosen is not None and chosen != step:
    _go(chosen)
    st.rerun()

if step < len(c.phases):
    phase = c.phase(step + 1)
    st.header(f"{phase.number}. {phase.name(lang)}")
    st.markdown(f"*{phase.tagline(lang)}* — {phase.description(lang)}")
    scale_id = "phase"
    items = [(f"{phase.number}.{i}", s) for i, s in enumerate(phase.statements, 1)]
    st.caption(t("q.instruction.phase"))
else:
    q = c.question(step - len(c.phases) + 1)
    st.header(t("q.step.question", number=q.number, name=q.title(lang)))
    st.markdown(q.description(lang))
    st.info(t("q.method", method=q.method(lang)), icon=":material/travel_explore:")
    scale_id = "question"
    items = [
        (f"V{q.number}.{i}" if lang == "nl" else f"Q{q.number}.{i}", s)
        for i, s in enumerate(q.subquestions, 1)
    ]
    st.caption(t("q.instruction.question"))

with st.expander(t("q.scale.explain")):
    for point in c.scale(scale_id).points:
        st.markdown(f"- **{point.label(lang)}**: {point.description(lang)}")

for number, item in items:
    item_widget(item, number, scale_id)

left, mid, right = st.columns(3)
left.button(
    t("q.prev"),
    on_click=_go,
    args=(step - 1,),
    disabled=step == 0,
    icon=":material/arrow_back:",
    width="stretch",
)
if step < STEPS - 1:
    mid.button(
        t("q.next"),
        on_click=_go,
        args=(step + 1,),
        type="primary",
        icon=":material/arrow_forward:",
        width="stretch",
    )
if right.button(t("q.to_results"), icon=":material/insights:", width="stretch"):
    st.switch_page("pages/results.py")
