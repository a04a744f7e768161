"""T1 transit watch on the aggregate and its use case: terms fixed at approval, lapsed approvals
refused at release and gate-out, overdue transits flagged once, pushed to both TPS, queued for
the P2 section."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from app.domain.errors import RuleViolationError
from app.domain.plp_request import PlpRequest
from app.domain.push import PushEventType, events_of_request
from app.domain.queues import QueueSpec
from app.domain.services import queries, transit_watch
from app.domain.simulation import SimulationPolicy, StepKind, next_step
from app.domain.status import PlpStatus
from app.domain.transit import TransitTerms
from tests.unit.builders import (
    C1,
    C2,
    C3,
    CFSB,
    DEST_SUP,
    KASUBSI,
    ORIGIN_SUP,
    P2_SECTION,
    TPKA,
    approved,
    at,
    entered,
    gated_out,
    in_review,
    recommended,
    released,
    seals_for,
)
from tests.unit.world import World

S = PlpStatus


def approved_with(terms: TransitTerms, lines: int = 2) -> PlpRequest:
    """Approved at at(2) under `terms`."""
    request = recommended(in_review(lines=lines))
    request.decide(KASUBSI, at(2), True, None, {}, "000001", at(2).date(), terms)
    return request


def test_t1_an_approval_takes_the_office_terms_at_the_decision() -> None:
    request = approved_with(TransitTerms(approval_validity_hours=48, transit_hours=12))

    assert request.approval_lapses_at == at(50)
    assert request.transit_hours == 12
    assert request.transit_due_at is None  # nothing on the road yet


def test_t1_by_default_an_approval_never_lapses_and_goods_have_24_hours() -> None:
    request = gated_out(released(approved(in_review())))  # gated out at at(4)

    assert request.approval_lapses_at is None
    assert request.transit_hours == 24
    assert request.transit_due_at == at(28)
    assert not request.flag_lapsed_approval(at(10_000))


def test_t1_a_rejection_takes_no_terms() -> None:
    request = recommended(in_review())
    request.decide(KASUBSI, at(2), False, "no", {}, None, None, TransitTerms(1, 1))

    assert request.approval_lapses_at is None and request.transit_hours is None


def test_t1_a_lapsed_approval_cannot_gate_out_and_nothing_changes() -> None:
    request = released(approved_with(TransitTerms(approval_validity_hours=10)))  # lapses at(12)
    events = len(request.new_events)

    with pytest.raises(RuleViolationError) as refused:
        request.gate_out(TPKA, at(12), at(12), [])

    assert refused.value.rule == "T1"
    assert "lapsed" in refused.value.detail
    assert request.status is S.RELEASED
    assert all(ln.gated_out_at is None for ln in request.lines)
    assert request.transit_due_at is None and len(request.new_events) == events


def test_t1_a_timely_gate_out_reported_after_the_lapse_is_recorded() -> None:
    request = released(approved_with(TransitTerms(approval_validity_hours=10)))

    request.gate_out(TPKA, at(11), at(13), [])  # left at 11, reported at 13

    assert request.status is S.GATED_OUT
    assert request.transit_due_at == at(35)


def test_t1_the_release_of_a_lapsed_approval_is_refused() -> None:
    request = approved_with(TransitTerms(approval_validity_hours=10))

    with pytest.raises(RuleViolationError) as refused:
        request.check_at_origin(ORIGIN_SUP, at(12), True, ("SEAL-1",), "sealed")

    assert refused.value.rule == "T1"
    assert request.status is S.APPROVED and request.origin_check is None


def test_t1_the_watch_flags_a_lapsed_approval_once() -> None:
    request = approved_with(TransitTerms(approval_validity_hours=10))

    assert not request.flag_lapsed_approval(at(11))
    assert request.flag_lapsed_approval(at(12.5))
    assert not request.flag_lapsed_approval(at(13))

    assert request.approval_lapsed_at == at(12.5)
    flags = [e for e in request.new_events if e.action == "approval_lapsed"]
    assert len(flags) == 1
    assert flags[0].detail == {"due_at": at(12).isoformat()}
    assert flags[0].actor == "system" and flags[0].to_status == S.APPROVED


def test_t1_goods_all_gated_out_in_time_never_lapse() -> None:
    request = gated_out(released(approved_with(TransitTerms(approval_validity_hours=10))))

    assert not request.flag_lapsed_approval(at(20))
    assert request.approval_lapsed_at is None


def test_t1_an_overdue_transit_is_flagged_once_and_stays_after_a_late_gate_in() -> None:
    request = entered(gated_out(released(approved(in_review()))))  # due at(28)

    assert not request.flag_overdue_transit(at(27.9))
    assert request.flag_overdue_transit(at(28))
    assert not request.flag_overdue_transit(at(29))
    request.gate_in(CFSB, at(30), at(30), [])  # a physical fact: recorded

    assert request.status is S.GATED_IN
    assert request.transit_overdue_at == at(28)
    assert request.transit_due_at == at(28)  # shown as it was
    assert not request.flag_overdue_transit(at(40))
    flags = [e for e in request.new_events if e.action == "transit_overdue"]
    assert len(flags) == 1
    assert flags[0].detail == {"due_at": at(28).isoformat(), "transit_hours": 24}


def test_t1_goods_gated_in_in_time_are_never_overdue() -> None:
    request = entered(gated_out(released(approved(in_review()))))
    request.gate_in(CFSB, at(6), at(6), [])

    assert not request.flag_overdue_transit(at(100))


def test_t1_the_due_time_follows_the_earliest_goods_still_on_the_road() -> None:
    request = released(approved_with(TransitTerms(transit_hours=10)))
    request.gate_out(TPKA, at(4), at(4), [1])
    assert request.transit_due_at == at(14)

    request.gate_out(TPKA, at(8), at(8), [2])

    assert request.status is S.GATED_OUT
    assert request.transit_due_at == at(14)  # line 1 is still the earliest on the road
    request.check_at_destination(DEST_SUP, at(9), True, True, "ok", seals_for(request))
    request.gate_in(CFSB, at(10), at(10), [1])
    assert request.transit_due_at == at(18)  # line 2, out at 8


def test_t1_a_flag_is_pushed_to_both_tps() -> None:
    request = approved_with(TransitTerms(approval_validity_hours=10))
    request.new_events.clear()
    request.flag_lapsed_approval(at(12))

    pushed = events_of_request(request, request.new_events)

    assert sorted(e.tps_code for e in pushed) == ["CFSB", "TPKA"]
    assert {e.type for e in pushed} == {PushEventType.TRANSIT_WATCH}
    data = pushed[0].data
    assert data["flag"] == "approval_lapsed" and data["due_at"] == at(12).isoformat()
    assert data["plp_number"] == "000001" and data["status"] == "APPROVED"


def test_t1_an_overdue_flag_of_a_destination_applicant_also_reaches_the_origin() -> None:
    request = entered(gated_out(released(approved(in_review(applicant="CFSB")))))
    request.new_events.clear()
    request.flag_overdue_transit(at(30))

    pushed = events_of_request(request, request.new_events)

    assert sorted(e.tps_code for e in pushed) == ["CFSB", "TPKA"]
    assert pushed[0].data["flag"] == "transit_overdue"


# --- the use case on the fakes ---------------------------------------------------------------


@pytest.fixture
def world() -> World:
    w = World()
    office = w.reference.offices["040300"]
    w.reference.offices["040300"] = replace(office, approval_validity_hours=10, transit_hours=6)
    return w


def p2_queue(world: World) -> list[str]:
    page = queries.work_queue(QueueSpec.for_actor(P2_SECTION, 50, None), world.uow)
    return [item.id for item in page.items]


def test_t1_the_decision_reads_the_office_settings(world: World) -> None:
    rid = world.approved()

    stored = world.stored(rid)
    assert stored.decision is not None
    assert stored.approval_lapses_at == stored.decision.at + timedelta(hours=10)
    assert stored.transit_hours == 6


def test_t1_the_watch_flags_lapsed_and_overdue_requests_once_for_the_p2_section(
    world: World,
) -> None:
    lapsing = world.approved(numbers=(C1,))
    moving = world.gated_out(numbers=(C2,))
    waiting = world.approved(numbers=(C3,))
    assert p2_queue(world) == []
    world.clock.advance(hours=9, minutes=58)  # `lapsing` was approved first: due first

    first = transit_watch.flag(lambda: world.uow, world.clock)
    world.clock.advance(hours=1)
    second = transit_watch.flag(lambda: world.uow, world.clock)

    assert (first.lapsed, first.overdue) == (1, 1)  # `moving` gated out 6 h before
    assert (second.lapsed, second.overdue) == (1, 0)  # `waiting` now; nothing twice
    assert world.stored(lapsing).approval_lapsed_at is not None
    assert world.stored(moving).transit_overdue_at is not None
    assert sorted(p2_queue(world)) == sorted([lapsing, moving, waiting])


def test_t1_a_cancelled_lapsed_approval_leaves_the_p2_queue(world: World) -> None:
    rid = world.approved()
    world.clock.advance(hours=11)
    transit_watch.flag(lambda: world.uow, world.clock)
    assert p2_queue(world) == [rid]

    world.cancel(rid)
    assert p2_queue(world) == [rid]  # L1: pending, the approval still stands
    world.decide_cancellation(rid)

    assert p2_queue(world) == []


def test_t1_the_auto_officer_does_not_release_a_lapsed_approval(world: World) -> None:
    rid = world.approved()
    rules = SimulationPolicy.preset("rules")
    due = next_step(rules, world.stored(rid), world.clock.now() + timedelta(minutes=5))
    world.clock.advance(hours=10)

    assert due is not None and due.kind is StepKind.CHECK_ORIGIN
    assert next_step(rules, world.stored(rid), world.clock.now()) is None
