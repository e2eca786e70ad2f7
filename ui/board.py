"""The room on the projector: the join panel (code, link, QR code) and the live board."""

from __future__ import annotations

import datetime as dt
import io
from types import SimpleNamespace
from typing import Any
from urllib.parse import urlencode, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import segno
import streamlit as st

from assessment import charts, formats
from assessment import workshop as ws
from assessment.answers import AnswerValue
from ui.i18n import content, lang, t
from ui.state import engine

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
    c = content()
    chart = charts.group_phase_chart(c, phases, c.threshold, lang, font_size=font)
    spec: dict[str, Any] = chart.to_dict()
    return spec


@st.cache_data(max_entries=256, show_spinner=False)
def _distribution_spec(
    counts: tuple[tuple[str, tuple[tuple[AnswerValue, int], ...]], ...], lang: str, font: int
) -> dict[str, Any]:
    c = content()
    items = [SimpleNamespace(item_id=i, counts=dict(cs)) for i, cs in counts]
    spec: dict[str, Any] = charts.distribution_chart(c, items, lang, font_size=font).to_dict()
    return spec


def _local(moment: dt.datetime) -> dt.datetime:
    """A moment on the viewer's clock (their browser's time zone; else the server's)."""
    try:
        return moment.astimezone(ZoneInfo(st.context.timezone or ""))
    except (ValueError, ZoneInfoNotFoundError):
        return moment.astimezone()


def board_panel(workshop: ws.Workshop, present: bool = False) -> None:
    c = content()
    language = lang()
    font = 22 if present else 14  # readable from the back of the room

    @st.fragment(run_every=3)
    def live() -> None:
        room = ws.board(engine(), c, workshop)
        a, b, d, e = st.columns(4)
        a.metric(t("ws.board.joined"), room.joined)
        b.metric(t("ws.board.finished"), room.finished)
        d.metric(t("ws.board.answers"), room.answers)
        e.metric(t("ws.board.dont_know"), room.dont_know)
        if room.phases:
            st.subheader(t("ws.board.phases"))
            st.vega_lite_chart(
                spec=_phase_spec(room.phases, language, font),
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
                    spec=_distribution_spec(counts, language, font),
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
                    item=item.text(language),
                    spread=formats.number(s.spread or 0, language, 1),
                    count=s.answered,
                )
            )
        st.caption(t("ws.board.updated", time=formats.time(_local(room.updated_at), language)))

    live()
