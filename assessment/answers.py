"""What an answer can be, and which items a part of the scan asks: one definition for all.

Every statement (phase) and sub-question (elementary question) takes one of these values: the
points 0-4 of its scale, or "don't know" (a knowledge gap, never counted as zero).
"""

from __future__ import annotations

from typing import Literal, TypeGuard

DONT_KNOW: Literal["dont_know"] = "dont_know"
MAX_POINTS = 4
POINTS: tuple[int, ...] = tuple(range(MAX_POINTS + 1))
AnswerValue = int | Literal["dont_know"] | None  # None: not answered (yet)
ANSWER_VALUES: tuple[int | Literal["dont_know"], ...] = (*POINTS, DONT_KNOW)

# The parts a scan or a workshop can ask: the six phases, the four questions, or both.
Parts = Literal["phases", "questions", "both"]
PARTS: tuple[Parts, ...] = ("both", "phases", "questions")


def is_answer(value: object) -> TypeGuard[int | Literal["dont_know"]]:
    """A value a person can give: a whole point of the scale, or "don't know" (a bool or a
    float is not a point on the scale)."""
    return (type(value) is int and value in POINTS) or value == DONT_KNOW
