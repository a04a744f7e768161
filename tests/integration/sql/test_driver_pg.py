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
