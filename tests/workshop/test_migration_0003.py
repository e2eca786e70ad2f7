"""A workshop database of version 2 (revision 0002, before "not applicable") upgrades by Alembic
to the newest revision with every participant and every answer intact, on SQLite and
PostgreSQL; afterwards "not applicable" can be stored, and answers to retired statements stay."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, select, text

from assessment import storage
from assessment import workshop as ws
from assessment.answers import NOT_APPLICABLE
from assessment.content import Content
from assessment.storage import answers, consensus, make_engine
from tests.workshop.conftest import PG_URL, need_postgresql, pg_url

STAMP = "2026-11-28 10:00:00+00"


@pytest.fixture(params=["sqlite", "postgresql"])
def old_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database of its own, to be migrated to 0002 by the test."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'v2.sqlite3'}"
        return
    need_postgresql()
    import psycopg

    schema = f"sbsmi_mig_{secrets.token_hex(4)}"
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    yield pg_url(schema)
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


def _fill(engine: Engine, content: Content) -> list[tuple[int, str, int]]:
    """Two workshops, five participants, answers on every kind of value (-1 .. 4), including
    an id that content version 2 retired; and a group answer."""
    ids = [*content.item_ids()[:6], content.retired[0].id]
    rows = []
    with engine.begin() as conn:
        for wid in (1, 2):
            conn.execute(
                text(
                    "INSERT INTO workshops (id, code, facilitator_key, board_key, title, language,"
                    " parts, status, created_at) VALUES (:id, :code, :key, :board, 'Oud', 'nl',"
                    " 'both', 'open', :at)"
                ),
                {
                    "id": wid,
                    "code": f"ACDEF{wid}",
                    "key": f"k{wid}",
                    "board": f"b{wid}",
                    "at": STAMP,
                },
            )
        for pid in range(1, 6):
            conn.execute(
                text(
                    "INSERT INTO participants (id, workshop_id, token, created_at)"
                    " VALUES (:pid, :wid, :tok, :at)"
                ),
                {"pid": pid, "wid": 1 + pid % 2, "tok": f"tok{pid}", "at": STAMP},
            )
            for n, item in enumerate(ids):
                value = (pid + n) % 6 - 1  # -1 ("don't know") .. 4
                rows.append((pid, item, value))
                conn.execute(
                    text(
                        "INSERT INTO answers (participant_id, item_id, value, updated_at)"
                        " VALUES (:pid, :item, :value, :at)"
                    ),
                    {"pid": pid, "item": item, "value": value, "at": STAMP},
                )
        conn.execute(
            text(
                "INSERT INTO consensus (workshop_id, item_id, value, updated_at)"
                " VALUES (1, :item, 2, :at)"
            ),
            {"item": ids[0], "at": STAMP},
        )
    return rows


def test_a_version_two_database_upgrades_with_every_answer(old_url: str, content: Content) -> None:
    old = create_engine(old_url)
    storage.migrate(old, "0002")
    rows = _fill(old, content)
    old.dispose()

    eng = make_engine(old_url)  # upgrades to the newest revision on start, as the app does
    with eng.connect() as conn:
        version = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        assert version == "0003"
        got = conn.execute(select(answers.c.participant_id, answers.c.item_id, answers.c.value))
        assert sorted(got.all()) == sorted(rows)
        assert conn.execute(text("SELECT count(*) FROM participants")).scalar() == 5
        assert conn.execute(select(consensus.c.value)).scalars().all() == [2]
    # the upgraded room works: "not applicable" where it may, refused where it may not
    w = ws.by_key(eng, "k1")
    assert w is not None
    may = next(i for i in content.item_ids() if content.may_not_apply(i))
    always = next(i for i in content.item_ids() if not content.may_not_apply(i))
    ws.answer(eng, content, "tok2", may, NOT_APPLICABLE)
    assert ws.answers_of(eng, "tok2")[may] == NOT_APPLICABLE
    with pytest.raises(ws.WorkshopError):
        ws.answer(eng, content, "tok2", always, NOT_APPLICABLE)
    ws.set_agreed(eng, content, w, {may: NOT_APPLICABLE})
    assert ws.agreed(eng, w)[may] == NOT_APPLICABLE
    board = ws.board(eng, content, w)
    assert board.items[may].not_applicable == 1 and board.items[may].counts[NOT_APPLICABLE] == 1
    eng.dispose()


def test_the_database_itself_refuses_values_out_of_range(old_url: str) -> None:
    eng = make_engine(old_url)
    with eng.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO workshops (id, code, facilitator_key, board_key, title, language,"
                " parts, status, created_at) VALUES (1, 'ACDEFG', 'k', 'b', 'T', 'nl', 'both',"
                " 'open', :at)"
            ),
            {"at": STAMP},
        )
        conn.execute(
            text(
                "INSERT INTO participants (id, workshop_id, token, created_at)"
                " VALUES (1, 1, 't', :at)"
            ),
            {"at": STAMP},
        )
    for value, ok in ((-2, True), (-3, False), (5, False)):
        try:
            with eng.begin() as conn:
                conn.execute(
                    text(
                        "INSERT INTO answers (participant_id, item_id, value, updated_at)"
                        " VALUES (1, :item, :value, :at)"
                    ),
                    {"item": f"x{value}", "value": value, "at": STAMP},
                )
            stored = True
        except Exception:
            stored = False
        assert stored is ok, value
    eng.dispose()
