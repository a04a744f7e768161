"""The officers' and operators' steps on one request (SOP 10, L1)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Response

from app.api.http import tags
from app.api.http.wiring import Services, ServicesDep
from app.api.rest.deps import ActorDep
from app.api.rest.idempotency import Idempotency, IdempotencyDep
from app.api.rest.responses import json_answer
from app.api.rest.schemas import plp_in as i
from app.api.rest.schemas.plp_out import PlpRequestOut
from app.api.rest.time_input import office_zone
from app.domain import commands as c
from app.domain.actor import Actor
from app.domain.plp_request import LineDecision, PlpRequest
from app.domain.research import shows_research
from app.domain.services import procedure

router = APIRouter(prefix="/api/v1/plp-requests/{request_id}")
RESPONSES: dict[int | str, dict[str, Any]] = {
    403: {"description": "your role may not do this, or not on this request"},
    404: {"description": "no such request visible to you"},
    409: {
        "description": "not possible in the request's current state, or a rule forbids it; "
        "`rule` names it"
    },
    422: {"description": "invalid body, or an Idempotency-Key that is not 1-200 visible ASCII"},
}


def _out(services: Services, idem: Idempotency, actor: Actor, request: PlpRequest) -> Response:
    research = shows_research(actor)  # R5: the officers' research, not shown to the TPS
    zone = office_zone(services, request.header.office_code)
    answer = PlpRequestOut.json_of(
        request, services.sla_meter.of_request(request), research=research, zone=zone
    )
    idem.remember(answer)  # a replay gives these bytes: the same times in the same zone
    return json_answer(answer)


@router.post(
    "/recommendations/manifest",
    response_model=PlpRequestOut,
    tags=[tags.RESEARCH],
    responses=RESPONSES,
    summary="Manifest officer's recommendation (R1, R2)",
)
def recommend_manifest(
    request_id: str,
    body: i.RecommendationIn,
    actor: ActorDep,
    services: ServicesDep,
    idem: IdempotencyDep,
) -> Response:
    """**Role** `manifest_officer` of the request's office. Every request needs one."""
    cmd = c.RecommendPlp(actor, request_id, "manifest", body.approve, body.note)
    return _out(services, idem, actor, procedure.recommend(cmd, services.uow(), services.clock))


@router.post(
    "/recommendations/p2",
    response_model=PlpRequestOut,
    tags=[tags.RESEARCH],
    responses=RESPONSES,
    summary="P2 officer's recommendation (R1)",
)
def recommend_p2(
    request_id: str,
    body: i.RecommendationIn,
    actor: ActorDep,
    services: ServicesDep,
    idem: IdempotencyDep,
) -> Response:
    """**Role** `p2_officer`. Only for reasons YOR_SOR and STAGNATION (R1); others get 409 R2."""
    cmd = c.RecommendPlp(actor, request_id, "p2", body.approve, body.note)
    return _out(services, idem, actor, procedure.recommend(cmd, services.uow(), services.clock))


@router.post(
    "/decision",
    response_model=PlpRequestOut,
    tags=[tags.DECISION],
    responses=RESPONSES,
    summary="Kasubsi's decision: approve (some lines) or reject (R3)",
)
def decide(
    request_id: str,
    body: i.DecisionIn,
    actor: ActorDep,
    services: ServicesDep,
    idem: IdempotencyDep,
) -> Response:
    """**Role** `kasubsi_manifest`. Only when every required recommendation is in (R3). An
    approval takes the office's next PLP number of the year; lines listed with
    `approved: false` are refused (FL_SETUJU T) and need a reason."""
    lines = tuple(LineDecision(ln.line_no, ln.approved, ln.reason) for ln in body.lines)
    cmd = c.DecidePlp(actor, request_id, body.approve, body.reason, lines)
    return _out(
        services,
        idem,
        actor,
        procedure.decide(cmd, services.uow(), services.clock, services.reference),
    )


@router.post(
    "/origin-check",
    response_model=PlpRequestOut,
    tags=[tags.ORIGIN_GATE],
    responses=RESPONSES,
    summary="Origin supervisor's check: release under seal or refuse (M2)",
)
def check_at_origin(
    request_id: str,
    body: i.OriginCheckIn,
    actor: ActorDep,
    services: ServicesDep,
    idem: IdempotencyDep,
) -> Response:
    """**Role** `origin_supervisor` supervising the origin TPS. A release lists the customs
    seals put on each container in `seals`, or is `escorted` (M2, S1); without them it is 422.
    A mismatch refuses release and sends the request back to the manifest officer."""
    cmd = c.RecordOriginCheck(
        actor,
        request_id,
        body.matched,
        tuple(body.seal_numbers),
        body.note,
        tuple(s.spec() for s in body.seals),
        body.escorted,
        body.escort,
    )
    return _out(
        services, idem, actor, procedure.check_at_origin(cmd, services.uow(), services.clock)
    )


@router.post(
    "/origin-check/follow-up",
    response_model=PlpRequestOut,
    tags=[tags.ORIGIN_GATE],
    responses=RESPONSES,
    summary="Manifest officer's follow-up of a refused release (M2)",
)
def follow_up(
    request_id: str,
    body: i.FollowUpIn,
    actor: ActorDep,
    services: ServicesDep,
    idem: IdempotencyDep,
) -> Response:
    """**Role** `manifest_officer`. `presented_again`: the goods go back to the origin
    supervisor; `cut_to_matching`: only the lines in `line_nos` stay approved (the TPS gets a
    new decision response), then back to the gate; `cancelled`: the PLP ends."""
    cmd = c.FollowUpRelease(actor, request_id, body.note, body.outcome, tuple(body.line_nos))
    return _out(services, idem, actor, procedure.follow_up(cmd, services.uow(), services.clock))


@router.post(
    "/gate-out",
    response_model=PlpRequestOut,
    tags=[tags.ORIGIN_GATE],
    responses=RESPONSES,
    summary="Gate-out time at the origin TPS (M1, M3, M6)",
)
def gate_out(
    request_id: str,
    body: i.MovementTimeIn,
    actor: ActorDep,
    services: ServicesDep,
    idem: IdempotencyDep,
) -> Response:
    """**Role** `tps_operator` of the applicant or the origin TPS, after release."""
    at = _aware(body.at, actor, services)
    seals = tuple(s.stated() for s in body.seals)
    cmd = c.RecordGateOut(actor, request_id, at, tuple(body.line_nos), seals)
    return _out(services, idem, actor, procedure.gate_out(cmd, services.uow(), services.clock))


@router.post(
    "/destination-check",
    response_model=PlpRequestOut,
    tags=[tags.DESTINATION_GATE],
    responses=RESPONSES,
    summary="Destination supervisor's check: open the seal or note a discrepancy (M4)",
)
def check_at_destination(
    request_id: str,
    body: i.DestinationCheckIn,
    actor: ActorDep,
    services: ServicesDep,
    idem: IdempotencyDep,
) -> Response:
    """**Role** `destination_supervisor` supervising the destination TPS. Entry needs the goods
    matched and each container's seals as released, intact and opened (M4, S1); anything else
    is a discrepancy for the P2 section."""
    found = None if body.seals is None else tuple(s.spec() for s in body.seals)
    cmd = c.RecordDestinationCheck(
        actor, request_id, body.matched, body.seal_opened, body.note, found
    )
    return _out(
        services, idem, actor, procedure.check_at_destination(cmd, services.uow(), services.clock)
    )


@router.post(
    "/investigation",
    response_model=PlpRequestOut,
    tags=[tags.DESTINATION_GATE],
    responses=RESPONSES,
    summary="P2 section concludes on a discrepancy or seal alert: entry or enforcement (M4, S1)",
)
def conclude_investigation(
    request_id: str,
    body: i.InvestigationIn,
    actor: ActorDep,
    services: ServicesDep,
    idem: IdempotencyDep,
) -> Response:
    """**Role** `p2_section`. After a discrepancy (M4) or a seal alert (S1): `may_enter`, or
    `enforcement` with its document (number and date), the goods HELD at the destination."""
    cmd = c.ConcludeInvestigation(
        actor, request_id, body.note, body.outcome, body.document_number, body.document_date
    )
    return _out(
        services, idem, actor, procedure.conclude_investigation(cmd, services.uow(), services.clock)
    )


@router.post(
    "/gate-in",
    response_model=PlpRequestOut,
    tags=[tags.DESTINATION_GATE],
    responses=RESPONSES,
    summary="Gate-in time at the destination TPS (M5, M6)",
)
def gate_in(
    request_id: str,
    body: i.MovementTimeIn,
    actor: ActorDep,
    services: ServicesDep,
    idem: IdempotencyDep,
) -> Response:
    """**Role** `tps_operator` of the applicant or the destination TPS, after the destination
    check. Every approved line in ends the online procedure."""
    at = _aware(body.at, actor, services)
    seals = tuple(s.stated() for s in body.seals)
    cmd = c.RecordGateIn(actor, request_id, at, tuple(body.line_nos), seals)
    return _out(services, idem, actor, procedure.gate_in(cmd, services.uow(), services.clock))


@router.post(
    "/cancellation",
    response_model=PlpRequestOut,
    tags=[tags.SUBMISSION],
    responses=RESPONSES,
    summary="Withdraw a request, or ask to cancel an approval before gate-out (L1)",
)
def cancel(
    request_id: str,
    body: i.CancellationIn,
    actor: ActorDep,
    services: ServicesDep,
    idem: IdempotencyDep,
) -> Response:
    """**Role** `tps_operator` of the applicant. Names every line, or the lines listed; the
    cancellation gets its own number (NO_BATAL_PLP). An undecided request is withdrawn at
    once; an approval's cancellation waits for the Kasubsi (`cancellation.state` PENDING), the
    PLP staying active. A `ref_number` names one cancellation: sent again for the same PLP it
    changes nothing; used for another PLP it is refused (409, L1)."""
    cmd = c.CancelPlp(
        actor,
        request_id,
        body.reason,
        body.ref_number,
        body.letter_number,
        body.letter_date,
        tuple(body.line_nos),
    )
    return _out(
        services,
        idem,
        actor,
        procedure.cancel(cmd, services.uow(), services.clock, services.reference),
    )


@router.post(
    "/cancellations/{number}/decision",
    response_model=PlpRequestOut,
    tags=[tags.DECISION],
    responses=RESPONSES,
    summary="Kasubsi's decision on a cancellation (L1)",
)
def decide_cancellation(
    request_id: str,
    number: str,
    body: i.CancellationDecisionIn,
    actor: ActorDep,
    services: ServicesDep,
    idem: IdempotencyDep,
) -> Response:
    """**Role** `kasubsi_manifest` of the request's office. Approve: the lines the
    cancellation names are cancelled (no live line left cancels the PLP). Refuse, with a
    `reason`: the PLP stays as it was. Both TPS get the answer (GetResponBatalPLP(Tujuan),
    the H2H cancellation responses, a push). Deciding twice: 409 naming L1."""
    cmd = c.DecideCancellation(actor, request_id, number, body.approve, body.reason)
    return _out(
        services,
        idem,
        actor,
        procedure.decide_cancellation(cmd, services.uow(), services.clock),
    )


def _aware(at: datetime, actor: Actor, services: ServicesDep) -> datetime:
    """A time without an offset is the office's local time (WIB at Tanjung Priok)."""
    if at.tzinfo is not None:
        return at
    tps = services.reference.tps(actor.tps_code or "")
    office = services.reference.office(tps.office_code) if tps else None
    zone = office.timezone if office else services.settings.office_timezone
    return at.replace(tzinfo=ZoneInfo(zone))
