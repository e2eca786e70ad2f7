"""Moving between the questionnaire's steps: the picker, Previous and Next, and a new step
starting at the top of the page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from assessment.content import Content
from ui.i18n import t, wkey
from ui.questions import Step, step_title

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
            alt=t("q.scroll.alt"),
        )


def step_picker(
    content: Content, all_steps: list[Step], current: int, lang: str, go: Callable[[int], Any]
) -> None:
    """A picker of the step; a choice other than ``current`` is handed to ``go`` in the
    widget's callback (no extra rerun; inside a fragment only the fragment is redrawn).

    Keyed by language and step: Previous/Next and a language switch give a fresh picker that
    starts from ``current``, never a stale value (Streamlit keeps a choice as its label).
    """
    key = wkey(f"step.{current}")

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
