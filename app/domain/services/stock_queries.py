"""Reading a TPS's stock (E7): the TPS its own, officers any TPS of their office."""

from __future__ import annotations

from app.domain.actor import Actor, Role
from app.domain.errors import NotFoundError
from app.domain.ports.reference import ReferenceData
from app.domain.ports.unit_of_work import UnitOfWork
from app.domain.stock import StockFilter, StockPage


def tps_stock(
    actor: Actor, filters: StockFilter, uow: UnitOfWork, reference: ReferenceData
) -> StockPage:
    """Another TPS's stock is "not found", as an unknown TPS: its goods are its own data."""
    if not _may_read(actor, filters.tps_code, reference):
        raise NotFoundError(f"TPS {filters.tps_code} not found")
    with uow:
        return uow.stock.list(filters)


def _may_read(actor: Actor, tps_code: str, reference: ReferenceData) -> bool:
    tps = reference.tps(tps_code)
    if tps is None:
        return False
    if actor.role is Role.TPS_OPERATOR:
        return actor.tps_code == tps_code
    if actor.role in (Role.ADMIN, Role.SYSTEM):
        return True
    return actor.office_code == tps.office_code
