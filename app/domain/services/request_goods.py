"""Where the goods of one request are now (E7), for the officers' request page."""

from __future__ import annotations

from app.domain.plp_request import PlpRequest
from app.domain.ports.unit_of_work import UnitOfWork
from app.domain.stock import GoodsPosition


def goods_positions(request: PlpRequest, uow: UnitOfWork) -> dict[int, GoodsPosition | None]:
    """Each line's position by line number; None: no TPS has reported the goods in (on board).
    The caller has read the request already (its rights checked there)."""
    h = request.header
    with uow:
        found = uow.stock.positions(
            h.office_code, h.bc11_number, h.bc11_date, [line.key for line in request.lines]
        )
    return {line.line_no: found.get(line.key) for line in request.lines}
