"""The RASCI matrix (section 2): who may see a request and who may act on it."""

from __future__ import annotations

from enum import StrEnum

from app.domain.actor import Actor, Role
from app.domain.errors import ForbiddenError, PlpNotFoundError
from app.domain.messages import msg
from app.domain.plp_request import PlpRequest


class Action(StrEnum):
    RECOMMEND_MANIFEST = "give the manifest recommendation"
    RECOMMEND_P2 = "give the P2 recommendation"
    DECIDE = "decide"
    CHECK_ORIGIN = "record the origin check"
    FOLLOW_UP = "follow up a refused release"
    GATE_OUT = "record the gate-out"
    CHECK_DESTINATION = "record the destination check"
    INVESTIGATE = "conclude the investigation"
    GATE_IN = "record the gate-in"
    CANCEL = "cancel"
    DECIDE_CANCELLATION = "decide a cancellation"  # L1: persetujuan pembatalan


ROLE_FOR: dict[Action, Role] = {
    Action.RECOMMEND_MANIFEST: Role.MANIFEST_OFFICER,
    Action.RECOMMEND_P2: Role.P2_OFFICER,
    Action.DECIDE: Role.KASUBSI_MANIFEST,
    Action.CHECK_ORIGIN: Role.ORIGIN_SUPERVISOR,
    Action.FOLLOW_UP: Role.MANIFEST_OFFICER,
    Action.GATE_OUT: Role.TPS_OPERATOR,
    Action.CHECK_DESTINATION: Role.DESTINATION_SUPERVISOR,
    Action.INVESTIGATE: Role.P2_SECTION,
    Action.GATE_IN: Role.TPS_OPERATOR,
    Action.CANCEL: Role.TPS_OPERATOR,
    Action.DECIDE_CANCELLATION: Role.KASUBSI_MANIFEST,
}


def can_view(actor: Actor, request: PlpRequest) -> bool:
    """A TPS sees requests where it is origin or destination; officers those of their office."""
    if actor.role in (Role.ADMIN, Role.SYSTEM):
        return True
    if actor.role is Role.TPS_OPERATOR:
        h = request.header
        return actor.tps_code in (h.origin_tps, h.destination_tps)
    return actor.office_code == request.header.office_code


def require(actor: Actor, action: Action, request: PlpRequest) -> None:
    """Raise PlpNotFoundError where existence must not leak, ForbiddenError elsewhere."""
    if not can_view(actor, request):
        raise PlpNotFoundError(request.id)
    if actor.role is Role.SYSTEM:
        return
    role = ROLE_FOR[action]
    if actor.role is not role:
        raise ForbiddenError(
            msg(
                "problems.forbidden.role",
                "role {role} may not {action}; it is for {allowed}",
                role=actor.role,
                action=action.value,
                allowed=role,
            )
        )
    if not _in_scope(actor, action, request):
        raise ForbiddenError(
            msg(
                "problems.forbidden.request",
                "{username} may not {action} on request {request_id}",
                username=actor.username,
                action=action.value,
                request_id=request.id,
            )
        )


def _in_scope(actor: Actor, action: Action, request: PlpRequest) -> bool:
    h = request.header
    if action is Action.CHECK_ORIGIN:
        return h.origin_tps in actor.supervised_tps
    if action is Action.CHECK_DESTINATION:
        return h.destination_tps in actor.supervised_tps
    if action is Action.CANCEL:
        return actor.tps_code == request.applicant_tps
    if action is Action.GATE_OUT:
        return actor.tps_code in (request.applicant_tps, h.origin_tps)
    if action is Action.GATE_IN:
        return actor.tps_code in (request.applicant_tps, h.destination_tps)
    return True
