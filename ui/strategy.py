"""The strategy canvas page's parts, in POST's order: each step with its reasoning and sources,
what the user's own scan says about it, and its fields (``ui.canvas`` binds them to the canvas).

The rules (the SMART check, POST's warnings, ids, what a removal takes along) live in
``assessment.strategy``; this module only draws and calls them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from textwrap import shorten
from typing import Any

import streamlit as st

from assessment import strategy as sm
from assessment.answers import AnswerValue
from assessment.content import Content
from assessment.plan import MAX_NOTES, MAX_SHORT, Action
from ui import canvas
from ui.canvas import changed, key
from ui.i18n import content, md_escape, t


def _safe(params: Mapping[str, Any]) -> dict[str, Any]:
    """The user's own words in a reason or warning, shown literally (never as Markdown)."""
    return {k: md_escape(v) if isinstance(v, str) else v for k, v in params.items()}


def _name(audience: sm.Audience | sm.Channel) -> str:
    return audience.name or t("strategy.unnamed")


# -- what every step shows ----------------------------------------------------------------


def answer_label(c: Content, item_id: str, value: AnswerValue, lang: str) -> str:
    """An answer as its item's scale names it ("not answered yet" when there is none)."""
    if value is None:
        return t("strategy.scan.unanswered")
    _, phase, _ = c.item(item_id)
    return c.scale("phase" if phase is not None else "question").point(value).label(lang)


def step_intro(c: Content, step_id: str, answers: Mapping[str, AnswerValue], lang: str) -> None:
    """The step's title, the sources' reasoning (folded) and what the user's scan says."""
    step = c.strategy.step(step_id)
    st.header(step.title(lang), divider="gray")
    with st.expander(t("strategy.why"), icon=":material/menu_book:"):
        st.markdown(step.why(lang))
        st.markdown(f"**{t('strategy.sources')}**")
        st.markdown(
            "\n".join(f"- {c.source(s).title(lang)} — {c.source(s).citation}" for s in step.sources)
        )
    lines = []
    for item_id in step.scan:
        item, _, _ = c.item(item_id)
        label = answer_label(c, item_id, answers.get(item_id), lang)
        lines.append(f"- {c.ref(item_id, lang)} {item.text(lang)} **{label}**")
    st.caption(f"**{t('strategy.scan')}**\n" + "\n".join(lines))


def overview(c: Content, strategy: sm.Strategy, result: sm.Check, lang: str) -> None:
    """An empty canvas: where to start. Otherwise: the canvas in figures and POST's warnings."""
    if not strategy:
        st.info(t("strategy.start"), icon=":material/flag:")
        return
    s = sm.summary(strategy, result)
    st.markdown(
        t(
            "strategy.summary",
            audiences=s.audiences,
            goals=s.goals,
            smart=s.smart,
            smart_ok=s.smart_ok,
            channels=s.channels,
        )
    )
    if result.warnings:
        lines = [f"- {replace(w, params=_safe(w.params)).text(c, lang)}" for w in result.warnings]
        st.warning(
            t("strategy.warnings", count=len(result.warnings)) + "\n" + "\n".join(lines),
            icon=":material/warning:",
        )
    else:
        st.success(t("strategy.no_warnings"), icon=":material/check_circle:")


def flags(c: Content, result: sm.Check, ref: str, lang: str) -> None:
    """POST's warnings about this audience, goal or channel, where the user edits it."""
    for w in result.warnings:
        if w.ref == ref:
            text = replace(w, params=_safe(w.params)).text(c, lang)
            st.caption(f":material/warning: {text}")


def _add(label: str, name: str, full: bool, full_text: str, on_click: Any, **kw: Any) -> None:
    if full:
        st.caption(full_text)
    st.button(
        label,
        key=key(name, "add"),
        on_click=on_click,
        kwargs=kw,
        disabled=full,
        icon=":material/add:",
    )


# -- 1 People -------------------------------------------------------------------------------


def _add_audience(research: sm.Research) -> None:
    sm.add_audience(st.session_state.strategy, research)


def _remove_audience(audience_id: str) -> None:
    sm.remove_audience(st.session_state.strategy, audience_id)
    changed()


def _audience(audience_id: str) -> sm.Audience | None:
    strategy: sm.Strategy = st.session_state.strategy
    return strategy.audience(audience_id)


def people(
    c: Content, strategy: sm.Strategy, result: sm.Check, research: sm.Research, lang: str
) -> None:
    research_names = {r.id: r.name(lang) for r in c.strategy.research}
    for n, a in enumerate(strategy.audiences, 1):
        with st.container(border=True):
            st.markdown(f"**{t('strategy.audience.title', number=n)}**")
            flags(c, result, a.id, lang)

            def get(aid: str = a.id) -> sm.Audience | None:
                return _audience(aid)

            canvas.text(t("strategy.audience.name"), get, "name", a.id, MAX_SHORT)
            canvas.text(t("strategy.audience.needs"), get, "needs", a.id, MAX_NOTES, area=True)
            canvas.text(t("strategy.audience.online"), get, "online", a.id, MAX_NOTES)
            canvas.choose_one(
                t("strategy.audience.research"),
                get,
                "research",
                a.id,
                research_names,
                radio=True,
                help=t("strategy.audience.research.help"),
            )
            st.button(
                t("strategy.audience.remove", number=n),
                key=key(a.id, "remove"),
                on_click=_remove_audience,
                args=(a.id,),
                icon=":material/delete:",
            )
    full = len(strategy.audiences) >= sm.MAX_AUDIENCES
    _add(
        t("strategy.audience.add"),
        "audience",
        full,
        t("strategy.audience.full", max=sm.MAX_AUDIENCES),
        _add_audience,
        research=research,
    )


# -- 2 Objectives ---------------------------------------------------------------------------


def _choose_goal(goal_id: str, widget_key: str) -> None:
    """Tick or untick a goal. An unticked goal's work is kept for this session: ticking it again
    brings it back (one tap must not throw away SMART objectives)."""
    chosen = bool(st.session_state.get(widget_key))
    canvas_now: sm.Strategy = st.session_state.strategy
    kept: dict[str, tuple[sm.Goal, list[str]]] = st.session_state.setdefault(
        "strategy_unticked", {}
    )
    if not chosen and (g := sm.goal(canvas_now, goal_id)) is not None:
        serving = [c.id for c in canvas_now.channels if goal_id in c.goals]
        kept[goal_id] = (g.model_copy(deep=True), serving)
    sm.choose_goal(content(), canvas_now, goal_id, chosen)
    if chosen and goal_id in kept:  # its widgets were not drawn since: they start afresh
        goal, serving = kept.pop(goal_id)
        sm.restore_goal(content(), canvas_now, goal, serving)
    if not chosen:
        changed()


def _goal(goal_id: str) -> sm.Goal | None:
    return sm.goal(st.session_state.strategy, goal_id)


def _smart(goal_id: str, index: int) -> sm.Smart | None:
    g = _goal(goal_id)
    return g.smart[index] if g is not None and index < len(g.smart) else None


def _add_smart(goal_id: str) -> None:
    sm.add_smart(st.session_state.strategy, goal_id)


def _remove_smart(goal_id: str, index: int) -> None:
    sm.remove_smart(st.session_state.strategy, goal_id, index)
    changed()


def verdicts(check: sm.SmartCheck, c: Content, lang: str) -> None:
    """The five verdicts: a mark, the criterion's name and the reason (never colour alone)."""
    lines = []
    for v in check.verdicts:
        safe = replace(v, reasons=tuple(replace(r, params=_safe(r.params)) for r in v.reasons))
        mark = "✓" if v.ok else "✗"
        state = t("strategy.smart.yes") if v.ok else t("strategy.smart.no")
        lines.append(f"{mark} **{t(f'smart.name.{v.criterion}')}** ({state}): {safe.why(c, lang)}")
    st.markdown(f"**{t('strategy.smart.check')}**  \n" + "  \n".join(lines))


def _smart_fields(
    c: Content, strategy: sm.Strategy, g: sm.Goal, i: int, check: sm.SmartCheck | None, lang: str
) -> None:
    def get(goal_id: str = g.goal, index: int = i) -> sm.Smart | None:
        return _smart(goal_id, index)

    name = f"{g.goal}.{i}"
    kpis = "; ".join(k(lang) for k in c.objective(g.goal).kpis)
    audiences = {a.id: _name(a) for a in strategy.audiences}
    channels = {ch.id: _name(ch) for ch in strategy.channels}
    with st.container(border=True):
        st.markdown(f"**{t('strategy.smart.title', number=i + 1)}**")
        canvas.text(t("strategy.smart.text"), get, "text", name, MAX_NOTES, area=True)
        left, right = st.columns(2)
        with left:
            if audiences:
                canvas.choose_many(t("strategy.smart.audiences"), get, "audiences", name, audiences)
            else:
                st.caption(t("strategy.audience.none"))
        with right:
            if channels:
                canvas.choose_many(t("strategy.smart.channels"), get, "channels", name, channels)
            else:
                st.caption(t("strategy.smart.no_channels"))
        canvas.text(
            t("strategy.smart.kpi"),
            get,
            "kpi",
            name,
            MAX_SHORT,
            help=t("strategy.smart.kpi.help", examples=kpis),
        )
        left, mid, right = st.columns(3)
        with left:
            canvas.number(t("strategy.smart.baseline"), get, "baseline", name, -1e12, 1e12)
        with mid:
            canvas.number(t("strategy.smart.target"), get, "target", name, -1e12, 1e12)
        with right:
            canvas.text(t("strategy.smart.unit"), get, "unit", name, MAX_SHORT)
        left, right = st.columns(2)
        with left:
            canvas.date(t("strategy.smart.deadline"), get, "deadline", name)
        with right:
            canvas.text(t("strategy.smart.owner"), get, "owner", name, MAX_SHORT)
        factor = c.strategy.smart.max_factor_per_year
        canvas.checkbox(
            t("strategy.smart.exceptional"),
            get,
            "exceptional",
            name,
            help=t("strategy.smart.exceptional.help", factor=f"{factor:g}"),
        )
        if check is not None:
            verdicts(check, c, lang)
        st.button(
            t("strategy.smart.remove", number=i + 1),
            key=key(name, "remove"),
            on_click=_remove_smart,
            args=(g.goal, i),
            icon=":material/delete:",
        )


def objectives(c: Content, strategy: sm.Strategy, result: sm.Check, lang: str) -> None:
    st.markdown(f"**{t('strategy.goals.choose')}**")
    chosen = {g.goal for g in strategy.objectives}
    columns = st.columns(2)
    half = (len(c.objectives) + 1) // 2  # in the content's order, also when stacked on a phone
    for n, o in enumerate(c.objectives):
        k = key("goal", o.id)
        columns[n // half].checkbox(
            o.name(lang),
            value=o.id in chosen,
            key=k,
            help=o.description(lang),
            on_change=_choose_goal,
            args=(o.id, k),
        )
    if not strategy.objectives:
        st.info(t("strategy.goals.none"), icon=":material/info:")
    approaches = {a.id: a.name(lang) for a in c.strategy.approaches}
    for g in strategy.objectives:
        o = c.objective(g.goal)
        st.subheader(o.name(lang))
        st.caption(o.description(lang))
        flags(c, result, g.goal, lang)

        def get(goal_id: str = g.goal) -> sm.Goal | None:
            return _goal(goal_id)

        approach = c.strategy.approach(g.approach) if g.approach else None
        canvas.choose_one(
            t("strategy.goal.approach"),
            get,
            "approach",
            g.goal,
            approaches,
            help=approach.description(lang) if approach and approach.description else None,
        )
        canvas.text(t("strategy.goal.serves"), get, "serves", g.goal, MAX_NOTES)
        checks = {s.index: s for s in result.of(g.goal)}
        if not g.smart:
            st.caption(t("strategy.smart.none"))
        for i in range(len(g.smart)):
            _smart_fields(c, strategy, g, i, checks.get(i), lang)
        _add(
            t("strategy.smart.add"),
            f"smart.{g.goal}",
            len(g.smart) >= sm.MAX_SMART,
            t("strategy.smart.full", max=sm.MAX_SMART),
            _add_smart,
            goal_id=g.goal,
        )


# -- 3 Strategy -----------------------------------------------------------------------------


def relationships(c: Content, strategy: sm.Strategy, actions: list[Action], lang: str) -> None:
    if not strategy.audiences:
        st.caption(t("strategy.audience.none"))
    for a in strategy.audiences:

        def get(aid: str = a.id) -> sm.Audience | None:
            return _audience(aid)

        label = t("strategy.relationship", audience=md_escape(_name(a)))
        canvas.text(label, get, "relationship", a.id, MAX_NOTES, area=True)
    if not strategy.objectives:
        st.caption(t("strategy.goals.first"))
        return
    if not actions:
        st.caption(t("strategy.actions.none"))
        return
    options = {a.action_id: shorten(a.text(c, lang), 90, placeholder=" …") for a in actions}
    for g in strategy.objectives:

        def get_goal(goal_id: str = g.goal) -> sm.Goal | None:
            return _goal(goal_id)

        label = t("strategy.actions", goal=c.objective(g.goal).name(lang))
        canvas.choose_many(label, get_goal, "actions", g.goal, options)


# -- 4 Technology ---------------------------------------------------------------------------


def _add_channel() -> None:
    sm.add_channel(st.session_state.strategy)


def _remove_channel(channel_id: str) -> None:
    sm.remove_channel(st.session_state.strategy, channel_id)
    changed()


def _channel(channel_id: str) -> sm.Channel | None:
    strategy: sm.Strategy = st.session_state.strategy
    return strategy.channel(channel_id)


def technology(c: Content, strategy: sm.Strategy, result: sm.Check, lang: str) -> None:
    if not strategy.channels:
        st.caption(t("strategy.channels.none"))
    audiences = {a.id: _name(a) for a in strategy.audiences}
    goals = {g.goal: c.objective(g.goal).name(lang) for g in strategy.objectives}
    for n, ch in enumerate(strategy.channels, 1):
        with st.container(border=True):
            st.markdown(f"**{t('strategy.channel.title', number=n)}**")
            flags(c, result, ch.id, lang)

            def get(cid: str = ch.id) -> sm.Channel | None:
                return _channel(cid)

            canvas.text(t("strategy.channel.name"), get, "name", ch.id, MAX_SHORT)
            if audiences:
                canvas.choose_many(
                    t("strategy.channel.audiences"), get, "audiences", ch.id, audiences
                )
            else:
                st.caption(t("strategy.audience.none"))
            if goals or ch.goals:
                names = {o.id: o.name(lang) for o in c.objectives if o.id in ch.goals}
                canvas.choose_many(t("strategy.channel.goals"), get, "goals", ch.id, goals | names)
            else:
                st.caption(t("strategy.goals.first"))
            canvas.text(t("strategy.channel.notes"), get, "notes", ch.id, MAX_NOTES, area=True)
            st.button(
                t("strategy.channel.remove", number=n),
                key=key(ch.id, "remove"),
                on_click=_remove_channel,
                args=(ch.id,),
                icon=":material/delete:",
            )
    _add(
        t("strategy.channel.add"),
        "channel",
        len(strategy.channels) >= sm.MAX_CHANNELS,
        t("strategy.channel.full", max=sm.MAX_CHANNELS),
        _add_channel,
    )


# -- 5 Organisation -------------------------------------------------------------------------


def organisation(c: Content, lang: str) -> None:
    def whole() -> sm.Strategy:
        strategy: sm.Strategy = st.session_state.strategy
        return strategy

    def webcare() -> sm.Webcare:
        return whole().webcare

    def review() -> sm.Review:
        return whole().review

    canvas.text(t("strategy.org.final"), whole, "final_responsibility", "org", MAX_SHORT)
    left, right = st.columns(2)
    with left:
        canvas.text(t("strategy.org.webcare_who"), webcare, "who", "webcare", MAX_SHORT)
    with right:
        canvas.number(
            t("strategy.org.webcare_hours"),
            webcare,
            "response_hours",
            "webcare",
            0.01,
            720.0,
            help=t("strategy.org.webcare_hours.help"),
        )
    rhythms = {r.id: r.name(lang) for r in c.strategy.rhythms}
    left, right = st.columns(2)
    with left:
        canvas.choose_one(t("strategy.org.rhythm"), review, "rhythm", "review", rhythms)
    with right:
        canvas.text(t("strategy.org.review_who"), review, "who", "review", MAX_SHORT)
    canvas.text(t("strategy.org.review_how"), review, "how", "review", MAX_NOTES, area=True)
