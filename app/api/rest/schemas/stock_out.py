"""A TPS's stock as the REST API answers it (E7)."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from app.api.rest.times import OfficeTime
from app.domain.stock import GoodsPosition, StockStatus


class GoodsPositionOut(BaseModel):
    office_code: str
    bc11_number: str
    bc11_date: dt.date
    container: str | None = Field(None, description="for a container")
    bl_number: str | None = Field(None, description="for a house B/L of packages")
    bl_date: dt.date | None = None
    status: StockStatus = Field(
        description="AT_TPS: here now; IN_TRANSIT: left this TPS under a PLP, not yet in at "
        "its destination; RELEASED: left this TPS under an SPPB"
    )
    tps_code: str
    gudang: str | None
    since: OfficeTime | None = Field(description="when the last report says it happened")
    report: str | None = Field(description="what said so: a gate report, a PLP, reference data")
    plp_request_id: str | None = Field(description="the PLP that moved the goods last")

    @classmethod
    def of(cls, p: GoodsPosition) -> GoodsPositionOut:
        kind, _, rest = p.goods.key.partition(":")
        bl, _, on = rest.rpartition(":")
        return cls(
            office_code=p.goods.office_code,
            bc11_number=p.goods.bc11_number,
            bc11_date=p.goods.bc11_date,
            container=rest if kind == "C" else None,
            bl_number=bl if kind == "K" else None,
            bl_date=dt.date.fromisoformat(on) if kind == "K" else None,
            status=p.status,
            tps_code=p.tps_code or "",
            gudang=p.gudang,
            since=p.since,
            report=p.report,
            plp_request_id=p.plp_request_id,
        )


class StockPageOut(BaseModel):
    items: list[GoodsPositionOut]
    next_cursor: str | None = Field(None, description="pass as `cursor` for the next page")
