from __future__ import annotations

import datetime as dt

from assessment import plan
from assessment.content import Content
from assessment.scoring import DONT_KNOW, AnswerValue, score
from tests.helpers import all_answers, phase_answers, up_to


def generate(content: Content, answers: dict[str, AnswerValue]) -> list[plan.Action]:
    return plan.generate(content, answers, score(content, answers))


def test_one_action_per_statement_below_largely(content: Content) -> None:
    p1 = content.phase(1).statements
    answers: dict[str, AnswerValue] = {
        p1[0].id: 0,
        p1[1].id: 1,
        p1[2].id: 2,
        p1[3].id: 3,
        p1[4].id: 4,
    }
    actions = generate(content, answers)
    assert [a.item_id for a in actions] == [p1[0].id, p1[1].id, p1[2].id]
    assert all(a.kind == "improve" for a in actions)
    assert [a.gap for a in actions] == [4, 3, 2]


def test_dont_know_gives_a_find_out_action(content: Content) -> None:
    st = content.phase(1).statements[0]
    (action,) = generate(content, {st.id: DONT_KNOW})
    assert action.kind == "find_out"
    assert action.action_id == f"find.{st.id}"
    assert st.text("nl") in action.text(content, "nl")
    assert st.text("en") in action.text(content, "en")


def test_unanswered_gives_no_action(content: Content) -> None:
    assert generate(content, {}) == []
    assert generate(content, all_answers(content, 4)) == []


def test_weak_subquestions_give_actions(content: Content) -> None:
    q = content.question(2)
    answers: dict[str, AnswerValue] = {sq.id: 1 for sq in q.subquestions}
    actions = generate(content, answers)
    assert {a.item_id for a in actions} == {sq.id for sq in q.subquestions}
    assert all(a.question == 2 and a.phase == q.phase for a in actions)


def test_every_action_names_its_statement_and_answer(content: Content) -> None:
    for a in generate(content, all_answers(content, 1)):
        item = a.item(content)
        why = a.why(content, "en")
        assert item.text("en") in why
        scale = content.scale("question" if a.question else "phase")
        assert scale.point(1).label("en") in why


def test_foundations_first_then_gap_size(content: Content) -> None:
    # Planning reached (k=1); Presence (k+1) weak; later phases weaker still.
    answers = up_to(content, 1, value=4, rest=0) | phase_answers(content, 2, 2)
    actions = generate(content, answers)
    phases = [a.phase for a in actions]
    # phase 2 (the next one) first even though later phases have a bigger gap
    first_later = phases.index(3)
    assert set(phases[:first_later]) == {2}
    # later phases in phase order: foundations before what builds on them
    later = [p for p in phases if p > 2]
    assert later == sorted(later)


def test_within_the_foundation_bigger_gaps_first(content: Content) -> None:
    p1 = content.phase(1).statements
    answers: dict[str, AnswerValue] = {p1[0].id: 2, p1[1].id: 0, p1[2].id: DONT_KNOW, p1[3].id: 1}
    actions = generate(content, answers)
    assert [a.item_id for a in actions] == [p1[1].id, p1[3].id, p1[0].id, p1[2].id]


def test_horizon_by_distance_from_current_phase(content: Content) -> None:
    actions = generate(content, up_to(content, 1, value=4, rest=1))  # k = 1
    horizon = {a.phase: a.horizon for a in actions if a.question is None}
    assert horizon == {2: "0-3", 3: "3-6", 4: "6-12", 5: "6-12", 6: "6-12"}
    assert plan.horizon_for(1, 0) == "0-3"


def test_edits_are_laid_over_the_generated_plan(content: Content) -> None:
    actions = generate(content, all_answers(content, 0))
    target = actions[3].action_id
    edits = {target: plan.Edit(include=False, owner="Sanne", due=dt.date(2027, 3, 1), notes="n")}
    edited = plan.apply_edits(actions, edits)
    changed = next(a for a in edited if a.action_id == target)
    assert (changed.include, changed.owner, changed.due, changed.notes) == (
        False,
        "Sanne",
        dt.date(2027, 3, 1),
        "n",
    )
    assert changed.owner_text(content, "nl") == "Sanne"
    assert [a.action_id for a in edited] == [a.action_id for a in actions]
    assert all(a.include for a in edited if a.action_id != target)
