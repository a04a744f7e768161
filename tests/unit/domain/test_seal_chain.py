"""The seal chain on the aggregate: seals per container at release (M2), checked in the gate
reports (S1) and at the destination (M4)."""

from __future__ import annotations

import pytest

from app.domain.actor import Channel
from app.domain.errors import InvalidInputError, RuleViolationError
from app.domain.lines import lines_from
from app.domain.plp_request import PlpRequest
from app.domain.seals import ContainerSeals, SealStage, StatedSeal
from app.domain.status import PlpStatus
from tests.unit.builders import (
    C1,
    C2,
    CARRIER,
    DEST_SUP,
    ORIGIN,
    ORIGIN_SUP,
    T0,
    TPKA,
    approved,
    at,
    container,
    entered,
    gated_out,
    header,
    in_review,
    package,
    released,
    seal_of,
    seals_for,
    tps_account,
)

S = PlpStatus


def with_packages() -> PlpRequest:
    """A request of one container line and one package line."""
    lines = lines_from((container(C1),), (package(),))
    request = PlpRequest("req-2", header(), lines, "TPKA", ORIGIN, Channel.REST, T0, "")
    request.accept(tps_account("TPKA"), at(72))
    return approved(request)


def release(request: PlpRequest, *seals: ContainerSeals, escorted: bool = False) -> None:
    request.check_at_origin(ORIGIN_SUP, at(3), True, seals, "released", escorted)


# --- M2: seals or escort per container -------------------------------------------------------


def test_m2_release_needs_a_seal_on_every_container_or_an_escort() -> None:
    request = approved(in_review(lines=2))

    with pytest.raises(InvalidInputError) as refused:
        release(request, ContainerSeals(C1, ("BC0001",)))

    assert refused.value.rule == "M2"
    assert C2 in refused.value.detail and "S1" in refused.value.detail
    assert request.status is S.APPROVED and request.origin_check is None


def test_m2_escorted_release_needs_no_seal() -> None:
    request = approved(in_review(lines=2))

    release(request, escorted=True)

    assert request.status is S.RELEASED
    assert request.origin_check is not None and request.origin_check.escorted


def test_m2_seals_naming_a_container_not_in_the_request_are_refused() -> None:
    request = approved(in_review(lines=1))

    with pytest.raises(InvalidInputError) as refused:
        release(request, ContainerSeals(C1, ("BC1",)), ContainerSeals("XXXU1234567", ("BC2",)))

    assert "XXXU1234567" in refused.value.detail
    assert request.status is S.APPROVED


def test_m2_flat_seal_numbers_are_taken_for_a_one_container_request_only() -> None:
    one, two = approved(in_review(lines=1)), approved(in_review(lines=2))

    one.check_at_origin(ORIGIN_SUP, at(3), True, ("BC1", "BC2"), "")
    with pytest.raises(InvalidInputError) as refused:
        two.check_at_origin(ORIGIN_SUP, at(3), True, ("BC1", "BC2"), "")

    assert one.released_seals == {C1: ("BC1", "BC2")}
    assert "`seals`" in refused.value.detail
    assert two.status is S.APPROVED


def test_m2_packages_travel_in_a_sealed_container_or_under_escort() -> None:
    unsealed, sealed, escorted = with_packages(), with_packages(), with_packages()

    with pytest.raises(InvalidInputError) as refused:
        release(unsealed, ContainerSeals(C1, ("BC1",)))
    release(sealed, ContainerSeals(C1, ("BC1",)), ContainerSeals(CARRIER, ("BC9",)))
    release(escorted, escorted=True)

    assert "packages" in refused.value.detail
    assert sealed.released_seals == {C1: ("BC1",), CARRIER: ("BC9",)}
    assert escorted.status is S.RELEASED


def test_m2_refused_release_records_no_seal() -> None:
    request = approved(in_review())

    request.check_at_origin(ORIGIN_SUP, at(3), False, (), "one container missing")

    assert request.status is S.RELEASE_REFUSED
    assert request.seal_chain == [] and request.released_seals == {}


# --- S1: gate reports ------------------------------------------------------------------------


def test_s1_gate_report_with_the_released_seal_is_recorded_without_alert() -> None:
    request = gated_out(released(approved(in_review(lines=1))))

    flagged = request.report_seals(
        TPKA, at(4), SealStage.GATE_OUT, [StatedSeal(C1, (seal_of(C1),))]
    )

    assert flagged == []
    assert not request.seal_alert
    assert [r.stage for r in request.seal_history()[C1]] == [SealStage.RELEASE, SealStage.GATE_OUT]


def test_s1_gate_report_with_a_different_seal_is_recorded_and_flagged() -> None:
    request = gated_out(released(approved(in_review(lines=2))))
    request.new_events.clear()

    request.report_seals(TPKA, at(4), SealStage.GATE_OUT, [StatedSeal(C2, ("BC9999999",))])

    assert request.status is S.GATED_OUT  # the move is a fact: recorded, not refused
    assert request.seal_alert
    (event,) = request.new_events
    assert event.action == "seal_discrepancy" and event.detail["rule"] == "S1"
    assert "missing" in event.detail["containers"][0]["found"]
    assert request.seal_history()[C2][-1].discrepancy is not None


def test_s1_gate_report_without_a_seal_number_is_not_checked() -> None:
    request = gated_out(released(approved(in_review(lines=1))))

    request.report_seals(TPKA, at(4), SealStage.GATE_OUT, [StatedSeal(C1, ())])

    assert not request.seal_alert
    assert len(request.seal_chain) == 1  # the release only


def test_s1_package_seals_are_compared_with_the_container_they_travel_in() -> None:
    request = with_packages()
    release(request, ContainerSeals(C1, ("BC1",)), ContainerSeals(CARRIER, ("BC9",)))

    good = request.report_seals(TPKA, at(4), SealStage.GATE_OUT, [StatedSeal("", ("BC9",), True)])
    bad = request.report_seals(TPKA, at(4), SealStage.GATE_OUT, [StatedSeal("", ("BC8",), True)])

    assert good == []
    assert bad and bad[0]["container"] == CARRIER


# --- M4: the destination verifies each container's seals -------------------------------------


def test_m4_seals_as_released_intact_and_opened_enter() -> None:
    request = entered(gated_out(released(approved(in_review()))))

    assert request.status is S.ENTERED
    assert [r.stage for r in request.seal_history()[C1]] == [
        SealStage.RELEASE,
        SealStage.DESTINATION,
    ]


def test_m4_a_broken_seal_is_a_discrepancy_for_the_p2_section() -> None:
    request = gated_out(released(approved(in_review(lines=1))))

    found = (ContainerSeals(C1, (seal_of(C1),), intact=False),)
    request.check_at_destination(DEST_SUP, at(5), True, True, "", found)

    assert request.status is S.DISCREPANCY
    assert request.destination_check is not None
    assert "broken" in request.destination_check.note


def test_m4_a_different_seal_is_a_discrepancy() -> None:
    request = gated_out(released(approved(in_review(lines=1))))

    request.check_at_destination(DEST_SUP, at(5), True, True, "", (ContainerSeals(C1, ("X1",)),))

    assert request.status is S.DISCREPANCY
    assert request.seal_history()[C1][-1].discrepancy is not None


def test_m4_a_matched_check_must_state_every_sealed_container() -> None:
    request = gated_out(released(approved(in_review(lines=2))))

    with pytest.raises(InvalidInputError) as refused:
        request.check_at_destination(DEST_SUP, at(5), True, True, "", seals_for(request)[:1])

    assert refused.value.rule == "M4" and C2 in refused.value.detail
    assert request.status is S.GATED_OUT


def test_m4_the_old_body_is_taken_only_for_one_sealed_container() -> None:
    one = gated_out(released(approved(in_review(lines=1))))
    two = gated_out(released(approved(in_review(lines=2))))

    one.check_at_destination(DEST_SUP, at(5), True, True, "")
    with pytest.raises(InvalidInputError):
        two.check_at_destination(DEST_SUP, at(5), True, True, "")

    assert one.status is S.ENTERED
    assert two.status is S.GATED_OUT


def test_m4_matched_with_the_seals_left_closed_is_refused() -> None:
    request = gated_out(released(approved(in_review(lines=1))))

    with pytest.raises(InvalidInputError) as refused:
        request.check_at_destination(DEST_SUP, at(5), True, False, "")

    assert refused.value.rule == "M4"
    assert request.status is S.GATED_OUT


def test_m4_an_escorted_move_enters_without_seals() -> None:
    request = approved(in_review())
    release(request, escorted=True)
    gated_out(request)

    request.check_at_destination(DEST_SUP, at(5), True, True, "escort handed over")

    assert request.status is S.ENTERED


def test_m4_a_discrepancy_still_needs_a_note() -> None:
    request = gated_out(released(approved(in_review())))

    with pytest.raises(RuleViolationError):
        request.check_at_destination(DEST_SUP, at(5), False, True, "")
