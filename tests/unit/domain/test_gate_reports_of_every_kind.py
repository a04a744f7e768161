"""Gate reports of every kind move the stock (E7): the table of accepted (KD_DOK,
KD_DOK_INOUT) pairs, discharge, SPPB gate-out (E2 without one) and the journal."""

from __future__ import annotations

import pytest

from app.domain.errors import RuleViolationError
from app.domain.gate_report import GateMove, Outcome, UnsupportedMovementError, movement_of
from app.domain.services.goods_reports import GoodsReport, ReportedGoods, record
from app.domain.stock import StockStatus
from tests.unit.builders import BC11_DATE, BC11_NUMBER, C1, CFSB, KOJA, TPKA, at
from tests.unit.world import World


@pytest.fixture
def world() -> World:
    return World()


def report(
    move: GateMove, kd_dok: str, inout: str, tps: str = "TPKA", number: str = C1, ref: str = "R1"
) -> GoodsReport:
    actor = {"TPKA": TPKA, "CFSB": CFSB, "KOJA": KOJA}[tps]
    item = ReportedGoods(f"C:{number}", inout, "000001", BC11_DATE, at(1), BC11_NUMBER, BC11_DATE)
    return GoodsReport(actor, move, kd_dok, tps, tps, ref, (item,))


def send(world: World, r: GoodsReport) -> bool:
    return record(r, world.uow, world.clock, world.reference)


@pytest.mark.parametrize(
    ("kd_dok", "inout", "move"),
    [
        ("1", "20", GateMove.DISCHARGE),
        ("3", "1", GateMove.RELEASE),
        ("6", "2", GateMove.RELEASE),
        ("3", "3", GateMove.PLP_OUT),
        ("6", "3", GateMove.PLP_OUT),
        ("5", "3", GateMove.PLP_IN),
        ("5", "20", GateMove.RECEIVE),
    ],
)
def test_e7_accepted_pairs_name_their_movement(kd_dok: str, inout: str, move: GateMove) -> None:
    assert movement_of(kd_dok, inout) is move


REFUSED = [("2", "20"), ("4", "3"), ("7", "3"), ("8", "1"), ("1", "3"), ("5", "1"), ("X", "3")]


@pytest.mark.parametrize(("kd_dok", "inout"), REFUSED)
def test_e7_other_pairs_are_refused_naming_the_code_and_what_is_accepted(
    kd_dok: str, inout: str
) -> None:
    with pytest.raises(UnsupportedMovementError) as refused:
        movement_of(kd_dok, inout)

    assert f"KD_DOK {kd_dok} with KD_DOK_INOUT {inout}" in refused.value.detail
    assert "accepted: KD_DOK 1 with KD_DOK_INOUT 20" in refused.value.detail


def test_e7_a_discharge_already_at_another_tps_is_refused_journaled_flagged(world: World) -> None:
    with pytest.raises(RuleViolationError) as refused:
        send(world, report(GateMove.DISCHARGE, "1", "20", tps="KOJA"))

    position = world.position(C1)
    assert refused.value.rule == "E7" and position is not None and position.is_at("TPKA")
    [line] = world.uow.gate_journal.lines
    assert (line.outcome, line.rule, line.tps_code) == (Outcome.FLAGGED, "E7", "KOJA")


def test_e2_a_gate_out_under_an_sppb_that_does_not_exist_is_refused_and_flagged(
    world: World,
) -> None:
    with pytest.raises(RuleViolationError) as refused:
        send(world, report(GateMove.RELEASE, "3", "1"))

    assert refused.value.rule == "E2" and "no SPPB" in refused.value.detail
    assert world.uow.gate_journal.lines[0].outcome is Outcome.FLAGGED
    position = world.position(C1)
    assert position is not None and position.is_at("TPKA")


def test_e7_a_gate_out_under_an_sppb_releases_the_goods_once(world: World) -> None:
    world.stores.stock.sppb.add(f"C:{C1}")

    first = send(world, report(GateMove.RELEASE, "3", "1"))
    again = send(world, report(GateMove.RELEASE, "3", "1"))

    position = world.position(C1)
    assert (first, again) == (False, True)  # the resend is acknowledged, not applied twice
    assert position is not None and position.status is StockStatus.RELEASED
    assert [ln.outcome for ln in world.uow.gate_journal.lines] == [Outcome.ACCEPTED]


def test_e7_a_report_for_another_tps_is_forbidden(world: World) -> None:
    r = report(GateMove.DISCHARGE, "1", "20", tps="KOJA")
    stolen = GoodsReport(TPKA, r.move, r.kd_dok, "KOJA", "KOJA", r.ref_number, r.items)

    with pytest.raises(Exception, match="its own gate"):
        send(world, stolen)
