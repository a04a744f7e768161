"""SQL rows of the conformance pack (issue 17): runs, their scenarios, the observed messages."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Index, Text, text
from sqlmodel import Field, SQLModel

from app.adapters.sql.tables.reference_tables import json_field, utc

_OPEN = text("finished_at IS NULL")


class ConformanceRunRow(SQLModel, table=True):
    __tablename__ = "conformance_run"
    # the tap asks "is any run open?" on every request while one is: a tiny partial index
    __table_args__ = (
        Index("ix_conformance_run_open", "opened_at", postgresql_where=_OPEN, sqlite_where=_OPEN),
    )
    id: str = Field(primary_key=True, max_length=32)
    account: str = Field(max_length=64, index=True)
    tps_code: str = Field(max_length=4)
    protocol: str = Field(max_length=8)
    quirks: bool = False
    opened_at: datetime = utc()
    finished_at: datetime | None = utc(default=None, nullable=True)
    running: str | None = Field(default=None, max_length=16)  # one scenario at a time
    next_seq: int = 0  # the last seq given to a message of the run


class ConformanceScenarioRow(SQLModel, table=True):
    __tablename__ = "conformance_scenario"
    run_id: str = Field(primary_key=True, max_length=32, foreign_key="conformance_run.id")
    scenario_id: str = Field(primary_key=True, max_length=16)
    position: int = 0
    outcome: str = Field(max_length=16)
    started_at: datetime | None = utc(default=None, nullable=True)
    finished_at: datetime | None = utc(default=None, nullable=True)
    data: dict[str, Any] = json_field(nullable=False)
    checks: list[Any] = json_field(nullable=False)
    done: list[Any] = json_field(nullable=False)
    quirks: list[Any] = json_field(nullable=False)


class ConformanceMessageRow(SQLModel, table=True):
    __tablename__ = "conformance_message"
    __table_args__ = (Index("ix_conformance_message_scenario", "run_id", "scenario_id", "seq"),)
    run_id: str = Field(primary_key=True, max_length=32, foreign_key="conformance_run.id")
    seq: int = Field(primary_key=True)
    scenario_id: str | None = Field(default=None, max_length=16)
    at: datetime = utc()
    direction: str = Field(max_length=16)
    protocol: str = Field(max_length=8)
    operation: str = Field(max_length=120)
    action: str = Field(max_length=24)
    ref_number: str | None = Field(default=None, max_length=50)
    containers: list[Any] = json_field(nullable=False)
    status: int | None = None
    result: str = Field(default="", max_length=200)
    fault: str | None = Field(default=None, max_length=24)
    request: str = Field(default="", sa_type=Text)
    reply: str = Field(default="", sa_type=Text)
    details: dict[str, Any] = json_field(nullable=False)
