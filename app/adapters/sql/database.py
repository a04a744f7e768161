"""Engines and sessions for SQLite (embedded default) and PostgreSQL (production)."""

from __future__ import annotations

from time import monotonic
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import Session, sessionmaker

from app.adapters.sql import driver

PING_AFTER_IDLE = 5.0  # seconds a pooled PostgreSQL connection may rest before it is pinged


def normalise_url(url: str) -> str:
    """Accept plain postgresql:// URLs and use the psycopg 3 driver for them."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


class Database:
    """One place that knows the driver: engines, session factories, dialect quirks."""

    def __init__(self, url: str, pool_size: int = 10, ping_after: float = PING_AFTER_IDLE) -> None:
        self.url = normalise_url(url)
        self.is_sqlite = self.url.startswith("sqlite")
        if self.is_sqlite:
            # Writers take the lock at BEGIN, so a read-then-write use case never meets
            # SQLITE_BUSY half-way; readers use a second engine and never wait on writers (WAL).
            self.engine = _sqlite_engine(self.url, "BEGIN IMMEDIATE", pool_size)
            self.read_engine = _sqlite_engine(self.url, "BEGIN", pool_size)
        else:
            _cache_long_statements()
            self.engine = create_engine(self.url, pool_size=pool_size, max_overflow=pool_size * 2)
            _ping_after_idle(self.engine, ping_after)
            self.read_engine = self.engine
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        self.read_sessions = sessionmaker(self.read_engine, expire_on_commit=False)
        # PostgreSQL at READ COMMITTED gives each statement of a transaction its own snapshot
        # anyway: reads that need nothing more run without one, and save the round trips of
        # BEGIN and ROLLBACK. SQLite's read transactions cost no round trip: they stay.
        self.statement_reads = (
            self.read_sessions
            if self.is_sqlite
            else sessionmaker(
                self.engine.execution_options(isolation_level="AUTOCOMMIT"),
                expire_on_commit=False,
            )
        )

    def session(self, read_only: bool = False) -> Session:
        return (self.read_sessions if read_only else self.sessions)()

    def statement_session(self) -> Session:
        """For reads whose statements need no snapshot in common beyond what each sees (no
        writes, no server-side cursors): on PostgreSQL, without a transaction."""
        return self.statement_reads()

    def dispose(self) -> None:
        self.engine.dispose()
        self.read_engine.dispose()


def _sqlite_engine(url: str, begin: str, pool_size: int) -> Engine:
    # The pool of PostgreSQL's size: with SQLAlchemy's default of 5, the request threads
    # opened and closed connections all the time, each with its pragmas (issue 13).
    engine = create_engine(
        url,
        connect_args={"check_same_thread": False, "timeout": 30},
        pool_size=pool_size,
        max_overflow=pool_size * 2,
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we send BEGIN ourselves
        cursor = dbapi_connection.cursor()
        for pragma in (
            "journal_mode=WAL",
            "foreign_keys=ON",
            "busy_timeout=30000",
            "synchronous=FULL",
        ):
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # on the driver's cursor: through SQLAlchemy, BEGIN cost as much as a read (issue 13)
        driver.run(connection, begin)

    return engine


def _ping_after_idle(engine: Engine, seconds: float) -> None:
    """pool_pre_ping, for connections that rested: a ping before every checkout cost a round
    trip per request (and as much CPU as a read). A connection used within the last seconds is
    handed out as it is; one that rested longer (a firewall or the server may have dropped it)
    is pinged, and replaced if it does not answer. If the server went away meanwhile, the first
    statement on a connection fails as a lost connection (503) and SQLAlchemy then replaces
    every connection of the pool."""

    @event.listens_for(engine, "connect")
    def _connected(_dbapi_connection: Any, record: Any) -> None:
        record.info["rested_since"] = monotonic()

    @event.listens_for(engine, "checkin")
    def _checked_in(_dbapi_connection: Any, record: Any) -> None:
        record.info["rested_since"] = monotonic()

    @event.listens_for(engine, "checkout")
    def _checked_out(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        if monotonic() - record.info.get("rested_since", 0.0) < seconds:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as exc:
            raise DisconnectionError("the connection did not answer a ping") from exc


def _cache_long_statements() -> None:
    """psycopg caches the parse of a statement only up to 4096 characters and 50 parameters;
    our hot statements (a request row has 55 columns) are longer, and re-parsing them on every
    execution costs more than the rest of the insert. There are few of them: cache them all."""
    try:
        from psycopg import _queries
    except ImportError:  # another driver
        return
    _queries.MAX_CACHED_STATEMENT_LENGTH = max(_queries.MAX_CACHED_STATEMENT_LENGTH, 32768)
    _queries.MAX_CACHED_STATEMENT_PARAMS = max(_queries.MAX_CACHED_STATEMENT_PARAMS, 1000)
