"""The language in force, translated texts, the language switch and widget keys."""

from __future__ import annotations

import re
from typing import Any

import streamlit as st

from assessment.content import Content, default_content

LANGUAGE_NAMES = {"nl": "Nederlands", "en": "English"}
WIDGET_PREFIX = "w:"


def content() -> Content:
    # Loaded and validated once per process; frozen, shared read-only by every session.
    return default_content()


def lang() -> str:
    return str(st.session_state.get("lang", "nl"))


def t(key: str, **params: Any) -> str:
    return content().t(key, lang(), **params)


def adopt_language(scope: str, language: str) -> None:
    """Switch to a workshop's language on the first visit of its link in this session.

    Afterwards the person's own choice in the sidebar wins.
    """
    marker = f"lang.adopted.{scope}"
    if st.session_state.get(marker):
        return
    st.session_state[marker] = True
    if language in LANGUAGE_NAMES and language != lang():
        st.session_state.lang = language
        st.rerun()


def _choose_language(key: str) -> None:
    choice = st.session_state.get(key)
    if choice in LANGUAGE_NAMES:
        st.session_state.lang = choice


def language_switch(place: str) -> None:
    """The language switch. Keyed by the current language: after a switch made elsewhere (the
    other switch, a workshop link) it is drawn anew showing the language in force."""
    key = f"lang.{place}.{lang()}"
    st.segmented_control(
        "Taal / Language",
        options=list(LANGUAGE_NAMES),
        format_func=LANGUAGE_NAMES.__getitem__,
        default=lang(),
        required=True,
        key=key,
        on_change=_choose_language,
        args=(key,),
    )


def wkey(name: str) -> str:
    """A widget key scoped to the language and to the loaded save file.

    Streamlit keeps a choice widget's value as its formatted label; when the labels change with
    the language, an old value no longer matches. A key per language gives a fresh widget that
    starts from the answer store instead.
    """
    generation = int(st.session_state.get("widget_generation", 0))
    scope = f"{generation}:{lang()}" if generation else lang()
    return f"{WIDGET_PREFIX}{scope}:{name}"


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~:$])")


def md_escape(text: str) -> str:
    """User text, shown literally in Markdown: no links, images, HTML or emphasis."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def phase_label(number: int) -> str:
    """ "2. Presence": a phase with its number, as the questionnaire and the plan show it."""
    return f"{number}. {content().phase_name(number, lang())}"
