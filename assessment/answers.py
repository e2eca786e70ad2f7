"""What an answer can be, and which items a part of the scan asks: one definition for all.

Every statement (phase) and sub-question (elementary question) takes one of these values: the
points 0-4 of its scale, "don't know" (a knowledge gap, never counted as zero) or, only on an item
that the content marks as possibly not applying, "not applicable" (the item leaves the sum).
"""

from __future__ import annotations

from typing import Literal, TypeGuard

DONT_KNOW: Literal["dont_know"] = "dont_know"
NOT_APPLICABLE: Literal["not_applicable"] = "not_applicable"
MAX_POINTS = 4
POINTS: tuple[int, ...] = tuple(range(MAX_POINTS + 1))
Given = int | Literal["dont_know", "not_applicable"]  # a value a person gave
AnswerValue = Given | None  # None: not answered (yet)
ANSWER_VALUES: tuple[Given, ...] = (*POINTS, DONT_KNOW, NOT_APPLICABLE)

# The parts a scan or a workshop can ask: the six phases, the four questions, or both.
Parts = Literal["phases", "questions", "both"]
PARTS: tuple[Parts, ...] = ("both", "phases", "questions")

# The organisation's size (number of people), as the profile asks it.
Size = Literal["1", "2-9", "10-49", "50-249", "250+"]
SIZES: tuple[Size, ...] = ("1", "2-9", "10-49", "50-249", "250+")


def is_answer(value: object) -> TypeGuard[Given]:
    """A value a person can give: a whole point of the scale, "don't know" or "not applicable"
    (a bool or a float is not a point on the scale). Whether "not applicable" may be given on a
    particular item is the content's to say (``Content.may_not_apply``)."""
    return (type(value) is int and value in POINTS) or value in (DONT_KNOW, NOT_APPLICABLE)
