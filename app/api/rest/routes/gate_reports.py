"""Gate reports over REST (the CoarriCodeco of the legacy SOAP): TPS operators, own TPS."""

from __future__ import annotations

from fastapi import APIRouter

from app.api.http import tags
from app.api.http.wiring import ServicesDep
from app.api.rest.deps import ActorDep
from app.api.rest.schemas.gate_report_in import GateReportIn
from app.domain.services.gate_dispatch import report_gate

router = APIRouter(prefix="/api/v1/gate-reports")


@router.post(
    "",
    status_code=204,
    tags=[tags.ORIGIN_GATE],
    summary="Report goods in or out of the TPS's gate (discharge, SPPB, PLP), as CoarriCodeco",
    responses={
        401: {"description": "not logged in"},
        403: {"description": "not a TPS operator, or another TPS's gate"},
        404: {"description": "a PLP report naming a PLP not found"},
        409: {
            "description": "a rule refuses it: goods not where the report says (E7), a "
            "gate-out without an SPPB (E2), M1-M6, or the PLP's status; journaled as flagged"
        },
        422: {"description": "invalid body, or a (KD_DOK, KD_DOK_INOUT) pair outside the table"},
    },
)
def post_gate_report(body: GateReportIn, actor: ActorDep, services: ServicesDep) -> None:
    """**Role** `tps_operator`, for its own TPS (`kd_tps`). Every goods item is journaled;
    a report of a movement that was refused is kept as flagged with the rule. A resent report
    (same `ref_number` and content) is acknowledged without a second effect."""
    head = (body.kd_dok, body.kd_tps, body.kd_gudang or body.kd_tps, body.ref_number)
    items = [i.reported() for i in body.items]
    report_gate(actor, head, items, services.uow(), services.clock, services.reference)
