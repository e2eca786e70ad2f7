"""Entry point: page config, navigation, the language switch. No domain logic here."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from pages import common
from pages.common import t

st.set_page_config(
    page_title="SBSMI scan",
    page_icon=str(Path(__file__).parent / "assets" / "favicon.png"),  # local: see privacy
    layout="centered",
    initial_sidebar_state="auto",
)
common.init_state()

PAGES = [
    ("pages/start.py", "nav.start", ":material/home:", "start"),
    ("pages/questionnaire.py", "nav.questionnaire", ":material/checklist:", "questionnaire"),
    ("pages/results.py", "nav.results", ":material/insights:", "results"),
    ("pages/plan.py", "nav.plan", ":material/task_alt:", "plan"),
    ("pages/save.py", "nav.save", ":material/save:", "save"),
    ("pages/method.py", "nav.method", ":material/menu_book:", "method"),
]


def _set_lang() -> None:
    choice = st.session_state.get("w:lang")
    if choice in ("nl", "en"):
        st.session_state.lang = choice


with st.sidebar:
    st.segmented_control(
        "Taal / Language",
        options=["nl", "en"],
        format_func=lambda code: {"nl": "Nederlands", "en": "English"}[code],
        default=common.lang(),
        required=True,
        key="w:lang",
        on_change=_set_lang,
    )

page = st.navigation(
    [
        st.Page(path, title=t(title), icon=icon, url_path=slug, default=(slug == "start"))
        for path, title, icon, slug in PAGES
    ]
)
page.run()
