"""R4: the requests the deadline watch must mark, read from a partial index only."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam, literal_column, select, text
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnClause

from app.adapters.sql.tables.plp_tables import PlpRequestRow
from app.adapters.sql.types import UtcDateTime

R = PlpRequestRow.__table__.c  # type: ignore[attr-defined]
# The status is written out, not bound: a partial index serves only a query whose WHERE
# repeats its predicate, which a parameter (PostgreSQL's generic plans) does not.
_IN_REVIEW: ColumnClause[str] = literal_column("'IN_REVIEW'")
# SQLite's planner, once ANALYZE has run, may pick the status index and sort its rows; at a
# million requests that is a scan, so it is told which index to use.
_SQLITE = text(
    "SELECT id FROM plp_request INDEXED BY ix_plp_request_sla_watch "
    "WHERE status = 'IN_REVIEW' AND sla_breached_at IS NULL AND deadline_at <= :now "
    "ORDER BY deadline_at LIMIT :limit"
).bindparams(bindparam("now", type_=UtcDateTime))


class SqlSlaWatch:
    def __init__(self, session: Session) -> None:
        self._session = session

    def overdue(self, now: datetime, limit: int) -> list[str]:
        if self._session.get_bind().dialect.name == "sqlite":
            rows = self._session.execute(_SQLITE, {"now": now, "limit": limit})
            return list(rows.scalars())
        query = (
            select(R.id)
            .where(R.status == _IN_REVIEW, R.sla_breached_at.is_(None), R.deadline_at <= now)
            .order_by(R.deadline_at)
            .limit(limit)
        )
        return list(self._session.execute(query).scalars())
