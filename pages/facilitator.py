"""The facilitator's panels: join instructions, the live board, consensus, group result."""

from __future__ import annotations

import io
from collections.abc import Callable
from functools import partial
from types import SimpleNamespace
from typing import Any
from urllib.parse import urlencode, urlsplit

import segno
import streamlit as st

from assessment import charts, formats, report
from assessment import plan as plan_mod
from assessment import workshop as ws
from assessment.savefile import Organisation
from assessment.scoring import AnswerValue, score
from pages import common
from pages.common import t
from pages.questions import OPTIONS

PRESENTATION_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stHeader"], [data-testid="stToolbar"] {display: none;}
.block-container, [data-testid="stMainBlockContainer"] {max-width: 1400px; padding-top: 1rem;}
[data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li {font-size: 1.5rem;}
[data-testid="stMetricValue"], [data-testid="stMetricValue"] * {font-size: 4rem !important;}
[data-testid="stMetricLabel"] p {font-size: 1.4rem;}
h1 {font-size: 3.2rem;} h2 {font-size: 2.4rem;}
</style>
"""


def base_url() -> str:
    """The app's address as the facilitator's browser sees it (for the join link and QR)."""
    parts = urlsplit(str(st.context.url or ""))
    if parts.scheme and parts.netloc:
        return f"{parts.scheme}://{parts.netloc}"
    return "http://localhost:8501"


def _link(path: str, **query: str) -> str:
    return f"{base_url()}/{path}?{urlencode(query)}"


def join_link(workshop: ws.Workshop) -> str:
    return _link("join", code=workshop.code)


def facilitator_link(workshop: ws.Workshop) -> str:
    return _link("workshop", key=workshop.facilitator_key)


def board_link(workshop: ws.Workshop) -> str:
    """The read-only board for the projector: board and QR code, nothing to manage."""
    return _link("workshop", board=workshop.board_key)


def join_panel(workshop: ws.Workshop) -> None:
    link = join_link(workshop)
    left, right = st.columns([3, 2], vertical_alignment="center")
    with left:
        st.markdown(t("ws.fac.join.how"))
        st.markdown(
            f"<div style='font-size:4.5rem;font-weight:700;letter-spacing:0.3rem;"
            f"font-family:monospace'>{workshop.code}</div>",
            unsafe_allow_html=True,
        )
        st.code(link, language=None, wrap_lines=True)
    with right:
        qr = segno.make(link, error="m")
        buf = io.BytesIO()
        qr.save(buf, kind="png", scale=10, border=2)
        st.image(
            buf.getvalue(),
            caption=t("ws.fac.qr"),
            width=260,
            alt=t("ws.fac.qr.alt", code=workshop.code),
        )


@st.cache_data(max_entries=256, show_spinner=False)
def _phase_spec(phases: tuple[ws.PhaseStats, ...], lang: str, font: int) -> dict[str, Any]:
    """The room-per-phase chart, built once per distinct set of figures (the board refreshes
    every few seconds; the figures change only when answers come in)."""
    c = common.content()
    chart = charts.group_phase_chart(c, phases, c.threshold, lang, font_size=font)
    spec: dict[str, Any] = chart.to_dict()
    return spec


@st.cache_data(max_entries=256, show_spinner=False)
def _distribution_spec(
    counts: tuple[tuple[str, tuple[tuple[AnswerValue, int], ...]], ...], lang: str, font: int
) -> dict[str, Any]:
    c = common.content()
    items = [SimpleNamespace(item_id=i, counts=dict(cs)) for i, cs in counts]
    spec: dict[str, Any] = charts.distribution_chart(c, items, lang, font_size=font).to_dict()
    return spec


def board_panel(workshop: ws.Workshop, present: bool = False) -> None:
    c = common.content()
    lang = common.lang()
    font = 22 if present else 14  # readable from the back of the room

    @st.fragment(run_every=3)
    def live() -> None:
        room = ws.board(common.engine(), c, workshop)
        a, b, d, e = st.columns(4)
        a.metric(t("ws.board.joined"), room.joined)
        b.metric(t("ws.board.finished"), room.finished)
        d.metric(t("ws.board.answers"), room.answers)
        e.metric(t("ws.board.dont_know"), room.dont_know)
        if room.phases:
            st.subheader(t("ws.board.phases"))
            st.vega_lite_chart(
                spec=_phase_spec(room.phases, lang, font),
                width="stretch",
                height=charts.PHASE_CHART_HEIGHT + (80 if present else 0),
                theme=None,
                alt=t("ws.board.phases.alt"),
            )
        st.subheader(t("ws.board.disagree"))
        top = room.disagreements(limit=5)
        if not top:
            st.info(t("ws.board.disagree.none"), icon=":material/forum:")
            return
        # statements and sub-questions have different scales: one chart each
        for group in (
            [s for s in top if c.item(s.item_id)[1] is not None],
            [s for s in top if c.item(s.item_id)[2] is not None],
        ):
            if group:
                counts = tuple((s.item_id, tuple(s.counts.items())) for s in group)
                st.vega_lite_chart(
                    spec=_distribution_spec(counts, lang, font),
                    width="stretch",
                    height=len(group) * (60 if present else 44) + 90,
                    theme=None,
                    alt=t("ws.board.disagree.alt"),
                )
        for rank, s in enumerate(top, 1):
            item = c.item(s.item_id)[0]
            st.markdown(
                t(
                    "ws.board.prompt",
                    rank=rank,
                    item=item.text(lang),
                    spread=formats.number(s.spread or 0, lang, 1),
                    count=s.answered,
                )
            )
        st.caption(t("ws.board.updated", time=room.updated_at.strftime("%H:%M:%S")))

    live()


def consensus_panel(workshop: ws.Workshop) -> None:
    c = common.content()
    lang = common.lang()
    engine = common.engine()
    room = ws.board(engine, c, workshop)
    stored = ws.agreed(engine, workshop)
    # the room's median is the starting point until the group answer is first saved; after
    # that an item left open stays open
    start = stored if workshop.consensus_saved else ws.proposal(c, workshop, room)
    st.markdown(t("ws.cons.intro"))
    if not workshop.consensus_saved:
        st.caption(t("ws.cons.prefilled"))
    disagree = {s.item_id for s in room.disagreements(limit=5)}
    with st.form(f"consensus.{workshop.id}"):
        chosen: dict[str, AnswerValue] = {}
        for item_id in c.item_ids(workshop.parts):
            item, phase, _ = c.item(item_id)
            scale = c.scale("phase" if phase else "question")
            s = room.items[item_id]
            counts = ", ".join(
                f"{scale.point(v).label(lang)} {n}" for v, n in s.counts.items() if n
            ) or t("ws.cons.no_answers")
            flag = " ⚑" if item_id in disagree else ""
            value = start.get(item_id)
            chosen[item_id] = st.selectbox(
                f"{item.text(lang)}{flag}",
                [None, *OPTIONS],
                index=[None, *OPTIONS].index(value),
                format_func=lambda v, sc=scale: (
                    t("ws.cons.open") if v is None else sc.point(v).label(lang)
                ),
                help=t("ws.cons.room", counts=counts),
                key=common.wkey(f"cons.{workshop.id}.{item_id}"),
            )
        if st.form_submit_button(t("ws.cons.save"), type="primary") and _done(
            lambda: ws.set_agreed(engine, c, workshop, chosen)
        ):
            st.success(t("ws.cons.saved"), icon=":material/check_circle:")


def result_panel(workshop: ws.Workshop) -> None:
    c = common.content()
    lang = common.lang()
    engine = common.engine()
    agreed = ws.agreed(engine, workshop)
    if not agreed:
        st.info(t("ws.result.none"), icon=":material/info:")
        return
    r = score(c, agreed)
    if workshop.parts != "questions":
        name = c.phase(r.phase).name(lang) if r.phase else t("results.phase0")
        left, right = st.columns(2)
        left.metric(t("results.phase"), f"{r.phase} · {name}")
        right.metric(t("results.index"), f"{formats.number(r.index, lang, 2)} / 6")
        common.chart("phase", r, charts.phase_summary(c, r, lang))
    if workshop.parts != "phases":
        common.chart("question", r, charts.question_summary(c, r, lang))
    actions = plan_mod.generate(c, agreed, r)
    st.markdown(t("ws.result.plan", count=len(actions)))
    for a in actions[:5]:
        st.markdown(f"- {a.text(c, lang)}")
    room = ws.board(engine, c, workshop)
    data = report.ReportInput(
        organisation=Organisation(name=workshop.title),
        answers={k: v for k, v in agreed.items() if v is not None},
        lang=lang,  # type: ignore[arg-type]
        mode="workshop",
        participants=room.answering,
        disagreements=tuple(s.item_id for s in room.disagreements(limit=5)),
        parts=workshop.parts,
    )
    st.download_button(
        t("report.download"),
        data=partial(report.build_report, c, data),
        file_name=f"sbsmi-workshop-{workshop.code}.pdf",
        mime="application/pdf",
        on_click="ignore",
        type="primary",
        icon=":material/picture_as_pdf:",
        key=f"ws.report.{workshop.id}",
    )


def _done(action: Callable[[], object]) -> bool:
    """Run a facilitator's write; a refusal (a database too busy, for example) is shown in
    place, in the facilitator's language, and nothing of it was written."""
    try:
        action()
    except ws.WorkshopError as exc:
        st.error(exc.message(common.content(), common.lang()), icon=":material/sync_problem:")
        return False
    return True


def manage_panel(workshop: ws.Workshop) -> None:
    engine = common.engine()
    st.markdown(t("ws.manage.status." + workshop.status))
    if workshop.is_open:
        if st.button(t("ws.manage.close"), icon=":material/lock:") and _done(
            lambda: ws.set_status(engine, workshop, "closed")
        ):
            st.rerun()
    elif st.button(t("ws.manage.reopen"), icon=":material/lock_open:") and _done(
        lambda: ws.set_status(engine, workshop, "open")
    ):
        st.rerun()
    st.divider()
    st.markdown(t("ws.manage.delete.text"))
    sure = st.checkbox(t("ws.manage.delete.sure"), key=common.wkey("ws.delete.sure"))
    if st.button(t("ws.manage.delete"), disabled=not sure, icon=":material/delete:") and _done(
        lambda: ws.delete_workshop(engine, workshop)
    ):
        st.query_params.clear()
        st.session_state["ws.deleted"] = True
        st.rerun()
    st.divider()
    with st.expander(t("ws.manage.link"), icon=":material/key:"):  # closed: not for the screen
        st.caption(t("ws.fac.keep_link"))
        st.code(facilitator_link(workshop), language=None, wrap_lines=True)
