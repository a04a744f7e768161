"""The stock follows the PLP (M3, M5): gate-out puts the moved lines in transit under the
request, gate-in puts them at the destination TPS and gudang (E7 for the next PLP)."""

from __future__ import annotations

from dataclasses import replace

from app.domain.plp_request import PlpRequest
from app.domain.ports.unit_of_work import UnitOfWork
from app.domain.stock import GoodsPosition, GoodsRef, StockStatus


def follow_plp(request: PlpRequest, uow: UnitOfWork) -> None:
    """Bring the positions of the request's moving lines up to their gate times; lines
    already there are left alone, so a resent report changes nothing."""
    h = request.header
    moved = [ln for ln in request.moving_lines if ln.gated_out_at is not None]
    if not moved:
        return
    stored = uow.stock.positions(
        h.office_code, h.bc11_number, h.bc11_date, [ln.key for ln in moved]
    )
    report = f"PLP {request.decision.plp_number if request.decision else request.id}"
    for line in moved:
        ref = GoodsRef(h.office_code, h.bc11_number, h.bc11_date, line.key)
        position = stored.get(line.key) or GoodsPosition(ref)
        before = replace(position)
        if position.status is StockStatus.ON_BOARD:
            # Approved before stock was kept (E7 was not checked then): the PLP is the evidence.
            position.place(h.origin_tps, h.origin_gudang, None, report)
        assert line.gated_out_at is not None
        position.leave_under_plp(h.origin_tps, request.id, line.gated_out_at, report)
        if line.gated_in_at is not None:
            position.arrive_under_plp(
                request.id, h.destination_tps, h.destination_gudang, line.gated_in_at, report
            )
        if position != before:
            uow.stock.save(position)
