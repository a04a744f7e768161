"""The audit trail: every change appends who made it, through which channel, and the move."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from app.domain.actor import Channel
from app.domain.errors import RuleViolationError
from app.domain.plp_parts import Cancellation, Finding
from app.domain.reasons import PlpReason
from app.domain.status import PlpStatus
from tests.unit.builders import (
    DEST_SUP,
    KASUBSI,
    MANIFEST,
    ORIGIN_SUP,
    P2,
    TPKA,
    approved,
    at,
    entered,
    gated_out,
    in_review,
    released,
)

R, S = PlpReason, PlpStatus


def test_audit_every_change_appends_who_did_it_through_which_channel_and_the_move() -> None:
    by_soap = TPKA.via(Channel.SOAP)
    request = entered(gated_out(released(approved(in_review(R.YOR_SOR)))))
    request.gate_in(by_soap, at(6), at(6), [])

    trail = [
        (e.action, e.actor, e.role, e.channel, e.from_status, e.to_status)
        for e in request.new_events
    ]

    expected = [
        ("submitted", TPKA, None, S.IN_REVIEW),
        ("manifest_recommended", MANIFEST, S.IN_REVIEW, S.IN_REVIEW),
        ("p2_recommended", P2, S.IN_REVIEW, S.IN_REVIEW),
        ("decided", KASUBSI, S.IN_REVIEW, S.APPROVED),
        ("origin_checked", ORIGIN_SUP, S.APPROVED, S.RELEASED),
        ("gated_out", TPKA, S.RELEASED, S.RELEASED),
        ("all_gated_out", TPKA, S.RELEASED, S.GATED_OUT),
        ("destination_checked", DEST_SUP, S.GATED_OUT, S.ENTERED),
        ("gated_in", by_soap, S.ENTERED, S.ENTERED),
        ("all_gated_in", by_soap, S.ENTERED, S.GATED_IN),
    ]
    assert trail == [
        (action, who.username, who.role.value, who.channel.value, before, after)
        for action, who, before, after in expected
    ]


def test_audit_events_carry_the_time_of_each_step() -> None:
    request = gated_out(released(approved(in_review())))

    times = [e.at for e in request.new_events]

    assert times == [at(0), at(1), at(2), at(3), at(4), at(4)]


def test_audit_refusal_on_arrival_logs_the_arrival_and_every_finding() -> None:
    request = in_review()
    request.new_events.clear()
    findings = [Finding("E3", "covered by an import declaration", 1), Finding("E1", "same TPS")]

    request.refuse(TPKA, findings)

    assert [(e.action, e.from_status, e.to_status) for e in request.new_events] == [
        ("submitted", None, S.IN_REVIEW),
        ("rejected_on_arrival", S.IN_REVIEW, S.REJECTED),
    ]
    assert [f["rule"] for f in request.new_events[-1].detail["findings"]] == ["E3", "E1"]


def test_audit_cancellation_names_its_lines_reason_and_number() -> None:
    request = in_review(lines=3)
    cancellation = Cancellation(
        "tpka", at(1), "cleared", "000004", date(2026, 11, 25), None, None, None
    )

    request.cancel(TPKA, at(1), cancellation, [2])

    event = request.new_events[-1]
    assert (event.action, event.actor, event.from_status, event.to_status) == (
        "cancelled",
        "tpka",
        S.IN_REVIEW,
        S.IN_REVIEW,
    )
    assert event.detail == {
        "lines": [2],
        "reason": "cleared",
        "number": "000004",
        "decision_reason": None,
    }


def test_audit_simulated_officer_is_marked_as_such() -> None:
    request = in_review()
    robot = replace(MANIFEST, simulated=True)

    request.recommend("manifest", robot, at(1), True, "auto")

    assert [e.simulated for e in request.new_events] == [False, True]


def test_audit_refused_command_appends_no_event() -> None:
    request = in_review()
    before = list(request.new_events)

    with pytest.raises(RuleViolationError):
        request.decide(KASUBSI, at(2), True, None, {}, "000001", date(2026, 11, 25))

    assert request.new_events == before
