"""The group's agreed answers as a save file: a workshop this year and next compare like any two
scans."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import Engine

from assessment import cli
from assessment import workshop as ws
from assessment.content import Content
from assessment.savefile import parse


def test_nothing_until_the_group_answer_is_saved(engine: Engine, content: Content) -> None:
    w = ws.create(engine, "Team", "nl", "phases")
    assert ws.agreed_save(engine, content, w) is None


def test_the_save_file_holds_the_agreed_answers_and_nothing_of_the_participants(
    engine: Engine, content: Content
) -> None:
    w = ws.create(engine, "Team Communicatie", "en", "phases")
    person = ws.join(engine, w)
    planning = [s.id for s in content.phase(1).statements]
    for item in planning:
        ws.answer(engine, content, person.token, item, 1)  # the room said 1 ...
    open_item = planning[-1]
    agreed = {item: 3 for item in planning[:-1]} | {open_item: None}
    ws.set_agreed(engine, content, w, agreed)  # ... the group agreed 3, one left open

    save = ws.agreed_save(engine, content, w)
    assert save is not None
    assert save.version == 3 and save.language == "en"
    assert save.organisation.name == "Team Communicatie"
    assert save.content_version == content.version
    assert save.answers == {item: 3 for item in planning[:-1]}
    assert save.snapshots == [] and save.plan == [] and save.unconfirmed == []
    assert save.updated_at.tzinfo is not None and save.created_at <= save.updated_at
    # it loads back as any scan does, and holds no token, code or key of the workshop
    text = save.to_json()
    assert parse(text, content).answers == save.answers
    for secret in (person.token, w.code, w.facilitator_key, w.board_key):
        assert secret not in text


def test_two_workshops_compare_like_two_scans(
    engine: Engine, content: Content, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    planning = [s.id for s in content.phase(1).statements]
    files = []
    for year, value in ((2025, 1), (2026, 4)):
        w = ws.create(engine, "Team Communicatie", "nl", "phases")
        ws.set_agreed(engine, content, w, {item: value for item in planning})
        save = ws.agreed_save(engine, content, w)
        assert save is not None
        stamp = save.updated_at.replace(year=year)
        path = tmp_path / f"workshop-{year}.json"
        dated = save.model_copy(update={"created_at": stamp, "updated_at": stamp})
        path.write_text(dated.to_json())
        files.append(str(path))

    assert cli.main(["compare", *files]) == 0
    out = json.loads(capsys.readouterr().out)
    planning_change = next(p for p in out["phases"] if p["number"] == 1)
    assert planning_change["before"] == 25.0 and planning_change["after"] == 100.0
    assert out["phase"] == {"before": 0, "after": 1}
