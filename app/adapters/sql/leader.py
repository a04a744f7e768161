"""Which scheduler leads where several instances run: a PostgreSQL advisory lock.

The lock lives as long as the session that took it, so the leader keeps one connection; if
that connection dies PostgreSQL frees the lock and another instance takes over at its next
run. SQLite serves one instance, which always leads.
"""

from __future__ import annotations

import logging
import threading

from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError

from app.adapters.sql.database import Database

log = logging.getLogger("plp.jobs")
SCHEDULER_LOCK = 7_204_032  # next to the migration lock (7_204_031)


class LeaderLock:
    def __init__(self, database: Database, key: int = SCHEDULER_LOCK) -> None:
        self._database, self._key = database, key
        self._connection: Connection | None = None
        self._guard = threading.Lock()

    def is_leader(self) -> bool:
        return self.check() is True

    def check(self) -> bool | None:
        """True: this instance leads; False: another does; None: the database does not answer,
        so no one can tell."""
        if self._database.is_sqlite:
            return True
        with self._guard:
            if self._connection is not None and self._still_held(self._connection):
                return True
            return self._try_acquire()

    def release(self) -> None:
        with self._guard:
            connection, self._connection = self._connection, None
            if connection is None:
                return
            try:
                connection.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": self._key})
            except DBAPIError:
                pass  # the session is gone, and with it the lock
            finally:
                connection.close()

    def _try_acquire(self) -> bool | None:
        try:
            connection = self._database.engine.connect().execution_options(
                isolation_level="AUTOCOMMIT"
            )
            got = connection.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": self._key})
        except DBAPIError:
            return None
        if got.scalar():
            log.info("this instance now leads the scheduled jobs")
            self._connection = connection
            return True
        connection.close()
        return False

    def _still_held(self, connection: Connection) -> bool:
        try:
            connection.execute(text("SELECT 1"))
            return True
        except DBAPIError:
            log.warning("lost the scheduler lock with its connection; trying to lead again")
            connection.invalidate()
            connection.close()
            self._connection = None
            return False
