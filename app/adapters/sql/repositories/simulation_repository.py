"""Simulation mode storage: auto-officer policies, the requests waiting for an officer, and a
TPS's reset of its own data (demo and test only)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Table, and_, delete, or_, select, update
from sqlalchemy.orm import Session

from app.adapters.sql.database import Database
from app.adapters.sql.repositories.outbox_repository import D
from app.adapters.sql.tables.outbox_tables import SimulationPolicyRow
from app.adapters.sql.tables.plp_tables import PlpRequestRow
from app.adapters.sql.tables.reference_tables import metadata
from app.domain.simulation import SimulationPolicy
from app.domain.status import PlpStatus

REQ = PlpRequestRow.__table__  # type: ignore[attr-defined]
POLICY = SimulationPolicyRow.__table__  # type: ignore[attr-defined]
_CHECKS = (PlpStatus.APPROVED.value, PlpStatus.GATED_OUT.value)


class SqlSimulationStore:
    def __init__(self, database: Database) -> None:
        self._database = database

    def policies(self) -> dict[str, SimulationPolicy]:
        with self._database.session(read_only=True) as s:
            rows = s.execute(select(POLICY.c.office_code, POLICY.c.policy)).all()
        return {r.office_code: SimulationPolicy.of(r.policy) for r in rows}

    def put_policy(self, office_code: str, policy: SimulationPolicy, by: str, at: datetime) -> None:
        with self._database.session() as s:
            s.merge(
                SimulationPolicyRow(
                    office_code=office_code, policy=policy.as_dict(), updated_at=at, updated_by=by
                )
            )
            s.commit()

    def remove_policy(self, office_code: str) -> bool:
        with self._database.session() as s:
            result = s.execute(delete(POLICY).where(POLICY.c.office_code == office_code))
            s.commit()
        return bool(result.rowcount)  # type: ignore[attr-defined]

    def waiting(
        self, decision_offices: list[str] | None, check_offices: list[str] | None, limit: int
    ) -> list[str]:
        clauses = []
        if decision_offices is None or decision_offices:
            clauses.append(_at(PlpStatus.IN_REVIEW.value, decision_offices))
            pending = REQ.c.cancellation_pending.is_(True)  # L1: for the Kasubsi
            offices = decision_offices
            clauses.append(
                pending if offices is None else and_(pending, REQ.c.office_code.in_(offices))
            )
        if check_offices is None or check_offices:
            clauses.append(_at(_CHECKS, check_offices))
        if not clauses:
            return []
        query = select(REQ.c.id).where(or_(*clauses)).order_by(REQ.c.submitted_at).limit(limit)
        with self._database.session(read_only=True) as s:
            return list(s.execute(query).scalars())

    def reset_tps(self, tps_code: str) -> dict[str, int]:
        counts: dict[str, int] = {}
        with self._database.session() as s:
            _cascade(s, REQ, REQ.c.applicant_tps == tps_code, counts)
            counts["push_delivery"] = _count(s.execute(delete(D).where(D.c.tps_code == tps_code)))
            s.commit()
        return {k: v for k, v in counts.items() if v}


def _at(statuses: str | tuple[str, ...], offices: list[str] | None) -> ColumnElement[bool]:
    status = REQ.c.status.in_(statuses) if isinstance(statuses, tuple) else REQ.c.status == statuses
    return status if offices is None else and_(status, REQ.c.office_code.in_(offices))


def _cascade(s: Session, table: Table, where: ColumnElement[bool], counts: dict[str, int]) -> None:
    """Delete rows and, first, everything that refers to them through a foreign key, found in
    the metadata so tables added by later issues are covered; a nullable reference from
    another record (a paper PLP's entry) is only cleared."""
    for child in metadata.sorted_tables:
        for fk in child.foreign_keys:
            if fk.column.table is not table:
                continue
            refers = fk.parent.in_(select(fk.column).where(where))
            if fk.parent.nullable:
                s.execute(update(child).where(refers).values({fk.parent.name: None}))
            else:
                _cascade(s, child, refers, counts)
    counts[table.name] = counts.get(table.name, 0) + _count(s.execute(delete(table).where(where)))


def _count(result: Any) -> int:
    return int(result.rowcount or 0)
