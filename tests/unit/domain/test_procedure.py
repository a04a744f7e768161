"""The use cases after arrival: they load, authorise, change, save and commit one request."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from app.domain import commands as c
from app.domain.errors import ConflictError, ForbiddenError, PlpNotFoundError, RuleViolationError
from app.domain.reasons import PlpReason
from app.domain.services import procedure, queries
from app.domain.status import PlpStatus
from tests.unit.builders import (
    C1,
    C2,
    C3,
    CFSB,
    KASUBSI,
    KOJA,
    MANIFEST,
    OFFICE,
    OTHER_OFFICE,
    P2,
    P2_SECTION,
    TPKA,
    officer,
)
from tests.unit.world import World

S = PlpStatus


@pytest.fixture
def world() -> World:
    return World()


def plp_number(world: World, rid: str) -> str | None:
    decision = world.stored(rid).decision
    assert decision is not None
    return decision.plp_number


# --- R3: numbers and dates -------------------------------------------------------------------


def test_r3_plp_numbers_are_six_digits_in_the_order_of_approval(world: World) -> None:
    first = world.approved(numbers=(C1,))
    second = world.approved(numbers=(C2,))

    assert (plp_number(world, first), plp_number(world, second)) == ("000001", "000002")


def test_r3_plp_number_continues_the_yearly_series_of_the_office() -> None:
    world = World({(OFFICE, "PLP", 2026): 41, (OFFICE, "PLP", 2025): 7})

    rid = world.approved()

    assert plp_number(world, rid) == "000042"


def test_r3_plp_date_and_year_follow_the_office_day() -> None:
    world = World({(OFFICE, "PLP", 2026): 41})
    rid = world.in_review()
    world.recommend(rid)
    world.clock.set(datetime(2026, 12, 31, 17, 30, tzinfo=UTC))  # 00:30 on New Year's Day, WIB

    world.decide(rid)

    decision = world.stored(rid).decision
    assert decision is not None
    assert (decision.plp_number, decision.plp_date) == ("000001", date(2027, 1, 1))


def test_r3_refused_decision_uses_no_number_and_stores_nothing(world: World) -> None:
    rid = world.in_review(numbers=(C1,))

    with pytest.raises(RuleViolationError):
        world.decide(rid)  # no recommendation yet

    assert not world.uow.committed
    assert world.stored(rid).status is S.IN_REVIEW
    assert plp_number(world, world.approved(numbers=(C2,))) == "000001"


def test_r3_rejection_takes_no_plp_number(world: World) -> None:
    rid = world.in_review(numbers=(C1,))
    world.recommend(rid)

    world.decide(rid, False, "goods under investigation")

    assert plp_number(world, rid) is None
    assert plp_number(world, world.approved(numbers=(C2,))) == "000001"


# --- L1 --------------------------------------------------------------------------------------


def test_l1_cancellation_takes_a_number_of_its_own_series(world: World) -> None:
    rid = world.approved()

    world.cancel(rid)
    world.decide_cancellation(rid)

    stored = world.stored(rid)
    assert stored.status is S.CANCELLED
    assert stored.cancellation is not None
    assert (stored.cancellation.number, stored.cancellation.by) == ("000001", TPKA.username)
    assert plp_number(world, rid) == "000001"


def test_l1_cancellation_of_an_approval_is_pending_until_decided(world: World) -> None:
    rid = world.approved()

    world.cancel(rid)

    stored = world.stored(rid)
    assert stored.status is S.APPROVED
    assert stored.pending_cancellation is not None


def test_l1_the_kasubsi_refuses_and_the_plp_stays_active(world: World) -> None:
    rid = world.approved()
    world.cancel(rid)

    world.decide_cancellation(rid, False, "the goods are needed at the destination")

    stored = world.stored(rid)
    assert stored.status is S.APPROVED
    assert stored.cancellation is not None and not stored.cancellation.approved


def test_l1_only_the_kasubsi_decides_a_cancellation(world: World) -> None:
    rid = world.approved()
    world.cancel(rid)
    number = world.stored(rid).cancellations[0].number
    cmd = c.DecideCancellation(MANIFEST, rid, number, True)

    with pytest.raises(ForbiddenError):
        procedure.decide_cancellation(cmd, world.uow, world.clock)

    assert world.stored(rid).pending_cancellation is not None


def test_l1_a_cancellation_reference_is_not_reused_across_plps(world: World) -> None:
    first, second = world.approved(numbers=(C1,)), world.approved(numbers=(C2,))
    world.cancel(first, ref_number="BATAL-1")

    with pytest.raises(ConflictError) as refused:
        world.cancel(second, ref_number="BATAL-1")

    assert refused.value.rule == "L1"
    assert world.stored(second).cancellation is None


def test_l1_the_same_reference_on_the_same_plp_replays(world: World) -> None:
    rid = world.approved()
    world.cancel(rid, ref_number="BATAL-1")

    world.cancel(rid, ref_number="BATAL-1")

    assert len(world.stored(rid).cancellations) == 1


def test_l1_cancel_by_a_tps_that_did_not_apply_is_forbidden(world: World) -> None:
    rid = world.approved()

    with pytest.raises(ForbiddenError):
        world.cancel(rid, CFSB)

    assert not world.uow.committed
    assert world.stored(rid).status is S.APPROVED


# --- RASCI through the use cases -------------------------------------------------------------


def test_rasci_request_of_another_office_is_not_found(world: World) -> None:
    rid = world.in_review()
    stranger = officer(MANIFEST.role, OTHER_OFFICE)

    with pytest.raises(PlpNotFoundError):
        procedure.recommend(c.RecommendPlp(stranger, rid, "manifest", True), world.uow, world.clock)

    assert world.stored(rid).manifest_rec is None


def test_rasci_unknown_request_is_not_found(world: World) -> None:
    with pytest.raises(PlpNotFoundError):
        world.recommend("no-such-request")


def test_rasci_p2_officer_may_not_decide(world: World) -> None:
    rid = world.in_review()
    world.recommend(rid)

    with pytest.raises(ForbiddenError):
        procedure.decide(c.DecidePlp(P2, rid, True), world.uow, world.clock, world.reference)

    assert world.stored(rid).status is S.IN_REVIEW


def test_rasci_tps_of_neither_side_cannot_read_the_request(world: World) -> None:
    rid = world.in_review()

    with pytest.raises(PlpNotFoundError):
        queries.get_request(KOJA, rid, world.uow)


# --- M1-M6 through the use cases -------------------------------------------------------------


def test_m5_whole_procedure_ends_gated_in_with_every_step_in_the_audit_trail(
    world: World,
) -> None:
    rid = world.gated_in(reason=PlpReason.YOR_SOR, yor_origin=80.0)

    request, trail = queries.get_with_audit(CFSB, rid, world.uow)

    assert request.status is S.GATED_IN
    assert [(e.action, e.role, e.to_status) for e in trail] == [
        ("submitted", "tps_operator", "IN_REVIEW"),
        ("manifest_recommended", "manifest_officer", "IN_REVIEW"),
        ("p2_recommended", "p2_officer", "IN_REVIEW"),
        ("decided", "kasubsi_manifest", "APPROVED"),
        ("origin_checked", "origin_supervisor", "RELEASED"),
        ("gated_out", "tps_operator", "RELEASED"),
        ("all_gated_out", "tps_operator", "GATED_OUT"),
        ("destination_checked", "destination_supervisor", "ENTERED"),
        ("gated_in", "tps_operator", "ENTERED"),
        ("all_gated_in", "tps_operator", "GATED_IN"),
    ]
    assert {e.channel for e in trail} == {"rest"}


def test_m2_refused_release_goes_to_the_manifest_officer_and_back(world: World) -> None:
    rid = world.approved()
    world.check_origin(rid, matched=False, note="container seal number differs")
    refused = world.stored(rid).status

    cmd = c.FollowUpRelease(MANIFEST, rid, "seal number corrected in the approval")
    procedure.follow_up(cmd, world.uow, world.clock)

    assert refused is S.RELEASE_REFUSED
    assert world.stored(rid).status is S.APPROVED


def test_m4_discrepancy_goes_to_the_p2_section_then_entry_proceeds(world: World) -> None:
    rid = world.gated_out()
    world.check_destination(rid, matched=False, note="one container short")
    discrepancy = world.stored(rid).status

    procedure.conclude_investigation(
        c.ConcludeInvestigation(P2_SECTION, rid, "found in the next truck"), world.uow, world.clock
    )

    assert discrepancy is S.DISCREPANCY
    assert world.stored(rid).status is S.ENTERED


def test_m6_gate_out_time_ahead_of_the_clock_is_refused(world: World) -> None:
    rid = world.released(numbers=(C3,))
    ahead = world.clock.now() + timedelta(hours=1)

    with pytest.raises(RuleViolationError) as refused:
        procedure.gate_out(c.RecordGateOut(TPKA, rid, ahead), world.uow, world.clock)

    assert refused.value.rule == "M6"
    assert world.stored(rid).status is S.RELEASED


def test_m1_gate_out_before_approval_is_refused_through_the_use_case(world: World) -> None:
    rid = world.in_review()

    with pytest.raises(RuleViolationError) as refused:
        world.gate_out(rid)

    assert refused.value.rule == "M1"
    assert world.stored(rid).status is S.IN_REVIEW  # the request is unchanged ...
    flagged = world.uow.gate_journal.lines  # ... the reported move is on record, flagged
    assert {(ln.outcome, ln.rule, ln.ref_number) for ln in flagged} == {
        ("flagged", "M1", f"REST/{rid}")
    }


def test_r3_decision_is_saved_and_committed(world: World) -> None:
    rid = world.in_review()
    world.recommend(rid)

    returned = world.decide(rid)

    stored = world.stored(rid)
    assert world.uow.committed
    assert stored.status is returned.status is S.APPROVED
    assert stored.decision is not None
    assert stored.decision.by == KASUBSI.username
