"""T1: the requests the transit watch must flag, read from two partial indexes only, so a run
costs the same with a thousand or a million requests stored."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import TextClause, bindparam, text
from sqlalchemy.orm import Session

from app.adapters.sql.tables.plp_tables import APPROVAL_OPEN, TRANSIT_OPEN
from app.adapters.sql.types import UtcDateTime


def _due(column: str, index: str, predicate: str, sqlite: bool) -> TextClause:
    # The index's own predicate is repeated word for word, its statuses written out, not
    # bound: a partial index serves only a query whose WHERE implies it (PostgreSQL's generic
    # plans cannot see through a parameter). SQLite, once ANALYZE has run, may prefer the
    # status index and sort its rows, a scan at a million requests, so it is told the index.
    hint = f" INDEXED BY {index}" if sqlite else ""
    # Only this module's constants are spliced in; the time and the limit are parameters.
    sql = (
        f"SELECT id FROM plp_request{hint} WHERE {predicate} "  # noqa: S608
        f"AND {column} <= :now ORDER BY {column} LIMIT :limit"
    )
    return text(sql).bindparams(bindparam("now", type_=UtcDateTime))


_STATEMENTS = {
    (kind, sqlite): _due(column, index, predicate, sqlite)
    for kind, column, index, predicate in (
        ("lapsing", "approval_lapses_at", "ix_plp_request_approval_watch", APPROVAL_OPEN),
        ("overdue", "transit_due_at", "ix_plp_request_transit_watch", TRANSIT_OPEN),
    )
    for sqlite in (False, True)
}


class SqlTransitWatch:
    def __init__(self, session: Session) -> None:
        self._session = session

    def lapsing(self, now: datetime, limit: int) -> list[str]:
        return self._ids("lapsing", now, limit)

    def overdue(self, now: datetime, limit: int) -> list[str]:
        return self._ids("overdue", now, limit)

    def _ids(self, kind: str, now: datetime, limit: int) -> list[str]:
        sqlite = self._session.get_bind().dialect.name == "sqlite"
        rows = self._session.execute(_STATEMENTS[(kind, sqlite)], {"now": now, "limit": limit})
        return list(rows.scalars())
