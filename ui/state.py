"""The session's state: the answer store, the profile, the plan edits, and the database engine.

Answers, profile and plan edits live in plain ``st.session_state`` keys, never only in widget
keys: Streamlit drops a widget's value when its page is not drawn. Widgets copy their value into
the store in ``on_change`` callbacks. The router (``app.py``) calls ``init`` before every page.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st
from sqlalchemy import Engine

from assessment import plan as plan_mod
from assessment import progress, storage
from assessment.answers import NOT_APPLICABLE, AnswerValue, is_answer
from assessment.applicability import premark
from assessment.savefile import (
    Organisation,
    Retired,
    SaveFile,
    SaveFileError,
    Snapshot,
    Targets,
    now,
    parse,
)
from assessment.scoring import Result, score
from assessment.settings import get_settings
from assessment.strategy import Strategy
from ui.i18n import content, lang, md_escape


@st.cache_resource(show_spinner=False)
def engine() -> Engine:
    """The database engine: the one true singleton of the process (schema migrated)."""
    settings = get_settings()
    return storage.make_engine(settings.database, settings.db_pool_size, settings.db_max_overflow)


def init() -> None:
    """A new session's empty scan, in the configured language."""
    ss = st.session_state
    if "lang" not in ss:
        ss.lang = get_settings().default_language
    ss.setdefault("answers", {})
    ss.setdefault("org", Organisation().model_dump())
    ss.setdefault("edits", {})
    ss.setdefault("step", 0)
    ss.setdefault("created_at", now())
    ss.setdefault("plan_editor_version", 0)
    ss.setdefault("retired", Retired())
    ss.setdefault("premarked", frozenset())  # "not applicable" marks the size made, not the user
    ss.setdefault("strategy", Strategy())  # the strategy canvas (POST), edited on its page
    ss.setdefault("strategy_version", 0)  # bumped when a canvas item is removed (ui/canvas.py)
    ss.setdefault("snapshots", [])  # earlier scans kept in this one (a re-scan), oldest first
    ss.setdefault("targets", Targets())
    ss.setdefault("unconfirmed", set())  # answers carried over from the latest snapshot


def answers() -> dict[str, AnswerValue]:
    store: dict[str, AnswerValue] = st.session_state.answers
    return store


def edits() -> dict[str, plan_mod.Edit]:
    store: dict[str, plan_mod.Edit] = st.session_state.edits
    return store


def result() -> Result:
    return score(content(), answers())


def actions(res: Result | None = None) -> list[plan_mod.Action]:
    """The plan: generated from the answers, with the user's edits laid over it."""
    c = content()
    return plan_mod.apply_edits(plan_mod.generate(c, answers(), res or result()), edits())


def retired() -> Retired:
    """Answers to statements that changed since a loaded file was saved (kept, never mapped)."""
    kept: Retired = st.session_state.retired
    return kept


def strategy() -> Strategy:
    """The strategy canvas as it stands (edited in place by the canvas page's callbacks)."""
    canvas: Strategy = st.session_state.strategy
    return canvas


def snapshots() -> list[Snapshot]:
    kept: list[Snapshot] = st.session_state.snapshots
    return kept


def targets() -> Targets:
    goal: Targets = st.session_state.targets
    return goal


def unconfirmed() -> set[str]:
    """Item ids whose answer was carried over from the earlier scan and not confirmed yet."""
    carried: set[str] = st.session_state.unconfirmed
    return carried


def confirm(item_ids: list[str]) -> None:
    """The user confirms carried-over answers as they stand."""
    st.session_state.unconfirmed = unconfirmed() - set(item_ids)


def carried_from() -> dt.date | None:
    """The date of the scan the unconfirmed answers come from (the latest snapshot)."""
    return snapshots()[-1].taken_on if snapshots() and unconfirmed() else None


def start_rescan() -> None:
    """Start a new scan from the one in the session: the same answers, marked "from <date>"
    until confirmed or changed; the scan as it stood kept as a snapshot, dated the day the
    loaded file was saved (today when answers changed since it was loaded)."""
    ss = st.session_state
    save = current_save()
    loaded_on = ss.get("loaded_on")
    if loaded_on is not None:
        save = save.model_copy(update={"updated_at": loaded_on})
    fresh = progress.rescan(content(), save, now(), premarked=ss.premarked)
    ss.loaded_on = None
    ss.step = 0
    ss.snapshots = fresh.snapshots
    ss.unconfirmed = set(fresh.unconfirmed)
    ss.created_at = fresh.created_at
    ss.widget_generation = int(ss.get("widget_generation", 0)) + 1


def set_answer(item_id: str, widget_key: str) -> None:
    """on_change callback of a statement's widget: copy its value into the store (the widget
    offers "not applicable" only where the content allows it; the store checks again)."""
    ss = st.session_state
    value = ss.get(widget_key)
    size = ss.org.get("size")
    if is_answer(value) and (value != NOT_APPLICABLE or content().may_not_apply(item_id, size)):
        answers()[item_id] = value
        ss.premarked = ss.premarked - {item_id}  # the user's own answer now
        ss.unconfirmed = unconfirmed() - {item_id}  # changed (or chosen again): confirmed
        ss.loaded_on = None  # no longer the scan of the loaded file's date


def set_size(size: str | None) -> tuple[int, int]:
    """Choose the organisation's size: pre-mark what does not apply at that size (only where
    nothing was answered), take back the app's earlier pre-marks that no longer hold and clear a
    "not applicable" the size refuses. Returns (marked, cleared) for the message; the answer
    widgets are drawn afresh."""
    ss = st.session_state
    outcome = premark(content(), answers(), size, ss.premarked)
    ss.org["size"] = size
    ss.answers = outcome.answers
    ss.premarked = outcome.premarked
    if outcome.marked or outcome.cleared:
        ss.widget_generation = int(ss.get("widget_generation", 0)) + 1
    return len(outcome.marked), len(outcome.cleared)


def current_save() -> SaveFile:
    """The scan as a save file, as it stands now."""
    return SaveFile.from_state(
        language=lang(),
        organisation=st.session_state.org,
        answers=answers(),
        edits=edits(),
        created_at=st.session_state.created_at,
        retired=retired(),
        strategy=strategy().model_copy(deep=True),  # a report built later shows it as now
        snapshots=[s.model_copy(deep=True) for s in snapshots()],
        targets=targets().model_copy(deep=True),
        unconfirmed=unconfirmed() & {k for k, v in answers().items() if v is not None},
    )


def load_save(data: bytes) -> str | None:
    """Replace the state by a save file. Returns an error message, or None on success.

    On any error the current answers stay exactly as they were. On success the organisation's
    size pre-marks what was left unanswered and does not apply, and ``load_premarked`` says how
    many items that covered.
    """
    try:
        save = parse(data, content())
    except SaveFileError as exc:
        # the message may quote the file: shown literally, never as Markdown
        safe = SaveFileError(exc.code, **{k: md_escape(str(v)) for k, v in exc.params.items()})
        return safe.message(content(), lang())
    ss = st.session_state
    loaded = {k: v for k, v in save.answers.items() if v is not None}
    marked = premark(content(), loaded, save.organisation.size)
    ss.answers = marked.answers
    ss.org = save.organisation.model_dump()
    ss.edits = save.edits()
    ss.created_at = save.created_at
    ss.retired = save.retired
    ss.strategy = save.strategy
    ss.pop("strategy_unticked", None)  # goals unticked in the canvas before this file
    ss.snapshots = save.snapshots
    ss.targets = save.targets
    ss.unconfirmed = set(save.unconfirmed)
    ss.loaded_on = save.updated_at  # the date of this scan, should a re-scan start from it
    ss.premarked = marked.premarked
    ss.load_premarked = len(marked.marked)
    # New keys for every answer widget: they are drawn afresh from the loaded answers. (Deleting
    # the old keys instead breaks callbacks of widgets drawn in this very run.)
    ss.widget_generation = int(ss.get("widget_generation", 0)) + 1
    return None
