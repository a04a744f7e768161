"""Settling a mismatch: the manifest officer's follow-up (M2) and the P2 section's
conclusion (M4, S1), on the aggregate and through the use cases."""

from __future__ import annotations

from datetime import date

import pytest

from app.domain import commands as c
from app.domain.errors import IllegalTransitionError, InvalidInputError, RuleViolationError
from app.domain.plp_outcomes import Conclusion, FollowUp
from app.domain.plp_request import PlpRequest
from app.domain.push import PushEventType, events_of_request
from app.domain.queues import QueueSpec
from app.domain.seals import SealStage, StatedSeal
from app.domain.services import procedure
from app.domain.status import PlpStatus
from tests.unit.builders import (
    C1,
    C2,
    DEST_SUP,
    MANIFEST,
    ORIGIN_SUP,
    P2_SECTION,
    TPKA,
    approved,
    at,
    gated_out,
    in_review,
    released,
    seals_for,
)
from tests.unit.world import World

S = PlpStatus
SBP = ("SBP-0012/KPU.01/2026", date(2026, 11, 26))


def refused(lines: int = 2) -> PlpRequest:
    request = approved(in_review(lines=lines))
    request.check_at_origin(ORIGIN_SUP, at(3), False, (), "line 2 not presented")
    return request


def discrepancy() -> PlpRequest:
    request = gated_out(released(approved(in_review())))
    request.check_at_destination(DEST_SUP, at(5), False, True, "seal number differs")
    return request


# --- M2 follow-up ----------------------------------------------------------------------------


def test_m2_follow_up_presented_again_sends_the_goods_back_to_the_gate() -> None:
    request = refused()

    request.follow_up(MANIFEST, at(4), "presented again", FollowUp.PRESENTED_AGAIN)

    assert request.status is S.APPROVED
    assert request.new_events[-1].detail["outcome"] == "presented_again"


def test_m2_follow_up_cut_to_matching_refuses_the_other_lines_with_a_reason() -> None:
    request = refused()

    request.follow_up(MANIFEST, at(4), "line 2 not at the yard", FollowUp.CUT_TO_MATCHING, [1])

    assert request.status is S.APPROVED
    assert [ln.approved for ln in request.lines] == [True, False]
    assert "line 2 not at the yard" in (request.lines[1].reject_reason or "")
    assert request.decision_revision == 1 and request.revised_at == at(4)
    request.check_at_origin(ORIGIN_SUP, at(5), True, seals_for(request), "")
    assert request.released_seals.keys() == {C1}  # the cut line needs no seal


@pytest.mark.parametrize("matching", [[], [1, 2], [7]])
def test_m2_follow_up_cut_names_some_but_not_all_approved_lines(matching: list[int]) -> None:
    request = refused()

    with pytest.raises(InvalidInputError) as wrong:
        request.follow_up(MANIFEST, at(4), "cut", FollowUp.CUT_TO_MATCHING, matching)

    assert wrong.value.rule == "M2"
    assert request.status is S.RELEASE_REFUSED


def test_m2_follow_up_cancelled_ends_the_plp_and_frees_the_goods() -> None:
    request = refused()

    request.follow_up(MANIFEST, at(4), "goods not at the origin", FollowUp.CANCELLED)

    assert request.status is S.CANCELLED
    assert not any(request.blocks_goods(ln) for ln in request.lines)


def test_m2_follow_up_is_pushed_as_an_outcome_to_both_tps() -> None:
    request = refused()
    request.new_events.clear()

    request.follow_up(MANIFEST, at(4), "cut", FollowUp.CUT_TO_MATCHING, [1])
    pushed = events_of_request(request, request.new_events)

    assert {p.type for p in pushed} == {PushEventType.OUTCOME}
    assert {p.tps_code for p in pushed} == {"TPKA", "CFSB"}
    assert pushed[0].data["cut_lines"] == [2] and pushed[0].data["lines"]


# --- M4 conclusion ---------------------------------------------------------------------------


def test_m4_enforcement_holds_the_goods_until_the_p2_section_lets_them_enter() -> None:
    request = discrepancy()

    request.conclude_investigation(P2_SECTION, at(6), "tampered", Conclusion.ENFORCEMENT, *SBP)
    held = request.status
    request.conclude_investigation(P2_SECTION, at(9), "examined, no offence")

    assert held is S.HELD
    assert request.status is S.ENTERED
    assert request.investigation is not None and request.investigation.outcome == "may_enter"


def test_m4_enforcement_needs_its_document() -> None:
    request = discrepancy()

    with pytest.raises(InvalidInputError) as refused_:
        request.conclude_investigation(P2_SECTION, at(6), "tampered", Conclusion.ENFORCEMENT)

    assert refused_.value.rule == "M4"
    assert request.status is S.DISCREPANCY


def test_m4_held_goods_cannot_gate_in() -> None:
    request = discrepancy()
    request.conclude_investigation(P2_SECTION, at(6), "tampered", Conclusion.ENFORCEMENT, *SBP)

    with pytest.raises(RuleViolationError) as refused_:
        request.gate_in(TPKA, at(7), at(7), [])

    assert refused_.value.rule == "M4"


def test_m4_no_investigation_without_a_discrepancy_or_a_seal_alert() -> None:
    request = gated_out(released(approved(in_review())))

    with pytest.raises(IllegalTransitionError):
        request.conclude_investigation(P2_SECTION, at(6), "nothing to see")


def test_s1_the_p2_section_concludes_on_a_seal_alert_in_transit() -> None:
    request = gated_out(released(approved(in_review())))
    request.report_seals(TPKA, at(4), SealStage.GATE_OUT, [StatedSeal(C2, ("X",))])

    request.conclude_investigation(P2_SECTION, at(5), "typing error of the TPS")

    assert not request.seal_alert
    assert request.status is S.GATED_OUT  # the destination supervisor still checks


# --- through the use cases: queue and push ---------------------------------------------------


def test_s1_a_seal_alert_waits_in_the_p2_section_queue_until_concluded() -> None:
    world = World()
    rid = world.released()
    gate_out = c.RecordGateOut(TPKA, rid, world.clock.advance(minutes=10))
    stated = (StatedSeal(C1, ("BC0000000",)),)

    procedure.gate_out(
        c.RecordGateOut(TPKA, rid, gate_out.at, seals=stated), world.uow, world.clock
    )
    queued = [s.id for s in world.repo.queue(QueueSpec.for_actor(P2_SECTION, 50, None)).items]
    cmd = c.ConcludeInvestigation(P2_SECTION, rid, "seal re-read: typing error")
    procedure.conclude_investigation(cmd, world.uow, world.clock)
    after = [s.id for s in world.repo.queue(QueueSpec.for_actor(P2_SECTION, 50, None)).items]

    assert rid in queued and rid not in after
    assert world.stored(rid).status is S.GATED_OUT


def test_m4_an_unknown_outcome_is_refused_by_the_use_case() -> None:
    world = World()
    rid = world.gated_out()
    world.check_destination(rid, matched=False, note="seal broken")

    cmd = c.ConcludeInvestigation(P2_SECTION, rid, "x", outcome="shrug")
    with pytest.raises(InvalidInputError):
        procedure.conclude_investigation(cmd, world.uow, world.clock)


def test_s1_a_seal_discrepancy_is_pushed_to_both_tps_naming_the_rule() -> None:
    request = gated_out(released(approved(in_review())))
    request.new_events.clear()

    request.report_seals(TPKA, at(4), SealStage.GATE_OUT, [StatedSeal(C2, ("X",))])
    pushed = events_of_request(request, request.new_events)

    assert {p.type for p in pushed} == {PushEventType.DISCREPANCY}
    assert {p.tps_code for p in pushed} == {"TPKA", "CFSB"}
    assert pushed[0].data["rule"] == "S1" and pushed[0].data["gate"] == "gate_out"
    assert pushed[0].data["containers"][0]["container"] == C2
