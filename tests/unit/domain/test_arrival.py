"""Arriving at the destination on the aggregate: entry (M4), gate-in (M5) and its times (M6)."""

from __future__ import annotations

import pytest

from app.domain.errors import RuleViolationError
from app.domain.status import NEXT, PlpStatus
from tests.unit.builders import (
    DEST_SUP,
    P2_SECTION,
    TPKA,
    approved,
    at,
    entered,
    gated_out,
    in_review,
    released,
    seals_for,
)

S = PlpStatus


def rule_of(error: pytest.ExceptionInfo[RuleViolationError]) -> str:
    return str(error.value.rule)


# --- M4 / M5 ---------------------------------------------------------------------------------


def test_m4_match_opens_the_seal_and_enters() -> None:
    request = gated_out(released(approved(in_review())))

    request.check_at_destination(DEST_SUP, at(5), True, True, "", seals_for(request))

    assert request.status is S.ENTERED
    assert request.destination_check is not None
    assert request.destination_check.seal_opened


def test_m4_mismatch_without_a_note_is_refused() -> None:
    request = gated_out(released(approved(in_review())))

    with pytest.raises(RuleViolationError) as refused:
        request.check_at_destination(DEST_SUP, at(5), False, False, "")

    assert rule_of(refused) == "M4"
    assert request.status is S.GATED_OUT


def test_m4_mismatch_goes_to_the_p2_section_whose_conclusion_lets_entry_proceed() -> None:
    request = gated_out(released(approved(in_review())))

    request.check_at_destination(DEST_SUP, at(5), False, False, "seal BC-0001 broken")
    in_discrepancy = request.status
    request.conclude_investigation(P2_SECTION, at(8), "seal damaged in transit; goods complete")

    assert in_discrepancy is S.DISCREPANCY
    assert request.status is S.ENTERED
    assert request.investigation is not None
    assert request.investigation.by == P2_SECTION.username


def test_m4_gate_in_during_the_investigation_is_refused() -> None:
    request = gated_out(released(approved(in_review())))
    request.check_at_destination(DEST_SUP, at(5), False, False, "one container missing")

    with pytest.raises(RuleViolationError) as refused:
        request.gate_in(TPKA, at(6), at(6), [])

    assert rule_of(refused) == "M4"


def test_m4_gate_in_before_the_destination_check_is_refused() -> None:
    request = gated_out(released(approved(in_review())))

    with pytest.raises(RuleViolationError) as refused:
        request.gate_in(TPKA, at(6), at(6), [])

    assert rule_of(refused) == "M4"


def test_m5_gate_in_of_some_lines_keeps_the_request_entered() -> None:
    request = entered(gated_out(released(approved(in_review(lines=2)))))

    request.gate_in(TPKA, at(6), at(6), [1])

    assert request.status is S.ENTERED
    assert [ln.gated_in_at for ln in request.lines] == [at(6), None]


def test_m5_gate_in_of_every_line_ends_the_procedure() -> None:
    request = entered(gated_out(released(approved(in_review(lines=2)))))

    request.gate_in(TPKA, at(6), at(6), [])

    assert request.status is S.GATED_IN
    assert NEXT[request.status] == frozenset()


# --- M6 --------------------------------------------------------------------------------------


def test_m6_gate_in_before_the_gate_out_of_that_line_is_refused() -> None:
    request = released(approved(in_review(lines=2)))
    request.gate_out(TPKA, at(4), at(7), [1])
    request.gate_out(TPKA, at(6), at(7), [2])
    entered(request)

    request.gate_in(TPKA, at(5), at(7), [1])
    with pytest.raises(RuleViolationError, match="before its gate-out") as refused:
        request.gate_in(TPKA, at(5), at(7), [2])

    assert rule_of(refused) == "M6"
    assert [ln.gated_in_at for ln in request.lines] == [at(5), None]


def test_m6_gate_in_in_the_future_is_refused() -> None:
    request = entered(gated_out(released(approved(in_review()))))

    with pytest.raises(RuleViolationError, match="in the future") as refused:
        request.gate_in(TPKA, at(9), at(6), [])

    assert rule_of(refused) == "M6"
    assert request.status is S.ENTERED


def test_m6_gate_in_of_goods_not_gated_out_is_refused() -> None:
    request = released(approved(in_review()))

    with pytest.raises(RuleViolationError) as refused:
        request.gate_in(TPKA, at(5), at(5), [])

    assert rule_of(refused) == "M6"
