"""SQLite's BEGIN is sent on the driver's cursor (issue 13); a database locked by another
writer is still the 503 kind, not an internal error."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from app.adapters.sql.database import Database
from app.adapters.sql.unit_of_work import SqlUnitOfWork
from app.domain.errors import DependencyUnavailableError


def test_a_write_lock_held_elsewhere_is_a_dependency_error(sqlite_url: str) -> None:
    database = Database(sqlite_url, pool_size=1)
    with database.engine.connect() as conn:  # the pooled connection waits 50 ms, not 30 s
        conn.exec_driver_sql("PRAGMA busy_timeout=50")
        conn.rollback()
    other = sqlite3.connect(make_url(sqlite_url).database or "", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(DependencyUnavailableError), SqlUnitOfWork(database) as uow:
            uow.session.connection()
    finally:
        other.execute("ROLLBACK")
        other.close()

    with SqlUnitOfWork(database) as uow:  # free again
        assert uow.session.execute(text("SELECT 1")).scalar() == 1
    database.dispose()
