"""SQL rows of the TPS stock (E7), one per goods item of a BC 1.1 a TPS reported in, and of
the gate-report journal, one per goods item of every report received."""

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


class GateReportLineRow(SQLModel, table=True):
    """A resend is found by the reporting TPS and its REF_NUMBER."""

    __tablename__ = "gate_report_line"
    __table_args__ = (Index("ix_gate_report_line_ref", "tps_code", "ref_number"),)
    id: int | None = Field(default=None, primary_key=True)
    received_at: datetime = utc()
    tps_code: str = Field(max_length=4)
    kd_dok: str = Field(max_length=2)
    kd_dok_inout: str = Field(max_length=2)
    document_number: str = Field(max_length=30)
    document_date: date | None = None
    goods_key: str = Field(max_length=64)
    ref_number: str = Field(max_length=50)
    at: datetime = utc()
    outcome: str = Field(max_length=8)
    rule: str | None = Field(default=None, max_length=8)
    message: str | None = Field(default=None, max_length=500)
    bc11_number: str | None = Field(default=None, max_length=6)
    bc11_date: date | None = None
