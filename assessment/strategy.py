"""The strategy canvas (POST: People, Objectives, Strategy, Technology, then the organisation)
and its SMART check.

The canvas is part of the save file (``strategy``). The check is the published rule (README,
method page, report): every SMART objective gets five verdicts, each with a reason, and the canvas
as a whole gets warnings where it breaks POST's order. The limits (24 months, three times the
baseline a year, three goals) are content: ``content/strategy.yaml``.

Rules, judged on the scan's date (the day the file was saved; in the app: today):
- specific: a statement, at least one audience and at least one channel, all defined in the canvas;
- measurable: a KPI, a numeric baseline and target that differ, and a unit;
- achievable: an owner is named, and the target is within the growth the content deems realistic
  for the time given (at most ``max_factor_per_year`` times the baseline a year, or a reduction to
  1/``max_factor_per_year`` of it, pro rata, compounding), or the user confirmed an exceptional
  target. With a baseline of zero or less, or a target below zero, no growth rate can be judged:
  the owner decides;
- relevant: it belongs to one of the eight social media goals and names the organisation goal it
  serves (in the user's words, seed004's guidepost);
- time-bound: a deadline after the scan's date and at most ``max_months`` months after it.
Warnings (POST's order): an audience that no SMART objective serves; more goals than ``focus``;
a goal without a KPI; a channel that no audience uses (technology before people); a channel that
serves no goal.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, model_validator

from assessment import formats
from assessment.content import Approach, Content
from assessment.errors import TranslatableError
from assessment.plan import MAX_NOTES, MAX_SHORT

MAX_AUDIENCES = 5
MAX_CHANNELS = 12
MAX_SMART = 5  # SMART objectives per goal
MAX_LINKS = 60  # plan actions linked to one goal

RefId = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,39}$")]
Number = Annotated[float, Field(strict=True, allow_inf_nan=False, ge=-1e12, le=1e12)]
Research = Literal["assumption", "desk", "field"]
Rhythm = Literal["monthly", "quarterly", "half-yearly", "yearly"]
Criterion = Literal["specific", "measurable", "achievable", "relevant", "time_bound"]
CRITERIA: tuple[Criterion, ...] = get_args(Criterion)
Short = Annotated[str, Field(max_length=MAX_SHORT)]
Long = Annotated[str, Field(max_length=MAX_NOTES)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Audience(_Model):
    """People: a segment of the audience."""

    id: RefId
    name: Short = ""
    needs: Long = Field(default="", description="What they need from us (question 4).")
    online: Long = Field(default="", description="Where they are online.")
    research: Research = Field(
        default="assumption",
        description="How we know it: an assumption, desk research, or field research with them.",
    )
    relationship: Long = Field(
        default="", description="Strategy: how the relationship with them changes."
    )


class Smart(_Model):
    """A SMART objective: a milestone towards a goal."""

    text: Long = ""
    audiences: list[RefId] = Field(default_factory=list, max_length=MAX_AUDIENCES)
    channels: list[RefId] = Field(default_factory=list, max_length=MAX_CHANNELS)
    kpi: Short = ""
    baseline: Number | None = None
    target: Number | None = None
    unit: Short = ""
    deadline: dt.date | None = None
    owner: Short = ""
    exceptional: bool = Field(
        default=False,
        description="The user confirms a target beyond the growth the content deems realistic.",
    )


class Goal(_Model):
    """Objectives: one of the eight social media goals, chosen for this organisation."""

    goal: str = Field(max_length=60, description="An id of content/objectives.yaml.")
    approach: Approach | None = Field(default=None, description="Li & Bernoff's approach.")
    serves: Long = Field(default="", description="The organisation goal it serves, in own words.")
    actions: list[str] = Field(
        default_factory=list,
        max_length=MAX_LINKS,
        description="Strategy: the improvement plan's action ids that serve this goal.",
    )
    smart: list[Smart] = Field(default_factory=list, max_length=MAX_SMART)


class Channel(_Model):
    """Technology: a channel or tool, justified by who is there and what it serves."""

    id: RefId
    name: Short = ""
    audiences: list[RefId] = Field(default_factory=list, max_length=MAX_AUDIENCES)
    goals: list[str] = Field(default_factory=list, max_length=8)
    notes: Long = ""


class Webcare(_Model):
    who: Short = ""
    response_hours: Annotated[float, Field(strict=True, gt=0, le=720)] | None = Field(
        default=None, description="The response time the organisation commits to, in hours."
    )


class Review(_Model):
    """Measure, evaluate, optimise (seed001, tip 5)."""

    rhythm: Rhythm | None = None
    who: Short = ""
    how: Long = ""


class Strategy(_Model):
    """The strategy canvas, in POST's order, with the organisation part of the guidepost."""

    audiences: list[Audience] = Field(default_factory=list, max_length=MAX_AUDIENCES)
    objectives: list[Goal] = Field(default_factory=list, max_length=8)
    channels: list[Channel] = Field(default_factory=list, max_length=MAX_CHANNELS)
    final_responsibility: Short = ""
    webcare: Webcare = Field(default_factory=Webcare)
    review: Review = Field(default_factory=Review)

    @model_validator(mode="after")
    def _unique(self) -> Strategy:
        for kind, ids in (
            ("audiences", [a.id for a in self.audiences]),
            ("channels", [c.id for c in self.channels]),
            ("objectives", [g.goal for g in self.objectives]),
        ):
            twice = sorted({i for i in ids if ids.count(i) > 1})
            if twice:
                raise ValueError(f"{kind}: {twice[0]} appears twice")
        return self

    def __bool__(self) -> bool:
        return self != Strategy()

    def smart_objectives(self) -> Iterator[tuple[Goal, int, Smart]]:
        for goal in self.objectives:
            for i, smart in enumerate(goal.smart):
                yield goal, i, smart

    def audience(self, audience_id: str) -> Audience | None:
        return next((a for a in self.audiences if a.id == audience_id), None)

    def channel(self, channel_id: str) -> Channel | None:
        return next((c for c in self.channels if c.id == channel_id), None)


class StrategyError(TranslatableError):
    """A canvas that refers to something that does not exist (bad input, not a verdict)."""

    prefix = "save.error"


def check_refs(strategy: Strategy, content: Content, known_items: set[str]) -> None:
    """Every goal is one of the eight, every audience and channel referred to is defined, every
    linked action belongs to a statement (current or retired); else StrategyError."""
    goals = {o.id for o in content.objectives}
    audiences = {a.id for a in strategy.audiences}
    channels = {c.id for c in strategy.channels}
    for g in strategy.objectives:
        if g.goal not in goals:
            raise StrategyError("unknown_goal", id=g.goal[:60], known=", ".join(sorted(goals)))
        for action_id in g.actions:
            kind, _, item_id = action_id.partition(".")
            if kind not in ("act", "find") or item_id not in known_items:
                raise StrategyError("unknown_action", id=action_id[:80], goal=g.goal)
        for s in g.smart:
            for ref in s.audiences:
                if ref not in audiences:
                    raise StrategyError("unknown_audience", id=ref, goal=g.goal)
            for ref in s.channels:
                if ref not in channels:
                    raise StrategyError("unknown_channel", id=ref, goal=g.goal)
    for c in strategy.channels:
        for ref in c.audiences:
            if ref not in audiences:
                raise StrategyError("unknown_audience", id=ref, goal=c.id)
        for ref in c.goals:
            if ref not in goals:
                raise StrategyError("unknown_goal", id=ref[:60], known=", ".join(sorted(goals)))


# -- the SMART check -------------------------------------------------------------------------


@dataclass(frozen=True)
class Reason:
    """Why a verdict is what it is: a ``smart.<criterion>.<code>`` text and its parameters."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Verdict:
    criterion: Criterion
    ok: bool
    reasons: tuple[Reason, ...]

    def why(self, content: Content, lang: str) -> str:
        return " ".join(
            content.t(f"smart.{self.criterion}.{r.code}", lang, **_words(r.params, lang))
            for r in self.reasons
        )


@dataclass(frozen=True)
class SmartCheck:
    goal: str
    index: int  # its position in the goal's list, from 0
    smart: Smart
    verdicts: tuple[Verdict, ...]  # in CRITERIA order

    @property
    def ok(self) -> bool:
        return all(v.ok for v in self.verdicts)

    def verdict(self, criterion: Criterion) -> Verdict:
        return next(v for v in self.verdicts if v.criterion == criterion)


@dataclass(frozen=True)
class PostWarning:
    code: Literal[
        "audience_not_served",
        "too_many_goals",
        "goal_without_kpi",
        "channel_without_audience",
        "channel_without_goal",
    ]
    ref: str | None  # the audience, goal or channel it is about
    params: dict[str, Any] = field(default_factory=dict)

    def text(self, content: Content, lang: str) -> str:
        return content.t(f"post.warning.{self.code}", lang, **_words(self.params, lang))


@dataclass(frozen=True)
class Check:
    on: dt.date
    smart: tuple[SmartCheck, ...]
    warnings: tuple[PostWarning, ...]

    def of(self, goal: str) -> list[SmartCheck]:
        return [s for s in self.smart if s.goal == goal]


def _words(params: dict[str, Any], lang: str) -> dict[str, Any]:
    """Parameters as the language writes them: dates, numbers, goal names are done by callers."""
    out: dict[str, Any] = {}
    for key, value in params.items():
        if isinstance(value, dt.date):
            out[key] = formats.date(value, lang)
        elif isinstance(value, float):
            out[key] = formats.number(value, lang, 2)
        elif isinstance(value, dict):  # a text in both languages (a goal's name)
            out[key] = value[lang]
        else:
            out[key] = value
    return out


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later; the month's last day where it has fewer days."""
    total = day.month - 1 + months
    year, month = day.year + total // 12, total % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def months_between(start: dt.date, end: dt.date) -> float:
    """Calendar months from ``start`` to ``end`` (12 from 29 November to 29 November), the last
    month pro rata by its days."""
    whole = (end.year - start.year) * 12 + end.month - start.month
    while whole > 0 and add_months(start, whole) > end:
        whole -= 1
    step = add_months(start, whole)
    days = (add_months(start, whole + 1) - step).days
    return whole + (end - step).days / days


def growth_limit(content: Content, on: dt.date, deadline: dt.date) -> float:
    """The largest factor (up or down) the content deems realistic between the two dates."""
    years = months_between(on, deadline) / 12
    return float(content.strategy.smart.max_factor_per_year**years)


def _names(ids: list[str], lookup: dict[str, str]) -> str:
    return ", ".join(lookup.get(i) or i for i in ids)


def check(content: Content, strategy: Strategy, on: dt.date) -> Check:
    """The SMART verdicts of every SMART objective and the canvas's POST warnings."""
    audiences = {a.id: a.name for a in strategy.audiences}
    channels = {c.id: c.name for c in strategy.channels}
    results = tuple(
        SmartCheck(
            goal=g.goal,
            index=i,
            smart=s,
            verdicts=(
                _specific(s, audiences, channels),
                _measurable(s),
                _achievable(content, s, on),
                _relevant(content, g),
                _time_bound(content, s, on),
            ),
        )
        for g, i, s in strategy.smart_objectives()
    )
    return Check(on=on, smart=results, warnings=tuple(warnings(content, strategy)))


def _verdict(criterion: Criterion, missing: list[Reason], ok: Reason) -> Verdict:
    return Verdict(criterion, not missing, tuple(missing) if missing else (ok,))


def _specific(s: Smart, audiences: dict[str, str], channels: dict[str, str]) -> Verdict:
    missing = []
    if not s.text:
        missing.append(Reason("no_text"))
    known_a = [a for a in s.audiences if a in audiences]
    known_c = [c for c in s.channels if c in channels]
    if not known_a:
        missing.append(Reason("no_audience"))
    if not known_c:
        missing.append(Reason("no_channel"))
    return _verdict(
        "specific",
        missing,
        Reason(
            "ok", {"audiences": _names(known_a, audiences), "channels": _names(known_c, channels)}
        ),
    )


def _measurable(s: Smart) -> Verdict:
    missing = []
    if not s.kpi:
        missing.append(Reason("no_kpi"))
    if s.baseline is None or s.target is None:
        missing.append(Reason("no_numbers"))
    elif s.baseline == s.target:
        missing.append(Reason("same", {"value": float(s.target)}))
    if not s.unit:
        missing.append(Reason("no_unit"))
    return _verdict(
        "measurable",
        missing,
        Reason(
            "ok",
            {
                "kpi": s.kpi,
                "baseline": float(s.baseline or 0),
                "target": float(s.target or 0),
                "unit": s.unit,
            },
        ),
    )


def _achievable(content: Content, s: Smart, on: dt.date) -> Verdict:
    missing = []
    if not s.owner:
        missing.append(Reason("no_owner"))
    if s.baseline is None or s.target is None or s.deadline is None or s.deadline <= on:
        missing.append(Reason("cannot_judge"))
        return Verdict("achievable", False, tuple(missing))
    if s.baseline <= 0 or s.target < 0:
        growth = Reason("from_zero")
    else:
        limit = growth_limit(content, on, s.deadline)
        factor = (
            s.target / s.baseline
            if s.target >= s.baseline
            else (s.baseline / s.target if s.target > 0 else float("inf"))
        )
        bound = s.baseline * limit if s.target >= s.baseline else s.baseline / limit
        params = {"bound": round(bound, 2), "unit": s.unit, "deadline": s.deadline}
        down = "_down" if s.target < s.baseline else ""  # a floor: "down to", not "up to"
        if factor <= limit + 1e-9:
            growth = Reason("within" + down, params)
        elif s.exceptional:
            growth = Reason("exceptional" + down, params)
        else:
            missing.append(Reason("too_fast" + down, params))
            return Verdict("achievable", False, tuple(missing))
    if missing:
        return Verdict("achievable", False, tuple(missing))
    return Verdict("achievable", True, (Reason("owner", {"owner": s.owner}), growth))


def _relevant(content: Content, g: Goal) -> Verdict:
    name = content.objective(g.goal).name
    if not g.serves:
        return Verdict("relevant", False, (Reason("no_serves", {"goal": name.model_dump()}),))
    return Verdict(
        "relevant", True, (Reason("ok", {"goal": name.model_dump(), "serves": g.serves}),)
    )


def _time_bound(content: Content, s: Smart, on: dt.date) -> Verdict:
    months = content.strategy.smart.max_months
    latest = add_months(on, months)
    if s.deadline is None:
        return Verdict("time_bound", False, (Reason("no_deadline"),))
    if s.deadline <= on:
        return Verdict("time_bound", False, (Reason("past", {"deadline": s.deadline, "on": on}),))
    if s.deadline > latest:
        reason = Reason("too_far", {"deadline": s.deadline, "months": months, "latest": latest})
        return Verdict("time_bound", False, (reason,))
    return Verdict("time_bound", True, (Reason("ok", {"deadline": s.deadline}),))


def warnings(content: Content, strategy: Strategy) -> Iterator[PostWarning]:
    """Where the canvas breaks POST's order, in that order."""
    served = {a for _, _, s in strategy.smart_objectives() for a in s.audiences}
    for a in strategy.audiences:
        if a.id not in served:
            yield PostWarning("audience_not_served", a.id, {"audience": a.name or a.id})
    focus = content.strategy.smart.focus
    if len(strategy.objectives) > focus:
        yield PostWarning(
            "too_many_goals", None, {"count": len(strategy.objectives), "focus": focus}
        )
    for g in strategy.objectives:
        if not any(s.kpi for s in g.smart):
            name = content.objective(g.goal).name.model_dump()
            yield PostWarning("goal_without_kpi", g.goal, {"goal": name})
    for c in strategy.channels:
        if not c.audiences:
            yield PostWarning("channel_without_audience", c.id, {"channel": c.name or c.id})
        if not c.goals:
            yield PostWarning("channel_without_goal", c.id, {"channel": c.name or c.id})


def research_from_scan(answers: dict[str, Any]) -> Research:
    """How the scan says the audience is known (seed002): its answers to "what does the audience
    expect" and "which segments" on the question scale. Tested with the audience itself (4) is
    field research; backed by desk research (3) is desk research; anything less an assumption.
    The lower of the two answers decides (a "don't know" or no answer counts as an assumption)."""
    values = [answers.get("audience-expectations.needs"), answers.get("who-where.segments")]
    levels = [v if isinstance(v, int) and not isinstance(v, bool) else 0 for v in values]
    level = min(levels)
    return "field" if level >= 4 else "desk" if level >= 3 else "assumption"


def next_id(prefix: str, taken: list[str]) -> str:
    """A fresh id for a new audience (``a1``) or channel (``c1``): never one in use."""
    n = 1
    while f"{prefix}{n}" in taken:
        n += 1
    return f"{prefix}{n}"


# -- editing the canvas (the page's buttons; also for scripts and tests) ----------------------


class CanvasFull(ValueError):
    """Adding beyond a limit (five audiences, twelve channels, five SMART objectives a goal)."""


def add_audience(strategy: Strategy, research: Research = "assumption") -> Audience:
    """A new, empty audience with a fresh id; ``research`` is how the scan says it is known."""
    if len(strategy.audiences) >= MAX_AUDIENCES:
        raise CanvasFull(f"at most {MAX_AUDIENCES} audiences")
    audience = Audience(id=next_id("a", [a.id for a in strategy.audiences]), research=research)
    strategy.audiences.append(audience)
    return audience


def remove_audience(strategy: Strategy, audience_id: str) -> None:
    """Drop an audience and every reference to it (SMART objectives, channels)."""
    strategy.audiences = [a for a in strategy.audiences if a.id != audience_id]
    for _, _, s in strategy.smart_objectives():
        s.audiences = [a for a in s.audiences if a != audience_id]
    for c in strategy.channels:
        c.audiences = [a for a in c.audiences if a != audience_id]


def add_channel(strategy: Strategy) -> Channel:
    """A new, empty channel with a fresh id."""
    if len(strategy.channels) >= MAX_CHANNELS:
        raise CanvasFull(f"at most {MAX_CHANNELS} channels")
    channel = Channel(id=next_id("c", [c.id for c in strategy.channels]))
    strategy.channels.append(channel)
    return channel


def remove_channel(strategy: Strategy, channel_id: str) -> None:
    """Drop a channel and every SMART objective's reference to it."""
    strategy.channels = [c for c in strategy.channels if c.id != channel_id]
    for _, _, s in strategy.smart_objectives():
        s.channels = [c for c in s.channels if c != channel_id]


def goal(strategy: Strategy, goal_id: str) -> Goal | None:
    return next((g for g in strategy.objectives if g.goal == goal_id), None)


def choose_goal(content: Content, strategy: Strategy, goal_id: str, chosen: bool) -> None:
    """Choose one of the eight goals (with its suggested approach, in the content's order), or
    drop it with its SMART objectives, linked actions and every channel's reference to it."""
    order = [o.id for o in content.objectives]
    if goal_id not in order:
        raise KeyError(goal_id)  # not one of the eight
    if not chosen:
        strategy.objectives = [g for g in strategy.objectives if g.goal != goal_id]
        for c in strategy.channels:
            c.goals = [g for g in c.goals if g != goal_id]
        return
    if goal(strategy, goal_id) is not None:
        return
    new = Goal(goal=goal_id, approach=content.objective(goal_id).approach)
    strategy.objectives.append(new)
    strategy.objectives.sort(key=lambda g: order.index(g.goal) if g.goal in order else len(order))


def restore_goal(content: Content, strategy: Strategy, kept: Goal, channel_ids: list[str]) -> None:
    """Tick a goal again that was unticked in this session: its work comes back (SMART
    objectives, the goal it serves, linked actions, the channels that served it), without
    references to audiences or channels removed meanwhile."""
    audiences = {a.id for a in strategy.audiences}
    channels = {c.id for c in strategy.channels}
    back = kept.model_copy(deep=True)
    for smart in back.smart:
        smart.audiences = [a for a in smart.audiences if a in audiences]
        smart.channels = [c for c in smart.channels if c in channels]
    strategy.objectives = [g for g in strategy.objectives if g.goal != kept.goal] + [back]
    for c in strategy.channels:
        if c.id in channel_ids and kept.goal not in c.goals:
            c.goals.append(kept.goal)
    order = [o.id for o in content.objectives]
    strategy.objectives.sort(key=lambda g: order.index(g.goal) if g.goal in order else len(order))


def add_smart(strategy: Strategy, goal_id: str) -> Smart:
    """A new, empty SMART objective at the end of the goal's list."""
    g = goal(strategy, goal_id)
    if g is None:
        raise KeyError(goal_id)
    if len(g.smart) >= MAX_SMART:
        raise CanvasFull(f"at most {MAX_SMART} SMART objectives a goal")
    smart = Smart()
    g.smart.append(smart)
    return smart


def remove_smart(strategy: Strategy, goal_id: str, index: int) -> None:
    g = goal(strategy, goal_id)
    if g is not None and 0 <= index < len(g.smart):
        del g.smart[index]


@dataclass(frozen=True)
class Summary:
    """The canvas in figures, for the page's summary line."""

    audiences: int
    goals: int
    smart: int
    smart_ok: int
    channels: int
    warnings: int


def summary(strategy: Strategy, result: Check) -> Summary:
    return Summary(
        audiences=len(strategy.audiences),
        goals=len(strategy.objectives),
        smart=len(result.smart),
        smart_ok=sum(s.ok for s in result.smart),
        channels=len(strategy.channels),
        warnings=len(result.warnings),
    )
