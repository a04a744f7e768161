"""Reads about outages and offices: service status is for everyone, the office trail for staff."""

from __future__ import annotations

from dataclasses import dataclass

from app.domain.actor import Actor
from app.domain.errors import NotFoundError
from app.domain.office_access import RECORD_ROLES, require_office_role
from app.domain.outage import OfficeEvent, Outage
from app.domain.ports.unit_of_work import UnitOfWork
from app.domain.reference import OfficeInfo


@dataclass(frozen=True)
class OutageView:
    outage: Outage
    reconciliation_id: str | None
    events: list[OfficeEvent]


def outage(outage_id: str, uow: UnitOfWork) -> OutageView:
    with uow:
        found = uow.outages.get(outage_id)
        if found is None:
            raise NotFoundError(f"outage {outage_id} not found")
        rec = uow.reconciliations.of_outage(outage_id)
        return OutageView(found, rec.id if rec else None, uow.office_events.of_outage(outage_id))


def outages(office_code: str | None, open_only: bool, limit: int, uow: UnitOfWork) -> list[Outage]:
    with uow:
        return uow.outages.recent(office_code, open_only, limit)


def office_service(office_code: str, uow: UnitOfWork) -> tuple[OfficeInfo, Outage | None]:
    """F2: whether online submissions are taken, read from the database, never a cache."""
    with uow:
        office = uow.offices.get(office_code)
        if office is None:
            raise NotFoundError(f"office {office_code} not found")
        return office, uow.outages.open_for(office_code)


def office_events(actor: Actor, office_code: str, limit: int, uow: UnitOfWork) -> list[OfficeEvent]:
    require_office_role(actor, office_code, RECORD_ROLES, "read the office's trail")
    with uow:
        return uow.office_events.of_office(office_code, limit)
