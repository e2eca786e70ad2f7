"""Workshop, facilitator side: create a session, then (with the private key) run it."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import streamlit as st

from assessment import workshop as ws
from assessment.answers import PARTS
from ui import board, facilitator, state
from ui.i18n import LANGUAGE_NAMES, adopt_language, content, lang, md_escape, t, wkey

c = content()
language = lang()
engine = state.engine()

key = st.query_params.get("key", "")
board_key = st.query_params.get("board", "")
if board_key and not key:
    # the projector's read-only board: join code, QR and the live board; nothing to manage
    shown = ws.by_board(engine, board_key)
    if shown is None:
        st.title(t("ws.fac.title"))
        st.error(t("ws.board.unknown"), icon=":material/lock:")
        st.stop()
    adopt_language(f"ws{shown.id}", shown.language)
    st.html(board.PRESENTATION_CSS)
    st.title(md_escape(shown.title))
    if not shown.is_open:
        st.info(t("ws.manage.status.closed"), icon=":material/lock:")
    with st.expander(t("ws.fac.join.panel", code=shown.code), expanded=True):
        board.join_panel(shown)
    board.board_panel(shown, present=True)
    st.stop()

workshop = ws.by_key(engine, key) if key else None

if workshop is None:
    st.title(t("ws.fac.title"))
    if st.session_state.pop("ws.deleted", False):
        st.success(t("ws.manage.deleted"), icon=":material/delete:")
    if key:
        st.error(t("ws.fac.unknown_key"), icon=":material/lock:")
    st.markdown(t("ws.fac.intro"))
    with st.form("create"):
        title = st.text_input(t("ws.fac.name"), max_chars=ws.MAX_TITLE, key=wkey("ws.title"))
        room_language = st.radio(
            t("ws.fac.language"),
            ["nl", "en"],
            horizontal=True,
            index=0 if language == "nl" else 1,
            format_func=LANGUAGE_NAMES.__getitem__,
            key=wkey("ws.language"),
        )
        parts = st.radio(
            t("ws.fac.parts"),
            list(PARTS),
            format_func=lambda v: c.t(f"ws.parts.{v}", language),
            key=wkey("ws.parts"),
        )
        if st.form_submit_button(t("ws.fac.create"), type="primary"):
            try:
                created = ws.create(engine, title or "", room_language or "nl", parts or "both")
            except ws.WorkshopError as exc:
                st.error(exc.message(c, language), icon=":material/error:")
            else:
                st.session_state[f"lang.adopted.ws{created.id}"] = True
                st.session_state.lang = created.language
                st.query_params["key"] = created.facilitator_key
                st.session_state["ws.new"] = True
                st.rerun()
    st.stop()

adopt_language(f"ws{workshop.id}", workshop.language)
present = st.toggle(
    t("ws.fac.present"), key=wkey(f"ws.present.{workshop.id}"), help=t("ws.fac.present.help")
)
if present:
    st.html(board.PRESENTATION_CSS)
st.title(md_escape(workshop.title))
if st.session_state.pop("ws.new", False) and not present:
    # shown once, at creation, before anything is projected; later only in Manage
    st.warning(t("ws.fac.keep_link"), icon=":material/key:")
    st.code(board.facilitator_link(workshop), language=None, wrap_lines=True)
if not workshop.is_open:
    st.info(t("ws.manage.status.closed"), icon=":material/lock:")
joined = ws.joined_count(engine, workshop)
with st.expander(t("ws.fac.join.panel", code=workshop.code), expanded=joined < 3):
    board.join_panel(workshop)
with st.expander(t("ws.fac.board_link"), icon=":material/cast:"):
    st.markdown(t("ws.fac.board_link.text"))
    st.code(board.board_link(workshop), language=None, wrap_lines=True)
    st.link_button(
        t("ws.fac.board_link.open"), board.board_link(workshop), icon=":material/open_in_new:"
    )
# Tracked tabs: the facilitator stays on their tab across reruns, and only the open tab is
# drawn (the live board refreshes only while it is shown).
tabs = st.tabs(
    [t("ws.tab.board"), t("ws.tab.consensus"), t("ws.tab.result"), t("ws.tab.manage")],
    key=wkey(f"ws.tabs.{workshop.id}"),
    on_change="rerun",
)
panels: list[Callable[[ws.Workshop], None]] = [
    partial(board.board_panel, present=present),
    facilitator.consensus_panel,
    facilitator.result_panel,
    facilitator.manage_panel,
]
for tab, panel in zip(tabs, panels, strict=True):
    if tab.open:
        with tab:
            panel(workshop)
