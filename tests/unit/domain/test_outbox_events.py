"""Which changes become push events, for whom, and when a failed delivery is tried again."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest

from app.domain.outage import NoticeKind, TpsNotice
from app.domain.plp_parts import Cancellation
from app.domain.push import (
    FIRST_RETRY,
    LONGEST_WAIT,
    PushEventType,
    event_of_notice,
    events_of_request,
    retry_at,
)
from tests.unit.builders import DEST_SUP, KASUBSI, OFFICE, ORIGIN_SUP, T0, TPKA
from tests.unit.world import World

E = PushEventType


def kinds(world: World, rid: str, change: object) -> list[tuple[str, str]]:
    request = world.stored(rid)
    change(request)  # type: ignore[operator]
    return [(e.type.value, e.tps_code) for e in events_of_request(request, request.new_events)]


def test_r3_approval_goes_to_both_tps_with_the_plp_number() -> None:
    world = World()
    rid = world.in_review()
    world.recommend(rid)
    request = world.stored(rid)
    request.decide(KASUBSI, T0, True, None, {}, "000123", T0.date())

    events = events_of_request(request, request.new_events)

    assert [(e.type, e.tps_code) for e in events] == [(E.DECISION, "TPKA"), (E.DECISION, "CFSB")]
    assert events[0].id != events[1].id and events[0].request_id == rid
    data = events[0].body()["data"]
    assert data["approved"] is True and data["plp_number"] == "000123"
    assert [ln["approved"] for ln in data["lines"]] == [True, True]


def test_rejection_by_the_kasubsi_goes_to_the_applicant_only() -> None:
    world = World()
    rid = world.in_review()
    world.recommend(rid, approve=False)
    got = kinds(world, rid, lambda r: r.decide(KASUBSI, T0, False, "no", {}, None, None))
    assert got == [("decision", "TPKA")]


def test_l1_cancellation_reaches_the_destination_only_once_approved() -> None:
    world = World()
    before = world.in_review()
    cancel = Cancellation("tpka", T0, "why", "000001", T0.date(), None, None, None)

    assert kinds(world, before, lambda r: r.cancel(TPKA, T0, cancel, [])) == [
        ("cancellation", "TPKA")
    ]


@pytest.mark.parametrize("approve", [True, False])
def test_l1_the_kasubsis_decision_is_pushed_to_both_tps(approve: bool) -> None:
    world = World()
    rid = world.approved(numbers=("CSQU1001743",))
    world.cancel(rid)
    request = world.stored(rid)
    number = request.cancellations[0].number

    assert kinds(world, rid, lambda r: None) == []  # the ask alone is pushed to nobody
    request.decide_cancellation(KASUBSI, T0, number, approve, None if approve else "no")
    events = events_of_request(request, request.new_events)

    assert [(e.type.value, e.tps_code) for e in events] == [
        ("cancellation", "TPKA"),
        ("cancellation", "CFSB"),
    ]
    data = events[0].body()["data"]
    assert (data["approved"], data["cancellation_number"]) == (approve, number)
    assert data["decision_reason"] == (None if approve else "no")


def test_m2_m4_mismatches_are_discrepancies_and_matches_are_not_pushed() -> None:
    world = World()
    refused = world.approved()
    moved = world.gated_out(numbers=("CSQU1001743",))
    other = world.approved(numbers=("TSTU1001000",))

    origin = kinds(world, refused, lambda r: r.check_at_origin(ORIGIN_SUP, T0, False, (), "x"))
    dest = kinds(world, moved, lambda r: r.check_at_destination(DEST_SUP, T0, False, False, "y"))
    matched = kinds(
        world, other, lambda r: r.check_at_origin(ORIGIN_SUP, T0, True, (), "", escorted=True)
    )

    assert origin == dest == [("discrepancy", "TPKA"), ("discrepancy", "CFSB")]
    assert matched == []


def test_f1_a_manual_procedure_notice_is_an_event_for_its_tps() -> None:
    notice = TpsNotice("KOJA", OFFICE, T0, NoticeKind.MANUAL_PROCEDURE, "on paper now")
    event = event_of_notice(notice)
    assert (event.type, event.tps_code, event.at) == (E.MANUAL_PROCEDURE, "KOJA", T0)
    assert event.body()["data"] == {
        "office_code": OFFICE,
        "kind": "manual_procedure",
        "message": "on paper now",
    }


def test_retries_back_off_exponentially_with_jitter_up_to_an_hour() -> None:
    rng = random.Random(7)
    waits = [retry_at(n, T0, rng) - T0 for n in range(1, 16)]
    for n, wait in enumerate(waits, 1):
        full = min(FIRST_RETRY * 2 ** (n - 1), LONGEST_WAIT)
        assert full / 2 <= wait <= full
    assert waits[-1] <= LONGEST_WAIT and waits[0] <= timedelta(seconds=5)
    assert len({w.total_seconds() for w in waits[:5]}) == 5
