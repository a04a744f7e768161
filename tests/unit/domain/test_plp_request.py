"""The aggregate through research and decision (R1-R3)."""

from __future__ import annotations

from datetime import date

import pytest

from app.domain.errors import IllegalTransitionError, InvalidInputError, RuleViolationError
from app.domain.plp_parts import Cancellation
from app.domain.plp_request import LineDecision, PlpRequest
from app.domain.reasons import PlpReason
from app.domain.status import PlpStatus
from tests.unit.builders import (
    KASUBSI,
    MANIFEST,
    P2,
    TPKA,
    approved,
    at,
    in_review,
    recommended,
)

R, S = PlpReason, PlpStatus
PLP_DATE = date(2026, 11, 25)
R2_REASONS = [
    R.NO_LCL_SPACE,
    R.SPECIAL_FACILITY,
    R.EXCISE_RIBBON,
    R.MASTER_CONSOLIDATION,
    R.FF_MASTER_AWB,
    R.RUSH_HANDLING,
    R.POSTAL,
]


def decide(
    request: PlpRequest, *lines: LineDecision, approve: bool = True, reason: str | None = None
) -> None:
    by_line = {d.line_no: d for d in lines}
    request.decide(KASUBSI, at(2), approve, reason, by_line, "000007", PLP_DATE)


# --- R1 / R2 ---------------------------------------------------------------------------------


@pytest.mark.parametrize("reason", [R.YOR_SOR, R.STAGNATION])
def test_r1_yor_sor_and_stagnation_wait_for_the_manifest_and_the_p2_officer(
    reason: PlpReason,
) -> None:
    request = in_review(reason)

    assert request.needs_p2
    assert request.missing_recommendations == ["manifest", "p2"]


def test_r1_decision_waits_for_the_p2_recommendation() -> None:
    request = in_review(R.YOR_SOR)
    request.recommend("manifest", MANIFEST, at(1), True, "ok")

    with pytest.raises(RuleViolationError, match="p2 recommendation") as refused:
        decide(request)

    assert refused.value.rule == "R3"
    assert request.status is S.IN_REVIEW


def test_r1_both_recommendations_let_the_kasubsi_decide() -> None:
    request = in_review(R.STAGNATION)
    request.recommend("p2", P2, at(1), False, "risk profile high")
    request.recommend("manifest", MANIFEST, at(1), True, "ok")

    decide(request, approve=False, reason="P2 objects")

    assert request.status is S.REJECTED
    assert request.p2_rec is not None
    assert request.p2_rec.by == P2.username
    assert not request.p2_rec.approve


@pytest.mark.parametrize("reason", R2_REASONS)
def test_r2_other_reasons_wait_for_the_manifest_officer_only(reason: PlpReason) -> None:
    request = in_review(reason)

    assert not request.needs_p2
    assert request.missing_recommendations == ["manifest"]


def test_r2_p2_recommendation_on_a_manifest_only_request_is_refused() -> None:
    request = in_review(R.NO_LCL_SPACE)

    with pytest.raises(RuleViolationError) as refused:
        request.recommend("p2", P2, at(1), True, "")

    assert refused.value.rule == "R2"
    assert request.p2_rec is None


@pytest.mark.parametrize("kind", ["manifest", "p2"])
def test_r1_a_second_recommendation_of_the_same_kind_is_refused(kind: str) -> None:
    request = recommended(in_review(R.YOR_SOR))

    with pytest.raises(RuleViolationError, match="already recommended"):
        request.recommend(kind, MANIFEST, at(2), False, "changed my mind")


def test_r1_unknown_recommendation_kind_fills_no_slot() -> None:
    request = in_review(R.YOR_SOR)

    with pytest.raises(InvalidInputError):
        request.recommend("manifest_officer", MANIFEST, at(1), True, "")

    assert request.missing_recommendations == ["manifest", "p2"]


# --- R3 --------------------------------------------------------------------------------------


def test_r3_decision_before_the_manifest_recommendation_is_refused() -> None:
    request = in_review()

    with pytest.raises(RuleViolationError, match="manifest recommendation") as refused:
        decide(request)

    assert refused.value.rule == "R3"
    assert request.decision is None


def test_r3_approval_carries_the_plp_number_and_date() -> None:
    request = recommended(in_review())

    decide(request)

    assert request.status is S.APPROVED
    assert request.decision is not None
    assert (request.decision.plp_number, request.decision.plp_date) == ("000007", PLP_DATE)
    assert [ln.approved for ln in request.lines] == [True, True]


def test_r3_partial_approval_keeps_a_reason_per_refused_line() -> None:
    request = recommended(in_review(lines=3))

    decide(request, LineDecision(2, False, "container not in the yard"))

    assert request.status is S.APPROVED
    assert [(ln.approved, ln.reject_reason) for ln in request.lines] == [
        (True, None),
        (False, "container not in the yard"),
        (True, None),
    ]
    assert [ln.line_no for ln in request.moving_lines] == [1, 3]


def test_r3_refused_line_without_any_reason_is_refused() -> None:
    request = recommended(in_review())

    with pytest.raises(RuleViolationError, match="line 2"):
        decide(request, LineDecision(2, False))

    assert request.status is S.IN_REVIEW
    assert [ln.approved for ln in request.lines] == [None, None]


def test_r3_approval_refusing_every_line_is_refused() -> None:
    request = recommended(in_review())
    with pytest.raises(RuleViolationError, match="at least one line"):
        decide(request, LineDecision(1, False, "no"), LineDecision(2, False, "no"))

    assert request.status is S.IN_REVIEW


def test_r3_approval_of_lines_cancelled_meanwhile_only_is_refused() -> None:
    request = recommended(in_review())
    request.cancel(TPKA, at(1.5), _cancellation(), [1])

    with pytest.raises(RuleViolationError, match="at least one line"):
        decide(request, LineDecision(2, False, "not in the yard"))

    assert request.status is S.IN_REVIEW


def test_r3_rejection_needs_a_reason() -> None:
    request = recommended(in_review())

    with pytest.raises(RuleViolationError) as refused:
        decide(request, approve=False, reason="  ")

    assert refused.value.rule == "R3"
    assert request.status is S.IN_REVIEW


def test_r3_rejection_gives_no_plp_number_and_refuses_every_line() -> None:
    request = recommended(in_review())

    decide(request, approve=False, reason="goods under investigation")

    assert request.status is S.REJECTED
    assert request.decision is not None
    assert request.decision.plp_number is None
    assert request.decision.reason == "goods under investigation"
    assert {ln.reject_reason for ln in request.lines} == {"goods under investigation"}


def test_r3_decision_on_an_unknown_line_is_refused() -> None:
    request = recommended(in_review())

    with pytest.raises(RuleViolationError, match=r"no lines \[9\]"):
        decide(request, LineDecision(9, False, "?"))


@pytest.mark.parametrize("first", [True, False])
def test_r3_decision_is_final(first: bool) -> None:
    request = recommended(in_review())
    decide(request, approve=first, reason=None if first else "no space at CFSB")

    with pytest.raises(IllegalTransitionError):
        decide(request, approve=not first, reason="second thoughts")

    assert request.status is (S.APPROVED if first else S.REJECTED)


def test_r3_recommendation_after_the_decision_is_refused() -> None:
    request = approved(in_review(R.NO_LCL_SPACE))

    with pytest.raises(IllegalTransitionError):
        request.recommend("manifest", MANIFEST, at(3), False, "too late")


def _cancellation() -> Cancellation:
    return Cancellation(TPKA.username, at(1.5), "cleared", "000001", PLP_DATE, None, None, None)
