"""The app's pages: one table, read by the router (``app.py``) and by every "go to" button."""

from __future__ import annotations

from typing import Literal, NamedTuple

import streamlit as st

Slug = Literal[
    "start",
    "questionnaire",
    "results",
    "plan",
    "strategy",
    "save",
    "compare",
    "method",
    "workshop",
    "join",
]


class Route(NamedTuple):
    script: str  # relative to app.py
    title: str  # the ui.yaml key of its name in the navigation
    icon: str
    slug: Slug  # its URL: /results, /join?code=... (bookmarks and QR codes rely on these)


ROUTES: tuple[Route, ...] = (
    Route("pages/scan/start.py", "nav.start", ":material/home:", "start"),
    Route(
        "pages/scan/questionnaire.py", "nav.questionnaire", ":material/checklist:", "questionnaire"
    ),
    Route("pages/scan/results.py", "nav.results", ":material/insights:", "results"),
    Route("pages/scan/plan.py", "nav.plan", ":material/task_alt:", "plan"),
    Route("pages/scan/strategy.py", "nav.strategy", ":material/flag:", "strategy"),
    Route("pages/scan/save.py", "nav.save", ":material/save:", "save"),
    Route("pages/scan/compare.py", "nav.compare", ":material/compare_arrows:", "compare"),
    Route("pages/scan/method.py", "nav.method", ":material/menu_book:", "method"),
    Route("pages/workshop/facilitator.py", "nav.workshop", ":material/groups:", "workshop"),
    Route("pages/workshop/join.py", "nav.join", ":material/login:", "join"),
)
DEFAULT: Slug = "start"


def go(slug: Slug) -> None:
    """Switch to another page (ends this run)."""
    st.switch_page(next(r.script for r in ROUTES if r.slug == slug))
