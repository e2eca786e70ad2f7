"""The facilitator's panels: the group answer (consensus), the group's result, managing the
workshop."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import streamlit as st

from assessment import charts
from assessment import workshop as ws
from assessment.answers import AnswerValue
from assessment.content import Scale
from assessment.group import group_result
from ui.board import facilitator_link
from ui.compare import workshop_exports
from ui.downloads import report_button
from ui.i18n import content, lang, t, wkey
from ui.questions import ALWAYS, OPTIONS
from ui.state import engine
from ui.widgets import chart, phase_metrics


def _choice_label(scale: Scale, language: str, value: AnswerValue) -> str:
    return t("ws.cons.open") if value is None else scale.point(value).label(language)


def consensus_panel(workshop: ws.Workshop) -> None:
    c = content()
    language = lang()
    db = engine()
    room = ws.board(db, c, workshop)
    stored = ws.agreed(db, workshop)
    # the room's median is the starting point until the group answer is first saved; after
    # that an item left open stays open
    start = stored if workshop.consensus_saved else ws.proposal(c, workshop, room)
    st.markdown(t("ws.cons.intro"))
    if not workshop.consensus_saved:
        st.caption(t("ws.cons.prefilled"))
    disagree = {s.item_id for s in room.disagreements(limit=5)}
    may: list[AnswerValue] = [None, *OPTIONS]  # None: left open
    always: list[AnswerValue] = [None, *ALWAYS]  # no "not applicable" where the item always applies
    with st.form(f"consensus.{workshop.id}"):
        chosen: dict[str, AnswerValue] = {}
        for item_id in c.item_ids(workshop.parts):
            item, phase, _ = c.item(item_id)
            scale = c.scale("phase" if phase else "question")
            s = room.items[item_id]
            counts = ", ".join(
                f"{scale.point(v).label(language)} {n}"
                for v, n in s.counts.items()
                if n and v is not None
            ) or t("ws.cons.no_answers")
            flag = " ⚑" if item_id in disagree else ""
            value = start.get(item_id)
            choices = may if item.assumes else always
            chosen[item_id] = st.selectbox(
                f"{item.text(language)}{flag}",
                choices,
                index=choices.index(value) if value in choices else 0,
                format_func=partial(_choice_label, scale, language),
                help=t("ws.cons.room", counts=counts),
                key=wkey(f"cons.{workshop.id}.{item_id}"),
            )
        if st.form_submit_button(t("ws.cons.save"), type="primary") and _done(
            lambda: ws.set_agreed(db, c, workshop, chosen)
        ):
            st.success(t("ws.cons.saved"), icon=":material/check_circle:")


def result_panel(workshop: ws.Workshop) -> None:
    c = content()
    language = lang()
    group = group_result(engine(), c, workshop, language)
    if group is None:
        st.info(t("ws.result.none"), icon=":material/info:")
        return
    r = group.result
    if workshop.parts != "questions":
        phase_metrics(r)
        chart("phase", r, charts.phase_summary(c, r, language))
    if workshop.parts != "phases":
        chart("question", r, charts.question_summary(c, r, language))
    st.markdown(t("ws.result.plan", count=len(group.actions)))
    for a in group.actions[:5]:
        st.markdown(f"- {a.text(c, language)}")
    report_button(group.report, group.report_filename, key=f"ws.report.{workshop.id}", primary=True)
    agreed_save_button(workshop)
    workshop_exports(workshop)


def agreed_save_button(workshop: ws.Workshop) -> None:
    """The group's agreed answers as a save file: next year's workshop (or a re-scan) compares
    with it like any two scans."""
    save = ws.agreed_save(engine(), content(), workshop)
    if save is None:
        return
    st.download_button(
        t("workshop.save"),
        data=save.to_json(),
        file_name=save.filename(save.updated_at.date()),
        mime="application/json",
        on_click="ignore",
        icon=":material/download:",
        help=t("workshop.save.help"),
        key=f"ws.save.{workshop.id}",
    )


def _done(action: Callable[[], object]) -> bool:
    """Run a facilitator's write; a refusal (a database too busy, for example) is shown in
    place, in the facilitator's language, and nothing of it was written."""
    try:
        action()
    except ws.WorkshopError as exc:
        st.error(exc.message(content(), lang()), icon=":material/sync_problem:")
        return False
    return True


def manage_panel(workshop: ws.Workshop) -> None:
    db = engine()
    st.markdown(t("ws.manage.status." + workshop.status))
    if workshop.is_open:
        if st.button(t("ws.manage.close"), icon=":material/lock:") and _done(
            lambda: ws.set_status(db, workshop, "closed")
        ):
            st.rerun()
    elif st.button(t("ws.manage.reopen"), icon=":material/lock_open:") and _done(
        lambda: ws.set_status(db, workshop, "open")
    ):
        st.rerun()
    st.divider()
    st.markdown(t("ws.manage.delete.text"))
    sure = st.checkbox(t("ws.manage.delete.sure"), key=wkey("ws.delete.sure"))
    if st.button(t("ws.manage.delete"), disabled=not sure, icon=":material/delete:") and _done(
        lambda: ws.delete_workshop(db, workshop)
    ):
        st.query_params.clear()
        st.session_state["ws.deleted"] = True
        st.rerun()
    st.divider()
    with st.expander(t("ws.manage.link"), icon=":material/key:"):  # closed: not for the screen
        st.caption(t("ws.fac.keep_link"))
        st.code(facilitator_link(workshop), language=None, wrap_lines=True)
