"""L1 on the aggregate: a request or an approval is cancelled, whole or in part, until gate-out."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from app.domain.errors import IllegalTransitionError, RuleViolationError
from app.domain.plp_parts import Cancellation
from app.domain.plp_request import PlpRequest
from app.domain.status import PlpStatus
from tests.unit.builders import (
    KASUBSI,
    ORIGIN_SUP,
    TPKA,
    approved,
    at,
    entered,
    gated_out,
    in_review,
    recommended,
    released,
)

S = PlpStatus
WHEN = at(3.5)
CANCELLATION = Cancellation(
    TPKA.username, WHEN, "cleared", "000003", date(2026, 11, 25), None, None, None
)


def cancel(request: PlpRequest, *line_nos: int) -> list[int]:
    return request.cancel(TPKA, WHEN, CANCELLATION, list(line_nos))


def release_refused(request: PlpRequest) -> PlpRequest:
    request.check_at_origin(ORIGIN_SUP, at(3), False, (), "wrong container presented")
    return request


@pytest.mark.parametrize(
    "step",
    [
        pytest.param(lambda r: r, id="IN_REVIEW"),
        pytest.param(recommended, id="IN_REVIEW-recommended"),
        pytest.param(approved, id="APPROVED"),
        pytest.param(lambda r: release_refused(approved(r)), id="RELEASE_REFUSED"),
        pytest.param(lambda r: released(approved(r)), id="RELEASED"),
    ],
)
def test_l1_request_is_cancelled_whole_before_gate_out(
    step: Callable[[PlpRequest], PlpRequest],
) -> None:
    request = step(in_review())

    cancelled = cancel(request)

    assert cancelled == [1, 2]
    assert request.status is S.CANCELLED
    assert request.cancellation == CANCELLATION
    assert all(ln.cancelled for ln in request.lines)


def test_l1_partial_cancellation_keeps_the_request_open() -> None:
    request = released(approved(in_review(lines=3)))

    cancelled = cancel(request, 2)

    assert cancelled == [2]
    assert request.status is S.RELEASED
    assert [ln.line_no for ln in request.moving_lines] == [1, 3]
    event = request.new_events[-1]
    assert (event.action, event.from_status, event.to_status) == (
        "cancelled",
        "RELEASED",
        "RELEASED",
    )


def test_l1_partial_cancellation_leaves_the_rest_to_gate_out() -> None:
    request = released(approved(in_review(lines=2)))
    cancel(request, 1)

    request.gate_out(TPKA, at(4), at(4), [])

    assert request.status is S.GATED_OUT
    assert [ln.gated_out_at for ln in request.lines] == [None, at(4)]


def test_l1_cancelling_the_last_live_line_cancels_the_request() -> None:
    request = approved(in_review(lines=3), 3)  # line 3 refused by the Kasubsi
    cancel(request, 1)

    cancel(request, 2)

    assert request.status is S.CANCELLED


def test_l1_cancelling_a_line_twice_is_refused() -> None:
    request = in_review(lines=2)
    cancel(request, 1)

    with pytest.raises(IllegalTransitionError):
        cancel(request, 1)

    assert request.status is S.IN_REVIEW


def test_l1_cancel_after_a_partial_gate_out_is_refused() -> None:
    request = released(approved(in_review(lines=2)))
    request.gate_out(TPKA, at(4), at(4), [1])

    with pytest.raises(RuleViolationError) as refused:
        cancel(request, 2)

    assert refused.value.rule == "L1"
    assert request.status is S.RELEASED
    assert not request.lines[1].cancelled


@pytest.mark.parametrize("step", [gated_out, lambda r: entered(gated_out(r))])
def test_l1_cancel_after_gate_out_is_refused(step: Callable[[PlpRequest], PlpRequest]) -> None:
    request = step(released(approved(in_review())))
    status = request.status

    with pytest.raises(RuleViolationError) as refused:
        cancel(request)

    assert refused.value.rule == "L1"
    assert request.status is status
    assert request.cancellation is None


def test_l1_cancel_after_rejection_is_refused() -> None:
    request = recommended(in_review())
    request.decide(KASUBSI, at(2), False, "no space", {}, None, None)

    with pytest.raises(IllegalTransitionError):
        cancel(request)

    assert request.status is S.REJECTED
