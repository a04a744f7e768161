"""Issue 16.7: the polled responses a request owes, each numbered once when it is first owed."""

from __future__ import annotations

from app.domain.actor import Channel
from app.domain.deliverable_responses import DeliverableResponse, deliverable_responses
from app.domain.lines import lines_from
from app.domain.plp_parts import Finding
from app.domain.plp_request import PlpRequest
from app.domain.ports.responses import ResponseKind
from tests.unit.builders import (
    KASUBSI,
    ORIGIN,
    T0,
    approved,
    at,
    container,
    header,
    in_review,
    recommended,
    tps_account,
)

K = ResponseKind


def owed(request: PlpRequest) -> list[tuple[str, ResponseKind, str]]:
    return [(r.tps_code, r.kind, r.item) for r in deliverable_responses(request)]


def test_a_request_under_review_owes_nothing() -> None:
    assert deliverable_responses(in_review()) == []


def test_r3_an_approval_is_owed_to_the_applicant_and_the_destination() -> None:
    request = approved(in_review())

    assert deliverable_responses(request) == [
        DeliverableResponse("TPKA", K.DECISION, "req-1"),
        DeliverableResponse("CFSB", K.DESTINATION, "req-1"),
    ]


def test_r3_a_rejection_is_owed_to_the_applicant_only() -> None:
    request = recommended(in_review())
    request.decide(KASUBSI, at(2), False, "documents incomplete", {}, None, None)

    assert owed(request) == [("TPKA", K.DECISION, "")]


def test_e6_a_request_refused_on_arrival_owes_its_applicant_the_refusal() -> None:
    lines = lines_from((container("MSKU1001373"),), ())
    request = PlpRequest("req-9", header(), lines, "TPKA", ORIGIN, Channel.REST, T0, "")
    request.refuse(tps_account("TPKA"), [Finding("E6", "wrong check digit", 1)])

    assert owed(request) == [("TPKA", K.DECISION, "")]
