"""Storage for workshops: SQLAlchemy 2 Core on an SQLite file (default) or PostgreSQL.

The schema is created and upgraded by Alembic migrations (``assessment/migrations``), never by
hand. On SQLite every connection runs in WAL mode with a busy timeout, and write transactions
start with ``BEGIN IMMEDIATE``. Every write goes through :func:`write`: on SQLite the writes of
one process join one writer thread that commits them in groups (see ``_Writer``), and a write
that meets a busy or locked database, or a dropped PostgreSQL connection, is tried again until
``WRITE_PATIENCE`` seconds have passed. Only then is it refused with :class:`StorageBusy`,
which the app shows as "not saved": an answer is never dropped silently.
"""

from __future__ import annotations

import queue
import random
import threading
import time
import weakref
from collections.abc import Callable
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import (
    CheckConstraint,
    Column,
    Connection,
    DateTime,
    Engine,
    ForeignKey,
    Index,
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
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.exc import TimeoutError as SATimeout
from sqlalchemy.pool import StaticPool

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
DONT_KNOW_VALUE = -1  # "don't know" as stored; 0..4 are the scale points
NOT_APPLICABLE_VALUE = -2  # "not applicable" as stored (since migration 0003)

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
    # the read-only board link for the projector (migration 0002: added to existing rows, so
    # nullable in the schema; every workshop has one, unique by ux_workshops_board_key)
    Column("board_key", String(64), nullable=True),
    # when the group answer was last saved: from then on an item left open stays open
    Column("consensus_saved_at", DateTime(timezone=True), nullable=True),
    CheckConstraint("parts in ('phases', 'questions', 'both')", name="ck_workshops_parts"),
    CheckConstraint("status in ('open', 'closed')", name="ck_workshops_status"),
    Index("ux_workshops_board_key", "board_key", unique=True),
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
    CheckConstraint("value between -2 and 4", name="ck_answers_value"),
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
    CheckConstraint("value between -2 and 4", name="ck_consensus_value"),
)


def normalise_url(url: str) -> str:
    """postgres:// and postgresql:// use the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


POOL_SIZE = 10  # connections an engine keeps open
MAX_OVERFLOW = 60  # and may open on top, for a moment, under load


def make_engine(url: str, pool_size: int = POOL_SIZE, max_overflow: int = MAX_OVERFLOW) -> Engine:
    """An engine for ``url`` with the schema migrated to the newest version.

    On PostgreSQL each app process may hold up to ``pool_size + max_overflow`` connections:
    replicas over one database share its ``max_connections`` (``make cluster`` divides them;
    a server sets ``SBSMI_DB_POOL_SIZE`` and ``SBSMI_DB_MAX_OVERFLOW``)."""
    url = normalise_url(url)
    parsed = make_url(url)
    kwargs: dict[str, Any] = {}
    if parsed.get_backend_name() == "sqlite":
        kwargs["connect_args"] = {"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False}
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
            kwargs["pool_size"] = pool_size
            kwargs["max_overflow"] = max_overflow
        else:  # in memory: one connection (tests and scripts; writes stay in the caller)
            kwargs["poolclass"] = StaticPool
    else:
        kwargs["pool_size"] = pool_size
        kwargs["max_overflow"] = max_overflow
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
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # writers take the lock up front and queue on busy_timeout; readers do not block them
        readonly = conn.get_execution_options().get(READONLY, False)
        conn.exec_driver_sql("BEGIN" if readonly else "BEGIN IMMEDIATE")


READONLY = "sbsmi_readonly"
BUSY_TIMEOUT_MS = 1000  # one attempt's wait for another process's lock (then tried again)
WRITE_PATIENCE = 8.0  # seconds a write keeps trying before it is refused as "not saved"
T = TypeVar("T")
_writers: weakref.WeakKeyDictionary[Engine, _Writer] = weakref.WeakKeyDictionary()
_writers_guard = threading.Lock()


class StorageBusy(Exception):
    """The database stayed busy for ``WRITE_PATIENCE`` seconds: nothing was written."""


def _transient(exc: DBAPIError | SATimeout) -> bool:
    """Worth another try: a busy or locked SQLite file, a full connection pool, or any
    operational PostgreSQL error (a lost connection, a restarting server, a conflict)."""
    if isinstance(exc, SATimeout):
        return True  # no connection free in the pool within its timeout
    if not isinstance(exc, OperationalError):
        return False
    if exc.connection_invalidated:
        return True
    text = str(exc.orig).lower()
    if "locked" in text or "busy" in text:
        return True
    # psycopg raises OperationalError for connection, shutdown and conflict errors; integrity
    # and programming errors are other classes and fail at once
    return exc.orig.__class__.__module__.startswith("psycopg")


def _back_off(delay: float) -> float:
    """Wait about ``delay`` seconds (jittered, so retries spread out); the next, longer delay."""
    time.sleep(delay * random.uniform(0.5, 1.5))
    return min(delay * 2, 0.5)


Job = tuple[Callable[[Connection], Any], "Future[Any]", float]  # work, its outcome, deadline


class _Writer:
    """One writer thread per SQLite engine: group commit.

    Every session's write is queued; the thread takes whatever is waiting and runs it in one
    transaction, each write in a savepoint of its own (one that fails is rolled back alone and
    its caller gets the exception). Under a room of phones this turns hundreds of small
    transactions, each queuing for the file lock while its thread waits for the interpreter,
    into a few larger ones (measured with make load: waits of up to 2 s for the lock before).
    A batch that meets a busy database is tried again; a write whose own deadline passes
    meanwhile is refused (``StorageBusy``), the others go on.
    """

    MAX_BATCH = 500

    def __init__(self, engine: Engine) -> None:
        self.engine_ref = weakref.ref(engine)  # the thread ends some time after the engine
        self.queue: queue.SimpleQueue[Job] = queue.SimpleQueue()
        self.thread = threading.Thread(target=self._loop, name="sbsmi-sqlite-writer", daemon=True)
        self.thread.start()

    def submit(self, work: Callable[[Connection], T], patience: float) -> T:
        fut: Future[T] = Future()
        self.queue.put((work, fut, time.monotonic() + patience))
        try:
            return fut.result(timeout=patience)
        except FutureTimeout:
            if fut.cancel():  # never started: nothing was written
                raise StorageBusy("the write queue did not move") from None
        try:  # running: the writer settles it at its deadline (plus one attempt) at the latest
            return fut.result(timeout=patience + BUSY_TIMEOUT_MS / 1000 + 5)
        except FutureTimeout:  # pragma: no cover - a stuck writer; the write may still land
            raise StorageBusy("the writer did not answer") from None

    def _loop(self) -> None:
        while self._pass():
            pass

    def _pass(self) -> bool:
        """One batch; False when the engine is gone (each pass's locals die with it)."""
        try:
            batch = [self.queue.get(timeout=30)]
        except queue.Empty:
            return self.engine_ref() is not None
        while len(batch) < self.MAX_BATCH:
            try:
                batch.append(self.queue.get_nowait())
            except queue.Empty:
                break
        live = [job for job in batch if job[1].set_running_or_notify_cancel()]
        engine = self.engine_ref()
        if engine is None:
            for _, fut, _ in live:
                fut.set_exception(StorageBusy("the database was closed"))
            return False
        if live:
            self._run(engine, live)
        return True

    def _run(self, engine: Engine, live: list[Job]) -> None:
        delay = 0.02
        while live:
            outcomes: list[tuple[Future[Any], Any, BaseException | None]] = []
            try:
                with engine.begin() as conn:
                    for work, fut, _ in live:
                        try:
                            with conn.begin_nested():
                                outcomes.append((fut, work(conn), None))
                        except (OperationalError, SATimeout) as exc:
                            if _transient(exc):
                                raise  # the whole batch is tried again
                            outcomes.append((fut, None, exc))
                        except Exception as exc:
                            outcomes.append((fut, None, exc))
            except (OperationalError, SATimeout) as exc:
                # rolled back: nothing of the batch was written
                if not _transient(exc):
                    for _, fut, _ in live:
                        fut.set_exception(exc)
                    return
                now = time.monotonic()
                for _, fut, deadline in live:
                    if now + delay > deadline:
                        fut.set_exception(StorageBusy(str(exc)))
                live = [job for job in live if now + delay <= job[2]]
                delay = _back_off(delay)
                continue
            except BaseException as exc:  # pragma: no cover - a defect: tell every caller
                for _, fut, _ in live:
                    fut.set_exception(exc)
                return
            for fut, result, failure in outcomes:
                if failure is None:
                    fut.set_result(result)
                else:
                    fut.set_exception(failure)
            return


def _writer(engine: Engine) -> _Writer:
    with _writers_guard:
        writer = _writers.get(engine)
        if writer is None:
            writer = _writers[engine] = _Writer(engine)
        return writer


def write(engine: Engine, work: Callable[[Connection], T], patience: float | None = None) -> T:
    """Run ``work`` in a write transaction, tried again while the database is busy.

    Raises :class:`StorageBusy` when it could not be done within ``patience`` seconds
    (``WRITE_PATIENCE`` by default); nothing of it was written then. On an SQLite file the
    work joins the engine's writer queue (see ``_Writer``); PostgreSQL runs writers side by
    side. An in-memory SQLite database (one connection, for tests and scripts) is written
    directly by the caller.
    """
    patience = WRITE_PATIENCE if patience is None else patience
    if engine.dialect.name == "sqlite" and engine.url.database not in (None, "", ":memory:"):
        return _writer(engine).submit(work, patience)
    deadline = time.monotonic() + patience
    delay = 0.02
    while True:
        try:
            with engine.begin() as conn:
                return work(conn)
        except (OperationalError, SATimeout) as exc:
            if not _transient(exc):
                raise
            if time.monotonic() + delay > deadline:
                raise StorageBusy(str(exc)) from exc
        delay = _back_off(delay)


def read(engine: Engine) -> Connection:
    """A connection for reading only (on SQLite: a deferred transaction, no write lock)."""
    return engine.connect().execution_options(**{READONLY: True})


# The key of the PostgreSQL advisory lock that migrations hold (any fixed 64-bit number).
MIGRATION_LOCK = 0x5B5A1_0001


def migrate(engine: Engine, revision: str = "head") -> None:
    """Upgrade the schema to ``revision`` (the newest by default).

    On PostgreSQL the upgrade holds an advisory lock for its transaction: replicas of the app
    that start together over one database (``make cluster``, systemd) migrate one at a time,
    and the later ones find the schema at its head and change nothing. (Without the lock, two
    first starts both try to create the tables and one of them fails.)
    """
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def pragma(engine: Engine, name: str) -> Any:
    """The value of an SQLite PRAGMA on a pooled connection (for tests and diagnostics)."""
    with engine.connect() as conn:
        return conn.exec_driver_sql(f"PRAGMA {name}").scalar()
