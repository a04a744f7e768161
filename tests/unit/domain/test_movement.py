"""Leaving the origin on the aggregate: release (M1, M2), gate-out (M3) and its times (M6)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.domain.errors import IllegalTransitionError, RuleViolationError
from app.domain.plp_request import PlpRequest
from app.domain.status import PlpStatus
from tests.unit.builders import (
    KASUBSI,
    MANIFEST,
    ORIGIN_SUP,
    TPKA,
    approved,
    at,
    in_review,
    recommended,
    released,
    seals_for,
)

S = PlpStatus
SKEW = timedelta(minutes=5)


def refused_release(request: PlpRequest) -> PlpRequest:
    request.check_at_origin(ORIGIN_SUP, at(3), False, (), "3 containers presented, 2 approved")
    return request


def rule_of(error: pytest.ExceptionInfo[RuleViolationError]) -> str:
    return str(error.value.rule)


# --- M1 / M2 ---------------------------------------------------------------------------------


def test_m1_gate_out_before_the_decision_is_refused() -> None:
    request = recommended(in_review())

    with pytest.raises(RuleViolationError) as refused:
        request.gate_out(TPKA, at(4), at(4), [])

    assert rule_of(refused) == "M1"
    assert all(ln.gated_out_at is None for ln in request.lines)


def test_m1_gate_out_of_a_rejected_request_is_refused() -> None:
    request = recommended(in_review())
    request.decide(KASUBSI, at(2), False, "no space", {}, None, None)

    with pytest.raises(RuleViolationError) as refused:
        request.gate_out(TPKA, at(4), at(4), [])

    assert rule_of(refused) == "M1"


def test_m1_gate_out_of_an_approval_not_yet_released_is_refused() -> None:
    request = approved(in_review())

    with pytest.raises(RuleViolationError) as refused:
        request.gate_out(TPKA, at(4), at(4), [])

    assert rule_of(refused) == "M2"
    assert request.status is S.APPROVED


def test_m2_match_seals_and_releases() -> None:
    request = approved(in_review())

    request.check_at_origin(ORIGIN_SUP, at(3), True, seals_for(request), "")

    assert request.status is S.RELEASED
    assert request.origin_check is not None
    assert request.origin_check.seals == seals_for(request)


@pytest.mark.parametrize("note", ["", "   "])
def test_m2_mismatch_without_a_note_is_refused(note: str) -> None:
    request = approved(in_review())

    with pytest.raises(RuleViolationError) as refused:
        request.check_at_origin(ORIGIN_SUP, at(3), False, (), note)

    assert rule_of(refused) == "M2"
    assert request.status is S.APPROVED


def test_m2_mismatch_refuses_release_and_blocks_gate_out() -> None:
    request = refused_release(approved(in_review()))

    with pytest.raises(RuleViolationError) as refused:
        request.gate_out(TPKA, at(4), at(4), [])

    assert request.status is S.RELEASE_REFUSED
    assert rule_of(refused) == "M2"


def test_m2_manifest_officer_follow_up_sends_the_goods_back_for_a_new_check() -> None:
    request = refused_release(approved(in_review()))

    request.follow_up(MANIFEST, at(3.5), "third container removed from the request")
    request.check_at_origin(ORIGIN_SUP, at(3.6), True, seals_for(request), "")

    assert request.status is S.RELEASED
    assert [e.action for e in request.new_events[-2:]] == ["release_followed_up", "origin_checked"]


def test_m2_follow_up_without_a_refused_release_is_refused() -> None:
    request = approved(in_review())

    with pytest.raises(IllegalTransitionError):
        request.follow_up(MANIFEST, at(3), "nothing to follow up")


def test_m2_origin_check_before_approval_is_refused() -> None:
    request = recommended(in_review())

    with pytest.raises(IllegalTransitionError):
        request.check_at_origin(ORIGIN_SUP, at(3), True, (), "")


# --- M3 --------------------------------------------------------------------------------------


def test_m3_gate_out_of_some_lines_keeps_the_request_released() -> None:
    request = released(approved(in_review(lines=2)))

    request.gate_out(TPKA, at(4), at(4), [2])

    assert request.status is S.RELEASED
    assert [ln.gated_out_at for ln in request.lines] == [None, at(4)]


def test_m3_gate_out_of_the_last_line_makes_the_request_gated_out() -> None:
    request = released(approved(in_review(lines=2)))
    request.gate_out(TPKA, at(4), at(4), [2])

    request.gate_out(TPKA, at(4.5), at(4.5), [1])

    assert request.status is S.GATED_OUT
    assert [ln.gated_out_at for ln in request.lines] == [at(4.5), at(4)]


def test_m3_gate_out_concerns_only_the_approved_lines() -> None:
    request = released(approved(in_review(lines=3), 2))

    request.gate_out(TPKA, at(4), at(4), [])

    assert request.status is S.GATED_OUT
    assert [ln.gated_out_at is not None for ln in request.lines] == [True, False, True]


@pytest.mark.parametrize("line_no", [1, 2])
def test_m3_gate_out_of_a_line_already_out_or_refused_is_refused(line_no: int) -> None:
    request = released(approved(in_review(lines=3), 2))
    request.gate_out(TPKA, at(4), at(4), [1])

    with pytest.raises(IllegalTransitionError):
        request.gate_out(TPKA, at(4.5), at(4.5), [line_no])

    assert request.lines[1].gated_out_at is None


# --- M6 --------------------------------------------------------------------------------------


def test_m6_gate_out_up_to_five_minutes_ahead_of_the_clock_is_accepted() -> None:
    request = released(approved(in_review()))

    request.gate_out(TPKA, at(4) + SKEW, at(4), [])

    assert request.status is S.GATED_OUT


def test_m6_gate_out_in_the_future_beyond_the_clock_skew_is_refused() -> None:
    request = released(approved(in_review()))

    with pytest.raises(RuleViolationError, match="in the future") as refused:
        request.gate_out(TPKA, at(4) + SKEW + timedelta(seconds=1), at(4), [])

    assert rule_of(refused) == "M6"
    assert request.status is S.RELEASED


def test_m6_gate_out_before_the_release_is_refused() -> None:
    request = released(approved(in_review()))  # approved at at(2), released at at(3)

    with pytest.raises(RuleViolationError, match=r"before the release \(M2\)") as refused:
        request.gate_out(TPKA, at(2.5), at(4), [])

    assert rule_of(refused) == "M6"
    assert request.status is S.RELEASED and request.lines[0].gated_out_at is None


def test_m6_gate_out_before_the_approval_is_refused() -> None:
    request = released(approved(in_review()))  # decided at at(2)

    with pytest.raises(RuleViolationError, match="before the approval") as refused:
        request.gate_out(TPKA, at(1.9), at(4), [])

    assert rule_of(refused) == "M6"
