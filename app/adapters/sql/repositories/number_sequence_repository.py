"""Yearly number series per office: PLP numbers, cancellation numbers."""

from __future__ import annotations

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from app.adapters.sql.tables.reference_tables import NumberSequenceRow

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

    def hold(self, office_code: str, kind: str, year: int) -> None:
        dialect = self._session.get_bind().dialect.name
        make = pg_insert if dialect == "postgresql" else sqlite_insert
        stmt = (  # the same row lock as next(), without using a number
            make(SEQ)
            .values(office_code=office_code, kind=kind, year=year, last_value=0)
            .on_conflict_do_update(
                index_elements=["office_code", "kind", "year"],
                set_={"last_value": SEQ.c.last_value},
            )
        )
        self._session.execute(stmt)
