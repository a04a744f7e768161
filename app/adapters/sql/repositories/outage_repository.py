"""Outages, office modes and office events; every state change is a conditional update."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.adapters.sql.tables.outage_tables import OfficeEventRow, OutageRow, ReconciliationRow
from app.adapters.sql.tables.reference_tables import OfficeRow, TpsRow
from app.domain.errors import ConflictError
from app.domain.messages import msg
from app.domain.outage import OfficeEvent, Outage, OutageSource
from app.domain.reference import ManifestHead, OfficeInfo, OfficeMode

OUT = OutageRow.__table__  # type: ignore[attr-defined]
EV = OfficeEventRow.__table__  # type: ignore[attr-defined]
REC = ReconciliationRow.__table__  # type: ignore[attr-defined]
OFFICE = OfficeRow.__table__  # type: ignore[attr-defined]
TPS = TpsRow.__table__  # type: ignore[attr-defined]


class SqlOutages:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, outage: Outage) -> None:
        try:
            with self._session.begin_nested():  # a lost race must not spoil the transaction
                self._session.execute(
                    insert(OUT), [asdict(outage) | {"source": outage.source.value}]
                )
        except IntegrityError as exc:  # uq_outage_open_office
            raise ConflictError(
                msg(
                    "problems.f1.open_outage",
                    "office {office} already has an open outage",
                    office=outage.office_code,
                ),
                rule="F1",
            ) from exc

    def get(self, outage_id: str) -> Outage | None:
        return self._one(select(OUT).where(OUT.c.id == outage_id))

    def open_for(self, office_code: str) -> Outage | None:
        return self._one(
            select(OUT).where(OUT.c.office_code == office_code, OUT.c.ended_at.is_(None))
        )

    def open_unswitched(self) -> list[Outage]:
        return self._all(select(OUT).where(OUT.c.ended_at.is_(None), OUT.c.switched_at.is_(None)))

    def open_from(self, dependency: str) -> list[Outage]:
        return self._all(
            select(OUT).where(
                OUT.c.ended_at.is_(None),
                OUT.c.source == OutageSource.MONITOR.value,
                OUT.c.dependency == dependency,
            )
        )

    def mark_switched(self, outage_id: str, at: datetime) -> bool:
        where = (OUT.c.id == outage_id, OUT.c.switched_at.is_(None))
        return _changed(self._session, update(OUT).where(*where).values(switched_at=at))

    def end(self, outage_id: str, at: datetime, by: str) -> bool:
        where = (OUT.c.id == outage_id, OUT.c.ended_at.is_(None))
        return _changed(self._session, update(OUT).where(*where).values(ended_at=at, ended_by=by))

    def recent(self, office_code: str | None, open_only: bool, limit: int) -> list[Outage]:
        query = select(OUT).order_by(OUT.c.started_at.desc(), OUT.c.id).limit(limit)
        if office_code:
            query = query.where(OUT.c.office_code == office_code)
        if open_only:
            query = query.where(OUT.c.ended_at.is_(None))
        return self._all(query)

    def in_manual_period(self, office_code: str) -> Outage | None:
        reconciling = (REC.c.status == "open") & (OUT.c.ended_at.is_not(None))
        query = (
            select(OUT)
            .outerjoin(REC, REC.c.outage_id == OUT.c.id)
            .where(OUT.c.office_code == office_code, OUT.c.switched_at.is_not(None))
            .where(OUT.c.ended_at.is_(None) | reconciling)
            .order_by(OUT.c.started_at.desc())
            .limit(1)
        )
        return self._one(query)

    def _one(self, query: Any) -> Outage | None:
        row = self._session.execute(query).first()
        return None if row is None else _outage(row)

    def _all(self, query: Any) -> list[Outage]:
        return [_outage(r) for r in self._session.execute(query)]


class SqlOfficeModes:
    def __init__(self, session: Session) -> None:
        self._session = session

    def get(self, office_code: str) -> OfficeInfo | None:
        row = self._session.execute(select(OFFICE).where(OFFICE.c.code == office_code)).first()
        if row is None:
            return None
        m = row._mapping
        return OfficeInfo(
            m["code"],
            m["name"],
            m["timezone"],
            m["calendar"],
            m["observes_collective_leave"],
            OfficeMode(m["mode"]),
            m["manual_since"],
            m["approval_validity_hours"],
            m["transit_hours"],
            ManifestHead(m["manifest_head"]),
        )

    def switch_to_manual(self, office_code: str, at: datetime) -> bool:
        where = (OFFICE.c.code == office_code, OFFICE.c.mode == OfficeMode.ONLINE.value)
        values = {"mode": OfficeMode.MANUAL.value, "manual_since": at}
        return _changed(self._session, update(OFFICE).where(*where).values(values))

    def return_online(self, office_code: str) -> bool:
        where = (OFFICE.c.code == office_code, OFFICE.c.mode == OfficeMode.MANUAL.value)
        values = {"mode": OfficeMode.ONLINE.value, "manual_since": None}
        return _changed(self._session, update(OFFICE).where(*where).values(values))

    def tps_codes(self, office_code: str) -> list[str]:
        query = select(TPS.c.code).where(TPS.c.office_code == office_code).order_by(TPS.c.code)
        return list(self._session.execute(query).scalars())


class SqlOfficeEvents:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, event: OfficeEvent) -> None:
        self._session.execute(insert(EV), [asdict(event)])  # details hold JSON values only

    def of_outage(self, outage_id: str) -> list[OfficeEvent]:
        return self._all(select(EV).where(EV.c.outage_id == outage_id).order_by(EV.c.id))

    def of_office(self, office_code: str, limit: int) -> list[OfficeEvent]:
        query = select(EV).where(EV.c.office_code == office_code)
        return self._all(query.order_by(EV.c.id.desc()).limit(limit))

    def _all(self, query: Any) -> list[OfficeEvent]:
        names = ("office_code", "at", "actor", "role", "channel", "action", "outage_id", "detail")
        return [
            OfficeEvent(**{n: r._mapping[n] for n in names}) for r in self._session.execute(query)
        ]


def _outage(row: Any) -> Outage:
    m = row._mapping
    values = {name: m[name] for name in Outage.__dataclass_fields__}
    return Outage(**values | {"source": OutageSource(m["source"])})


def _changed(session: Session, statement: Any) -> bool:
    """A conditional update changed its row: the caller is the one that made the change."""
    return bool(session.execute(statement).rowcount == 1)  # type: ignore[attr-defined]
