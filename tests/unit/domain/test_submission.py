"""Submitting a request: callers (A1/A2), eligibility outcome, routing (R1/R2), deadline (R4)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from app.domain.errors import ForbiddenError, InvalidInputError, ManualProcedureInForceError
from app.domain.reasons import ApplicantSide, PlpReason
from app.domain.status import PlpStatus
from tests.unit.builders import C1, C2, C3, CFSB, KOJA, MANIFEST, OFFICE, T0, TPKA, submit_cmd
from tests.unit.world import World

R, S = PlpReason, PlpStatus


@pytest.fixture
def world() -> World:
    return World()


def test_r2_accepted_request_is_stored_in_review_for_the_manifest_officer(world: World) -> None:
    result = world.submit()

    stored = world.stored(result.request.id)
    assert world.uow.committed
    assert stored.status is S.IN_REVIEW
    assert stored.missing_recommendations == ["manifest"]
    [event] = world.repo.audit_trail(stored.id)
    assert (event.action, event.actor, event.role, event.channel) == (
        "submitted",
        "tpka",
        "tps_operator",
        "rest",
    )
    assert (event.from_status, event.to_status) == (None, "IN_REVIEW")
    assert event.detail["routed_to"] == ["manifest_officer"]


def test_r1_yor_sor_request_is_routed_to_the_p2_and_the_manifest_officer(world: World) -> None:
    result = world.submit(reason=R.YOR_SOR, yor_origin=80.0)

    stored = world.stored(result.request.id)
    assert stored.missing_recommendations == ["manifest", "p2"]
    [event] = world.repo.audit_trail(stored.id)
    assert event.detail["routed_to"] == ["manifest_officer", "p2_officer"]


def test_r2_accepted_lines_carry_their_bc11_facts(world: World) -> None:
    result = world.submit(numbers=(C1, C2))

    lines = world.stored(result.request.id).lines
    assert [ln.manifest.pos_number if ln.manifest else None for ln in lines] == [
        "000100000000",
        "000200000000",
    ]


def test_r4_deadline_is_three_working_days_on_the_office_calendar(world: World) -> None:
    result = world.submit()  # on a Wednesday

    submitted_at = result.request.submitted_at
    assert world.calendars.calls == [(OFFICE, submitted_at, 3)]
    assert world.stored(result.request.id).deadline_at == submitted_at + timedelta(days=5)


def test_r4_request_rejected_on_arrival_gets_no_deadline(world: World) -> None:
    result = world.submit(bc11_number="999999")

    stored = world.stored(result.request.id)
    assert stored.status is S.REJECTED
    assert stored.deadline_at is None
    assert world.calendars.calls == []


def test_e2_request_citing_an_unknown_bc11_is_stored_rejected_on_every_line(
    world: World,
) -> None:
    result = world.submit(bc11_number="999999")

    stored = world.stored(result.request.id)
    assert [f.rule for f in stored.findings] == ["E2"]
    assert all((ln.reject_reason or "").startswith("E2: BC 1.1 999999") for ln in stored.lines)
    assert [ln.approved for ln in stored.lines] == [False, False]


def test_e3_declared_goods_reject_the_request_with_the_rule_on_their_line(world: World) -> None:
    world.stores.declared.add(f"C:{C2}")

    result = world.submit(numbers=(C1, C2))

    stored = world.stored(result.request.id)
    assert stored.status is S.REJECTED
    assert stored.lines[1].reject_reason == f"E3: {C2} is covered by an import declaration"
    assert stored.lines[0].reject_reason == "refused with the request: other lines fail the rules"
    event = world.repo.audit_trail(stored.id)[-1]
    assert (event.action, event.to_status) == ("rejected_on_arrival", "REJECTED")
    assert event.detail["findings"][0]["rule"] == "E3"


def test_a1_account_neither_origin_nor_destination_is_forbidden(world: World) -> None:
    with pytest.raises(ForbiddenError, match="neither the origin nor the destination"):
        world.submit(actor=KOJA)

    assert world.repo.stored_ids == []
    assert not world.uow.committed


def test_a1_officer_account_may_not_file(world: World) -> None:
    with pytest.raises(ForbiddenError, match="only a TPS operator"):
        world.submit(actor=MANIFEST)

    assert world.repo.stored_ids == []


def test_a2_destination_files_for_goods_under_a_master_awb(world: World) -> None:
    result = world.submit(actor=CFSB, reason=R.FF_MASTER_AWB)

    stored = world.stored(result.request.id)
    assert (stored.status, stored.side, stored.applicant_tps) == (
        S.IN_REVIEW,
        ApplicantSide.DESTINATION,
        "CFSB",
    )


def test_a2_destination_filing_an_origin_reason_is_stored_rejected(world: World) -> None:
    result = world.submit(actor=CFSB, reason=R.NO_LCL_SPACE)

    stored = world.stored(result.request.id)
    assert stored.status is S.REJECTED
    assert [f.rule for f in stored.findings] == ["A2"]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"office_code": "999999"}, "office_code"),
        ({"origin_tps": "NOPE"}, "origin_tps"),
        ({"destination_gudang": "TPKA"}, "destination_gudang"),
        ({"origin_gudang": "CFB1"}, "origin_gudang"),
    ],
)
def test_unknown_codes_are_invalid_input_and_store_nothing(
    world: World, overrides: dict[str, Any], field: str
) -> None:
    actor = TPKA if "origin_tps" not in overrides else CFSB

    with pytest.raises(InvalidInputError) as refused:
        world.submit(actor=actor, **overrides)

    assert refused.value.field == field
    assert world.repo.stored_ids == []


def test_request_without_goods_is_invalid_input(world: World) -> None:
    with pytest.raises(InvalidInputError, match="at least one"):
        world.submit(numbers=())

    assert world.repo.stored_ids == []


def test_f2_manual_procedure_refuses_new_online_requests(world: World) -> None:
    world.reference.switch_to_manual(OFFICE, T0 - timedelta(hours=7))

    with pytest.raises(ManualProcedureInForceError):
        world.submit(numbers=(C3,))

    assert world.repo.stored_ids == []


def test_f2_request_sent_before_the_switch_still_gets_its_answer(world: World) -> None:
    cmd = submit_cmd(numbers=(C3,))
    first = world.submit(cmd)
    world.reference.switch_to_manual(OFFICE, T0)

    again = world.submit(cmd)

    assert again.replayed
    assert again.request.id == first.request.id
