"""The polled responses a request owes its TPSs (protocol note 3.5), named so that each is
numbered once when it becomes deliverable and handed out once, in that order (issue 16.7)."""

from __future__ import annotations

from dataclasses import dataclass

from app.domain.plp_request import PlpRequest
from app.domain.ports.responses import ResponseKind
from app.domain.status import PlpStatus

K = ResponseKind


@dataclass(frozen=True)
class DeliverableResponse:
    """One response of one feed: the decision ("" item), a cut of it (its revision number,
    M2) or a decided cancellation (its number, L1)."""

    tps_code: str
    kind: ResponseKind
    request_id: str
    item: str = ""


def deliverable_responses(request: PlpRequest) -> list[DeliverableResponse]:
    """Every response the request owes as it stands; the store keeps those it already has."""
    applicant, destination = request.applicant_tps, request.header.destination_tps
    rid = request.id
    owed: list[DeliverableResponse] = []
    decision = request.decision
    if decision is not None or request.status is PlpStatus.REJECTED:  # refused on arrival too
        owed.append(DeliverableResponse(applicant, K.DECISION, rid))
    if decision is not None and decision.approved:
        owed.append(DeliverableResponse(destination, K.DESTINATION, rid))
    if request.revised_at is not None:  # M2: each cut of the decision is a response of its own
        revision = str(request.decision_revision)
        owed.append(DeliverableResponse(applicant, K.DECISION, rid, revision))
        owed.append(DeliverableResponse(destination, K.DESTINATION, rid, revision))
    for c in request.cancellations:
        if c.decided_at is None:
            continue
        owed.append(DeliverableResponse(applicant, K.CANCELLATION, rid, c.number))
        if c.to_destination:
            owed.append(DeliverableResponse(destination, K.DESTINATION_CANCELLATION, rid, c.number))
    return owed
