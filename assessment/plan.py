"""The improvement plan: actions generated from the answers, and the user's edits on them.

Rules (published on the method page and in the report):
- one action per phase statement or sub-question answered below "largely" / "backed by desk
  research" (< 3); none for "not applicable";
- one "find out" action per "don't know";
- order: foundations first (phases up to the next one, k+1, before later phases; later
  phases in phase order), then by gap size (4 - answer; "don't know" counts as a gap of 2),
  then content order;
- horizon by how far the action's phase lies beyond the current one: up to k+1 -> 0-3 months,
  k+2 -> 3-6 months, further -> 6-12 months. A sub-question takes the phase its question underpins.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields, replace
from typing import Literal

from assessment.content import Content, Item
from assessment.scoring import DONT_KNOW, MAX_POINTS, Answers, Result

Horizon = Literal["0-3", "3-6", "6-12"]
Progress = Literal["open", "in_progress", "done"]
# An action's status: its progress, or "dropped" when the user left it out of the plan.
Status = Literal["open", "in_progress", "done", "dropped"]
STATUSES: tuple[Status, ...] = ("open", "in_progress", "done", "dropped")
HORIZONS: tuple[Horizon, ...] = ("0-3", "3-6", "6-12")
IMPROVE_BELOW = 3  # "largely" on the phase scale, "backed by desk research" on the question scale
DONT_KNOW_GAP = 2
MAX_SHORT = 120  # an owner, a sector: one line
MAX_NOTES = 500


@dataclass(frozen=True)
class Action:
    action_id: str
    item_id: str
    kind: Literal["improve", "find_out"]
    phase: int  # the SBSMI phase it builds (for a sub-question: the phase its question underpins)
    question: int | None  # the elementary question, for a sub-question
    answer: int | Literal["dont_know"]
    gap: int
    horizon: Horizon
    # the user's edits (defaults are the generated plan)
    include: bool = True
    owner: str | None = None  # None: the content's typical owner
    due: dt.date | None = None
    notes: str = ""
    progress: Progress = "open"
    done_on: dt.date | None = None

    @property
    def status(self) -> Status:
        return self.progress if self.include else "dropped"

    @property
    def done_but_low(self) -> bool:
        """Marked done, yet still in the plan: its statement still scores low ("done, but the
        answer is still low"). Every action of the plan comes from a low answer. Whether the
        answer moved since an earlier scan is the comparison's to say (progress)."""
        return self.status == "done"

    def item(self, content: Content) -> Item:
        return content.item(self.item_id)[0]

    def text(self, content: Content, lang: str) -> str:
        item = self.item(content)
        if self.kind == "find_out":
            return content.t("plan.find_out", lang, item=item.text(lang))
        return item.action(lang)

    def why(self, content: Content, lang: str) -> str:
        """The statement and the answer that put this action in the plan."""
        item = self.item(content)
        scale = content.scale("question" if self.question else "phase")
        label = scale.point(self.answer).label(lang)
        return content.t("plan.why", lang, item=item.text(lang), answer=label)

    def owner_text(self, content: Content, lang: str) -> str:
        return self.owner if self.owner is not None else self.item(content).owner(lang)

    def kpi(self, content: Content, lang: str) -> str:
        return self.item(content).kpi(lang)


def horizon_for(phase: int, current: int) -> Horizon:
    distance = phase - (current + 1)
    if distance <= 0:
        return "0-3"
    if distance == 1:
        return "3-6"
    return "6-12"


def _action(item_id: str, value: int | str, phase: int, question: int | None, k: int) -> Action:
    kind: Literal["improve", "find_out"]
    answer: int | Literal["dont_know"]
    if isinstance(value, int):
        prefix, kind, answer, gap = "act", "improve", value, MAX_POINTS - value
    else:
        prefix, kind, answer, gap = "find", "find_out", DONT_KNOW, DONT_KNOW_GAP
    return Action(
        action_id=f"{prefix}.{item_id}",
        item_id=item_id,
        kind=kind,
        phase=phase,
        question=question,
        answer=answer,
        gap=gap,
        horizon=horizon_for(phase, k),
    )


def _candidates(
    content: Content, answers: Answers
) -> Iterable[tuple[str, int | str, int, int | None]]:
    for phase in content.phases:
        for st in phase.statements:
            yield st.id, answers.get(st.id), phase.number, None  # type: ignore[misc]
    for q in content.questions:
        for sq in q.subquestions:
            yield sq.id, answers.get(sq.id), q.phase, q.number  # type: ignore[misc]


def generate(content: Content, answers: Answers, result: Result) -> list[Action]:
    """The plan for these answers, in plan order."""
    k = result.phase
    order = {item_id: i for i, item_id in enumerate(content.item_ids())}
    actions = [
        _action(item_id, value, phase, question, k)
        for item_id, value, phase, question in _candidates(content, answers)
        if value == DONT_KNOW or (isinstance(value, int) and value < IMPROVE_BELOW)
    ]

    def key(a: Action) -> tuple[int, int, int, int, int]:
        later = a.phase > k + 1
        return (
            int(later),
            a.phase if later else 0,
            -a.gap,
            int(a.kind == "find_out"),
            order[a.item_id],
        )

    return sorted(actions, key=key)


@dataclass(frozen=True)
class Edit:
    include: bool = True
    owner: str | None = None
    due: dt.date | None = None
    notes: str = ""
    progress: Progress = "open"
    done_on: dt.date | None = None  # when it was marked done

    @property
    def status(self) -> Status:
        return self.progress if self.include else "dropped"

    def with_status(self, status: Status, today: dt.date) -> Edit:
        """This edit with a new status; "done" gets today's date unless it had one."""
        if status == "dropped":
            return replace(self, include=False)
        done_on = (self.done_on or today) if status == "done" else None
        return replace(self, include=True, progress=status, done_on=done_on)


# What a user edits of an action: the fields an Edit and an Action share.
EDIT_FIELDS = tuple(f.name for f in fields(Edit))


def apply_edits(actions: Iterable[Action], edits: Mapping[str, Edit]) -> list[Action]:
    """The generated actions with the user's edits (by action id) laid over them.

    Edits for actions that are no longer generated (the answer improved) are kept by the caller
    but do not show: the plan follows the answers.
    """
    out = []
    for a in actions:
        e = edits.get(a.action_id)
        out.append(a if e is None else replace(a, **{f: getattr(e, f) for f in EDIT_FIELDS}))
    return out


def edit_from_change(
    content: Content,
    action: Action,
    previous: Edit | None,
    change: Mapping[str, object],
    lang: str,
    today: dt.date | None = None,
) -> Edit:
    """The user's edit of one action after a change in the plan's table.

    ``change`` holds the cells the user changed (as the table reports them: a date may come as
    an ISO string; a ``status`` of STATUSES, "done" dated ``today`` unless ``done_on`` says
    otherwise); the rest is taken from the previous edit, or from the action. An owner equal
    to the content's typical owner in ``lang`` is stored as "typical" (None), so it follows the
    language; texts are cut to what the save file holds.
    """
    old = previous or Edit(**{f: getattr(action, f) for f in EDIT_FIELDS})
    owner = change.get("owner", old.owner)
    if not owner or owner == action.item(content).owner(lang):
        owner = None
    edit = replace(
        old,
        include=bool(change.get("include", old.include)),
        owner=None if owner is None else str(owner)[:MAX_SHORT],
        due=_as_date(change.get("due", old.due)),
        notes=str(change.get("notes", old.notes) or "")[:MAX_NOTES],
    )
    status = change.get("status")
    if status in STATUSES:
        edit = edit.with_status(status, today or dt.date.today())
    if "done_on" in change and edit.progress == "done":
        edit = replace(edit, done_on=_as_date(change["done_on"]) or edit.done_on)
    if edit.done_on and edit.done_on > (today or dt.date.today()):  # not done in the future
        edit = replace(edit, done_on=today or dt.date.today())
    return edit


def _as_date(value: object) -> dt.date | None:
    """A due date from the table: a date, an ISO date(-time) string, or nothing."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value:
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None
