"""Workshop storage on real SQLite and PostgreSQL: migrations, answers, board, concurrency."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import Engine, func, inspect, select

from assessment import workshop as ws
from assessment.content import Content
from assessment.scoring import DONT_KNOW
from assessment.storage import answers, make_engine, pragma


def test_sqlite_file_runs_in_wal_with_a_busy_timeout(tmp_path) -> None:  # type: ignore[no-untyped-def]
    eng = make_engine(f"sqlite:///{tmp_path / 'data' / 'x.sqlite3'}")
    assert (tmp_path / "data" / "x.sqlite3").exists()
    assert pragma(eng, "journal_mode") == "wal"
    assert pragma(eng, "busy_timeout") >= 5000
    assert pragma(eng, "synchronous") == 1  # NORMAL


def test_schema_comes_from_migrations(engine: Engine) -> None:
    tables = set(inspect(engine).get_table_names())
    assert {"alembic_version", "workshops", "participants", "answers", "consensus"} <= tables
    with engine.connect() as conn:
        version = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    assert version == "0001"


def test_join_answer_reload(engine: Engine, content: Content) -> None:
    w = ws.create(engine, "  Team   marketing  ", "nl", "both")
    assert w.title == "Team marketing"
    assert len(w.code) == ws.CODE_LENGTH and set(w.code) <= set(ws.CODE_ALPHABET)
    assert len(w.facilitator_key) >= 32
    assert ws.by_code(engine, w.code.lower()[:3] + " " + w.code.lower()[3:]) == w
    assert ws.by_code(engine, "ZZZZZZ") is None
    p = ws.join(engine, w)
    first, second = content.item_ids()[:2]
    ws.answer(engine, content, p.token, first, 3)
    ws.answer(engine, content, p.token, second, DONT_KNOW)
    ws.answer(engine, content, p.token, first, 3)  # the same submit again: nothing changes
    # a reload or another phone: the token brings everything back
    assert ws.answers_of(engine, p.token) == {first: 3, second: DONT_KNOW}
    ws.answer(engine, content, p.token, first, 1)  # a changed mind replaces the answer
    assert ws.answers_of(engine, p.token)[first] == 1
    assert ws.finish(engine, p.token) is True
    assert ws.finish(engine, p.token) is False  # a second finish says so


def test_what_must_be_refused(engine: Engine, content: Content) -> None:
    w = ws.create(engine, "Sessie", "en", "phases")
    p = ws.join(engine, w)
    question_item = content.question(1).subquestions[0].id
    with pytest.raises(ws.WorkshopError) as err:
        ws.answer(engine, content, p.token, question_item, 2)  # not part of this workshop
    assert err.value.code == "unknown_item"
    with pytest.raises(ws.WorkshopError) as err:
        ws.answer(engine, content, p.token, content.item_ids()[0], 7)
    assert err.value.code == "bad_value"
    with pytest.raises(ws.WorkshopError) as err:
        ws.answer(engine, content, "tampered-token", content.item_ids()[0], 2)
    assert err.value.code == "unknown_participant"
    assert ws.by_key(engine, "guess") is None
    closed = ws.set_status(engine, w, "closed")
    with pytest.raises(ws.WorkshopError) as err:
        ws.join(engine, closed)
    assert err.value.code == "closed"
    with pytest.raises(ws.WorkshopError):
        ws.answer(engine, content, p.token, content.item_ids()[0], 2)
    for code in ("closed", "unknown_item", "bad_value", "unknown_participant"):
        for lang in ("nl", "en"):
            assert ws.WorkshopError(code).message(content, lang)
    reopened = ws.set_status(engine, closed, "open")
    ws.answer(engine, content, p.token, content.item_ids()[0], 2)
    assert ws.answers_of(engine, p.token) == {content.item_ids()[0]: 2}
    assert reopened.is_open


def test_board_aggregates_and_finds_disagreement(engine: Engine, content: Content) -> None:
    w = ws.create(engine, "Board", "nl", "both")
    p1 = content.phase(1).statements
    rows = [
        {s.id: 4 for s in p1},
        {s.id: 4 for s in p1} | {p1[0].id: 0},
        {s.id: 3 for s in p1} | {p1[1].id: DONT_KNOW},
    ]
    for answers_ in rows:
        p = ws.join(engine, w)
        for item, value in answers_.items():
            ws.answer(engine, content, p.token, item, value)
    ws.join(engine, w)  # joined, nothing answered yet
    board = ws.board(engine, content, w)
    assert board.joined == 4 and board.finished == 0
    first = board.items[p1[0].id]
    assert first.counts == {0: 1, 1: 0, 2: 0, 3: 1, 4: 1, "dont_know": 0}
    assert first.median == 3
    assert board.items[p1[1].id].dont_know == 1
    assert board.dont_know == 1
    top = board.disagreements(limit=1)
    assert [s.item_id for s in top] == [p1[0].id]
    planning = board.phases[0]
    assert planning.people == 3
    assert planning.low is not None and planning.high == 100.0
    proposal = ws.proposal(content, w, board)
    assert proposal[p1[0].id] == 3
    assert content.phase(2).statements[0].id not in proposal  # nobody answered it


def test_consensus_is_stored_and_cleared(engine: Engine, content: Content) -> None:
    w = ws.create(engine, "Consensus", "nl", "both")
    a, b = content.item_ids()[:2]
    ws.set_agreed(engine, content, w, {a: 3, b: DONT_KNOW})
    assert ws.agreed(engine, w) == {a: 3, b: DONT_KNOW}
    ws.set_agreed(engine, content, w, {a: 2, b: None})
    assert ws.agreed(engine, w) == {a: 2}


def test_delete_removes_everything(engine: Engine, content: Content) -> None:
    w = ws.create(engine, "Weg", "nl", "both")
    p = ws.join(engine, w)
    ws.answer(engine, content, p.token, content.item_ids()[0], 2)
    ws.set_agreed(engine, content, w, {content.item_ids()[0]: 2})
    ws.delete_workshop(engine, w)
    assert ws.by_key(engine, w.facilitator_key) is None
    assert ws.participant(engine, p.token) is None
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(answers)).scalar() == 0


def test_sixty_participants_answer_everything_at_once(engine: Engine, content: Content) -> None:
    """Every answer stored exactly once, nothing lost, no 'database is locked'."""
    w = ws.create(engine, "Zestig", "nl", "both")
    people = [ws.join(engine, w) for _ in range(60)]
    ids = content.item_ids()
    start = threading.Barrier(len(people))
    errors: list[BaseException] = []

    def participant(index: int) -> None:
        token = people[index].token
        start.wait()
        try:
            for n, item in enumerate(ids):
                ws.answer(engine, content, token, item, (index + n) % 5)
        except BaseException as exc:  # collected, the test reports them
            errors.append(exc)

    with ThreadPoolExecutor(max_workers=len(people)) as pool:
        list(pool.map(participant, range(len(people))))
    assert errors == []
    with engine.connect() as conn:
        stored = conn.execute(select(func.count()).select_from(answers)).scalar()
    assert stored == len(people) * len(ids)
    for index, person in enumerate(people):
        mine = ws.answers_of(engine, person.token)
        assert mine == {item: (index + n) % 5 for n, item in enumerate(ids)}
    board = ws.board(engine, content, w)
    assert sum(s.answered for s in board.items.values()) == len(people) * len(ids)
