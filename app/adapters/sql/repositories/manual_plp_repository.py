"""Paper PLPs of a manual period and their reconciliations (F2, F3, L2)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from app.adapters.sql.tables.outage_tables import ManualPlpRow, ReconciliationRow
from app.domain.lines import ContainerSpec, PackageSpec
from app.domain.manual_plp import ManualDecision, ManualPlp
from app.domain.reasons import PlpReason
from app.domain.reconciliation import Reconciliation, ReconciliationStatus

M = ManualPlpRow.__table__  # type: ignore[attr-defined]
REC = ReconciliationRow.__table__  # type: ignore[attr-defined]
_PLAIN = ("containers", "packages", "decision")


class SqlManualPlps:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, manual: ManualPlp) -> None:
        self._session.execute(insert(M), [_row(manual)])

    def get(self, manual_id: str) -> ManualPlp | None:
        row = self._session.execute(select(M).where(M.c.id == manual_id)).first()
        return None if row is None else _manual(row)

    def save(self, manual: ManualPlp) -> None:
        self._session.execute(update(M).where(M.c.id == manual.id).values(_row(manual)))

    def of_outage(self, outage_id: str) -> list[ManualPlp]:
        query = select(M).where(M.c.outage_id == outage_id).order_by(M.c.received_at, M.c.id)
        return [_manual(r) for r in self._session.execute(query)]

    def of_tps(self, tps_code: str) -> list[ManualPlp]:
        party = (M.c.origin_tps == tps_code) | (M.c.destination_tps == tps_code)
        query = select(M).where(party).order_by(M.c.received_at, M.c.id)
        return [_manual(r) for r in self._session.execute(query)]


class SqlReconciliations:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, reconciliation: Reconciliation) -> None:
        row = asdict(reconciliation) | {"status": reconciliation.status.value}
        self._session.execute(insert(REC), [row])

    def get(self, reconciliation_id: str) -> Reconciliation | None:
        return self._one(select(REC).where(REC.c.id == reconciliation_id))

    def of_outage(self, outage_id: str) -> Reconciliation | None:
        return self._one(select(REC).where(REC.c.outage_id == outage_id))

    def close(self, reconciliation_id: str, at: datetime, by: str) -> bool:
        where = (REC.c.id == reconciliation_id, REC.c.status == ReconciliationStatus.OPEN.value)
        values = {"status": ReconciliationStatus.CLOSED.value, "closed_at": at, "closed_by": by}
        result = self._session.execute(update(REC).where(*where).values(values))
        return bool(result.rowcount)  # type: ignore[attr-defined]

    def _one(self, query: Any) -> Reconciliation | None:
        row = self._session.execute(query).first()
        if row is None:
            return None
        m = dict(row._mapping)
        return Reconciliation(**m | {"status": ReconciliationStatus(m["status"])})


def _row(manual: ManualPlp) -> dict[str, Any]:
    values = {k: v for k, v in asdict(manual).items() if k not in _PLAIN}
    d = manual.decision
    return values | {
        "reason": manual.reason.value,
        "lines": {
            "containers": [asdict(c) for c in manual.containers],
            "packages": [asdict(p) | {"bl_date": p.bl_date.isoformat()} for p in manual.packages],
        },
        "decision": None
        if d is None
        else asdict(d)
        | {"decided_at": d.decided_at.isoformat(), "letter_date": d.letter_date.isoformat()},
    }


def _manual(row: Any) -> ManualPlp:
    m = dict(row._mapping)
    lines, decision = m.pop("lines"), m.pop("decision")
    containers = tuple(ContainerSpec(**c) for c in lines["containers"])
    packages = tuple(
        PackageSpec(**p | {"bl_date": date.fromisoformat(p["bl_date"])}) for p in lines["packages"]
    )
    paper = None
    if decision is not None:
        paper = ManualDecision(
            **decision
            | {
                "decided_at": datetime.fromisoformat(decision["decided_at"]),
                "letter_date": date.fromisoformat(decision["letter_date"]),
            }
        )
    return ManualPlp(
        **m | {"reason": PlpReason(m["reason"])},
        containers=containers,
        packages=packages,
        decision=paper,
    )
