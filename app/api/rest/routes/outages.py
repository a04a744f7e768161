"""Outages of TPS Online, the manual procedure and reconciliation (issue 4)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from app.api.http import tags
from app.api.http.wiring import Services, ServicesDep
from app.api.rest.deps import ActorDep
from app.api.rest.schemas.outage_io import OfficeEventOut, OfficeServiceOut, OutageIn, OutageOut
from app.api.rest.time_input import office_time
from app.domain.commands import DeclareOutage, EndOutage
from app.domain.outage import OfficeEvent, Outage
from app.domain.services import outage_queries, outages

router = APIRouter(prefix="/api/v1", tags=[tags.OUTAGES])
RESPONSES: dict[int | str, dict[str, Any]] = {
    403: {"description": "your role or office may not do this"},
    404: {"description": "no such office or outage"},
    409: {"description": "F1: an outage is open already; F3: it has ended already"},
}


def _out(
    services: Services, o: Outage, rec: str | None = None, events: list[OfficeEvent] | None = None
) -> OutageOut:
    calendar = services.calendars.calendar(o.office_code)
    return OutageOut.of(o, calendar, services.clock.now(), rec, events)


@router.post("/outages", status_code=201, summary="Declare an outage (F1)", responses=RESPONSES)
def declare_outage(body: OutageIn, actor: ActorDep, services: ServicesDep) -> OutageOut:
    """**Roles** `admin`, `kasubsi_manifest`, `manifest_officer` (of the office). After 6
    working hours of the office's calendar the watchdog switches the office to the manual
    procedure (F1) and every TPS of the office is told."""
    started = office_time(services, body.office_code, body.started_at)
    cmd = DeclareOutage(actor, body.office_code, body.cause, started)
    return _out(services, outages.declare(cmd, services.uow(), services.clock))


@router.post("/outages/{outage_id}/end", summary="End an outage (F3)", responses=RESPONSES)
def end_outage(outage_id: str, actor: ActorDep, services: ServicesDep) -> OutageOut:
    """**Roles** as to declare. A manual period ends: the office is online again and a
    reconciliation lists its paper PLPs (L2)."""
    ended, rec = outages.end(EndOutage(actor, outage_id), services.uow(), services.clock)
    services.reference.invalidate()  # this instance refuses no submission a moment longer
    return _out(services, ended, rec.id if rec else None)


@router.get("/outages", summary="Outages, newest first")
def list_outages(
    _: ActorDep,
    services: ServicesDep,
    office_code: Annotated[str | None, Query(pattern=r"^\d{6}$")] = None,
    open_only: bool = False,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> list[OutageOut]:
    """**Any role.**"""
    found = outage_queries.outages(office_code, open_only, limit, services.uow(read_only=True))
    return [_out(services, o) for o in found]


@router.get("/outages/{outage_id}", summary="One outage with its events", responses=RESPONSES)
def get_outage(outage_id: str, _: ActorDep, services: ServicesDep) -> OutageOut:
    """**Any role.** With the switch, the notices sent and the reconciliation, if any."""
    view = outage_queries.outage(outage_id, services.uow(read_only=True))
    return _out(services, view.outage, view.reconciliation_id, view.events)


@router.get(
    "/offices/{office_code}/service", summary="Online or manual procedure (F2)", responses=RESPONSES
)
def office_service(office_code: str, _: ActorDep, services: ServicesDep) -> OfficeServiceOut:
    """**Any role.** Whether the office takes online submissions, and its open outage."""
    office, open_outage = outage_queries.office_service(office_code, services.uow(read_only=True))
    return OfficeServiceOut.of(office, _out(services, open_outage) if open_outage else None)


@router.get("/offices/{office_code}/events", summary="The office's trail", responses=RESPONSES)
def office_events(
    office_code: str,
    actor: ActorDep,
    services: ServicesDep,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[OfficeEventOut]:
    """**Roles** `admin`, and `kasubsi_manifest` or `manifest_officer` of the office: outages,
    switches, paper PLPs and reconciliations, newest first."""
    found = outage_queries.office_events(actor, office_code, limit, services.uow(read_only=True))
    return [OfficeEventOut.of(e) for e in found]
