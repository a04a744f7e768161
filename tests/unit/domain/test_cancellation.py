"""L1 on the aggregate: an undecided request is withdrawn at once; an approval's cancellation
waits for the Kasubsi, who approves or refuses it; a gate-out ends it as refused."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from itertools import count

import pytest

from app.domain.errors import (
    ConflictError,
    IllegalTransitionError,
    InvalidInputError,
    RuleViolationError,
)
from app.domain.plp_parts import Cancellation, CancellationState
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
_numbers = count(3)


def cancel(request: PlpRequest, *line_nos: int) -> list[int]:
    numbered = replace(CANCELLATION, number=f"{next(_numbers):06d}")
    return request.cancel(TPKA, WHEN, numbered, list(line_nos))


def decide(request: PlpRequest, approve: bool, reason: str | None = None) -> Cancellation:
    waiting = request.pending_cancellation
    assert waiting is not None
    return request.decide_cancellation(KASUBSI, at(3.75), waiting.number, approve, reason)


def release_refused(request: PlpRequest) -> PlpRequest:
    request.check_at_origin(ORIGIN_SUP, at(3), False, (), "wrong container presented")
    return request


APPROVALS = [
    pytest.param(approved, id="APPROVED"),
    pytest.param(lambda r: release_refused(approved(r)), id="RELEASE_REFUSED"),
    pytest.param(lambda r: released(approved(r)), id="RELEASED"),
]


@pytest.mark.parametrize(
    "step",
    [pytest.param(lambda r: r, id="IN_REVIEW"), pytest.param(recommended, id="recommended")],
)
def test_l1_an_undecided_request_is_withdrawn_at_once(
    step: Callable[[PlpRequest], PlpRequest],
) -> None:
    request = step(in_review())

    cancelled = cancel(request)

    assert cancelled == [1, 2]
    assert request.status is S.CANCELLED
    c = request.cancellation
    assert c is not None and c.state is CancellationState.APPROVED
    assert (c.decided_by, c.line_nos, c.to_destination) == (TPKA.username, (1, 2), False)
    assert all(ln.cancelled for ln in request.lines)


@pytest.mark.parametrize("step", APPROVALS)
def test_l1_an_approvals_cancellation_waits_for_the_kasubsi(
    step: Callable[[PlpRequest], PlpRequest],
) -> None:
    request = step(in_review())
    status = request.status

    cancel(request)

    assert request.status is status  # still active: it may be released and gate out
    waiting = request.pending_cancellation
    assert waiting is not None and waiting.to_destination
    assert not any(ln.cancelled for ln in request.lines)
    assert request.new_events[-1].action == "cancellation_requested"


@pytest.mark.parametrize("step", APPROVALS)
def test_l1_the_kasubsi_approves_the_cancellation(step: Callable[[PlpRequest], PlpRequest]) -> None:
    request = step(in_review())
    cancel(request)

    decided = decide(request, True)

    assert request.status is S.CANCELLED
    assert decided.state is CancellationState.APPROVED and decided.decided_by == KASUBSI.username
    assert all(ln.cancelled for ln in request.lines)
    assert request.pending_cancellation is None
    assert request.new_events[-1].action == "cancelled"


def test_l1_a_refused_cancellation_leaves_the_plp_as_it_was() -> None:
    request = released(approved(in_review()))
    cancel(request)

    decided = decide(request, False, "goods already at the gate")

    assert request.status is S.RELEASED
    assert decided.state is CancellationState.REFUSED
    assert decided.decision_reason == "goods already at the gate"
    assert [ln.line_no for ln in request.moving_lines] == [1, 2]
    assert request.new_events[-1].action == "cancellation_refused"


def test_l1_a_refusal_needs_a_reason() -> None:
    request = approved(in_review())
    cancel(request)

    with pytest.raises(InvalidInputError) as refused:
        decide(request, False, " ")

    assert refused.value.rule == "L1"
    assert request.pending_cancellation is not None


def test_l1_deciding_a_cancellation_twice_is_a_conflict() -> None:
    request = approved(in_review())
    cancel(request)
    number = decide(request, False, "no").number

    with pytest.raises(ConflictError) as twice:
        request.decide_cancellation(KASUBSI, at(4), number, True, None)

    assert twice.value.rule == "L1"
    assert request.status is S.APPROVED


def test_l1_one_cancellation_waits_at_a_time() -> None:
    request = approved(in_review())
    cancel(request)

    with pytest.raises(RuleViolationError) as refused:
        cancel(request)

    assert refused.value.rule == "L1"
    assert len(request.cancellations) == 1


def test_l1_every_cancellation_keeps_its_own_record() -> None:
    request = released(approved(in_review()))
    cancel(request)
    decide(request, False, "not now")
    cancel(request)
    decide(request, True)

    states = [c.state for c in request.cancellations]

    assert states == [CancellationState.REFUSED, CancellationState.APPROVED]
    assert request.status is S.CANCELLED


def test_l1_a_gate_out_while_pending_ends_the_cancellation_as_refused() -> None:
    request = released(approved(in_review()))
    cancel(request)

    request.gate_out(TPKA, at(4), at(4), [])

    assert request.status is S.GATED_OUT
    c = request.cancellation
    assert c is not None and c.state is CancellationState.REFUSED
    assert c.decision_reason is not None and "gated out" in c.decision_reason
    assert c.decided_by == "system"  # automatic: nobody decided it
    assert "cancellation_refused" in [e.action for e in request.new_events]


def test_l1_partial_cancellation_keeps_the_request_open() -> None:
    request = released(approved(in_review(lines=3)))

    cancel(request, 2)
    decide(request, True)

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
    decide(request, True)

    request.gate_out(TPKA, at(4), at(4), [])

    assert request.status is S.GATED_OUT
    assert [ln.gated_out_at for ln in request.lines] == [None, at(4)]


def test_l1_cancelling_the_last_live_line_cancels_the_request() -> None:
    request = approved(in_review(lines=3), 3)  # line 3 refused by the Kasubsi
    cancel(request, 1)
    decide(request, True)

    cancel(request, 2)
    decide(request, True)

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
