"""E7: a PLP moves only goods at its origin TPS; the PLP's own movements move the stock."""

from __future__ import annotations

import pytest

from app.domain.errors import RuleViolationError
from app.domain.status import PlpStatus
from app.domain.stock import GoodsPosition, GoodsRef, StockStatus
from tests.unit.builders import (
    BC11_DATE,
    BC11_NUMBER,
    C1,
    C2,
    CFSB,
    OFFICE,
    T0,
    at,
    check,
    container,
    facts,
    package,
    rules,
)
from tests.unit.world import World

S = PlpStatus
FROM_CFSB = {
    "actor": CFSB,
    "origin_tps": "CFSB",
    "origin_gudang": "CFB1",
    "destination_tps": "KOJA",
    "destination_gudang": "KOJA",
}


@pytest.fixture
def world() -> World:
    return World()


def goods(key: str = f"C:{C1}") -> GoodsRef:
    return GoodsRef(OFFICE, BC11_NUMBER, BC11_DATE, key)


# --- at submission ---------------------------------------------------------------------------


def test_e7_goods_at_another_tps_are_refused_without_saying_where(world: World) -> None:
    world.discharged("CFSB", C2, gudang="CFB1")

    result = world.submit(numbers=(C1, C2))

    assert result.request.status is S.REJECTED
    assert [(f.rule, f.line_no) for f in result.request.findings] == [("E7", 2)]
    detail = result.request.findings[0].detail
    assert detail == (
        f"{C2} is not at the origin TPS TPKA (not reported in there, or reported out since)"
    )
    assert "CFSB" not in detail and "CFB1" not in detail


def test_e7_goods_still_on_board_are_refused() -> None:
    on_board = facts(at_origin=frozenset({f"C:{C1}"}))  # C2: no TPS reported it in

    findings = check(known=on_board)

    assert rules(findings) == [("E7", 2)]


def test_e7_house_bl_not_at_the_origin_is_refused_by_its_label() -> None:
    findings = check(package("HBL-LCL-0001"), known=facts(at_origin=frozenset()))

    assert rules(findings) == [("E7", 1)]
    assert findings[0].detail.startswith("B/L HBL-LCL-0001 is not at the origin TPS TPKA")


def test_e7_goods_outside_the_cited_bc11_get_e2_alone() -> None:
    findings = check(container("TCLU1003595"), known=facts(at_origin=frozenset()))

    assert rules(findings) == [("E2", 1)]


def test_e7_goods_at_the_origin_pass(world: World) -> None:
    assert world.submit(numbers=(C1, C2)).request.status is S.IN_REVIEW


# --- the PLP moves the stock -----------------------------------------------------------------


def test_e7_gate_out_puts_the_goods_in_transit_under_the_request(world: World) -> None:
    rid = world.gated_out(numbers=(C1,))

    position = world.position(C1)

    assert position is not None and position.status is StockStatus.IN_TRANSIT
    assert (position.plp_request_id, position.tps_code) == (rid, "TPKA")  # the TPS it left
    assert not position.is_at("TPKA")


def test_e7_gate_in_puts_the_goods_at_the_destination_tps_and_gudang(world: World) -> None:
    rid = world.gated_in(numbers=(C1,))

    position = world.position(C1)

    assert position is not None and position.is_at("CFSB")
    assert (position.gudang, position.plp_request_id) == ("CFB1", rid)


def test_e7_a_second_plp_starts_from_the_destination(world: World) -> None:
    world.gated_in(numbers=(C1,))

    from_old_origin = world.submit(numbers=(C1,))
    from_destination = world.submit(numbers=(C1,), **FROM_CFSB)

    assert from_old_origin.request.status is S.REJECTED
    assert [f.rule for f in from_old_origin.request.findings] == ["E7"]
    assert from_destination.request.status is S.IN_REVIEW


def test_e7_goods_in_transit_cannot_leave_the_origin_again(world: World) -> None:
    world.gated_out(numbers=(C1,))

    again = world.submit(numbers=(C1,))

    assert "E7" in [f.rule for f in again.request.findings]


def test_e7_cancellation_before_gate_out_leaves_the_goods_at_the_origin(world: World) -> None:
    rid = world.approved(numbers=(C1,))
    world.cancel(rid)
    world.decide_cancellation(rid)

    position = world.position(C1)
    second = world.submit(numbers=(C1,))

    assert position is not None and position.is_at("TPKA")
    assert second.request.status is S.IN_REVIEW


def test_e7_gate_out_of_goods_held_elsewhere_is_refused_and_changes_nothing(
    world: World,
) -> None:
    rid = world.released(numbers=(C1,))
    world.discharged("CFSB", C1, gudang="CFB1")  # the stock says otherwise since approval

    with pytest.raises(RuleViolationError) as refused:
        world.gate_out(rid)

    assert refused.value.rule == "E7" and "CFSB" not in refused.value.detail
    assert world.stored(rid).status is S.RELEASED
    position = world.position(C1)
    assert position is not None and position.is_at("CFSB")


# --- the position on its own -----------------------------------------------------------------


def test_e7_discharge_puts_goods_on_board_at_the_reporting_tps() -> None:
    position = GoodsPosition(goods())

    position.discharge("TPKA", "TPKA", T0, "TPKA-REF-1")

    assert position.is_at("TPKA") and (position.since, position.report) == (T0, "TPKA-REF-1")


def test_e7_discharge_of_goods_already_at_another_tps_is_refused() -> None:
    position = GoodsPosition(goods())
    position.discharge("TPKA", "TPKA", T0, "TPKA-REF-1")

    with pytest.raises(RuleViolationError) as refused:
        position.discharge("KOJA", "KOJA", at(1), "KOJA-REF-1")

    assert refused.value.rule == "E7" and "TPKA" not in refused.value.detail
    assert position.is_at("TPKA")


def test_e7_release_takes_goods_out_of_the_stock_for_good() -> None:
    position = GoodsPosition(goods())
    position.discharge("TPKA", "TPKA", T0, "TPKA-REF-1")

    position.release("TPKA", at(2), "TPKA-REF-2")

    assert position.status is StockStatus.RELEASED
    with pytest.raises(RuleViolationError):
        position.leave_under_plp("TPKA", "r1", at(3), "PLP 000001")


def test_e7_gate_in_under_another_plp_than_the_one_in_transit_is_refused() -> None:
    position = GoodsPosition(goods())
    position.place("TPKA", "TPKA", None, "reference data")
    position.leave_under_plp("TPKA", "r1", T0, "PLP 000001")

    with pytest.raises(RuleViolationError):
        position.arrive_under_plp("r2", "CFSB", "CFB1", at(1), "PLP 000002")

    position.arrive_under_plp("r1", "CFSB", "CFB1", at(1), "PLP 000001")
    assert position.is_at("CFSB")
