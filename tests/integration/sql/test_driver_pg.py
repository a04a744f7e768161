"""The submission's hot statements run on the driver's cursor: a database error must still
come out as SQLAlchemy's, and a lost connection as the 503 kind, with the pool recovering."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text

from app.adapters.sql.database import Database
from app.adapters.sql.unit_of_work import SqlUnitOfWork
from app.domain.errors import DependencyUnavailableError
from app.domain.plp_request import PlpRequest
from tests.integration.sql.test_repository import _request

pytestmark = pytest.mark.postgres


def _terminate(url: str, pid: int) -> None:
    engine = create_engine(Database(url).url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    engine.dispose()


def _add_after_losing_the_connection(database: Database, request: PlpRequest, url: str) -> None:
    with SqlUnitOfWork(database) as uow:
        pid = uow.session.connection().exec_driver_sql("SELECT pg_backend_pid()").scalar_one()
        _terminate(url, pid)
        uow.plp_requests.add(request)
        uow.commit()


def test_a_connection_lost_under_a_submission_is_a_dependency_error_and_nothing_is_stored(
    pg_url: str,
) -> None:
    database = Database(pg_url)
    request = _request("LOST", "MSKU1001373")
    with pytest.raises(DependencyUnavailableError):
        _add_after_losing_the_connection(database, request, pg_url)

    with SqlUnitOfWork(database) as uow:  # a fresh connection: the lost one was invalidated
        assert uow.plp_requests.get(request.id) is None
        uow.plp_requests.add(request)
        uow.commit()
    with SqlUnitOfWork(database) as uow:
        assert uow.plp_requests.get(request.id) == request
    database.dispose()


def test_a_rested_connection_that_was_dropped_is_replaced_before_use(pg_url: str) -> None:
    database = Database(pg_url, ping_after=0.0)  # every checkout counts as after a rest
    with SqlUnitOfWork(database) as uow:
        pid = uow.session.connection().exec_driver_sql("SELECT pg_backend_pid()").scalar_one()
    _terminate(pg_url, pid)  # the pooled connection is dead now

    with SqlUnitOfWork(database) as uow:  # pinged, found dead, replaced: no error
        again = uow.session.connection().exec_driver_sql("SELECT pg_backend_pid()").scalar_one()
    assert again != pid
    database.dispose()


def test_a_connection_used_just_now_is_not_pinged(pg_url: str) -> None:
    database = Database(pg_url)
    pings: list[object] = []
    ping = database.engine.dialect.do_ping
    database.engine.dialect.do_ping = lambda c: pings.append(c) or ping(c)  # type: ignore[method-assign]
    for _ in range(3):
        with SqlUnitOfWork(database) as uow:
            uow.session.connection().exec_driver_sql("SELECT 1")
    assert pings == []
    database.dispose()


def test_reads_run_without_a_transaction_and_leave_none_behind(pg_url: str) -> None:
    database = Database(pg_url, pool_size=1)  # one connection: the writer gets the reader's
    request = _request("AUTO", "MSKU1001373")
    with SqlUnitOfWork(database, read_only=True) as uow:
        assert uow.plp_requests.get(request.id, for_update=False) is None
        conn = uow.session.connection().connection.dbapi_connection
        assert conn is not None and conn.autocommit  # no BEGIN, no ROLLBACK round trip

    with SqlUnitOfWork(database) as uow:  # a writer on the same connection: in a transaction
        uow.plp_requests.add(request)  # never committed
    with SqlUnitOfWork(database, read_only=True) as uow:
        assert uow.plp_requests.get(request.id, for_update=False) is None
        with pytest.raises(RuntimeError):
            uow.commit()
    database.dispose()
