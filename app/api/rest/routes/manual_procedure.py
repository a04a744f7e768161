"""The manual procedure's paper PLPs (F2) and their reconciliation afterwards (F3, L2)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Response

from app.api.http import tags
from app.api.http.wiring import Services, ServicesDep
from app.api.rest import reconciliation_csv
from app.api.rest.deps import ActorDep
from app.api.rest.schemas.manual_io import (
    ManualPlpIn,
    ManualPlpOut,
    PaperDecisionIn,
    ReconciliationItemOut,
    ReconciliationOut,
)
from app.api.rest.time_input import office_time_required
from app.domain.actor import Actor
from app.domain.commands import (
    CloseReconciliation,
    DecideManualPlp,
    EnterManualPlp,
    PaperDecision,
    RecordManualPlp,
)
from app.domain.services import manual_plps, reconciliation

router = APIRouter(prefix="/api/v1", tags=[tags.OUTAGES])
RESPONSES: dict[int | str, dict[str, Any]] = {
    403: {"description": "your role or office may not do this"},
    404: {"description": "no such paper PLP or reconciliation"},
    409: {"description": "F2: the office is not on the manual procedure; L2: closed or unmatched"},
    422: {"description": "invalid body or unknown code"},
}


def _decision(services: Services, office: str, d: PaperDecisionIn) -> PaperDecision:
    at = office_time_required(services, office, d.decided_at)
    return PaperDecision(d.approved, at, d.letter_number, d.letter_date, d.reason)


@router.post(
    "/manual-plps", status_code=201, summary="Record a paper PLP (F2)", responses=RESPONSES
)
def record_manual_plp(body: ManualPlpIn, actor: ActorDep, services: ServicesDep) -> ManualPlpOut:
    """**Roles** `manifest_officer`, `kasubsi_manifest` (of the office), `admin`; a paper
    decision only `kasubsi_manifest` or `admin`. Only while the office is on the manual
    procedure, or its reconciliation is still open."""
    office = body.office_code
    cmd = RecordManualPlp(
        actor,
        office,
        body.letter_number,
        body.letter_date,
        office_time_required(services, office, body.received_at),
        body.applicant_tps,
        body.origin_tps,
        body.origin_gudang,
        body.destination_tps,
        body.destination_gudang,
        body.reason,
        body.bc11_number,
        body.bc11_date,
        body.applicant_name,
        body.container_specs(),
        body.package_specs(),
        _decision(services, office, body.decision) if body.decision else None,
    )
    manual = manual_plps.record(cmd, services.uow(), services.clock, services.reference)
    return ManualPlpOut.of(manual)


@router.post(
    "/manual-plps/{manual_id}/decision", summary="Record a paper decision", responses=RESPONSES
)
def decide_manual_plp(
    manual_id: str, body: PaperDecisionIn, actor: ActorDep, services: ServicesDep
) -> ManualPlpOut:
    """**Roles** `kasubsi_manifest` (of the office), `admin`: R3 as signed on paper."""
    cmd = DecideManualPlp(actor, manual_id, _decision(services, actor.office_code or "", body))
    return ManualPlpOut.of(manual_plps.decide(cmd, services.uow(), services.clock))


@router.get(
    "/outages/{outage_id}/manual-plps", summary="Paper PLPs of an outage", responses=RESPONSES
)
def list_manual_plps(outage_id: str, actor: ActorDep, services: ServicesDep) -> list[ManualPlpOut]:
    """**Roles** as to record: what was handled on paper so far."""
    found = manual_plps.of_outage(actor, outage_id, services.uow(read_only=True))
    return [ManualPlpOut.of(m) for m in found]


@router.get(
    "/reconciliations/{reconciliation_id}",
    summary="A reconciliation report (L2), as JSON or CSV",
    responses=RESPONSES | {200: {"content": {"text/csv": {}}}},
)
def get_reconciliation(
    reconciliation_id: str,
    actor: ActorDep,
    services: ServicesDep,
    format_: Annotated[Literal["json", "csv"], Query(alias="format")] = "json",
) -> Response:
    """**Roles** as to record. Every paper PLP of the period, the request it became and whether
    they match."""
    report = _report(actor, reconciliation_id, services)
    if format_ == "csv":
        name = f"reconciliation-{reconciliation_id}.csv"
        headers = {"Content-Disposition": f'attachment; filename="{name}"'}
        return Response(reconciliation_csv.render(report), media_type="text/csv", headers=headers)
    return Response(report.model_dump_json(), media_type="application/json")


@router.post(
    "/reconciliations/{reconciliation_id}/items/{manual_id}/entry",
    summary="Enter a paper PLP into the system (F3)",
    responses=RESPONSES,
)
def enter_manual_plp(
    reconciliation_id: str, manual_id: str, actor: ActorDep, services: ServicesDep
) -> ReconciliationItemOut:
    """**Roles** as to record. The paper PLP becomes a request of channel `manual`, TIPE_DATA 2,
    with its paper decision. An approval keeps the number and date it was approved under on paper
    as its PLP number and date (F3); a number another PLP of the office has that year is refused
    (409, rule F3) and nothing is entered."""
    cmd = EnterManualPlp(actor, reconciliation_id, manual_id)
    item = reconciliation.enter(cmd, services.uow(), services.clock, services.calendars)
    return ReconciliationItemOut.of(item)


@router.post(
    "/reconciliations/{reconciliation_id}/closure",
    summary="Close a reconciliation (L2)",
    responses=RESPONSES,
)
def close_reconciliation(
    reconciliation_id: str, actor: ActorDep, services: ServicesDep
) -> ReconciliationOut:
    """**Roles** `kasubsi_manifest` (of the office), `admin`; only when every paper PLP is in
    the system and matches."""
    cmd = CloseReconciliation(actor, reconciliation_id)
    reconciliation.close(cmd, services.uow(), services.clock)
    return _report(actor, reconciliation_id, services)


def _report(actor: Actor, reconciliation_id: str, services: Services) -> ReconciliationOut:
    rec, outage, items = reconciliation.report(actor, reconciliation_id, services.uow(True))
    return ReconciliationOut.of(rec, outage.cause, items)
