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
    ("pages/workshop.py", "nav.workshop", ":material/groups:", "workshop"),
    ("pages/join.py", "nav.join", ":material/login:", "join"),
]
# A workshop participant (by code or private link) sees only the questionnaire: no navigation.
# The projector's read-only board neither: nothing on it leads to the facilitator's pages.
participant = bool(
    st.query_params.get("p") or st.query_params.get("code") or st.query_params.get("board")
)


with st.sidebar:
    common.language_switch("sidebar")

page = st.navigation(
    [
        st.Page(path, title=t(title), icon=icon, url_path=slug, default=(slug == "start"))
        for path, title, icon, slug in PAGES
    ],
    position="hidden" if participant else "sidebar",
)
page.run()
