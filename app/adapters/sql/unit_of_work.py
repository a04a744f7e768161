"""The unit of work: one session, one transaction; leaving without commit rolls back."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import DataError, DBAPIError, OperationalError
from sqlalchemy.orm import Session

from app.adapters.sql.database import Database
from app.adapters.sql.repositories.outbox_repository import SqlOutbox
from app.adapters.sql.repositories.publishing_plp_repository import PublishingPlpRequestRepository
from app.adapters.sql.tables.reference_tables import NumberSequenceRow
from app.domain.errors import DependencyUnavailableError, InvalidInputError, PlpError

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
    """One session, one transaction: leaving without commit rolls back; database errors leave
    it as what they mean to the caller (domain_error)."""

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
            if exc is not None and (error := domain_error(exc)) is not None:
                raise error from exc

    def commit(self) -> None:
        self.session.commit()

    def rollback(self) -> None:
        self.session.rollback()


class SqlUnitOfWork(SessionScope):
    def _open(self, session: Session) -> None:
        self.outbox = SqlOutbox(session)  # push events commit with their change
        self.plp_requests = PublishingPlpRequestRepository(session, self.outbox)
        self.sequences = SqlNumberSequence(session)


def domain_error(exc: BaseException) -> PlpError | None:
    """What a database error means to the caller: a database that does not answer is
    DependencyUnavailableError (503, or a SOAP/H2H service error); a value it cannot take (a
    NUL character in text, on PostgreSQL) is InvalidInputError (422), not an internal error."""
    if isinstance(exc, OperationalError) or (
        isinstance(exc, DBAPIError) and exc.connection_invalidated
    ):
        return DependencyUnavailableError("the database does not answer")
    if isinstance(exc, DataError):
        return InvalidInputError(f"the database cannot take a value: {_reason(exc)}")
    return None


def _reason(exc: DataError) -> str:
    """The database's own words, with its detail line (e.g. which escape it cannot convert)."""
    reason = str(exc.orig).splitlines()[0] if exc.orig else "invalid value"
    detail = getattr(getattr(exc.orig, "diag", None), "message_detail", None)
    return f"{reason} ({detail})" if detail else reason
