"""A workshop's result: the group's agreed answers, scored, with the plan and the report's input.

Apart from ``workshop`` (the room's storage), so that the storage does not load the report's
PDF and chart libraries.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine

from assessment import plan as plan_mod
from assessment import workshop as ws
from assessment.content import Content, as_lang
from assessment.report import ReportInput
from assessment.savefile import Organisation
from assessment.scoring import Result, score


@dataclass(frozen=True)
class GroupResult:
    """What the group agreed, scored, with its plan and its board report's input."""

    result: Result
    actions: list[plan_mod.Action]
    report: ReportInput
    report_filename: str


def group_result(
    engine: Engine, content: Content, workshop: ws.Workshop, lang: str
) -> GroupResult | None:
    """The group's result from the agreed answers; None until the group answer is saved.

    The report speaks for the participants who answered, and names the statements the room
    disagreed on most (discussed before the group answer was agreed).
    """
    values = ws.agreed(engine, workshop)
    if not values:
        return None
    room = ws.board(engine, content, workshop)
    res = score(content, values)
    answered = {k: v for k, v in values.items() if v is not None}
    return GroupResult(
        result=res,
        actions=plan_mod.generate(content, answered, res),
        report=ReportInput(
            organisation=Organisation(name=workshop.title),
            answers=answered,
            lang=as_lang(lang),
            mode="workshop",
            participants=room.answering,
            disagreements=tuple(s.item_id for s in room.disagreements(limit=5)),
            parts=workshop.parts,
            retired=sum(1 for i in values if content.retired_item(i) is not None),
        ),
        report_filename=f"sbsmi-workshop-{workshop.code}.pdf",
    )
