"""The unit of work: one session, one transaction; leaving without commit rolls back."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session

from app.adapters.sql.database import Database
from app.adapters.sql.outbox_repository import PublishingPlpRequestRepository
from app.adapters.sql.outbox_store import SqlOutbox
from app.adapters.sql.tables import NumberSequenceRow
from app.domain.errors import DependencyUnavailableError

SEQ = NumberSequenceRow.__table__  # type: ignore[attr-defined]


class SqlNumberSequence:
    """Gap-free yearly numbers: the row is locked by the upsert until the transaction ends."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def next(self, office_code: str, kind: str, year: int) -> int:
        dialect = self._session.get_bind().dialect.name
        make = pg_insert if dialect == "postgresql" else sqlite_insert
        stmt = (
            make(SEQ)
            .values(office_code=office_code, kind=kind, year=year, last_value=1)
            .on_conflict_do_update(
                index_elements=["office_code", "kind", "year"],
                set_={"last_value": SEQ.c.last_value + 1},
            )
            .returning(SEQ.c.last_value)
        )
        return int(self._session.execute(stmt).scalar_one())


class SessionScope:
    """One session, one transaction: leaving without commit rolls back; a database that does
    not answer becomes DependencyUnavailableError (503, or a SOAP/H2H service error)."""

    session: Session

    def __init__(self, database: Database, read_only: bool = False) -> None:
        self._database, self._read_only = database, read_only

    def __enter__(self) -> Self:
        self.session = self._database.session(self._read_only)
        self._open(self.session)
        return self

    def _open(self, session: Session) -> None:
        """Build the repositories on the session."""

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            self.session.rollback()
            self.session.close()
        finally:
            if isinstance(exc, OperationalError) or (
                isinstance(exc, DBAPIError) and exc.connection_invalidated
            ):
                raise DependencyUnavailableError("the database does not answer") from exc

    def commit(self) -> None:
        self.session.commit()

    def rollback(self) -> None:
        self.session.rollback()


class SqlUnitOfWork(SessionScope):
    def _open(self, session: Session) -> None:
        self.outbox = SqlOutbox(session)  # push events commit with their change
        self.plp_requests = PublishingPlpRequestRepository(session, self.outbox)
        self.sequences = SqlNumberSequence(session)
