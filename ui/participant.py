"""A workshop participant's answers on their way to the database, as the phone shows them.

An answer is written the moment it is given. One the database refuses as too busy stays on
screen as "not saved" with a button to save it again, and every redraw of the questionnaire
(Next, Previous) tries it first; one refused for good (the workshop closed meanwhile) is said
once, at the top, and the choice goes back to what is stored.
"""

from __future__ import annotations

import streamlit as st
from sqlalchemy import Engine

from assessment import workshop as ws
from assessment.answers import AnswerValue, is_answer
from assessment.content import Content
from ui.i18n import t, wkey

FLASH = "ws.flash."
REDRAW = "ws.redraw"


class Answers:
    """The answer flow of one participant (by their private token) in this session."""

    def __init__(
        self, engine: Engine, content: Content, token: str, language: str, total: int
    ) -> None:
        self.engine, self.content, self.token = engine, content, token
        self.language, self.total = language, total
        self.pending: dict[str, AnswerValue] = st.session_state.setdefault(
            f"ws.pending.{token}", {}
        )
        self._answered_key = f"ws.answered.{token}"  # the items stored: to notice the last one

    def store(self, item_id: str, value: AnswerValue) -> str | None:
        """Write one answer; None when saved, else the message to show."""
        try:
            ws.answer(self.engine, self.content, self.token, item_id, value)
        except ws.WorkshopError as exc:
            if exc.code == "not_saved":
                self.pending[item_id] = value
            else:
                self.pending.pop(item_id, None)
            return exc.message(self.content, self.language)
        self.pending.pop(item_id, None)
        return None

    def retry_pending(self) -> None:
        """Try the answers not saved yet, stopping at the first still refused (each try may
        wait seconds)."""
        for item_id, value in list(self.pending.items()):
            if self.store(item_id, value) and item_id in self.pending:
                break

    def stored(self, answers: dict[str, AnswerValue]) -> None:
        """What the database holds now (read at each redraw of the questionnaire)."""
        st.session_state[self._answered_key] = set(answers)

    def on_change(self, item_id: str, widget_key: str) -> None:
        """A statement's widget changed: save the choice."""
        value = st.session_state.get(widget_key)
        if not is_answer(value):
            return
        error = self.store(item_id, value)
        if error and item_id not in self.pending:  # refused for good (closed, not part of it)
            st.session_state[f"{FLASH}{item_id}"] = error
            st.session_state[REDRAW] = True
            del st.session_state[widget_key]  # redraw from what is stored, not the refused one
        elif error is None:
            answered: set[str] = st.session_state.setdefault(self._answered_key, set())
            if item_id not in answered:
                answered.add(item_id)
                if len(answered) == self.total:  # the last open one: progress and Finish
                    st.session_state[REDRAW] = True

    def _retry(self, item_id: str) -> None:
        if item_id in self.pending:
            self.store(item_id, self.pending[item_id])

    def status(self, item_id: str) -> None:
        """Below each statement (inside its fragment): whether the last choice was saved."""
        if st.session_state.pop(REDRAW, False):
            st.rerun(scope="app")  # closed meanwhile, or all answered: the whole page says so
        if item_id in self.pending:
            st.error(t("ws.error.not_saved"), icon=":material/sync_problem:")
            st.button(
                t("ws.join.retry"),
                key=wkey(f"retry.{item_id}"),
                on_click=self._retry,
                args=(item_id,),
                icon=":material/refresh:",
            )


def take_flashes() -> list[str]:
    """The refusals said once (and then forgotten)."""
    keys = [k for k in list(st.session_state) if str(k).startswith(FLASH)]
    return [str(st.session_state.pop(k)) for k in keys]
