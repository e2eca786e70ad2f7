"""Improvement plan: the generated actions, editable (status and done date, owner, due date,
notes); "dropped" is an action left out of the plan."""

from __future__ import annotations

import datetime as dt
from textwrap import shorten

import pandas as pd
import streamlit as st

from assessment import formats
from assessment import plan as plan_mod
from assessment.plan import MAX_NOTES, MAX_SHORT
from ui import downloads, state
from ui.i18n import content, lang, md_escape, phase_label, t, wkey

c = content()
language = lang()
res = state.result()
actions = state.actions(res)

st.title(t("plan.title"))
st.markdown(t("plan.status.intro"))
if not actions:
    st.info(
        t("plan.empty") if res.given else t("results.empty"),
        icon=":material/info:",
    )
    st.stop()


def origin(a: plan_mod.Action) -> str:
    if a.question:
        return t("plan.origin.question", number=a.question)
    return phase_label(a.phase)


def check(a: plan_mod.Action) -> str:
    return "⚠ " + t("status.unmoved") if a.done_but_low else ""


def dates(values: list[dt.date | None]) -> pd.Series:
    return pd.to_datetime(pd.Series(values, dtype="object")).dt.date


# The status column holds the labels themselves: the grid's accessible table (what a screen
# reader reads) shows a cell's value, not a formatted label.
STATUS = {s: t(f"status.{s}") for s in plan_mod.STATUSES}
BY_LABEL = {label: s for s, label in STATUS.items()}
frame = pd.DataFrame(
    {
        "status": [STATUS[a.status] for a in actions],
        "action": [a.text(c, language) for a in actions],
        "done_on": dates([a.done_on for a in actions]),
        "check": [check(a) for a in actions],
        "owner": [a.owner_text(c, language) for a in actions],
        "due": dates([a.due for a in actions]),
        "horizon": [t(f"horizon.{a.horizon}") for a in actions],
        "why": [a.why(c, language) for a in actions],
        "phase": [origin(a) for a in actions],
        "kpi": [a.kpi(c, language) for a in actions],
        "notes": [a.notes for a in actions],
    }
)
editor_key = wkey(f"plan.editor.{st.session_state.plan_editor_version}")


def _commit() -> None:
    """Copy the editor's changes into the edits store, keyed by action id, not row number."""
    changes = st.session_state[editor_key].get("edited_rows", {})
    edits = state.edits()
    for row, cells in changes.items():
        a = actions[int(row)]
        change = dict(cells)
        if "status" in change:
            change["status"] = BY_LABEL.get(str(change["status"]))
        edits[a.action_id] = plan_mod.edit_from_change(
            c, a, edits.get(a.action_id), change, language, dt.date.today()
        )
    st.session_state.plan_editor_version += 1


included = sum(a.include for a in actions)
counts = {s: sum(a.status == s for a in actions) for s in plan_mod.STATUSES}
st.caption(
    t("plan.count", included=included, total=len(actions))
    + " "
    + t("plan.status.count", done=counts["done"], in_progress=counts["in_progress"])
)
unmoved = sum(a.done_but_low for a in actions)
if unmoved:
    st.caption(t("plan.status.unmoved.count", count=unmoved))
st.data_editor(
    frame,
    key=editor_key,
    on_change=_commit,
    hide_index=True,
    width="stretch",
    placeholder=formats.EMPTY,  # an empty cell (no due date yet) shows "–", never "None"
    disabled=["action", "check", "horizon", "why", "phase", "kpi"],
    column_config={
        "status": st.column_config.SelectboxColumn(
            t("plan.status.col"),
            options=list(STATUS.values()),
            required=True,
            help=t("plan.status.col.help"),
        ),
        "action": st.column_config.TextColumn(t("plan.col.action"), width="large"),
        "done_on": st.column_config.DateColumn(
            t("plan.status.done_on"), format="YYYY-MM-DD", max_value=dt.date.today()
        ),
        "check": st.column_config.TextColumn(t("plan.status.check")),
        "owner": st.column_config.TextColumn(t("plan.col.owner"), max_chars=MAX_SHORT),
        "due": st.column_config.DateColumn(t("plan.col.due"), format="YYYY-MM-DD"),
        "horizon": st.column_config.TextColumn(t("plan.col.horizon")),
        "why": st.column_config.TextColumn(t("plan.col.why"), width="large"),
        "phase": st.column_config.TextColumn(t("plan.col.phase")),
        "kpi": st.column_config.TextColumn(t("plan.col.kpi"), width="medium"),
        "notes": st.column_config.TextColumn(t("plan.col.notes"), max_chars=MAX_NOTES),
    },
)
st.caption(t("plan.rules"))
downloads.solo_report_button("report.plan")

st.subheader(t("plan.details"))
for i, a in enumerate(actions, 1):
    mark = "" if a.status == "open" else f" · _{t(f'status.{a.status}')}_"
    if a.done_but_low:
        mark = f" · ⚠ _{t('status.unmoved')}_"
    with st.expander(shorten(f"{i}. {a.text(c, language)}", 150, placeholder=" …") + mark):
        lines = [
            f"**{t('plan.col.why')}:** {a.why(c, language)}",
            f"**{t('plan.col.phase')}:** {origin(a)} · **{t('plan.col.horizon')}:** "
            f"{t(f'horizon.{a.horizon}')} · **{t('plan.col.effort')}:** "
            f"{t(f'effort.{a.item(c).effort}')}",
            # the owner may be the user's own text: shown literally
            f"**{t('plan.col.owner')}:** {md_escape(a.owner_text(c, language))}",
            f"**{t('plan.col.kpi')}:** {a.kpi(c, language)}",
        ]
        if a.due:
            lines.append(f"**{t('plan.col.due')}:** {formats.date(a.due, language)}")
        status = t(f"status.{a.status}")
        if a.done_on:
            status += f" · {t('plan.status.done_on')} {formats.date(a.done_on, language)}"
        lines.append(f"**{t('plan.status.col')}:** {status}")
        if a.done_but_low:
            lines.append(f"⚠ **{t('status.unmoved')}.** {t('plan.status.unmoved.help')}")
        st.markdown("  \n".join(lines))  # one element per action keeps the page fast
        if a.notes:
            st.text(a.notes)
