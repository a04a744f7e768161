"""What the database has committed, as a value that changes with every commit by anyone: the
key under which a read's answer may be kept (issue 13). Read before the data, it is exact on
every instance: a later reader that sees the same value knows nothing was committed since.

SQLite: `PRAGMA data_version` on a connection of its own, which changes whenever another
connection (of any process) commits; this one never writes. PostgreSQL: the current snapshot
(`pg_current_snapshot()`: oldest running, next and running transaction ids), which no commit
leaves unchanged. Both cost microseconds; None means "unknown": do not use a kept answer."""

from __future__ import annotations

import contextlib
import logging
import os
import select
import sqlite3
import threading
import time
from typing import Any

import psycopg
from psycopg import pq
from sqlalchemy import make_url

from app.adapters.sql.database import Database

log = logging.getLogger(__name__)

ROUND_TRIP_LIMIT = 0.2  # seconds: a PostgreSQL that does not answer a snapshot read is broken
RETRY_AFTER = 5.0  # seconds between attempts to reconnect after a failure
_STATEMENT = b"plp_revision"


class DatabaseRevision:
    """One per process (and per fork: a connection never crosses a fork)."""

    def __init__(self, database: Database) -> None:
        self._url = database.url
        self._is_sqlite = database.is_sqlite
        self._lock = threading.Lock()
        self._connection: Any = None
        self._pid = 0
        self._failed_at = -RETRY_AFTER
        self._connecting = 0  # the process whose thread is connecting
        self._closed = False

    @property
    def round_trip(self) -> bool:
        """Whether reading it goes to a server (PostgreSQL), so readers had better share one."""
        return not self._is_sqlite

    def current(self) -> object | None:
        """Runs on the event loop: on PostgreSQL one prepared round trip that takes no lock and
        reads no table, bounded by ROUND_TRIP_LIMIT (a thread hop would cost more CPU than it)."""
        with self._lock:
            try:
                connection = self._connected()
                if connection is None:
                    return None
                return self._read(connection)
            except (sqlite3.Error, psycopg.Error, OSError, TimeoutError) as error:
                log.warning("database revision unknown, reading without kept answers: %s", error)
                self._drop()
                self._failed_at = time.monotonic()
                return None

    def close(self) -> None:
        with self._lock:
            self._closed = True
            self._drop()

    def _connected(self) -> Any:
        if self._connection is not None and self._pid == os.getpid():
            return self._connection
        self._connection = None
        if self._closed or self._connecting == os.getpid():
            return None
        if time.monotonic() - self._failed_at < RETRY_AFTER:
            return None
        if self._is_sqlite:  # a local file opens at once
            self._connection, self._pid = self._connect(), os.getpid()
            return self._connection
        # PostgreSQL connects on a thread of its own: an unreachable server must not hold the
        # event loop for the connect timeout; answers are read without the cache meanwhile
        self._connecting = os.getpid()
        threading.Thread(target=self._connect_aside, name="plp-revision", daemon=True).start()
        return None

    def _connect_aside(self) -> None:
        try:
            connection = self._connect()
        except (psycopg.Error, OSError) as error:
            log.warning("database revision unavailable, reading without kept answers: %s", error)
            with self._lock:
                self._failed_at, self._connecting = time.monotonic(), 0
            return
        with self._lock:
            self._connection, self._pid, self._connecting = connection, os.getpid(), 0
            if self._closed:  # the app stopped meanwhile
                self._drop()

    def _connect(self) -> Any:
        url = make_url(self._url)
        if self._is_sqlite:
            return sqlite3.connect(
                url.database or "", isolation_level=None, check_same_thread=False
            )
        conninfo = url.set(drivername="postgresql").render_as_string(hide_password=False)
        connection = psycopg.connect(conninfo, autocommit=True, connect_timeout=2)
        pgconn = connection.pgconn
        result = pgconn.prepare(_STATEMENT, b"SELECT pg_current_snapshot()::text")
        if result.status != pq.ExecStatus.COMMAND_OK:
            raise psycopg.OperationalError(result.get_error_message())
        pgconn.nonblocking = 1
        return connection

    def _read(self, connection: Any) -> object:
        if self._is_sqlite:
            return connection.execute("PRAGMA data_version").fetchone()[0]
        # libpq directly: psycopg's cursor machinery costs four times the round trip's CPU
        pgconn = connection.pgconn
        pgconn.send_query_prepared(_STATEMENT, None)  # raises when it cannot send
        deadline = time.monotonic() + ROUND_TRIP_LIMIT
        while pgconn.flush():
            _wait(pgconn.socket, deadline, write=True)
        pgconn.consume_input()
        while pgconn.is_busy():
            _wait(pgconn.socket, deadline)
            pgconn.consume_input()
        result = pgconn.get_result()
        while pgconn.get_result() is not None:  # the end of the answer
            pass
        if result is None or result.status != pq.ExecStatus.TUPLES_OK:
            message = result.get_error_message() if result is not None else "no answer"
            raise psycopg.OperationalError(message)
        return result.get_value(0, 0)

    def _drop(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None and self._pid == os.getpid():
            with contextlib.suppress(Exception):  # a broken connection closes as it can
                connection.close()


def _wait(fd: int, deadline: float, write: bool = False) -> None:
    left = deadline - time.monotonic()
    if left > 0:
        poller = select.poll()  # not select.select: a busy server's descriptors pass 1,024
        poller.register(fd, select.POLLOUT if write else select.POLLIN)
        if poller.poll(left * 1000):
            return
    raise TimeoutError(f"no answer from the database within {ROUND_TRIP_LIMIT} s")
