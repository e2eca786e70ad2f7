"""The group's result: what the facilitator's result tab and the group report are made of."""

from __future__ import annotations

from sqlalchemy import Engine

from assessment import workshop as ws
from assessment.content import Content
from assessment.group import group_result


def test_nothing_until_the_group_answer_is_saved(engine: Engine, content: Content) -> None:
    w = ws.create(engine, "Team", "nl", "phases")
    assert group_result(engine, content, w, "nl") is None


def test_the_group_result_speaks_for_those_who_answered(engine: Engine, content: Content) -> None:
    w = ws.create(engine, "Team Communicatie", "nl", "phases")
    people = [ws.join(engine, w) for _ in range(4)]  # one of them never answers
    planning = [s.id for s in content.phase(1).statements]
    for person, value in zip(people[:3], (4, 0, 2), strict=True):
        for item in planning:
            ws.answer(engine, content, person.token, item, value)
    ws.set_agreed(engine, content, w, {item: 4 for item in planning})

    group = group_result(engine, content, w, "en")
    assert group is not None
    assert group.result.phase == 1  # Planning agreed as "fully"
    assert group.report.participants == 3
    assert group.report.lang == "en" and group.report.mode == "workshop"
    assert group.report.parts == "phases"
    assert group.report.organisation.name == "Team Communicatie"
    assert set(group.report.disagreements) <= set(planning) and group.report.disagreements
    assert group.actions == []  # nothing below "largely" in what was agreed
    assert group.report_filename == f"sbsmi-workshop-{w.code}.pdf"
