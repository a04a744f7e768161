"""SQL rows of outages, office events, paper PLPs, reconciliations, closed days, H1 notices."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Column, Index, LargeBinary, text
from sqlmodel import Field, SQLModel

from app.adapters.sql.tables.reference_tables import json_field, utc

_OPEN = text("ended_at IS NULL")


class OutageRow(SQLModel, table=True):
    __tablename__ = "outage"
    __table_args__ = (
        # F1: one open outage per office; the watchdog reads only this small index
        Index(
            "uq_outage_open_office",
            "office_code",
            unique=True,
            postgresql_where=_OPEN,
            sqlite_where=_OPEN,
        ),
        Index("ix_outage_office_started", "office_code", "started_at"),
    )
    id: str = Field(primary_key=True, max_length=32)
    office_code: str = Field(foreign_key="office.code", max_length=6)
    started_at: datetime = utc()
    ended_at: datetime | None = utc(default=None, nullable=True)
    cause: str = Field(max_length=500)
    source: str = Field(max_length=8)
    dependency: str | None = Field(default=None, max_length=64)
    recorded_by: str = Field(max_length=64)
    ended_by: str | None = Field(default=None, max_length=64)
    switched_at: datetime | None = utc(default=None, nullable=True)


class OfficeEventRow(SQLModel, table=True):
    __tablename__ = "office_event"
    __table_args__ = (Index("ix_office_event_office_at", "office_code", "at"),)
    id: int | None = Field(default=None, primary_key=True)
    office_code: str = Field(foreign_key="office.code", max_length=6)
    outage_id: str | None = Field(default=None, max_length=32, index=True)
    at: datetime = utc()
    actor: str = Field(max_length=64)
    role: str = Field(max_length=32)
    channel: str = Field(max_length=8)
    action: str = Field(max_length=40)
    detail: dict[str, Any] = json_field(nullable=False)


class ManualPlpRow(SQLModel, table=True):
    __tablename__ = "manual_plp"
    id: str = Field(primary_key=True, max_length=32)
    outage_id: str = Field(foreign_key="outage.id", max_length=32, index=True)
    office_code: str = Field(max_length=6)
    letter_number: str = Field(max_length=40)
    letter_date: date
    received_at: datetime = utc()
    applicant_tps: str = Field(max_length=4)
    origin_tps: str = Field(max_length=4)
    origin_gudang: str = Field(max_length=4)
    destination_tps: str = Field(max_length=4)
    destination_gudang: str = Field(max_length=4)
    reason: str = Field(max_length=24)
    bc11_number: str = Field(max_length=6)
    bc11_date: date
    applicant_name: str = Field(max_length=60)
    lines: dict[str, Any] = json_field(nullable=False)
    decision: dict[str, Any] | None = json_field(nullable=True)
    recorded_by: str = Field(max_length=64)
    recorded_at: datetime = utc()
    request_id: str | None = Field(default=None, foreign_key="plp_request.id", max_length=32)
    entered_at: datetime | None = utc(default=None, nullable=True)
    entered_by: str | None = Field(default=None, max_length=64)


class ReconciliationRow(SQLModel, table=True):
    __tablename__ = "reconciliation"
    id: str = Field(primary_key=True, max_length=32)
    outage_id: str = Field(foreign_key="outage.id", max_length=32, unique=True)
    office_code: str = Field(max_length=6, index=True)
    period_from: datetime = utc()
    period_to: datetime = utc()
    opened_at: datetime = utc()
    status: str = Field(max_length=8)
    closed_at: datetime | None = utc(default=None, nullable=True)
    closed_by: str | None = Field(default=None, max_length=64)


class ClosedDayRow(SQLModel, table=True):
    """A day an admin closed an office on besides public holidays and cuti bersama."""

    __tablename__ = "closed_day"
    office_code: str = Field(foreign_key="office.code", primary_key=True, max_length=6)
    day: date = Field(primary_key=True)
    reason: str = Field(max_length=200)
    added_by: str = Field(max_length=64)
    added_at: datetime = utc()


class OutOfHoursNoticeRow(SQLModel, table=True):
    __tablename__ = "out_of_hours_notice"
    id: str = Field(primary_key=True, max_length=32)
    request_id: str = Field(foreign_key="plp_request.id", max_length=32, index=True)
    office_code: str = Field(max_length=6)
    origin_tps: str = Field(max_length=4)
    planned_start: datetime = utc()
    planned_end: datetime = utc()
    notified_at: datetime = utc()
    notified_by: str = Field(max_length=64)


class OutOfHoursAttachmentRow(SQLModel, table=True):
    __tablename__ = "out_of_hours_attachment"
    notice_id: str = Field(foreign_key="out_of_hours_notice.id", primary_key=True, max_length=32)
    kind: str = Field(primary_key=True, max_length=24)
    filename: str = Field(max_length=200)
    content_type: str = Field(max_length=64)
    size: int
    sha256: str = Field(max_length=64)
    content: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
