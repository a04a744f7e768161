"""SQL rows of the TPS stock (E7): one per goods item of a BC 1.1 that a TPS reported in."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from app.adapters.sql.tables.reference_tables import utc


class GoodsStockRow(SQLModel, table=True):
    """The primary key is the submission's lookup (office, BC 1.1, line keys)."""

    __tablename__ = "goods_stock"
    __table_args__ = (Index("ix_goods_stock_tps_status", "tps_code", "status"),)
    office_code: str = Field(primary_key=True, max_length=6)
    bc11_number: str = Field(primary_key=True, max_length=6)
    bc11_date: date = Field(primary_key=True)
    goods_key: str = Field(primary_key=True, max_length=64)  # PlpLine.key
    status: str = Field(max_length=12)
    tps_code: str | None = Field(default=None, max_length=4)
    gudang: str | None = Field(default=None, max_length=4)
    since: datetime | None = utc(default=None, nullable=True)
    report: str | None = Field(default=None, max_length=80)
    plp_request_id: str | None = Field(default=None, max_length=32)
