"""Real databases: an SQLite file, and PostgreSQL when one is reachable."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from assessment.storage import make_engine
from tests.helpers import missing

PG_URL = os.environ.get("TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")


def _pg_reachable() -> str | None:
    try:
        import psycopg

        with psycopg.connect(PG_URL, connect_timeout=3):
            return None
    except Exception as exc:
        detail = " ".join(str(exc).split())
        return f"PostgreSQL not reachable at {PG_URL}: {exc.__class__.__name__}: {detail}"


def need_postgresql() -> None:
    """Skip locally without a server; fail in CI, where .ci/run starts one."""
    if reason := _pg_reachable():
        missing(reason, ".ci/run must start PostgreSQL or TEST_DATABASE_URL point at one")


@pytest.fixture(scope="session")
def pg_schema() -> Iterator[str]:
    """A fresh schema in the test database, dropped afterwards."""
    need_postgresql()
    import psycopg

    schema = f"sbsmi_{secrets.token_hex(4)}"
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    yield schema
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


def pg_url(schema: str) -> str:
    sep = "&" if "?" in PG_URL else "?"
    return f"{PG_URL}{sep}options=-csearch_path%3D{schema}"


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    if request.param == "sqlite":
        eng = make_engine(f"sqlite:///{tmp_path / 'sbsmi.sqlite3'}")
    else:
        schema = request.getfixturevalue("pg_schema")
        eng = make_engine(pg_url(schema))
        from sqlalchemy import text

        with eng.begin() as conn:  # a clean slate per test within the session's schema
            conn.execute(text("TRUNCATE consensus, answers, participants, workshops CASCADE"))
    yield eng
    eng.dispose()
