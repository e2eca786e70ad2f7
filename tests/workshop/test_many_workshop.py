"""A workshop in a comparison and its exports: the agreed answers, and every participant's answers
anonymous (no token, no join time, no id, no order that tells who joined first)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import openpyxl
from sqlalchemy import Engine, select

from assessment import export, many
from assessment import workshop as ws
from assessment.answers import DONT_KNOW, AnswerValue
from assessment.content import Content
from assessment.storage import participants, read


def _room(
    engine: Engine, content: Content, title: str, people: list[dict[str, AnswerValue]]
) -> tuple[ws.Workshop, list[str]]:
    w = ws.create(engine, title, "nl", "both")
    tokens = []
    for answers in people:
        person = ws.join(engine, w)
        tokens.append(person.token)
        for item, value in answers.items():
            ws.answer(engine, content, person.token, item, value)
    return w, tokens


def test_a_workshop_entry_is_agreed_and_anonymous(engine: Engine, content: Content) -> None:
    planning = [s.id for s in content.phase(1).statements]
    q = content.questions[0].subquestions[0].id
    people: list[dict[str, AnswerValue]] = [
        {i: 4 for i in planning} | {q: 2},
        {i: 1 for i in planning} | {q: DONT_KNOW},
        {planning[0]: 2},
    ]
    w, tokens = _room(engine, content, "Team Communicatie", people)
    ws.set_agreed(engine, content, w, {i: 3 for i in planning})

    entry = many.entry_from_workshop(engine, content, w)
    assert (entry.name, entry.source, entry.kind) == (
        "Team Communicatie",
        "Team Communicatie",
        "workshop",
    )
    assert entry.content_version == content.version
    assert dict(entry.answers) == {i: 3 for i in planning}
    assert entry.when == dt.datetime.now(dt.UTC).date()
    key = lambda d: json.dumps(d, sort_keys=True)  # noqa: E731
    assert sorted(map(dict, entry.participants), key=key) == sorted(people, key=key)
    # the order says nothing about who joined when: the same room joined the other way round
    # gives the same tuple
    w2, _ = _room(engine, content, "Team Communicatie", list(reversed(people)))
    ws.set_agreed(engine, content, w2, {i: 3 for i in planning})
    assert many.entry_from_workshop(engine, content, w2).participants == entry.participants

    m = many.compare_many(content, [entry, many.entry_from_workshop(engine, content, w2)])
    assert [r.name for r in m.rows] == ["Team Communicatie", "Team Communicatie (2)"]
    assert m.rows[0].fulfilment(1) == 75.0  # the agreed answers, not the room's

    # nothing that identifies a person in the entry or the exports
    with read(engine) as conn:
        joined = conn.execute(
            select(participants.c.id, participants.c.created_at).where(
                participants.c.workshop_id == w.id
            )
        ).all()
    secrets = [*tokens, w.code, w.facilitator_key, w.board_key]
    assert not any(s in repr(entry) for s in secrets)
    one = many.single(content, entry)
    answers_csv, summary_csv = export.csv_files(content, one, "en")
    book = export.xlsx(content, one, "en")
    wb = openpyxl.load_workbook(io.BytesIO(book))
    cells = [c for sheet in wb.worksheets for row in sheet.iter_rows(values_only=True) for c in row]
    assert not any(isinstance(c, dt.datetime | dt.date) for c in cells)
    text = (answers_csv + summary_csv).decode("utf-8-sig") + " ".join(map(str, cells))
    for s in secrets:
        assert s not in text
    for _pid, created in joined:
        for shown in (created.isoformat(), created.strftime("%H:%M:%S"), str(created)):
            assert shown not in text
    rows = list(csv.DictReader(io.StringIO(answers_csv.decode("utf-8-sig"))))
    assert {r["Participant"] for r in rows} == {"", "P1", "P2", "P3"}
    assert {r["Role (scan, agreed, participant)"] for r in rows} == {"agreed", "participant"}
    per = {
        r["Participant"]: r
        for r in rows
        if r["Item id"] == q and r["Role (scan, agreed, participant)"] == "participant"
    }
    assert sorted(r["Status"] for r in per.values()) == ["answered", "dont_know", "open"]
    assert len(rows) == 4 * len(content.item_ids())
