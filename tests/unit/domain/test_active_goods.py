"""E5 through the use cases: goods stay in one active PLP until it ends, then are free again."""

from __future__ import annotations

import pytest

from app.domain.plp_request import LineDecision
from app.domain.status import ACTIVE, NEXT, PlpStatus
from tests.unit.builders import C1, C2, C3, CFSB, TPKA, submit_cmd
from tests.unit.world import World

FROM_CFSB = {
    "actor": CFSB,
    "origin_tps": "CFSB",
    "origin_gudang": "CFB1",
    "destination_tps": "KOJA",
    "destination_gudang": "KOJA",
}

S = PlpStatus


@pytest.fixture
def world() -> World:
    return World()


def e5_lines(world: World, request_id: str) -> list[int | None]:
    return [f.line_no for f in world.stored(request_id).findings if f.rule == "E5"]


@pytest.mark.parametrize("step", ["in_review", "approved", "released", "gated_out", "entered"])
def test_e5_goods_of_an_open_request_are_refused_to_another(world: World, step: str) -> None:
    getattr(world, step)(numbers=(C1, C2))

    second = world.submit(numbers=(C3, C2))

    assert second.request.status is S.REJECTED
    assert e5_lines(world, second.request.id) == [2]


def test_e5_refusal_names_the_callers_goods_never_the_plp_holding_them(world: World) -> None:
    """The holder may be another TPS: its reference and PLP number are not the caller's."""
    world.approved(numbers=(C1,), ref_number="HOLDER-1")

    second = world.submit(numbers=(C1,))

    [finding] = second.request.findings
    assert finding.detail == f"{C1} is already in another active PLP"
    assert "HOLDER-1" not in finding.detail and "000001" not in finding.detail


def test_e5_goods_are_freed_by_the_kasubsis_rejection(world: World) -> None:
    first = world.in_review(numbers=(C1,))
    world.recommend(first)
    world.decide(first, False, "no space at CFSB")

    second = world.submit(numbers=(C1,))

    assert second.request.status is S.IN_REVIEW


def test_e5_goods_are_freed_by_cancellation(world: World) -> None:
    first = world.approved(numbers=(C1,))
    world.cancel(first)
    world.decide_cancellation(first)  # L1: the Kasubsi approves it

    second = world.submit(numbers=(C1,))

    assert second.request.status is S.IN_REVIEW


def test_e5_goods_are_freed_once_the_request_has_gated_in(world: World) -> None:
    world.gated_in(numbers=(C1,))

    second = world.submit(numbers=(C1,), **FROM_CFSB)  # E7: they are at the destination now

    assert second.request.status is S.IN_REVIEW


def test_e5_goods_of_a_request_rejected_on_arrival_are_not_held(world: World) -> None:
    world.submit(numbers=(C1, C1))  # E5 inside one request

    second = world.submit(numbers=(C1,))

    assert second.request.status is S.IN_REVIEW


def test_e5_line_refused_by_a_partial_approval_is_freed(world: World) -> None:
    first = world.in_review(numbers=(C1, C2))
    world.recommend(first)
    world.decide(first, True, None, LineDecision(2, False, "not in the yard"))

    freed = world.submit(numbers=(C2,))
    held = world.submit(numbers=(C1,))

    assert freed.request.status is S.IN_REVIEW
    assert held.request.status is S.REJECTED


def test_e5_cancelled_line_is_freed_while_the_others_stay_held(world: World) -> None:
    first = world.in_review(numbers=(C1, C2))
    world.cancel(first, TPKA, 1)

    freed = world.submit(numbers=(C1,))
    held = world.submit(numbers=(C2,))

    assert freed.request.status is S.IN_REVIEW
    assert held.request.status is S.REJECTED


def test_e5_goods_held_outside_the_repository_are_refused() -> None:
    world = World()
    world.stores.active_lines.add(f"C:{C3}")

    result = world.submit(numbers=(C3,))

    assert e5_lines(world, result.request.id) == [1]


def test_e5_goods_taken_by_a_concurrent_request_are_refused_on_retry(world: World) -> None:
    other = World().submit(submit_cmd(numbers=(C3,), ref_number="TWIN-1")).request
    world.repo.racing_twins.append(other)

    result = world.submit(numbers=(C3,))

    assert not result.replayed
    assert result.request.status is S.REJECTED
    assert e5_lines(world, result.request.id) == [1]
    assert len(world.repo.stored_ids) == 2


def test_e5_goods_stay_blocked_until_rejection_cancellation_or_gate_in() -> None:
    assert frozenset(S) - ACTIVE == {S.REJECTED, S.CANCELLED, S.GATED_IN}


@pytest.mark.parametrize("final", [S.REJECTED, S.CANCELLED, S.GATED_IN])
def test_e5_final_statuses_allow_no_further_move(final: PlpStatus) -> None:
    assert NEXT[final] == frozenset()
