"""Scoring: the published formula, as pure functions of the answers.

- Phase fulfilment = 100 x mean(answered statements of the phase) / 4. "Don't know" is not an
  answer: it is counted apart as a knowledge gap. "Not applicable" (only on a statement the
  content marks as possibly not applying) leaves the phase: it counts in neither the numerator nor
  the denominator. A phase with fewer than half of its applicable statements answered has
  insufficient data and is not reached. "Not applicable" on a statement that always applies is
  not an answer (it counts as open), so it can never be used to skip a phase.
- A phase is reached when its fulfilment >= the threshold (content setting, default 75).
- Current phase k = the highest k such that phases 1..k are all reached (0 if Planning is not).
- Maturity index = k + fulfilment(k+1)/100, 6.0 when all six are reached. The next phase only
  counts when it has enough data, so the index stays below k + 1.
- A warning when a phase above k+1 is already at or above the threshold.
- Four questions: score = 100 x mean(answered sub-questions) / 4, "don't know" counted apart,
  "not applicable" left out as for phases.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from assessment.answers import DONT_KNOW, MAX_POINTS, NOT_APPLICABLE, AnswerValue
from assessment.content import Content, Item

__all__ = ["DONT_KNOW", "MAX_POINTS", "NOT_APPLICABLE", "AnswerValue", "Answers", "Result", "score"]

Answers = Mapping[str, AnswerValue]
# What a phase's figure means: nothing answered, too few answers to judge, reached, not yet.
PhaseStatus = Literal["none", "nodata", "reached", "open"]


@dataclass(frozen=True)
class ItemAnswer:
    item_id: str
    value: AnswerValue


@dataclass(frozen=True)
class PhaseResult:
    number: int
    fulfilment: float | None  # None when nothing is answered
    reached: bool
    answered: int
    dont_know: int
    total: int
    sufficient_data: bool
    answers: tuple[ItemAnswer, ...]
    not_applicable: int = 0

    @property
    def applicable(self) -> int:
        return self.total - self.not_applicable

    @property
    def unanswered(self) -> int:
        return self.applicable - self.answered - self.dont_know

    @property
    def status(self) -> PhaseStatus:
        if self.fulfilment is None:
            return "none"
        if not self.sufficient_data:
            return "nodata"
        return "reached" if self.reached else "open"

    @property
    def strongest(self) -> ItemAnswer | None:
        """The statement with the highest answer (the first of equals), None if none answered."""
        scored = [a for a in self.answers if isinstance(a.value, int)]
        return max(scored, key=lambda a: int(a.value or 0)) if scored else None

    @property
    def weakest(self) -> ItemAnswer | None:
        """The statement with the lowest answer (the first of equals); None when fewer than two
        statements are answered or all answers are equal (nothing stands out)."""
        scored = [a for a in self.answers if isinstance(a.value, int)]
        if len(scored) < 2:
            return None
        low = min(scored, key=lambda a: int(a.value or 0))
        return None if low == self.strongest else low


@dataclass(frozen=True)
class QuestionResult:
    number: int
    score: float | None
    answered: int
    dont_know: int
    total: int
    answers: tuple[ItemAnswer, ...]
    not_applicable: int = 0

    @property
    def applicable(self) -> int:
        return self.total - self.not_applicable


@dataclass(frozen=True)
class ScoreWarning:
    code: Literal["ahead_of_foundations"]
    phase: int  # the phase that runs ahead
    current: int  # the current phase k


@dataclass(frozen=True)
class Result:
    phase: int  # current phase k, 0..6
    index: float  # 0..6
    threshold: int
    phases: tuple[PhaseResult, ...]
    questions: tuple[QuestionResult, ...]
    warnings: tuple[ScoreWarning, ...]

    @property
    def next_phase(self) -> int | None:
        return self.phase + 1 if self.phase < 6 else None

    @property
    def weakest_phase(self) -> PhaseResult | None:
        """The phase with the lowest fulfilment among those with enough answers to judge.

        None unless at least two phases can be compared and they are not all equal.
        """
        scored = [p for p in self.phases if p.fulfilment is not None and p.sufficient_data]
        if len(scored) < 2 or len({p.fulfilment for p in scored}) == 1:
            return None  # nothing to compare, or all equal: none stands out
        return min(scored, key=lambda p: (p.fulfilment or 0.0, p.number))

    @property
    def answered(self) -> int:
        return sum(p.answered for p in self.phases) + sum(q.answered for q in self.questions)

    @property
    def dont_know(self) -> int:
        return sum(p.dont_know for p in self.phases) + sum(q.dont_know for q in self.questions)

    @property
    def not_applicable(self) -> int:
        return sum(p.not_applicable for p in self.phases) + sum(
            q.not_applicable for q in self.questions
        )

    @property
    def total(self) -> int:
        return sum(p.total for p in self.phases) + sum(q.total for q in self.questions)

    @property
    def given(self) -> int:
        """Items with an answer of any kind, "don't know" and "not applicable" included (the
        progress shown)."""
        return self.answered + self.dont_know + self.not_applicable

    @property
    def unanswered(self) -> int:
        """Items still open: neither a point on the scale nor "don't know"."""
        return self.total - self.given

    @property
    def gaps(self) -> tuple[str, ...]:
        """The items answered "don't know" (knowledge gaps), in questionnaire order."""
        every = [a for p in self.phases for a in p.answers]
        every += [a for q in self.questions for a in q.answers]
        return tuple(a.item_id for a in every if a.value == DONT_KNOW)

    @property
    def thin_phases(self) -> tuple[PhaseResult, ...]:
        """Phases with some answers, but too few to judge."""
        return tuple(p for p in self.phases if p.answered and not p.sufficient_data)

    def chart_status(self, p: PhaseResult) -> Literal["nodata", "weakest", "reached", "open"]:
        """A phase's status as the phase chart colours and names it."""
        if p.status in ("none", "nodata"):
            return "nodata"
        weakest = self.weakest_phase
        if weakest is not None and p.number == weakest.number:
            return "weakest"
        return "reached" if p.reached else "open"


@dataclass(frozen=True)
class _Collected:
    values: list[int]
    dont_know: int
    not_applicable: int
    answers: tuple[ItemAnswer, ...]


def _value(item: Item, answers: Answers) -> AnswerValue:
    """The item's answer as the formula reads it: "not applicable" on an item that always
    applies is not an answer this item can take, so it stays open."""
    value = answers.get(item.id)
    return None if value == NOT_APPLICABLE and item.assumes is None else value


def _enough(answered: int, applicable: int) -> bool:
    """At least half of the applicable items answered on the scale."""
    return 2 * answered >= applicable


def _collect(items: Sequence[Item], answers: Answers) -> _Collected:
    values: list[int] = []
    dont_know = not_applicable = 0
    collected: list[ItemAnswer] = []
    for item in items:
        value = _value(item, answers)
        collected.append(ItemAnswer(item.id, value))
        if value == DONT_KNOW:
            dont_know += 1
        elif value == NOT_APPLICABLE:
            not_applicable += 1
        elif isinstance(value, int):
            values.append(value)
    return _Collected(values, dont_know, not_applicable, tuple(collected))


def percentage(values: Sequence[int]) -> float | None:
    """100 x mean / 4, or None for no values."""
    if not values:
        return None
    return 100.0 * sum(values) / (len(values) * MAX_POINTS)


def phase_level(statements: Sequence[Item], answers: Answers) -> float | None:
    """A phase's fulfilment by the formula, or None when it has insufficient data (the board
    uses it per participant)."""
    values: list[int] = []
    not_applicable = 0
    for item in statements:  # _collect's rules, without its record of every answer (hot path)
        value = _value(item, answers)
        if value == NOT_APPLICABLE:
            not_applicable += 1
        elif isinstance(value, int):
            values.append(value)
    if not _enough(len(values), len(statements) - not_applicable):
        return None
    return percentage(values)


def score(content: Content, answers: Answers, only: Collection[str] | None = None) -> Result:
    """The result by the formula. ``only``: score on these items alone (two scans of different
    content versions compare on the items both asked); a phase compared on fewer than half of
    its statements has insufficient data."""

    def asked(items: Sequence[Item]) -> Sequence[Item]:
        return items if only is None else [i for i in items if i.id in only]

    threshold = content.threshold
    phases: list[PhaseResult] = []
    for phase in content.phases:
        statements = asked(phase.statements)
        c = _collect(statements, answers)
        total = len(statements)
        fulfilment = percentage(c.values)
        # compared on fewer than half of its statements (two content versions share too few):
        # not enough to judge the phase, whatever was answered
        compared_enough = 2 * total >= len(phase.statements)
        sufficient = (
            total > 0 and compared_enough and _enough(len(c.values), total - c.not_applicable)
        )
        reached = sufficient and fulfilment is not None and fulfilment >= threshold
        phases.append(
            PhaseResult(
                number=phase.number,
                fulfilment=fulfilment,
                reached=reached,
                answered=len(c.values),
                dont_know=c.dont_know,
                total=total,
                sufficient_data=sufficient,
                answers=c.answers,
                not_applicable=c.not_applicable,
            )
        )

    k = 0
    for p in phases:
        if not p.reached:
            break
        k = p.number

    if k == 6:
        index = 6.0
    else:
        nxt = phases[k]
        index = k + ((nxt.fulfilment or 0.0) / 100 if nxt.sufficient_data else 0.0)

    warnings = tuple(
        ScoreWarning("ahead_of_foundations", p.number, k)
        for p in phases
        if p.number > k + 1 and p.sufficient_data and (p.fulfilment or 0.0) >= threshold
    )

    questions: list[QuestionResult] = []
    for question in content.questions:
        subquestions = asked(question.subquestions)
        c = _collect(subquestions, answers)
        questions.append(
            QuestionResult(
                number=question.number,
                score=percentage(c.values),
                answered=len(c.values),
                dont_know=c.dont_know,
                total=len(subquestions),
                answers=c.answers,
                not_applicable=c.not_applicable,
            )
        )

    return Result(
        phase=k,
        index=index,
        threshold=threshold,
        phases=tuple(phases),
        questions=tuple(questions),
        warnings=warnings,
    )
