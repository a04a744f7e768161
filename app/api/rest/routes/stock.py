"""A TPS's stock (E7): where the goods it reported in are, and those that left it."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path, Query

from app.api.http import tags
from app.api.http.wiring import ServicesDep
from app.api.rest import cursor as cursors
from app.api.rest.deps import ActorDep
from app.api.rest.schemas.stock_out import GoodsPositionOut, StockPageOut
from app.domain.errors import InvalidInputError
from app.domain.services.stock_queries import tps_stock
from app.domain.stock import StockFilter, StockStatus

router = APIRouter(prefix="/api/v1/tps")


@router.get(
    "/{code}/stock",
    tags=[tags.SUBMISSION],
    summary="A TPS's stock: goods there now, in transit from it, released from it (E7)",
    response_model=StockPageOut,
    responses={
        401: {"description": "not logged in"},
        404: {"description": "unknown TPS, or one whose stock is not yours to read"},
        422: {"description": "invalid filter or cursor"},
    },
)
def read_stock(
    actor: ActorDep,
    services: ServicesDep,
    code: Annotated[str, Path(pattern=r"^[A-Z0-9]{4}$")],
    bc11_number: Annotated[str | None, Query(pattern=r"^\d{6}$")] = None,
    bc11_date: date | None = None,
    container: Annotated[str | None, Query(min_length=11, max_length=11)] = None,
    status: StockStatus | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
) -> StockPageOut:
    """**Role** `tps_operator` for its own TPS; officers for any TPS of their office; admin.
    A PLP may move only goods `AT_TPS` at its origin (E7). The stock comes from reference data
    (`discharged_at` of a manifest) and the TPS's gate reports; a PLP's gate-out puts its goods
    `IN_TRANSIT`, its gate-in `AT_TPS` at the destination. Ordered by BC 1.1 date, number and
    goods."""
    filters = StockFilter(code, bc11_number, bc11_date, container, status, limit, _decode(cursor))
    page = tps_stock(actor, filters, services.uow(read_only=True), services.reference)
    return StockPageOut(
        items=[GoodsPositionOut.of(p) for p in page.items],
        next_cursor=cursors.encode_keys(page.next_after),
    )


def _decode(cursor: str | None) -> tuple[str, ...] | None:
    """(BC 1.1 date, BC 1.1 number, goods key) of the last row given out."""
    keys = cursors.decode_keys(cursor, 3)
    if keys is not None:
        try:
            date.fromisoformat(keys[0])
        except ValueError as exc:
            raise InvalidInputError(
                "the cursor is not one this service gave out", "cursor"
            ) from exc
    return keys
