"""Workshop participant: join by code (or the QR link), answer on a phone, see your progress.

Answers go to the database the moment they are given; the participant's private link
(``?p=...``) brings them back after a reload, a lost connection or on another phone.
"""

from __future__ import annotations

import streamlit as st

from assessment import formats
from assessment import workshop as ws
from assessment.scoring import score
from ui import participant, questions, state, steps
from ui.i18n import adopt_language, content, lang, language_switch, md_escape, t, wkey

c = content()
language = lang()
engine = state.engine()


def _code_form(prefill: str = "") -> None:
    with st.form("join"):
        code = st.text_input(
            t("ws.join.code"),
            value=prefill,
            max_chars=12,
            placeholder="ABC123",
            key=wkey("join.code"),
        )
        if st.form_submit_button(t("ws.join.go"), type="primary"):
            _join(code)


def _join(code: str) -> None:
    workshop = ws.by_code(engine, code)
    if workshop is None:
        st.error(t("ws.join.unknown"), icon=":material/error:")
        return
    try:
        person = ws.join(engine, workshop)
    except ws.WorkshopError as exc:
        st.error(exc.message(c, language), icon=":material/lock:")
        return
    st.query_params.clear()
    st.query_params["p"] = person.token
    st.rerun()


token = st.query_params.get("p", "")
found = ws.participant(engine, token) if token else None
if found is None:
    language_switch("join")
    st.title(t("ws.join.title"))
    if token:
        st.error(
            ws.WorkshopError("unknown_participant").message(c, language), icon=":material/error:"
        )
    code = st.query_params.get("code", "")
    if code and not token:
        invited = ws.by_code(engine, code)
        if invited is None:
            st.error(t("ws.join.unknown"), icon=":material/error:")
        elif not invited.is_open:
            st.error(ws.WorkshopError("closed").message(c, language), icon=":material/lock:")
        else:
            adopt_language(f"ws{invited.id}", invited.language)
            st.markdown(t("ws.join.welcome", title=md_escape(invited.title)))
            if st.button(t("ws.join.go"), type="primary", icon=":material/login:"):
                _join(code)
            st.stop()
    st.markdown(t("ws.join.intro"))
    _code_form(code)
    st.stop()

person, workshop = found
adopt_language(f"ws{workshop.id}", workshop.language)
parts_steps = questions.steps(c, workshop.parts)
asked = set(c.item_ids(workshop.parts))
total = len(asked)
step_key = f"ws.step.{token}"
flow = participant.Answers(engine, c, token, language, total)


def _go(i: int) -> None:
    st.session_state[step_key] = max(0, min(len(parts_steps) - 1, i))
    steps.moved()


language_switch("join")  # on a phone the sidebar is folded away
st.caption(t("ws.join.in", title=md_escape(workshop.title)))
flashes = participant.take_flashes()
if flashes and workshop.is_open:  # a closed workshop already says so just below
    st.error(flashes[-1], icon=":material/error:")
if not workshop.is_open:
    st.warning(ws.WorkshopError("closed").message(c, language), icon=":material/lock:")


@st.fragment
def questionnaire() -> None:
    """One step of the questionnaire. A fragment: Next and Previous redraw only this part, and
    an answer only its own statement (a room of phones shares one server process)."""
    flow.retry_pending()
    steps.scroll_to_top_if_moved()
    mine = ws.answers_of(engine, token)
    flow.stored(mine)
    if step_key not in st.session_state:  # a new session: go on where this person left off
        st.session_state[step_key] = questions.first_open_step(c, parts_steps, mine)
    step = min(int(st.session_state[step_key]), len(parts_steps) - 1)
    if flow.pending:
        st.warning(
            t("ws.join.unsaved", items=", ".join(c.ref(i, language) for i in flow.pending)),
            icon=":material/sync_problem:",
        )
    done = sum(1 for i in asked if i in mine)  # not answers to statements retired since
    st.progress(done / total if total else 0.0, text=t("progress", done=done, total=total))
    steps.step_picker(c, parts_steps, step, language, _go)
    questions.draw_step(
        c,
        parts_steps[step],
        language,
        {**mine, **flow.pending},
        flow.on_change,
        disabled=not workshop.is_open,
        status=flow.status,
    )
    _, _, right = steps.nav_buttons(c, language, step, len(parts_steps), _go)
    if step == len(parts_steps) - 1 or done == total:
        st.divider()
        if person.finished or st.session_state.get(f"ws.finished.{token}"):
            st.success(t("ws.join.finished"), icon=":material/check_circle:")
        elif right.button(
            t("ws.join.finish"),
            type="primary",
            icon=":material/done_all:",
            width="stretch",
            disabled=not workshop.is_open,
        ):
            try:
                first_time = ws.finish(engine, token)
            except ws.WorkshopError as exc:
                if exc.code == "closed":
                    st.rerun(scope="app")  # closed meanwhile: the whole page says so
                st.error(exc.message(c, language), icon=":material/sync_problem:")
            else:
                if first_time:
                    st.session_state[f"ws.finished.{token}"] = True
                    st.success(t("ws.join.finished"), icon=":material/check_circle:")
                else:
                    st.info(t("ws.join.already"), icon=":material/info:")
    with st.expander(t("ws.join.mine")):
        r = score(c, mine)
        if workshop.parts != "questions":
            name = c.phase_name(r.phase, language)
            st.markdown(t("ws.join.mine.text", phase=name, k=r.phase, answered=done, total=total))
        if workshop.parts != "phases":
            st.markdown(
                "\n".join(
                    f"- {c.question(q.number).title(language)}: "
                    + formats.percent(q.score, language)
                    for q in r.questions
                )
            )
        st.caption(t("ws.join.mine.note"))


questionnaire()
st.caption(t("ws.join.private"))
