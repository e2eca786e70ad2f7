"""Storage for workshops: SQLAlchemy 2 Core on an SQLite file (default) or PostgreSQL.

The schema is created and upgraded by Alembic migrations (``assessment/migrations``), never by
hand. On SQLite every connection runs in WAL mode with a busy timeout, and write transactions
start with ``BEGIN IMMEDIATE`` so that concurrent writers queue instead of failing with
"database is locked".
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    Column,
    Connection,
    DateTime,
    Engine,
    ForeignKey,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    SmallInteger,
    String,
    Table,
    create_engine,
    event,
)
from sqlalchemy.engine import make_url

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
DONT_KNOW_VALUE = -1  # "don't know" as stored; 0..4 are the scale points

metadata = MetaData()

workshops = Table(
    "workshops",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("code", String(12), nullable=False, unique=True),
    Column("facilitator_key", String(64), nullable=False, unique=True),
    Column("title", String(120), nullable=False),
    Column("language", String(2), nullable=False),
    Column("parts", String(10), nullable=False),
    Column("status", String(10), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("closed_at", DateTime(timezone=True), nullable=True),
    CheckConstraint("parts in ('phases', 'questions', 'both')", name="ck_workshops_parts"),
    CheckConstraint("status in ('open', 'closed')", name="ck_workshops_status"),
)

participants = Table(
    "participants",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column(
        "workshop_id",
        Integer,
        ForeignKey("workshops.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("token", String(64), nullable=False, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True), nullable=True),
)

answers = Table(
    "answers",
    metadata,
    Column(
        "participant_id",
        Integer,
        ForeignKey("participants.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("item_id", String(64), nullable=False),
    Column("value", SmallInteger, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    PrimaryKeyConstraint("participant_id", "item_id", name="pk_answers"),
    CheckConstraint("value between -1 and 4", name="ck_answers_value"),
)

consensus = Table(
    "consensus",
    metadata,
    Column(
        "workshop_id",
        Integer,
        ForeignKey("workshops.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("item_id", String(64), nullable=False),
    Column("value", SmallInteger, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    PrimaryKeyConstraint("workshop_id", "item_id", name="pk_consensus"),
    CheckConstraint("value between -1 and 4", name="ck_consensus_value"),
)


def normalise_url(url: str) -> str:
    """postgres:// and postgresql:// use the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def make_engine(url: str) -> Engine:
    """An engine for ``url`` with the schema migrated to the newest version."""
    url = normalise_url(url)
    parsed = make_url(url)
    kwargs: dict[str, Any] = {}
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        kwargs["connect_args"] = {"timeout": 30, "check_same_thread": False}
        kwargs["pool_size"] = 10
        kwargs["max_overflow"] = 60
    else:
        kwargs["pool_size"] = 10
        kwargs["max_overflow"] = 60
        kwargs["pool_pre_ping"] = True
    engine = create_engine(url, **kwargs)
    if parsed.get_backend_name() == "sqlite":
        _sqlite_pragmas(engine)
    migrate(engine)
    return engine


def _sqlite_pragmas(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (below)
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA busy_timeout=10000")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # writers take the lock up front and queue on busy_timeout; readers do not block them
        readonly = conn.get_execution_options().get(READONLY, False)
        conn.exec_driver_sql("BEGIN" if readonly else "BEGIN IMMEDIATE")


READONLY = "sbsmi_readonly"


def read(engine: Engine) -> Connection:
    """A connection for reading only (on SQLite: a deferred transaction, no write lock)."""
    return engine.connect().execution_options(**{READONLY: True})


def migrate(engine: Engine) -> None:
    """Upgrade the schema to the newest Alembic revision."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def pragma(engine: Engine, name: str) -> Any:
    """The value of an SQLite PRAGMA on a pooled connection (for tests and diagnostics)."""
    with engine.connect() as conn:
        return conn.exec_driver_sql(f"PRAGMA {name}").scalar()
