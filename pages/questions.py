"""The questionnaire's building blocks, shared by the solo scan and the workshop participant.

A step is one phase or one elementary question. The caller says where answers come from and
where they go (``stored`` and ``on_change``), so the same widgets write to session state (solo)
or to the database (workshop).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Literal

import streamlit as st

from assessment.content import Content, Item
from assessment.scoring import DONT_KNOW, AnswerValue
from pages import common

OPTIONS: list[int | str] = [0, 1, 2, 3, 4, DONT_KNOW]
Step = tuple[Literal["phase", "question"], int]


def steps(content: Content, parts: str = "both") -> list[Step]:
    out: list[Step] = []
    if parts in ("phases", "both"):
        out += [("phase", p.number) for p in content.phases]
    if parts in ("questions", "both"):
        out += [("question", q.number) for q in content.questions]
    return out


def step_title(content: Content, step: Step, lang: str) -> str:
    kind, n = step
    if kind == "phase":
        return content.t("q.step.phase", lang, number=n, name=content.phase(n).name(lang))
    return content.t("q.step.question", lang, number=n, name=content.question(n).title(lang))


def draw_step(
    content: Content,
    step: Step,
    lang: str,
    stored: Mapping[str, AnswerValue],
    on_change: Callable[[str, str], None],
    disabled: bool = False,
    status: Callable[[str], None] | None = None,
) -> None:
    """The header, the scale explained, and one answer widget per statement of ``step``.

    With ``status`` (the workshop), each statement is a fragment of its own: an answer reruns
    that statement only, not the page (in a room of 200 phones every answer is a rerun on one
    server), and ``status(item_id)`` draws below it whether the answer was saved.
    """
    kind, n = step
    if kind == "phase":
        phase = content.phase(n)
        st.header(f"{phase.number}. {phase.name(lang)}")
        st.markdown(f"*{phase.tagline(lang)}* — {phase.description(lang)}")
        scale_id = "phase"
        items = [(f"{n}.{i}", s) for i, s in enumerate(phase.statements, 1)]
        st.caption(content.t("q.instruction.phase", lang))
    else:
        q = content.question(n)
        st.header(step_title(content, step, lang))
        st.markdown(q.description(lang))
        st.info(
            content.t("q.method", lang, method=q.method(lang)), icon=":material/travel_explore:"
        )
        scale_id = "question"
        prefix = "V" if lang == "nl" else "Q"
        items = [(f"{prefix}{n}.{i}", s) for i, s in enumerate(q.subquestions, 1)]
        st.caption(content.t("q.instruction.question", lang))
    with st.expander(content.t("q.scale.explain", lang)):
        for point in content.scale(scale_id).points:
            st.markdown(f"- **{point.label(lang)}**: {point.description(lang)}")
    for number, item in items:
        args = (content, item, number, scale_id, lang, stored.get(item.id), on_change, disabled)
        if status is None:
            answer_widget(*args)
        else:
            _isolated_answer(*args, status=status)


def answer_widget(
    content: Content,
    item: Item,
    number: str,
    scale_id: str,
    lang: str,
    value: AnswerValue,
    on_change: Callable[[str, str], None],
    disabled: bool = False,
    status: Callable[[str], None] | None = None,
) -> None:
    """One statement: its text, the answer scale as a radio, what "fully" means; and below it,
    with ``status``, whether the answer was saved (the workshop)."""
    scale = content.scale(scale_id)
    key = common.wkey(f"a.{item.id}")
    with st.container(border=True):
        st.markdown(f"**{number}** {item.text(lang)}")
        st.radio(
            item.text(lang),
            OPTIONS,
            index=OPTIONS.index(value) if value is not None else None,
            format_func=lambda v: scale.point(v).label(lang),
            key=key,
            horizontal=True,
            label_visibility="collapsed",
            on_change=on_change,
            args=(item.id, key),
            disabled=disabled,
        )
        st.caption(content.t(f"q.fully.{scale_id}", lang, help=item.help(lang)))
    if status is not None:
        status(item.id)


# A statement as a fragment of its own (the workshop): an answer reruns only this statement.
_isolated_answer = st.fragment(answer_widget)


SCROLL_FLAG = "questions.scroll_top"


def moved() -> None:
    """Call when the step changes: the next run starts the new step at the top of the page."""
    st.session_state[SCROLL_FLAG] = True
    st.session_state[SCROLL_FLAG + ".seq"] = st.session_state.get(SCROLL_FLAG + ".seq", 0) + 1


def scroll_to_top_if_moved() -> None:
    """Streamlit keeps the scroll position across reruns; a new step should start at its top.

    An invisible same-origin frame (``st.iframe``, the supported successor of
    ``components.html``) runs the script; its sequence number changes the frame's
    document, so it runs again on every step change (``st.html`` updates a script in place
    without running it a second time).
    """
    if st.session_state.pop(SCROLL_FLAG, False):
        seq = st.session_state.get(SCROLL_FLAG + ".seq", 0)
        st.iframe(
            f"<script>/* step change {seq} */"
            "const d = window.parent.document;"
            "const m = d.querySelector('[data-testid=\"stMain\"]');"
            "if (m) m.scrollTo(0, 0); window.parent.scrollTo(0, 0);</script>",
            height=1,  # the least st.iframe allows; the frame has nothing to show
            tab_index=-1,
            alt=common.t("q.scroll.alt"),
        )


def step_picker(
    content: Content, all_steps: list[Step], current: int, lang: str, go: Callable[[int], Any]
) -> None:
    """A picker of the step; a choice other than ``current`` is handed to ``go`` in the
    widget's callback (no extra rerun; inside a fragment only the fragment is redrawn).

    Keyed by language and step: Previous/Next and a language switch give a fresh picker that
    starts from ``current``, never a stale value (Streamlit keeps a choice as its label).
    """
    key = common.wkey(f"step.{current}")

    def picked() -> None:
        value = st.session_state.get(key)
        if isinstance(value, int) and value != current:
            go(value)

    st.selectbox(
        content.t("q.goto", lang),
        range(len(all_steps)),
        index=current,
        format_func=lambda i: step_title(content, all_steps[i], lang),
        key=key,
        on_change=picked,
    )


def nav_buttons(
    content: Content, lang: str, current: int, total: int, go: Callable[[int], Any]
) -> tuple[Any, Any, Any]:
    """Previous and Next; returns the three columns so the caller can add its own button."""
    left, mid, right = st.columns(3)
    left.button(
        content.t("q.prev", lang),
        on_click=go,
        args=(current - 1,),
        disabled=current == 0,
        icon=":material/arrow_back:",
        width="stretch",
    )
    if current < total - 1:
        mid.button(
            content.t("q.next", lang),
            on_click=go,
            args=(current + 1,),
            type="primary",
            icon=":material/arrow_forward:",
            width="stretch",
        )
    return left, mid, right
