from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assessment.content import Content, default_content
from assessment.scoring import DONT_KNOW, AnswerValue, score
from tests.helpers import all_answers, phase_answers, up_to

CONTENT = default_content()
IDS = CONTENT.item_ids()
values = st.one_of(st.none(), st.just(DONT_KNOW), st.integers(min_value=0, max_value=4))
answer_maps = st.fixed_dictionaries({i: values for i in IDS})


def test_nothing_answered_is_phase_zero_with_no_fulfilment(content: Content) -> None:
    r = score(content, {})
    assert r.phase == 0
    assert r.index == 0.0
    assert all(p.fulfilment is None and not p.reached for p in r.phases)
    assert all(q.score is None for q in r.questions)
    assert r.warnings == ()


def test_everything_fully_is_phase_six(content: Content) -> None:
    r = score(content, all_answers(content, 4))
    assert r.phase == 6
    assert r.index == 6.0
    assert all(q.score == 100.0 for q in r.questions)


def test_fulfilment_is_mean_over_four(content: Content) -> None:
    statements = content.phase(2).statements  # six statements
    answers: dict[str, AnswerValue] = {
        s.id: v for s, v in zip(statements, [4, 3, 2, 1, 0, 2], strict=True)
    }
    r = score(content, answers)
    assert r.phases[1].fulfilment == 50.0  # 12 points of 24
    # three of six answered (4, 3 and 0 points): half is enough data, 7 of 12 points
    r = score(content, {statements[0].id: 4, statements[1].id: 3, statements[2].id: 0})
    assert r.phases[1].fulfilment == pytest.approx(58.33, abs=0.005)
    assert r.phases[1].sufficient_data


def test_dont_know_is_a_knowledge_gap_not_zero(content: Content) -> None:
    statements = content.phase(1).statements
    answers: dict[str, AnswerValue] = {s.id: 4 for s in statements}
    answers[statements[0].id] = DONT_KNOW
    r = score(content, answers)
    p1 = r.phases[0]
    assert p1.fulfilment == 100.0  # not dragged down as a zero would
    assert (p1.answered, p1.dont_know, p1.unanswered, p1.total) == (6, 1, 0, 7)
    assert r.phase >= 1


def test_fewer_than_half_answered_is_insufficient_and_not_reached(content: Content) -> None:
    statements = content.phase(1).statements
    few = (len(statements) - 1) // 2  # strictly fewer than half
    answers: dict[str, AnswerValue] = {s.id: 4 for s in statements[:few]}
    answers |= {s.id: DONT_KNOW for s in statements[few:]}
    r = score(content, answers)
    assert r.phases[0].fulfilment == 100.0
    assert not r.phases[0].sufficient_data
    assert not r.phases[0].reached
    assert r.phase == 0
    assert r.index == 0.0  # the next phase counts only with enough data


def test_current_phase_needs_all_lower_phases(content: Content) -> None:
    answers = all_answers(content, 4) | phase_answers(content, 2, 1)
    r = score(content, answers)
    assert r.phase == 1
    assert [p.reached for p in r.phases] == [True, False, True, True, True, True]
    assert r.phases[1].fulfilment == 25.0
    assert r.index == 1.25
    assert {w.phase for w in r.warnings} == {3, 4, 5, 6}


def test_threshold_is_inclusive(content: Content) -> None:
    # all "largely" = exactly 75 = the default threshold
    r = score(content, up_to(content, 2, value=3))
    assert r.phases[0].fulfilment == 75.0
    assert r.phase == 2


def test_index_between_phase_and_next(content: Content) -> None:
    answers = up_to(content, 2) | phase_answers(content, 3, 2)
    r = score(content, answers)
    assert r.phase == 2
    assert r.index == 2.5


def test_question_scores_count_dont_know_apart(content: Content) -> None:
    q = content.question(1)
    answers: dict[str, AnswerValue] = {sq.id: 2 for sq in q.subquestions}
    answers[q.subquestions[0].id] = DONT_KNOW
    r = score(content, answers)
    assert r.questions[0].score == 50.0
    assert r.questions[0].dont_know == 1
    assert r.dont_know == 1


@settings(max_examples=150, deadline=None)
@given(answer_maps)
def test_results_stay_in_range(answers: dict[str, AnswerValue]) -> None:
    r = score(CONTENT, answers)
    assert 0 <= r.phase <= 6
    assert 0.0 <= r.index <= 6.0
    assert r.phase <= r.index < r.phase + 1 or r.index == 6.0
    for p in r.phases:
        assert p.fulfilment is None or 0.0 <= p.fulfilment <= 100.0
    for q in r.questions:
        assert q.score is None or 0.0 <= q.score <= 100.0


@settings(max_examples=150, deadline=None)
@given(answer_maps, st.sampled_from(IDS))
def test_raising_one_answer_never_lowers_any_score(
    answers: dict[str, AnswerValue], item: str
) -> None:
    value = answers[item]
    if not isinstance(value, int) or value == 4:
        answers[item] = 0
        value = 0
    before = score(CONTENT, answers)
    after = score(CONTENT, answers | {item: value + 1})
    assert after.phase >= before.phase
    assert after.index >= before.index
    for b, a in zip(before.phases, after.phases, strict=True):
        assert (a.fulfilment or 0) >= (b.fulfilment or 0)
        assert a.reached >= b.reached
    for bq, aq in zip(before.questions, after.questions, strict=True):
        assert (aq.score or 0) >= (bq.score or 0)


def test_answers_in_any_order_give_the_same_phase(content: Content) -> None:
    """A save file may list its answers in any order (an edited or hand-made file)."""
    answers = up_to(content, 2) | phase_answers(content, 3, 2)
    r = score(content, dict(reversed(answers.items())))
    assert (r.phase, r.index) == (2, 2.5)


def test_weakest_phase_is_shown_not_hidden_behind_the_average(content: Content) -> None:
    answers = all_answers(content, 4) | phase_answers(content, 4, 1)
    r = score(content, answers)
    assert r.weakest_phase is not None and r.weakest_phase.number == 4
    # one phase alone has nothing to compare with
    assert score(content, phase_answers(content, 1, 2)).weakest_phase is None


def test_no_weakest_phase_when_all_phases_score_the_same(content: Content) -> None:
    """ "Weakest phase: Planning (75%)" next to five other phases at 75% would be false."""
    r = score(content, all_answers(content, 3))
    assert r.weakest_phase is None
    r = score(content, all_answers(content, 3) | {content.phase(2).statements[0].id: 0})
    assert r.weakest_phase is not None and r.weakest_phase.number == 2
