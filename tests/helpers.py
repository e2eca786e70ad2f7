"""Small builders shared by the tests (answers for whole phases, etc.)."""

from __future__ import annotations

import datetime as dt
import os
from typing import Any, NoReturn

import pytest

from assessment.content import Content
from assessment.many import Entry, Kind
from assessment.scoring import AnswerValue


def phase_answers(content: Content, number: int, value: AnswerValue) -> dict[str, AnswerValue]:
    return {s.id: value for s in content.phase(number).statements}


def all_answers(content: Content, value: AnswerValue) -> dict[str, AnswerValue]:
    return {i: value for i in content.item_ids()}


def up_to(
    content: Content, k: int, value: int = 4, rest: AnswerValue = 0
) -> dict[str, AnswerValue]:
    """Phases 1..k answered with ``value``, later phases with ``rest``."""
    answers: dict[str, AnswerValue] = {}
    for p in content.phases:
        answers |= phase_answers(content, p.number, value if p.number <= k else rest)
    return answers


def in_ci() -> bool:
    """``CI`` set to anything but empty, 0 or false (GitHub, GitLab and .ci/run set ``true``)."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def missing(what: str, ci_hint: str) -> NoReturn:
    """A tool or server the test needs is absent: fail in CI (where it must be there), skip
    locally with the reason."""
    if in_ci():
        pytest.fail(f"{what} (CI=true: {ci_hint})", pytrace=False)
    pytest.skip(what)


def rescanned(
    content: Content,
    answers: dict[str, AnswerValue],
    org: str = "Bakkerij De Korenschoof",
    targets: Any = None,
) -> Any:
    """A save file of a re-scan: ``answers`` saved on 12 March 2026, a new scan started from it on
    26 November 2026 (the earlier one kept as a snapshot) in which Engagement (phase 3) is now
    answered in full, the first sub-question rose to 4 and the second fell to 1, and two actions
    are marked done: the first of the plan (still low: done, but unmoved) and the one of phase
    3's first statement (resolved since)."""
    import datetime as dt

    from assessment import plan, progress
    from assessment.savefile import SaveFile, Targets
    from assessment.scoring import score

    def at(day: dt.date) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(10), dt.UTC)

    old = SaveFile.from_state(
        language="nl",
        organisation={"name": org},
        answers=answers,
        edits={},
        created_at=at(dt.date(2026, 3, 12)),
    ).model_copy(update={"updated_at": at(dt.date(2026, 3, 12))})
    new = progress.rescan(content, old, at(dt.date(2026, 11, 26)))
    changed = dict(new.answers) | phase_answers(content, 3, 4)
    changed[content.questions[0].subquestions[0].id] = 4
    changed[content.questions[1].subquestions[0].id] = 1
    first = plan.generate(content, changed, score(content, changed))[0].action_id
    day = dt.date(2026, 10, 1)
    edits = {
        first: plan.Edit().with_status("done", day),
        f"act.{content.phase(3).statements[0].id}": plan.Edit().with_status("done", day),
    }
    return SaveFile.from_state(
        language="nl",
        organisation={"name": org},
        answers=changed,
        edits=edits,
        created_at=new.created_at,
        snapshots=new.snapshots,
        targets=targets or Targets(),
        unconfirmed=[],
    ).model_copy(update={"updated_at": at(dt.date(2026, 11, 26))})


def scan_entry(
    content: Content,
    name: str,
    answers: dict[str, AnswerValue],
    version: int | None = None,
    kind: Kind = "scan",
    **fields: Any,
) -> Entry:
    """An organisation in a comparison (compare many): ``<name>.json``, saved on 29 November
    2026, on the current content version unless ``version`` says otherwise."""
    return Entry(
        name=name,
        source=f"{name}.json",
        kind=kind,
        content_version=version or content.version,
        answers=answers,
        when=dt.date(2026, 11, 29),
        **fields,
    )
