"""Progress over time: a re-scan from a saved scan, and what changed between two scans.

Rules (published on the method page, in the README and in the report's progress page):
- Two scans compare on the statements and sub-questions that both their content versions asked
  and the scan still asks (``content/versions.yaml``); how many items only one of them asked, and
  how many the scan no longer asks, is said, never hidden. Two scans of the current content
  version compare on every item. The index and phase compared are those of the compared items.
- A phase is newly reached (or lost) when the current phase (the formula's k) moved past it.
- Per phase and per question: the fulfilment (score) before and after by the published formula,
  on the compared items, and the difference; none where a side has insufficient data.
- Actions (by action id, so statuses carry over): ``done`` was marked done since the earlier
  scan; ``resolved`` left the plan because its statement now scores high enough (and
  was not marked done or dropped); ``open`` was in
  both plans and is open or in progress; ``new`` is in the plan now but was not before;
  ``dropped`` was left out of the plan since; ``done_but_unmoved`` is marked done while its
  statement still scores low and its answer is no higher than at the earlier scan ("done, but
  the answer did not move").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from assessment import formats
from assessment import plan as plan_mod
from assessment.answers import AnswerValue
from assessment.content import Content
from assessment.errors import TranslatableError
from assessment.savefile import SaveFile, Snapshot, Targets
from assessment.scoring import Result, score


@dataclass(frozen=True)
class Scan:
    """One side of a comparison: a scan's answers on its content version, and its plan edits."""

    when: dt.date
    content_version: int
    answers: Mapping[str, AnswerValue]  # may include ids retired since (never scored)
    edits: Mapping[str, plan_mod.Edit] = field(default_factory=dict)
    organisation: str = ""


def current_scan(save: SaveFile) -> Scan:
    """The scan a file holds now (its answers, with those to statements retired since)."""
    answers = {k: v for k, v in save.answers.items() if v is not None}
    answers |= {k: v for k, v in save.retired.answers.items() if v is not None}
    return Scan(
        save.updated_at.date(), save.content_version, answers, save.edits(), save.organisation.name
    )


def snapshot_scan(snap: Snapshot, organisation: str = "") -> Scan:
    answers = {k: v for k, v in snap.answers.items() if v is not None}
    return Scan(snap.taken_on, snap.content_version, answers, snap.edits(), organisation)


def snapshot_of(content: Content, save: SaveFile) -> Snapshot:
    """A file's current scan as a dated snapshot: its answers and the phase and index they give
    (on the items its content version asked)."""
    scan = current_scan(save)
    asked = content.asked(scan.content_version)
    result = score(content, scan.answers, only=asked)
    return Snapshot(
        taken_on=scan.when,
        content_version=scan.content_version,
        # answers kept in the file's ``retired`` part from an older version stay there
        answers={k: v for k, v in scan.answers.items() if k in asked},
        phase=result.phase,
        index=round(result.index, 4),
        plan=list(save.plan),
    )


def rescan(
    content: Content, save: SaveFile, now: dt.datetime, premarked: Collection[str] = ()
) -> SaveFile:
    """A new scan that starts from ``save``: the same answers, marked unconfirmed until the user
    confirms or changes them; the earlier scan kept as a snapshot (after the ones it held); plan
    statuses, targets and the canvas carried over. ``premarked``: "not applicable" marks the app
    made from the organisation's size on loading, not answers of the earlier scan (they are
    neither in the snapshot nor to confirm)."""
    given = [k for k, v in save.answers.items() if v is not None and k not in premarked]
    earlier = save.model_copy(
        update={"answers": {k: v for k, v in save.answers.items() if k not in premarked}}
    )
    return save.model_copy(
        update={
            "snapshots": [*save.snapshots, snapshot_of(content, earlier)],
            "unconfirmed": sorted(given),
            "content_version": content.version,
            "created_at": now,
            "updated_at": now,
        },
        deep=True,
    )


# -- the comparison --------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    number: int
    before: float | None  # None: insufficient data (a phase) or nothing answered (a question)
    after: float | None

    @property
    def delta(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


@dataclass(frozen=True)
class Actions:
    done: tuple[str, ...] = ()
    resolved: tuple[str, ...] = ()
    open: tuple[str, ...] = ()
    new: tuple[str, ...] = ()
    dropped: tuple[str, ...] = ()
    done_but_unmoved: tuple[str, ...] = ()


@dataclass(frozen=True)
class Comparison:
    before: Scan
    after: Scan
    result_before: Result
    result_after: Result
    phases: tuple[Change, ...]
    questions: tuple[Change, ...]
    actions: Actions
    compared: int  # items both content versions asked (and the scan still asks)
    only_one_version: int  # items only one of the two content versions asked
    no_longer_asked: int  # items both asked that the scan no longer asks (retired since)
    other_organisation: bool  # warn, don't refuse

    @property
    def not_compared(self) -> int:
        return self.only_one_version + self.no_longer_asked

    @property
    def index_delta(self) -> float:
        return self.result_after.index - self.result_before.index

    @property
    def reached(self) -> tuple[int, ...]:
        """Phases reached now that were not before, by the current phase (a phase counts as
        reached when it and every phase before it are: the formula's k)."""
        return tuple(range(self.result_before.phase + 1, self.result_after.phase + 1))

    @property
    def lost(self) -> tuple[int, ...]:
        return tuple(range(self.result_after.phase + 1, self.result_before.phase + 1))


def _fulfilment(result: Result) -> list[float | None]:
    return [p.fulfilment if p.sufficient_data else None for p in result.phases]


def compare(content: Content, before: Scan, after: Scan) -> Comparison:
    """What changed from ``before`` to ``after`` (see the module's rules)."""
    asked_before = content.asked(before.content_version)
    asked_after = content.asked(after.content_version)
    shared = asked_before & asked_after & set(content.item_ids())
    rb = score(content, before.answers, only=shared)
    ra = score(content, after.answers, only=shared)
    phases = tuple(
        Change(n, b, a)
        for n, b, a in zip(range(1, 7), _fulfilment(rb), _fulfilment(ra), strict=True)
    )
    questions = tuple(
        Change(qb.number, qb.score, qa.score)
        for qb, qa in zip(rb.questions, ra.questions, strict=True)
    )
    before_answers = {k: v for k, v in before.answers.items() if k in shared}
    after_answers = {k: v for k, v in after.answers.items() if k in shared}
    plan_before = plan_mod.apply_edits(plan_mod.generate(content, before_answers, rb), before.edits)
    plan_after = plan_mod.apply_edits(plan_mod.generate(content, after_answers, ra), after.edits)
    ids_before = {a.action_id for a in plan_before}
    ids_after = {a.action_id for a in plan_after}

    def was(action_id: str) -> str:
        e = before.edits.get(action_id)
        return e.status if e else "open"

    def now(action_id: str) -> str:
        e = after.edits.get(action_id)
        return e.status if e else "open"

    done = {k for k, e in after.edits.items() if e.status == "done" and was(k) != "done"}
    dropped = {
        k
        for k, e in after.edits.items()
        if e.status == "dropped" and was(k) != "dropped" and (k in ids_after or k in ids_before)
    }
    # resolved: it left the plan because its statement now scores high enough (not because the
    # answer was cleared or became "don't know"), and was neither marked done nor dropped
    resolved = {
        a.action_id
        for a in plan_before
        if a.action_id not in ids_after
        and a.status != "dropped"
        and a.action_id not in done
        and type(after_answers.get(a.item_id)) is int
    }
    actions = Actions(
        done=tuple(sorted(done)),
        resolved=tuple(sorted(resolved)),
        open=tuple(
            a.action_id
            for a in plan_after
            if a.action_id in ids_before and a.status in ("open", "in_progress")
        ),
        new=tuple(
            a.action_id
            for a in plan_after
            if a.action_id not in ids_before and now(a.action_id) != "dropped"
        ),
        dropped=tuple(sorted(dropped)),
        done_but_unmoved=tuple(
            a.action_id
            for a in plan_after
            if a.done_but_low and not _moved_up(before_answers, after_answers, a.item_id)
        ),
    )
    both = asked_before & asked_after
    same_org = same_organisation(before.organisation, after.organisation)
    return Comparison(
        before=before,
        after=after,
        result_before=rb,
        result_after=ra,
        phases=phases,
        questions=questions,
        actions=actions,
        compared=len(shared),
        only_one_version=len(asked_before ^ asked_after),
        no_longer_asked=len(both - shared),
        other_organisation=not same_org,
    )


def _rank(value: object) -> int | None:
    """An answer's place on its scale; "don't know" below 0, nothing or N/A: no place."""
    if type(value) is int:
        return value
    return -1 if value == "dont_know" else None


def _moved_up(before: Mapping[str, object], after: Mapping[str, object], item_id: str) -> bool:
    """Whether the answer to the item is higher now than then (no earlier answer: unknown, so
    not "did not move")."""
    then, now = _rank(before.get(item_id)), _rank(after.get(item_id))
    return then is None or (now is not None and now > then)


def same_organisation(a: str, b: str) -> bool:
    """Two organisation names that are the same but for case and spacing (an empty name
    matches anything: a scan without a name says nothing about whose it is)."""
    norm_a, norm_b = (" ".join(x.casefold().split()) for x in (a, b))
    return not norm_a or not norm_b or norm_a == norm_b


def history(content: Content, save: SaveFile) -> list[tuple[dt.date, float, int]]:
    """The index over time: every snapshot as it was recorded, then the scan as it stands."""
    now = score(content, save.answers)
    points = [(s.taken_on, s.index, s.phase) for s in save.snapshots]
    return [*points, (save.updated_at.date(), now.index, now.phase)]


def sentences(content: Content, comparison: Comparison, lang: str) -> list[str]:
    """What changed, in plain sentences: phases reached and lost, each phase that moved, the
    index, the actions completed, the items that could not be compared."""
    c = comparison
    since = formats.date(c.before.when, lang)
    out = [
        content.t("progress.reached", lang, since=since, phase=content.phase_name(n, lang))
        for n in c.reached
    ]
    out += [
        content.t("progress.lost", lang, since=since, phase=content.phase_name(n, lang))
        for n in c.lost
    ]
    for ch in c.phases:
        if ch.delta is not None and round(ch.delta, 1) != 0:
            out.append(
                content.t(
                    "progress.moved",
                    lang,
                    phase=content.phase_name(ch.number, lang),
                    before=formats.percent(ch.before, lang),
                    after=formats.percent(ch.after, lang),
                )
            )
    before_index = formats.index(c.result_before.index, lang)
    after_index = formats.index(c.result_after.index, lang)
    if before_index == after_index:
        key = "progress.index.same"
    else:
        key = "progress.index" if not c.not_compared else "progress.index.shared"
    out.append(content.t(key, lang, since=since, before=before_index, after=after_index))
    # marked done, and left the plan because the statement now scores high enough: apart
    if c.actions.done:
        out.append(content.t("progress.actions", lang, count=len(c.actions.done), since=since))
    if c.actions.resolved:
        out.append(content.t("progress.resolved", lang, count=len(c.actions.resolved)))
    if c.actions.done_but_unmoved:
        out.append(content.t("progress.unmoved", lang, count=len(c.actions.done_but_unmoved)))
    if c.only_one_version:
        out.append(content.t("progress.not_compared", lang, count=c.only_one_version))
    if c.no_longer_asked:
        out.append(content.t("progress.no_longer_asked", lang, count=c.no_longer_asked))
    if c.other_organisation:
        out.append(
            content.t(
                "progress.other_org",
                lang,
                before=c.before.organisation,
                after=c.after.organisation,
            )
        )
    return out


class CompareError(TranslatableError):
    """A comparison that cannot go on: the same scan twice, no earlier scan, the wrong order."""

    prefix = "compare.error"


def same_scan(before: Scan, after: Scan) -> bool:
    return (
        before.when == after.when
        and dict(before.answers) == dict(after.answers)
        and before.content_version == after.content_version
    )


def rule_lines(content: Content, lang: str) -> list[str]:
    """The comparison's rules (this module's docstring), in the reader's language: the same words
    on the method page, in the report and (in English) in the README."""
    keys = ("items", "insufficient", "done", "resolved", "open", "new", "dropped", "unmoved")
    return [content.t(f"method.progress.{k}", lang) for k in keys]


# -- targets ---------------------------------------------------------------------------------


def target_marks(targets: Targets, threshold: float) -> dict[int, float]:
    """Where the chart marks a target per phase: the explicit target fulfilment, or, for the
    phases up to the target phase without one, the threshold (reaching a phase means that)."""
    marks: dict[int, float] = {}
    for number in range(1, 7):
        if number in targets.fulfilment:
            marks[number] = float(targets.fulfilment[number])
        elif targets.phase is not None and number <= targets.phase:
            marks[number] = float(threshold)
    return marks


@dataclass(frozen=True)
class TargetStatus:
    """How far a result is from its targets."""

    phase: int | None  # the target phase
    by: dt.date | None
    now: int  # the current phase
    to_go: int  # phases still to reach (0: the target phase is reached)
    overdue: bool  # the target date has passed and the target phase is not reached
    met: int  # explicit fulfilment targets met
    of: int  # explicit fulfilment targets set


def target_status(result: Result, targets: Targets, today: dt.date) -> TargetStatus | None:
    """Where the scan stands against its targets; None when no target is set."""
    if not targets:
        return None
    to_go = max(0, (targets.phase or 0) - result.phase)
    fulfilment = {p.number: p.fulfilment for p in result.phases}
    met = sum(
        1
        for n, goal in targets.fulfilment.items()
        if (value := fulfilment.get(n)) is not None and value >= goal
    )
    overdue = bool(targets.by and targets.by < today and to_go)
    return TargetStatus(
        targets.phase, targets.by, result.phase, to_go, overdue, met, len(targets.fulfilment)
    )


def target_text(content: Content, status: TargetStatus, lang: str) -> str:
    """The target line: "Doel: fase 4 (Geformaliseerd) vóór 1 juni 2027; nu fase 3 (…). Nog 1
    fase te gaan." and how many of the fulfilment targets are met."""
    parts: list[str] = []
    if status.phase is not None:
        by = content.t("targets.by", lang, date=formats.date(status.by, lang)) if status.by else ""
        parts.append(
            content.t(
                "targets.line",
                lang,
                target=status.phase,
                target_name=content.phase_name(status.phase, lang),
                by=by,
                now=status.now,
                now_name=content.phase_name(status.now, lang),
            )
        )
        if not status.to_go:
            parts.append(content.t("targets.status.reached", lang))
        elif status.overdue:
            parts.append(content.t("targets.status.overdue", lang, count=status.to_go))
        else:
            parts.append(content.t("targets.status.to_go", lang, count=status.to_go))
    elif status.by:
        parts.append(content.t("targets.by_only", lang, date=formats.date(status.by, lang)))
    if status.of:
        parts.append(content.t("targets.fulfilment.met", lang, met=status.met, count=status.of))
    return " ".join(parts)


def change_sentence(content: Content, comparison: Comparison, lang: str) -> str:
    """What changed since the earlier scan in one sentence (for a summary): the phase and the
    index then and now."""
    c = comparison
    return content.t(
        "progress.summary",
        lang,
        since=formats.date(c.before.when, lang),
        before_phase=c.result_before.phase,
        after_phase=c.result_after.phase,
        before=formats.index(c.result_before.index, lang),
        after=formats.index(c.result_after.index, lang),
    )


def action_text(content: Content, action_id: str, lang: str) -> str:
    """An action's text by its id ("act.<item>" improves a statement, "find.<item>" finds out),
    also for an action no longer in the plan; the bare id for an item the content lost."""
    prefix, _, item_id = action_id.partition(".")
    try:
        item = content.item(item_id)[0]
    except KeyError:
        return action_id
    if prefix == "find":
        return content.t("plan.find_out", lang, item=item.text(lang))
    return item.action(lang)


def completed(comparison: Comparison) -> list[tuple[str, bool]]:
    """The actions completed since the earlier scan, as (action id, resolved): marked done, then
    the ones that left the plan because their statement now scores high enough (resolved only
    when it was not marked done as well)."""
    a = comparison.actions
    return [(k, False) for k in a.done] + [(k, True) for k in a.resolved if k not in a.done]


def table_rows(content: Content, comparison: Comparison, lang: str, kind: str) -> list[list[str]]:
    """The before / now / difference table of the phases (``kind`` "phase") or the questions,
    as the app and the report print it: "–" where a side has insufficient data."""
    changes = comparison.phases if kind == "phase" else comparison.questions

    def name(number: int) -> str:
        if kind == "phase":
            return content.phase(number).name(lang)
        return content.question(number).title(lang)

    return [
        [
            f"{ch.number}. {name(ch.number)}",
            formats.percent(ch.before, lang),
            formats.percent(ch.after, lang),
            formats.delta(ch.delta, lang),
        ]
        for ch in changes
    ]


def table_headings(content: Content, comparison: Comparison, lang: str, kind: str) -> list[str]:
    first = "progress.col.phase" if kind == "phase" else "progress.col.question"
    return [
        content.t(first, lang),
        content.t(
            "progress.col.before", lang, date=formats.date(comparison.before.when, lang, short=True)
        ),
        content.t("progress.col.now", lang),
        content.t("progress.col.delta", lang),
    ]
