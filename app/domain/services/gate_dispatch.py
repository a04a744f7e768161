"""One gate report of any kind, as the REST (and H2H) channels hand it over: each item's
(KD_DOK, KD_DOK_INOUT) pair is judged first, then PLP movements go to M3/M5 and the others
to the stock (E7), every goods item journaled."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime

from app.domain.actor import Actor
from app.domain.commands import Goods, Movement, ReportMovement
from app.domain.errors import ForbiddenError
from app.domain.gate_report import GateMove, movement_of
from app.domain.ports.reference import Clock, ReferenceData
from app.domain.ports.unit_of_work import UnitOfWork
from app.domain.services import goods_reports
from app.domain.services.gate_reports import report_movement
from app.domain.services.goods_reports import GoodsReport, ReportedGoods

PLP_MOVES = {GateMove.PLP_OUT: Movement.GATE_OUT, GateMove.PLP_IN: Movement.GATE_IN}
Group = tuple[str, date | None, datetime, str | None]


def report_gate(
    actor: Actor,
    head: tuple[str, str, str, str],  # KD_DOK, KD_TPS, KD_GUDANG, REF_NUMBER
    items: list[ReportedGoods],
    uow: UnitOfWork,
    clock: Clock,
    reference: ReferenceData,
) -> None:
    """Nothing is recorded when a pair is outside the table (UnsupportedMovementError)."""
    kd_dok, tps, gudang, ref = head
    if actor.tps_code != tps:
        raise ForbiddenError(f"a TPS reports its own gate only, not TPS {tps}")
    by_move: dict[GateMove, list[ReportedGoods]] = defaultdict(list)
    for item in items:
        by_move[movement_of(kd_dok, item.kd_dok_inout)].append(item)
    for move, group in by_move.items():
        if move not in PLP_MOVES:
            report = GoodsReport(actor, move, kd_dok, tps, gudang, ref, tuple(group))
            goods_reports.record(report, uow, clock, reference)
            continue
        journal = goods_reports.journal_lines(tps, kd_dok, ref, tuple(group), clock)
        for (number, on, at, office), same in _by_plp(group).items():
            assert on is not None  # a PLP report names the PLP's date (the channel checks)
            goods = Goods(
                tuple(i.key[2:] for i in same if i.key.startswith("C:")),
                tuple(_bl(i.key) for i in same if i.key.startswith("K:")),
            )
            seals = tuple(s for i in same for s in i.seals)  # S1
            order = ReportMovement(
                actor, PLP_MOVES[move], number, on, at, goods, office, seals=seals
            )
            mine = [ln for ln in journal if ln.document_number == number and ln.at == at]
            report_movement(order, uow, clock, reference, mine)


def _by_plp(items: list[ReportedGoods]) -> dict[Group, list[ReportedGoods]]:
    grouped: dict[Group, list[ReportedGoods]] = defaultdict(list)
    for i in items:
        grouped[(i.document_number, i.document_date, i.at, i.office_code)].append(i)
    return grouped


def _bl(key: str) -> tuple[str, date | None]:
    bl, _, on = key[2:].rpartition(":")
    return bl, date.fromisoformat(on)
