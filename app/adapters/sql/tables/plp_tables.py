"""SQL rows of the PLP request aggregate, its lines and its audit trail."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Index, Text, UniqueConstraint, false, text
from sqlmodel import Field, SQLModel

from app.adapters.sql.tables.reference_tables import json_field, utc

_ACTIVE = text("active")
_SLA_OPEN = text("status = 'IN_REVIEW' AND sla_breached_at IS NULL")
# T1: what the transit watch may still flag (app/adapters/sql/queries/transit_query.py)
APPROVAL_OPEN = (
    "status IN ('APPROVED', 'RELEASE_REFUSED', 'RELEASED') "
    "AND approval_lapsed_at IS NULL AND approval_lapses_at IS NOT NULL"
)
TRANSIT_OPEN = (
    "status IN ('RELEASED', 'GATED_OUT', 'DISCREPANCY', 'ENTERED') "
    "AND transit_overdue_at IS NULL AND transit_due_at IS NOT NULL"
)


class PlpRequestRow(SQLModel, table=True):
    __tablename__ = "plp_request"
    __table_args__ = (
        UniqueConstraint("applicant_tps", "ref_number"),
        Index("ix_plp_request_office_submitted", "office_code", "submitted_at", "id"),
        Index("ix_plp_request_status_office", "status", "office_code", "submitted_at"),
        Index("ix_plp_request_origin_submitted", "origin_tps", "submitted_at", "id"),
        Index("ix_plp_request_destination_submitted", "destination_tps", "submitted_at", "id"),
        Index("ix_plp_request_submitted", "submitted_at", "id"),
        Index("ix_plp_request_plp_number", "office_code", "plp_number", "plp_date"),
        # F3: one PLP number per office and year, online or paper (NULLs never clash)
        Index(
            "uq_plp_request_office_year_number",
            "office_code",
            "plp_year",
            "plp_number",
            unique=True,
        ),
        # R4 deadline watch: only requests in review and not yet marked are in this index
        Index(
            "ix_plp_request_sla_watch",
            "deadline_at",
            postgresql_where=_SLA_OPEN,
            sqlite_where=_SLA_OPEN,
        ),
        # T1 transit watch: only approvals and transits it may still flag are in these
        Index(
            "ix_plp_request_approval_watch",
            "approval_lapses_at",
            postgresql_where=text(APPROVAL_OPEN),
            sqlite_where=text(APPROVAL_OPEN),
        ),
        Index(
            "ix_plp_request_transit_watch",
            "transit_due_at",
            postgresql_where=text(TRANSIT_OPEN),
            sqlite_where=text(TRANSIT_OPEN),
        ),
    )
    id: str = Field(primary_key=True, max_length=32)
    version: int = 0
    status: str = Field(max_length=16)
    office_code: str = Field(max_length=6)
    ref_number: str = Field(max_length=50)
    applicant_tps: str = Field(max_length=4)
    side: str = Field(max_length=12)
    channel: str = Field(max_length=8)
    data_type: str = Field(default="1", max_length=1)
    letter_number: str = Field(max_length=60)  # H2H nomorSurat allows 60
    letter_date: date
    origin_tps: str = Field(max_length=4)
    origin_gudang: str = Field(max_length=4)
    destination_tps: str = Field(max_length=4)
    destination_gudang: str = Field(max_length=4)
    reason: str = Field(max_length=24)
    reason_code: str | None = Field(default=None, max_length=4)
    yor_origin: float | None = None
    sor_origin: float | None = None
    yor_destination: float | None = None
    vessel_name: str | None = Field(default=None, max_length=60)
    call_sign: str | None = Field(default=None, max_length=20)
    voyage: str | None = Field(default=None, max_length=20)
    arrival_date: date | None = None
    bc11_number: str = Field(max_length=6)
    bc11_date: date
    applicant_name: str = Field(max_length=60)
    submitted_at: datetime = utc()
    deadline_at: datetime | None = utc(default=None, nullable=True)
    sla_breached_at: datetime | None = utc(default=None, nullable=True)
    fingerprint: str = Field(max_length=64)
    needs_p2: bool = False
    line_count: int = 0
    findings: list[dict[str, Any]] = json_field(nullable=False)
    manifest_rec: dict[str, Any] | None = json_field(nullable=True)
    manifest_rec_at: datetime | None = utc(default=None, nullable=True)
    p2_rec: dict[str, Any] | None = json_field(nullable=True)
    p2_rec_at: datetime | None = utc(default=None, nullable=True)
    decided_by: str | None = Field(default=None, max_length=64)
    decided_at: datetime | None = utc(default=None, nullable=True)
    approved: bool | None = None
    plp_number: str | None = Field(default=None, max_length=6)
    plp_date: date | None = None
    plp_year: int | None = None  # F3: the year of plp_date, for the unique number per year
    decision_reason: str | None = Field(default=None, max_length=500)
    origin_check: dict[str, Any] | None = json_field(nullable=True)
    destination_check: dict[str, Any] | None = json_field(nullable=True)
    investigation: dict[str, Any] | None = json_field(nullable=True)
    # L1: a cancellation waits for the Kasubsi (the records are in plp_cancellation)
    cancellation_pending: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    approval_lapses_at: datetime | None = utc(default=None, nullable=True)  # T1
    transit_hours: int | None = None
    transit_due_at: datetime | None = utc(default=None, nullable=True)
    approval_lapsed_at: datetime | None = utc(default=None, nullable=True)
    transit_overdue_at: datetime | None = utc(default=None, nullable=True)
    judgement_number: str | None = Field(default=None, max_length=60)  # R5, STAGNATION
    judgement_date: date | None = None
    research_aids: list[dict[str, Any]] | None = json_field(nullable=True)  # R5
    seal_chain: list[dict[str, Any]] | None = json_field(nullable=True)  # S1, per container
    seal_alert: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    out_of_hours_notice_at: datetime | None = utc(default=None, nullable=True)  # H1
    out_of_hours_alert: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    decision_revision: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    revised_at: datetime | None = utc(default=None, nullable=True)  # M2 follow-up: a cut
    load_run: str | None = Field(default=None, max_length=40)  # issue 16.11: not in L3


class PlpLineRow(SQLModel, table=True):
    __tablename__ = "plp_line"
    __table_args__ = (
        # E5 under concurrency: one active line per container or house B/L, enforced by the DB
        Index(
            "uq_plp_line_active_key",
            "line_key",
            unique=True,
            postgresql_where=_ACTIVE,
            sqlite_where=_ACTIVE,
        ),
        Index("ix_plp_line_key", "line_key"),
    )
    request_id: str = Field(foreign_key="plp_request.id", primary_key=True, max_length=32)
    line_no: int = Field(primary_key=True)
    kind: str = Field(max_length=10)
    line_key: str = Field(max_length=64)
    active: bool = True
    container_number: str | None = Field(default=None, max_length=20)  # E6 judges bad ones
    size: str | None = Field(default=None, max_length=2)
    iso_type: str | None = Field(default=None, max_length=4)
    package_type: str | None = Field(default=None, max_length=3)
    package_count: int | None = None
    bl_number: str | None = Field(default=None, max_length=30)
    bl_date: date | None = None
    manifest: dict[str, Any] | None = json_field(nullable=True)
    approved: bool | None = None
    reject_reason: str | None = Field(default=None, sa_type=Text)  # every finding of the line
    cancelled: bool = False
    gated_out_at: datetime | None = utc(default=None, nullable=True)
    gated_in_at: datetime | None = utc(default=None, nullable=True)


DECIDED_CANCELLATION = "decided_at IS NOT NULL"
TOLD_DESTINATION = "decided_at IS NOT NULL AND to_destination"


class PlpCancellationRow(SQLModel, table=True):
    """L1: every cancellation of a request, pending or decided; each decided one is a legacy
    response of its own (GetResponBatalPLP, and GetResponBatalPLPTujuan where the destination
    was told of the approval)."""

    __tablename__ = "plp_cancellation"
    __table_args__ = (
        # L1: a cancellation reference names one cancellation of one PLP
        UniqueConstraint("applicant_tps", "ref_number"),
        Index(
            "ix_plp_cancellation_applicant_decided",
            "applicant_tps",
            "decided_at",
            postgresql_where=text(DECIDED_CANCELLATION),
            sqlite_where=text(DECIDED_CANCELLATION),
        ),
        Index(
            "ix_plp_cancellation_destination_decided",
            "destination_tps",
            "decided_at",
            postgresql_where=text(TOLD_DESTINATION),
            sqlite_where=text(TOLD_DESTINATION),
        ),
        Index("ix_plp_cancellation_number", "office_code", "number", "cancellation_date"),
    )
    request_id: str = Field(foreign_key="plp_request.id", primary_key=True, max_length=32)
    number: str = Field(primary_key=True, max_length=6)  # NO_BATAL_PLP
    cancellation_date: date  # TGL_BATAL_PLP
    office_code: str = Field(max_length=6)
    applicant_tps: str = Field(max_length=4)
    destination_tps: str = Field(max_length=4)
    ref_number: str | None = Field(default=None, max_length=50)
    letter_number: str | None = Field(default=None, max_length=40)
    letter_date: date | None = None
    reason: str = Field(max_length=200)
    by: str = Field(max_length=64)
    at: datetime = utc()
    line_nos: list[int] = json_field(nullable=False)
    state: str = Field(max_length=8)
    decided_by: str | None = Field(default=None, max_length=64)
    decided_at: datetime | None = utc(default=None, nullable=True)
    decision_reason: str | None = Field(default=None, max_length=500)
    to_destination: bool = False


class AuditEventRow(SQLModel, table=True):
    __tablename__ = "audit_event"
    id: int | None = Field(default=None, primary_key=True)
    request_id: str = Field(foreign_key="plp_request.id", max_length=32, index=True)
    at: datetime = utc()
    actor: str = Field(max_length=64)
    role: str = Field(max_length=32)
    channel: str = Field(max_length=8)
    action: str = Field(max_length=40)
    from_status: str | None = Field(default=None, max_length=16)
    to_status: str | None = Field(default=None, max_length=16)
    detail: dict[str, Any] = json_field(nullable=False)
    simulated: bool = False
