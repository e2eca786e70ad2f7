"""The questionnaire's building blocks, shared by the solo scan and the workshop participant.

A step is one phase or one elementary question. The caller says where answers come from and
where they go (``stored`` and ``on_change``), so the same widgets write to session state (solo)
or to the database (workshop).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from typing import Literal

import streamlit as st

from assessment.answers import ANSWER_VALUES, NOT_APPLICABLE, AnswerValue, Given, Parts
from assessment.content import Content, Item
from ui.i18n import wkey

OPTIONS: list[Given] = list(ANSWER_VALUES)
ALWAYS: list[Given] = [v for v in OPTIONS if v != NOT_APPLICABLE]  # no "not applicable" offered
Step = tuple[Literal["phase", "question"], int]


def steps(content: Content, parts: Parts = "both") -> list[Step]:
    out: list[Step] = []
    if parts in ("phases", "both"):
        out += [("phase", p.number) for p in content.phases]
    if parts in ("questions", "both"):
        out += [("question", q.number) for q in content.questions]
    return out


def step_title(content: Content, step: Step, lang: str) -> str:
    kind, n = step
    if kind == "phase":
        return content.t("q.step.phase", lang, number=n, name=content.phase(n).name(lang))
    return content.t("q.step.question", lang, number=n, name=content.question(n).title(lang))


def step_items(content: Content, step: Step) -> list[Item]:
    kind, n = step
    return list(
        content.phase(n).statements if kind == "phase" else content.question(n).subquestions
    )


def first_open_step(content: Content, all_steps: list[Step], answered: Mapping[str, object]) -> int:
    """The first step with an item left to answer (the last step when none is left): where a
    returning participant goes on (after a reload, on another phone, or when their server
    went away and they came back through the balancer to another one)."""
    for i, step in enumerate(all_steps):
        if any(item.id not in answered for item in step_items(content, step)):
            return i
    return max(0, len(all_steps) - 1)


def draw_step(
    content: Content,
    step: Step,
    lang: str,
    stored: Mapping[str, AnswerValue],
    on_change: Callable[[str, str], None],
    disabled: bool = False,
    status: Callable[[str], None] | None = None,
    size: str | None = None,
    premarked: Collection[str] = frozenset(),
    carried: Collection[str] = frozenset(),
    carried_mark: str = "",
    on_confirm: Callable[[list[str]], None] | None = None,
) -> None:
    """The header, the scale explained, and one answer widget per statement of ``step``.

    With ``status`` (the workshop), each statement is a fragment of its own: an answer reruns
    that statement only, not the page (in a room of 200 phones every answer is a rerun on one
    server), and ``status(item_id)`` draws below it whether the answer was saved. ``size`` (the
    solo scan's profile) says where "not applicable" is refused, ``premarked`` which "not
    applicable" answers are the app's pre-marks (shown as such). ``carried`` are the items
    whose answer came over from an earlier scan and is not confirmed yet: each shows
    ``carried_mark`` and a button that calls ``on_confirm([item_id])``.
    """
    kind, n = step
    if kind == "phase":
        phase = content.phase(n)
        st.header(f"{phase.number}. {phase.name(lang)}")
        st.markdown(f"*{phase.tagline(lang)}* — {phase.description(lang)}")
        scale_id = "phase"
        items = phase.statements
        st.caption(content.t("q.instruction.phase", lang))
    else:
        q = content.question(n)
        st.header(step_title(content, step, lang))
        st.markdown(q.description(lang))
        st.info(
            content.t("q.method", lang, method=q.method(lang)), icon=":material/travel_explore:"
        )
        scale_id = "question"
        items = q.subquestions
        st.caption(content.t("q.instruction.question", lang))
    with st.expander(content.t("q.scale.explain", lang)):
        for point in content.scale(scale_id).points:
            st.markdown(f"- **{point.label(lang)}**: {point.description(lang)}")
    for item in items:
        number = content.ref(item.id, lang)
        value = stored.get(item.id)
        args = (content, item, number, scale_id, lang, value, on_change, disabled)
        if status is None:
            shown = value == NOT_APPLICABLE and item.id in premarked
            mark = carried_mark if item.id in carried and value is not None else ""
            answer_widget(*args, premarked=shown, size=size, carried=mark, on_confirm=on_confirm)
        else:
            _isolated_answer(*args, status=status)


def answer_widget(
    content: Content,
    item: Item,
    number: str,
    scale_id: str,
    lang: str,
    value: AnswerValue,
    on_change: Callable[[str, str], None],
    disabled: bool = False,
    status: Callable[[str], None] | None = None,
    premarked: bool = False,
    size: str | None = None,
    carried: str = "",
    on_confirm: Callable[[list[str]], None] | None = None,
) -> None:
    """One statement: its text, the answer scale as a radio (with "not applicable" only where
    the content allows it), what "fully" means; and below it, with ``status``, whether the
    answer was saved (the workshop). ``carried``: the mark of an answer carried over from an
    earlier scan (with a button to confirm it as it stands)."""
    scale = content.scale(scale_id)
    key = wkey(f"a.{item.id}")
    options = OPTIONS if content.may_not_apply(item.id, size) else ALWAYS
    with st.container(border=True):
        line = f"**{number}** {item.text(lang)}"
        if carried:  # a text and an icon, not colour alone; it wraps on a phone
            line += f"  \n:orange-background[:material/history: {carried}]"
        st.markdown(line)
        st.radio(
            item.text(lang),
            options,
            index=options.index(value) if value is not None and value in options else None,
            format_func=lambda v: scale.point(v).label(lang),
            key=key,
            horizontal=True,
            label_visibility="collapsed",
            on_change=on_change,
            args=(item.id, key),
            disabled=disabled,
        )
        if carried and on_confirm is not None:
            st.button(
                content.t("unconfirmed.confirm", lang),
                key=wkey(f"confirm.{item.id}"),
                icon=":material/check:",
                help=content.t("unconfirmed.confirm.help", lang),
                on_click=on_confirm,
                args=([item.id],),
            )
        st.caption(content.t(f"q.fully.{scale_id}", lang, help=item.help(lang)))
        condition = content.condition(item.id)
        if condition is not None and options is OPTIONS:
            key = "na.premarked" if premarked else "na.may"
            st.caption(content.t(key, lang, assumes=condition.label(lang)))
    if status is not None:
        status(item.id)


# A statement as a fragment of its own (the workshop): an answer reruns only this statement.
_isolated_answer = st.fragment(answer_widget)
