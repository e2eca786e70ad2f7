"""Small builders shared by the tests (answers for whole phases, etc.)."""

from __future__ import annotations

import os
from typing import NoReturn

import pytest

from assessment.content import Content
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
