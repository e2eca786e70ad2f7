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
  statement still scores low ("done, but the answer did not move").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from assessment import formats
from assessment import plan as plan_mod
from assessment.answers import AnswerValue
from assessment.content import Content
from assessment.errors import TranslatableError
from assessment.savefile import SaveFile, Snapshot
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


def rescan(content: Content, save: SaveFile, now: dt.datetime) -> SaveFile:
    """A new scan that starts from ``save``: the same answers, marked unconfirmed until the user
    confirms or changes them; the earlier scan kept as a snapshot (after the ones it held); plan
    statuses, targets and the canvas carried over."""
    given = [k for k, v in save.answers.items() if v is not None]
    return save.model_copy(
        update={
            "snapshots": [*save.snapshots, snapshot_of(content, save)],
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
        done_but_unmoved=tuple(a.action_id for a in plan_after if a.done_but_unmoved),
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
    out.append(
        content.t(
            "progress.index" if not c.not_compared else "progress.index.shared",
            lang,
            since=since,
            before=formats.index(c.result_before.index, lang),
            after=formats.index(c.result_after.index, lang),
        )
    )
    done = len(c.actions.done) + len(c.actions.resolved)
    out.append(content.t("progress.actions", lang, count=done, since=since))
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
