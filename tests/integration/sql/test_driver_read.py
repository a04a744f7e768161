"""driver.read gives the rows SQLAlchemy gives: the columns' bind and result processors applied
(aware datetimes, dates, parsed JSON, booleans), on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import bindparam, literal_column, select
from sqlalchemy.exc import DBAPIError

from app.adapters.sql import driver
from app.adapters.sql.database import Database
from app.adapters.sql.repositories import plp_repository as repo
from app.adapters.sql.unit_of_work import SqlUnitOfWork
from app.domain.actor import Actor, Role
from tests.integration.sql.test_repository import T0, _request

R = repo.REQ.c
# values of every kind as parameters: an aware datetime, a date, a boolean, a string
_FILTERED = (
    select(R.id, R.submitted_at, R.bc11_date, R.needs_p2, R.findings, R.manifest_rec)
    .where(
        R.submitted_at >= bindparam("since"),
        R.bc11_date == bindparam("bc11_date"),
        R.needs_p2 == bindparam("needs_p2"),
        R.office_code == "040300",
    )
    .order_by(R.id)
)


def _both(conn: Any, statement: Any, params: dict[str, Any]) -> tuple[list[Any], list[Any]]:
    ours = driver.read(conn, statement, params)
    theirs = [dict(r._mapping) for r in conn.execute(statement, params)]
    return ours, theirs


def test_read_gives_what_sqlalchemy_gives(database: Database) -> None:
    stored = _request("DRV", "MSKU1001373", "TGHU1002113")
    stored.recommend("manifest", Actor("m", Role.MANIFEST_OFFICER), T0, True, "ok")
    with SqlUnitOfWork(database) as uow:
        uow.plp_requests.add(stored)
        uow.commit()

    with SqlUnitOfWork(database, read_only=True) as uow:
        conn, key = uow.session.connection(), {"id": stored.id}
        for statement in (repo._REQUEST, repo._LINES, repo._EVENTS):
            ours, theirs = _both(conn, statement, key)
            assert ours == theirs and ours
        since = {"since": T0 - timedelta(hours=1), "bc11_date": stored.header.bc11_date}
        ours, theirs = _both(conn, _FILTERED, since | {"needs_p2": True})
        assert ours == theirs
        assert [r["id"] for r in ours] == [stored.id]
        assert ours[0]["submitted_at"] == T0 and ours[0]["manifest_rec"]["approve"] is True
        assert _both(conn, _FILTERED, since | {"needs_p2": False})[0] == []


def test_read_all_gives_what_each_read_gives(database: Database) -> None:
    stored = _request("DRA", "MSKU1001373")
    with SqlUnitOfWork(database) as uow:
        uow.plp_requests.add(stored)
        uow.commit()

    with SqlUnitOfWork(database, read_only=True) as uow:
        conn = uow.session.connection()
        reads = [
            (statement, {"id": key})
            for key in (stored.id, "missing")
            for statement in (repo._REQUEST, repo._LINES, repo._EVENTS)
        ]
        together = driver.read_all(conn, reads)
        assert together == [driver.read(conn, s, p) for s, p in reads]
        assert [bool(rows) for rows in together] == [True] * 3 + [False] * 3
        found = uow.plp_requests.get_with_audit(stored.id)
        assert found is not None and found[0].lines == stored.lines
        assert uow.plp_requests.get_with_audit("missing") is None


def test_read_all_errors_are_sqlalchemys(database: Database) -> None:
    with SqlUnitOfWork(database, read_only=True) as uow:
        conn = uow.session.connection()
        broken = select(literal_column("no_such_column")).where(R.id == bindparam("id"))
        with pytest.raises(DBAPIError):
            driver.read_all(conn, [(repo._REQUEST, {"id": "x"}), (broken, {"id": "x"})])
