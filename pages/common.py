"""What every page shares: the answer store in session state, the language, and small helpers.

Answers, profile and plan edits live in plain ``st.session_state`` keys, never only in widget
keys: Streamlit drops a widget's value when its page is not drawn. Widgets copy their value into
the store in ``on_change`` callbacks.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import partial
from typing import Any

import streamlit as st
from sqlalchemy import Engine

from assessment import charts, storage
from assessment import plan as plan_mod
from assessment import report as report_mod
from assessment.content import Content, default_content
from assessment.report import ReportInput
from assessment.savefile import Organisation, PlanEdit, SaveFile, SaveFileError, now, parse
from assessment.scoring import AnswerValue, Result, score
from assessment.settings import get_settings

WIDGET_PREFIX = "w:"


@st.cache_resource(show_spinner=False)
def engine() -> Engine:
    """The database engine: the one true singleton of the process (schema migrated)."""
    return storage.make_engine(get_settings().database)


def content() -> Content:
    # Loaded and validated once per process; frozen, shared read-only by every session.
    return default_content()


def _leave_v1_multipage_mode() -> None:
    """Make sure the router (app.py) runs, even when a page URL is the server's first request.

    With a ``pages/`` folder beside the entry script, Streamlit decides on the first session
    of a fresh server whether the app is an old-style (v1) multipage app, and until
    ``st.navigation`` has run once it executes a page file directly, without the router: no
    language switch, wrong navigation. A user who reloads ``/results`` after a server restart
    would hit that. Turning the flag off and rerunning sends the run through the router.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def init_state() -> None:
    _leave_v1_multipage_mode()
    ss = st.session_state
    if "lang" not in ss:
        ss.lang = get_settings().default_language
    ss.setdefault("answers", {})
    ss.setdefault("org", Organisation().model_dump())
    ss.setdefault("edits", {})
    ss.setdefault("step", 0)
    ss.setdefault("created_at", now())
    ss.setdefault("plan_editor_version", 0)


def lang() -> str:
    return str(st.session_state.get("lang", "nl"))


def adopt_language(scope: str, language: str) -> None:
    """Switch to a workshop's language on the first visit of its link in this session.

    Afterwards the person's own choice in the sidebar wins.
    """
    marker = f"lang.adopted.{scope}"
    if st.session_state.get(marker):
        return
    st.session_state[marker] = True
    if language in ("nl", "en") and language != lang():
        st.session_state.lang = language
        st.rerun()


LANGUAGE_NAMES = {"nl": "Nederlands", "en": "English"}


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


def t(key: str, **params: Any) -> str:
    return content().t(key, lang(), **params)


def answers() -> dict[str, AnswerValue]:
    store: dict[str, AnswerValue] = st.session_state.answers
    return store


def result() -> Result:
    return score(content(), answers())


def actions(res: Result | None = None) -> list[plan_mod.Action]:
    c = content()
    res = res or result()
    edits: dict[str, plan_mod.Edit] = st.session_state.edits
    return plan_mod.apply_edits(plan_mod.generate(c, answers(), res), edits)


ALLOWED: tuple[AnswerValue, ...] = (0, 1, 2, 3, 4, "dont_know")


def set_answer(item_id: str, widget_key: str) -> None:
    """on_change callback of a statement's widget: copy its value into the store."""
    value = st.session_state.get(widget_key)
    if value in ALLOWED:
        answers()[item_id] = value


def current_save() -> SaveFile:
    edits: dict[str, plan_mod.Edit] = st.session_state.edits
    return SaveFile(
        language="en" if lang() == "en" else "nl",
        organisation=Organisation.model_validate(st.session_state.org),
        answers=dict(answers()),
        plan=[
            PlanEdit(action_id=k, include=e.include, owner=e.owner, due=e.due, notes=e.notes)
            for k, e in edits.items()
        ],
        created_at=st.session_state.created_at,
        updated_at=now(),
    )


def load_save(data: bytes) -> str | None:
    """Replace the state by a save file. Returns an error message, or None on success.

    On any error the current answers stay exactly as they were.
    """
    try:
        save = parse(data, content())
    except SaveFileError as exc:
        # the message may quote the file: shown literally, never as Markdown
        safe = SaveFileError(exc.code, **{k: md_escape(str(v)) for k, v in exc.params.items()})
        return safe.message(content(), lang())
    ss = st.session_state
    ss.answers = {k: v for k, v in save.answers.items() if v is not None}
    ss.org = save.organisation.model_dump()
    ss.edits = save.edits()
    ss.created_at = save.created_at
    # New keys for every answer widget: they are drawn afresh from the loaded answers. (Deleting
    # the old keys instead breaks callbacks of widgets drawn in this very run.)
    ss.widget_generation = int(ss.get("widget_generation", 0)) + 1
    return None


def upload_box(key: str) -> None:
    """A file uploader that resumes from a save file, with the outcome shown in place.

    Its key is not language- or generation-scoped: the file stays chosen across the rerun that
    a successful load triggers, and the marker below keeps it from loading twice.
    """
    uploaded = st.file_uploader(
        t("save.upload"), type=["json"], key=key, help=t("save.upload.help")
    )
    if uploaded is None:
        return
    marker = f"{key}:done"
    if st.session_state.get(marker) != uploaded.file_id:
        st.session_state[marker] = uploaded.file_id
        error = load_save(uploaded.getvalue())
        st.session_state[f"{key}:outcome"] = error or ""
        if error is None:
            st.rerun()  # redraw the whole page (profile, progress) from the loaded scan
    outcome = st.session_state.get(f"{key}:outcome")
    if outcome:
        st.error(outcome, icon=":material/error:")
    elif outcome == "":
        r = result()
        st.success(
            t("save.loaded", answered=r.answered + r.dont_know, total=r.total),
            icon=":material/check_circle:",
        )


@st.cache_data(max_entries=512, show_spinner=False)
def _chart_spec(
    kind: str, signature: tuple[Any, ...], lang: str, _result: Result
) -> dict[str, Any]:
    """A chart's Vega-Lite spec, cached on exactly the values it shows (building an Altair
    chart costs tens of milliseconds; the same figures recur across reruns and users)."""
    c = content()
    chart = charts.phase_chart if kind == "phase" else charts.question_chart
    spec: dict[str, Any] = chart(c, _result, lang).to_dict()
    return spec


def chart(kind: str, res: Result, alt_text: str) -> None:
    """Draw the phase or question chart: the same chart function as the report."""
    if kind == "phase":
        weakest = res.weakest_phase
        signature: tuple[Any, ...] = (
            res.threshold,
            weakest.number if weakest else 0,
            *((p.fulfilment, p.reached, p.sufficient_data) for p in res.phases),
        )
        height = charts.PHASE_CHART_HEIGHT
    else:
        signature = tuple(q.score for q in res.questions)
        height = charts.QUESTION_CHART_HEIGHT
    st.vega_lite_chart(
        spec=_chart_spec(kind, signature, lang(), res),
        width="stretch",
        height=height,
        theme=None,  # the same look as in the report
        alt=alt_text,
    )


def report_input() -> ReportInput:
    """The report's input, built from the state now: the download runs outside the script."""
    save = current_save()
    return report_mod.report_input(save, lang())


def report_button(key: str) -> None:
    """Download the board report; the PDF is built when clicked, not on every rerun."""
    st.download_button(
        t("report.download"),
        data=partial(report_mod.build_report, content(), report_input()),
        file_name=save_filename().replace(".json", ".pdf").replace("scan-", "report-", 1),
        mime="application/pdf",
        on_click="ignore",
        icon=":material/picture_as_pdf:",
        help=t("report.download.help"),
        key=key,
    )


def save_filename() -> str:
    name = str(st.session_state.org.get("name") or "").strip()
    slug = "".join(ch if ch.isalnum() else "-" for ch in name.lower()).strip("-")[:40]
    stamp = dt.date.today().isoformat()
    return f"sbsmi-scan-{slug or 'assessment'}-{stamp}.json"


def progress_line(res: Result) -> None:
    done = res.answered + res.dont_know
    st.progress(
        done / res.total if res.total else 0.0, text=t("progress", done=done, total=res.total)
    )


def phase_label(number: int) -> str:
    return f"{number}. {content().phase(number).name(lang())}"
