"""Workshop storage on real SQLite and PostgreSQL: migrations, answers, board, concurrency."""

from __future__ import annotations

import secrets
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import Connection, Engine, create_engine, func, inspect, select

from assessment import storage
from assessment import workshop as ws
from assessment.content import Content
from assessment.scoring import DONT_KNOW
from assessment.storage import StorageBusy, answers, make_engine, pragma, write

ROOT = Path(__file__).resolve().parents[2]


def test_sqlite_file_runs_in_wal_with_a_busy_timeout(tmp_path) -> None:  # type: ignore[no-untyped-def]
    eng = make_engine(f"sqlite:///{tmp_path / 'data' / 'x.sqlite3'}")
    assert (tmp_path / "data" / "x.sqlite3").exists()
    assert pragma(eng, "journal_mode") == "wal"
    assert pragma(eng, "busy_timeout") >= 1000  # and write() tries again for WRITE_PATIENCE
    assert pragma(eng, "synchronous") == 1  # NORMAL


def test_schema_comes_from_migrations(engine: Engine) -> None:
    tables = set(inspect(engine).get_table_names())
    assert {"alembic_version", "workshops", "participants", "answers", "consensus"} <= tables
    with engine.connect() as conn:
        version = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    assert version == "0003"


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
    assert first.counts == {0: 1, 1: 0, 2: 0, 3: 1, 4: 1, "dont_know": 0, "not_applicable": 0}
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


def test_consensus_left_open_stays_open(engine: Engine, content: Content) -> None:
    w = ws.create(engine, "Open", "nl", "both")
    a, b = content.item_ids()[:2]
    assert not w.consensus_saved  # before the first save the median is the starting point
    ws.set_agreed(engine, content, w, {a: None, b: None})
    again = ws.by_key(engine, w.facilitator_key)
    assert again is not None and again.consensus_saved
    assert ws.agreed(engine, again) == {}


def test_a_bad_id_in_the_group_answer_writes_nothing(engine: Engine, content: Content) -> None:
    w = ws.create(engine, "Atomair", "nl", "phases")
    a, b = content.item_ids()[:2]
    question_item = content.question(1).subquestions[0].id  # not part of a phases workshop
    with pytest.raises(ws.WorkshopError) as err:
        ws.set_agreed(engine, content, w, {a: 3, question_item: 2, b: 1})
    assert err.value.code == "unknown_item"
    assert ws.agreed(engine, w) == {}
    assert not ws.by_key(engine, w.facilitator_key).consensus_saved  # type: ignore[union-attr]


def test_the_board_link_is_its_own_key(engine: Engine) -> None:
    w = ws.create(engine, "Beamer", "nl", "both")
    assert len(w.board_key) >= 32 and w.board_key != w.facilitator_key
    assert ws.by_board(engine, w.board_key) == w
    assert ws.by_key(engine, w.board_key) is None  # the board link opens no management
    assert ws.by_board(engine, w.facilitator_key) is None
    assert ws.by_board(engine, "") is None and ws.by_board(engine, "x" * 500) is None


def test_a_busy_database_is_retried_then_refused_not_dropped(
    tmp_path: Path, content: Content
) -> None:
    """Another process holds the write lock: the answer waits; held too long, it is refused
    with 'not_saved' (shown to the participant), and nothing half-written remains."""
    url = f"sqlite:///{tmp_path / 'busy.sqlite3'}"
    eng = make_engine(url)
    w = ws.create(eng, "Druk", "nl", "both")
    p = ws.join(eng, w)
    item = content.item_ids()[0]
    blocker = sqlite3.connect(
        tmp_path / "busy.sqlite3", isolation_level=None, check_same_thread=False
    )
    blocker.execute("BEGIN IMMEDIATE")  # another process's writer, holding on
    released = threading.Timer(1.0, blocker.rollback)
    released.start()
    ws.answer(eng, content, p.token, item, 3)  # waited for the lock, then written
    assert ws.answers_of(eng, p.token) == {item: 3}
    blocker.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(StorageBusy):
            write(eng, lambda conn: conn.execute(answers.delete()), patience=0.5)
        with pytest.raises(ws.WorkshopError) as err:
            orig = storage.WRITE_PATIENCE
            storage.WRITE_PATIENCE = 0.5
            try:
                ws.answer(eng, content, p.token, item, 1)
            finally:
                storage.WRITE_PATIENCE = orig
        assert err.value.code == "not_saved"
        assert ws.WorkshopError("not_saved").message(content, "nl")
    finally:
        blocker.rollback()
        blocker.close()
    assert ws.answers_of(eng, p.token) == {item: 3}  # the refused one changed nothing
    eng.dispose()


def test_an_in_memory_database_works(content: Content) -> None:
    eng = make_engine("sqlite:///:memory:")
    w = ws.create(eng, "Geheugen", "en", "both")
    p = ws.join(eng, w)
    ws.answer(eng, content, p.token, content.item_ids()[0], 4)
    assert ws.answers_of(eng, p.token) == {content.item_ids()[0]: 4}


def test_a_version_one_database_upgrades_with_every_answer(tmp_path: Path) -> None:
    """A workshop database written by version 1 (revision 0001) upgrades with all its data."""
    url = f"sqlite:///{tmp_path / 'v1.sqlite3'}"
    old = create_engine(url)
    storage.migrate(old, "0001")
    stamp = "2026-11-26 10:00:00"
    with old.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO workshops (id, code, facilitator_key, title, language, parts, status,"
            f" created_at) VALUES (1, 'ACDEFG', 'k1', 'Oud', 'nl', 'both', 'open', '{stamp}')"
        )
        for pid in (1, 2):
            conn.exec_driver_sql(
                "INSERT INTO participants (id, workshop_id, token, created_at)"
                f" VALUES ({pid}, 1, 'tok{pid}', '{stamp}')"
            )
            for n, item in enumerate(("planning.a", "planning.b", "why.c")):
                conn.exec_driver_sql(
                    "INSERT INTO answers (participant_id, item_id, value, updated_at)"
                    f" VALUES ({pid}, '{item}', {(pid + n) % 5 - 1}, '{stamp}')"
                )
        conn.exec_driver_sql(
            "INSERT INTO consensus (workshop_id, item_id, value, updated_at)"
            f" VALUES (1, 'planning.a', 2, '{stamp}')"
        )
    old.dispose()
    eng = make_engine(url)  # upgrades to the newest revision on start, as the app does
    with eng.connect() as conn:
        rows = conn.execute(select(answers.c.participant_id, answers.c.item_id, answers.c.value))
        assert sorted(rows.all()) == sorted(
            (pid, item, (pid + n) % 5 - 1)
            for pid in (1, 2)
            for n, item in enumerate(("planning.a", "planning.b", "why.c"))
        )
        assert conn.exec_driver_sql("SELECT count(*) FROM participants").scalar() == 2
        assert conn.exec_driver_sql("SELECT count(*) FROM consensus").scalar() == 1
    w = ws.by_key(eng, "k1")
    assert w is not None and len(w.board_key) >= 32 and not w.consensus_saved
    assert ws.by_board(eng, w.board_key) == w
    eng.dispose()


def test_one_failing_write_in_a_group_commit_fails_alone(tmp_path: Path, content: Content) -> None:
    """Writes that arrive together are committed together (SQLite's writer queue); one that
    fails is rolled back to its own savepoint and reported to its caller only."""
    eng = make_engine(f"sqlite:///{tmp_path / 'group.sqlite3'}")
    w = ws.create(eng, "Groep", "nl", "both")
    people = [ws.join(eng, w) for _ in range(20)]
    item = content.item_ids()[0]
    start = threading.Barrier(21)

    def good(i: int) -> None:
        start.wait()
        ws.answer(eng, content, people[i].token, item, i % 5)

    other = content.item_ids()[1]

    def bad(conn: Connection) -> None:
        # a real write first (an answer nobody else gives), then a failure
        row = {
            "token": people[0].token,
            "item_id": other,
            "value": 4,
            "updated_at": ws.now(),
            "fits": ["phases", "both"],
        }
        assert conn.execute(ws._answer_statement("sqlite"), row).first() is not None
        raise ValueError("this write fails")

    def failing() -> None:
        start.wait()
        with pytest.raises(ValueError, match="this write fails"):
            write(eng, bad)

    with ThreadPoolExecutor(max_workers=21) as pool:
        futures = [pool.submit(good, i) for i in range(20)] + [pool.submit(failing)]
        for f in futures:
            f.result()
    for i, person in enumerate(people):  # the failed write's answer was rolled back
        assert ws.answers_of(eng, person.token) == {item: i % 5}
    eng.dispose()


def test_replicas_starting_together_migrate_one_fresh_postgresql_schema() -> None:
    """make cluster (or systemd) starts every replica at once over one empty database: each
    migrates on start (six processes here, as the replicas are), and none may fail or hang
    because another is creating the same tables."""
    import subprocess
    import sys

    from tests.workshop.conftest import PG_URL, need_postgresql, pg_url

    need_postgresql()
    import psycopg

    schema = f"sbsmi_race_{secrets.token_hex(4)}"
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    # every process imports first and says so; then all are told to migrate at once
    code = (
        "import sys, alembic.command; from assessment.storage import make_engine; "
        f"print('ready', flush=True); sys.stdin.readline(); make_engine({pg_url(schema)!r})"
    )
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", code],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(6)
    ]
    for proc in procs:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    for proc in procs:
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()
    try:
        errors = []
        for proc in procs:
            try:
                _, err = proc.communicate(timeout=60)
            except subprocess.TimeoutExpired:
                errors.append("a replica hung in its migration")
                continue
            if proc.returncode:
                errors.append(next((ln for ln in err.splitlines() if "Error" in ln), err[-300:]))
        assert not errors, errors
        eng = make_engine(pg_url(schema))
        assert {"workshops", "participants", "answers", "consensus"} <= set(
            inspect(eng).get_table_names()
        )
        eng.dispose()
    finally:
        for proc in procs:
            proc.kill()
        with psycopg.connect(PG_URL, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')
