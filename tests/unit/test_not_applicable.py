""" "Not applicable": by design (only where the content says an item may not apply), never a way
to skip a phase; the size pre-marks it; the plan gets no action for it."""

from __future__ import annotations

import math
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from assessment import plan as plan_mod
from assessment.answers import DONT_KNOW, NOT_APPLICABLE, AnswerValue
from assessment.applicability import premark
from assessment.content import Content, Phase, default_content
from assessment.savefile import parse
from assessment.scoring import score

CONTENT = default_content()
IDS = CONTENT.item_ids()
MAY = [i for i in IDS if CONTENT.may_not_apply(i)]
values = st.one_of(
    st.none(), st.just(DONT_KNOW), st.just(NOT_APPLICABLE), st.integers(min_value=0, max_value=4)
)
answer_maps = st.fixed_dictionaries({i: values for i in IDS})


def _marked_phases(content: Content) -> list[Phase]:
    return [p for p in content.phases if any(s.assumes for s in p.statements)]


def test_the_content_marks_items_that_may_not_apply(content: Content) -> None:
    assert MAY, "no statement or sub-question may be 'not applicable'"
    assert len(_marked_phases(content)) >= 3
    for p in content.phases:  # the content rule, restated as the user's guarantee
        always = [s for s in p.statements if s.assumes is None]
        assert 2 * len(always) >= len(p.statements), p.id
    for q in content.questions:
        always = [s for s in q.subquestions if s.assumes is None]
        assert 2 * len(always) >= len(q.subquestions), q.id


def test_not_applicable_leaves_numerator_and_denominator(content: Content) -> None:
    for phase in _marked_phases(content):
        answers: dict[str, AnswerValue] = {
            s.id: (NOT_APPLICABLE if s.assumes else 3) for s in phase.statements
        }
        answers[next(s.id for s in phase.statements if not s.assumes)] = 1
        p = score(content, answers).phases[phase.number - 1]
        marked = sum(1 for s in phase.statements if s.assumes)
        applicable = len(phase.statements) - marked
        assert p.not_applicable == marked and p.applicable == applicable
        # the mean over the applicable statements only: (1 + 3 x (n-1)) / n / 4
        assert math.isclose(p.fulfilment or 0, 100 * (1 + 3 * (applicable - 1)) / applicable / 4)
        # zero on the same statements instead gives a lower figure: N/A is not a zero
        zeros = {s.id: 0 for s in phase.statements if s.assumes}
        assert (score(content, answers | zeros).phases[phase.number - 1].fulfilment or 0) < (
            p.fulfilment or 0
        )


def test_insufficient_data_counts_applicable_statements_only(content: Content) -> None:
    phase = _marked_phases(content)[0]
    always = [s for s in phase.statements if not s.assumes]
    na = {s.id: NOT_APPLICABLE for s in phase.statements if s.assumes}
    need = math.ceil(len(always) / 2)
    enough = na | {s.id: 4 for s in always[:need]}
    too_few = na | {s.id: 4 for s in always[: need - 1]}
    assert score(content, enough).phases[phase.number - 1].sufficient_data
    assert not score(content, too_few).phases[phase.number - 1].sufficient_data


def test_not_applicable_on_an_item_that_always_applies_is_no_answer(content: Content) -> None:
    """It can never empty a phase: such a value counts as open, not as left out."""
    phase = content.phase(1)
    answers: dict[str, AnswerValue] = {s.id: NOT_APPLICABLE for s in phase.statements}
    p = score(content, answers).phases[0]
    always = sum(1 for s in phase.statements if not s.assumes)
    assert p.not_applicable == len(phase.statements) - always
    assert p.unanswered == always and p.fulfilment is None and not p.reached


@settings(max_examples=200, deadline=None)
@given(answer_maps)
def test_not_applicable_cannot_skip_a_phase(answers: dict[str, AnswerValue]) -> None:
    """Whatever is marked, a reached phase has at least half of the statements that always
    apply answered on the scale, and meets the threshold on what was answered."""
    r = score(CONTENT, answers)
    for phase, p in zip(CONTENT.phases, r.phases, strict=True):
        if not p.reached:
            continue
        always = [s for s in phase.statements if s.assumes is None]
        numeric = [answers[s.id] for s in phase.statements if isinstance(answers[s.id], int)]
        assert len(numeric) >= math.ceil(len(always) / 2) >= 1
        assert 100 * sum(numeric) / (4 * len(numeric)) >= CONTENT.threshold  # type: ignore[arg-type]


@settings(max_examples=100, deadline=None)
@given(answer_maps, st.randoms(use_true_random=False))
def test_order_of_the_answers_does_not_matter(answers: dict[str, AnswerValue], rnd) -> None:  # type: ignore[no-untyped-def]
    items = list(answers.items())
    rnd.shuffle(items)
    a, b = score(CONTENT, answers), score(CONTENT, dict(items))
    assert (a.phase, a.index, a.not_applicable) == (b.phase, b.index, b.not_applicable)


def test_the_plan_has_no_action_for_a_not_applicable_item(content: Content) -> None:
    answers: dict[str, AnswerValue] = {i: 0 for i in IDS} | {i: NOT_APPLICABLE for i in MAY}
    actions = plan_mod.generate(content, answers, score(content, answers))
    assert {a.item_id for a in actions} == set(IDS) - set(MAY)


def test_the_size_pre_marks_and_a_change_of_size_undoes_only_its_own_marks(
    content: Content,
) -> None:
    at_one = set(content.not_applicable_at("1"))
    assert at_one and at_one <= set(MAY)
    assert content.not_applicable_at("250+") == []
    chosen, own = sorted(at_one)[:2]
    answered: dict[str, AnswerValue] = {chosen: 2}  # answered before choosing a size: kept
    one = premark(content, answered, "1")
    assert one.answers[chosen] == 2 and chosen not in one.marked
    assert set(one.marked) == at_one - {chosen} == one.premarked
    # the user confirms one pre-mark themselves: from then on it is their answer
    mine = premark(content, one.answers, "10-49", one.premarked - {own})
    assert mine.answers.get(own) == NOT_APPLICABLE or not content.may_not_apply(own, "10-49")
    big = premark(content, one.answers, "250+", one.premarked)
    assert chosen not in big.cleared and big.marked == ()
    assert big.answers[chosen] == 2
    assert not any(v == NOT_APPLICABLE for v in big.answers.values())


def test_a_users_own_not_applicable_survives_a_change_of_size(content: Content) -> None:
    item = next(
        i
        for i in MAY
        if i not in content.not_applicable_at("2-9") and content.may_not_apply(i, "10-49")
    )
    answers: dict[str, AnswerValue] = {item: NOT_APPLICABLE}  # chosen before any size
    for size in ("1", "2-9", "10-49"):
        step = premark(content, answers, size)
        assert step.answers[item] == NOT_APPLICABLE, size
        answers = step.answers


def test_a_large_organisation_cannot_say_it_has_no_managers(content: Content) -> None:
    """Where a condition always holds at a size, "not applicable" is refused at that size."""
    refused = [i for i in MAY if not content.may_not_apply(i, "250+")]
    assert refused and all(content.may_not_apply(i) for i in refused)
    answers: dict[str, AnswerValue] = {i: NOT_APPLICABLE for i in refused}
    assert set(premark(content, answers, "250+").cleared) == set(refused)


FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def test_a_sole_trader_reaches_engagement_by_honest_answers(content: Content) -> None:
    """A one-person photography business that does well what fits one person: "not applicable"
    only on what the size pre-marks, plus the community it does not have (its own choice)."""
    save = parse((FIXTURES / "persona-sole-trader.json").read_bytes(), content)
    answers = dict(save.answers)
    na = {i for i, v in answers.items() if v == NOT_APPLICABLE}
    assert na - set(content.not_applicable_at("1")) == {"engagement.community-activity"}
    r = score(content, answers)
    assert r.phase == 3 and 3 < r.index < 4
    assert r.not_applicable == len(na)
    # the old instrument forced a zero on what a sole trader does not have: stuck below phase 3
    forced = score(content, answers | {i: 0 for i in na})
    assert forced.phase < 3
    # and "don't know" as the only way out filled the plan with pointless "find out" actions
    escaped = answers | {i: DONT_KNOW for i in na}
    plan = plan_mod.generate(content, escaped, score(content, escaped))
    assert sum(a.kind == "find_out" for a in plan) == len(na)
    assert not any(a.item_id in na for a in plan_mod.generate(content, answers, r))
