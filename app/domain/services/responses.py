"""Responses of the legacy interface: polled ones are delivered once per TPS (protocol note
3.5), on-demand ones show the current state any number of times."""

from __future__ import annotations

from datetime import date

from app.domain.actor import Actor, Role
from app.domain.authorization import can_view
from app.domain.customs_documents import Bc11Manifest
from app.domain.errors import ForbiddenError
from app.domain.messages import msg
from app.domain.plp_parts import Cancellation
from app.domain.plp_request import PlpRequest
from app.domain.ports.reference import Clock, ReferenceData
from app.domain.ports.responses import ResponseKind
from app.domain.ports.unit_of_work import UnitOfWork
from app.domain.queues import ListFilter, Scope
from app.domain.status import PlpStatus

POLL_LIMIT = 100  # per call; clients poll again and get the rest (they loop anyway)


def poll(
    actor: Actor,
    kind: ResponseKind,
    asked_for: str | None,
    uow: UnitOfWork,
    clock: Clock,
    reference: ReferenceData,
) -> list[PlpRequest]:
    """What is new for the actor's TPS; what this call returns is never returned again."""
    tps = own_tps(actor, asked_for, reference)
    with uow:
        found = uow.responses.take_undelivered(tps, kind, clock.now(), POLL_LIMIT)
        uow.commit()
    return found


def poll_cancellations(
    actor: Actor,
    kind: ResponseKind,
    asked_for: str | None,
    uow: UnitOfWork,
    clock: Clock,
    reference: ReferenceData,
) -> list[tuple[PlpRequest, Cancellation]]:
    """L1: the Kasubsi's decisions on cancellations (persetujuan pembatalan), once decided;
    what this call returns is never returned again."""
    tps = own_tps(actor, asked_for, reference)
    with uow:
        found = uow.responses.take_cancellations(tps, kind, clock.now(), POLL_LIMIT)
        uow.commit()
    return found


def on_demand(
    actor: Actor,
    ref_number: str | None,
    plp_number: str | None,
    plp_date: date | None,
    uow: UnitOfWork,
    reference: ReferenceData,
) -> PlpRequest | None:
    """A decided request by the applicant's reference or by PLP number and date; None while
    there is no decision yet (nothing to answer) or when the TPS may not see it."""
    tps = own_tps(actor, None, reference)
    with uow:
        request_id = uow.plp_requests.find_by_ref(tps, ref_number) if ref_number else None
        if request_id is None and plp_number and plp_date:
            office = _office_of(tps, reference)
            request_id = uow.plp_requests.find_by_plp_number(office, plp_number, plp_date)
        request = uow.plp_requests.get(request_id, for_update=False) if request_id else None
    if request is None or not can_view(actor, request) or not has_decision(request):
        return None
    return request


def cancellation_on_demand(
    actor: Actor,
    ref_number: str | None,
    number: str | None,
    on: date | None,
    uow: UnitOfWork,
    reference: ReferenceData,
) -> tuple[PlpRequest, Cancellation] | None:
    """A cancellation with its request, by the cancellation's reference or its number and
    date; None while the Kasubsi has not decided it (nothing to answer yet)."""
    tps = own_tps(actor, None, reference)
    with uow:
        found = uow.responses.find_cancellation(tps, ref_number, number, on)
    if found is None or found[1].pending or not can_view(actor, found[0]):
        return None
    return found


# approved and not yet at the destination: what a destination TPS expects to receive (OB)
INCOMING = (
    PlpStatus.APPROVED,
    PlpStatus.RELEASE_REFUSED,
    PlpStatus.RELEASED,
    PlpStatus.GATED_OUT,
)
INCOMING_LIMIT = 500  # requests per read; a destination has far fewer on the way at once


def incoming(
    actor: Actor, asked_for: str | None, uow: UnitOfWork, reference: ReferenceData
) -> list[tuple[PlpRequest, Bc11Manifest | None]]:
    """OB / pindah TPS data: the approved PLPs on their way to the actor's TPS, each with the
    BC 1.1 it cites (for what the request left out), read any number of times (nothing marks
    them delivered)."""
    tps = own_tps(actor, asked_for, reference)
    found: list[tuple[PlpRequest, Bc11Manifest | None]] = []
    after = None
    with uow:
        while len(found) < INCOMING_LIMIT:
            wanted = ListFilter(Scope.of(actor), INCOMING, tps_code=tps, limit=100, after=after)
            page = uow.plp_requests.list(wanted)
            for row in page.items:
                if row.destination_tps != tps:
                    continue
                request = uow.plp_requests.get(row.id, for_update=False)
                if request is not None:
                    h = request.header
                    cited = uow.documents.manifest(h.office_code, h.bc11_number, h.bc11_date)
                    found.append((request, cited))
            if page.next_after is None:
                break
            after = page.next_after
    return found[:INCOMING_LIMIT]


def has_decision(request: PlpRequest) -> bool:
    """R3 decided, or rejected on arrival by the eligibility rules (a decision too)."""
    return request.decision is not None or bool(request.findings)


def own_tps(actor: Actor, asked_for: str | None, reference: ReferenceData) -> str:
    """A TPS reads only its own responses; it may name itself by TPS or by gudang code."""
    if actor.role is not Role.TPS_OPERATOR or not actor.tps_code:
        raise ForbiddenError(
            msg(
                "problems.forbidden.responses_tps_only",
                "only a TPS operator account reads PLP responses",
            )
        )
    wanted = (asked_for or "").strip().upper()
    tps = reference.tps(actor.tps_code)
    own = {actor.tps_code, *(tps.gudangs if tps else ())}
    if wanted and wanted not in own:
        raise ForbiddenError(
            msg(
                "problems.forbidden.responses_of_other",
                "TPS {tps} may not read the responses of {wanted}",
                tps=actor.tps_code,
                wanted=wanted,
            )
        )
    return actor.tps_code


def _office_of(tps_code: str, reference: ReferenceData) -> str:
    tps = reference.tps(tps_code)
    return tps.office_code if tps else ""
