"""SQL rows of push delivery (issue 5): callback registrations, signing secrets, the outbox,
and the auto-officer policies of simulation mode."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Index, Text, text
from sqlmodel import Field, SQLModel

from app.adapters.sql.tables.reference_tables import json_field, utc

_PENDING = text("status = 'pending'")


class PushAccountRow(SQLModel, table=True):
    """The signing secret of an account's callbacks (shown once, kept to sign)."""

    __tablename__ = "push_account"
    username: str = Field(primary_key=True, max_length=64)
    tps_code: str = Field(max_length=4)
    secret: str = Field(max_length=128)
    secret_created_at: datetime = utc()


class PushSubscriptionRow(SQLModel, table=True):
    """One callback URL of an account for one event type."""

    __tablename__ = "push_subscription"
    __table_args__ = (Index("ix_push_subscription_tps_type", "tps_code", "event_type"),)
    username: str = Field(primary_key=True, max_length=64)
    event_type: str = Field(primary_key=True, max_length=24)
    tps_code: str = Field(max_length=4)
    url: str = Field(max_length=500)
    created_at: datetime = utc()


class PushDeliveryRow(SQLModel, table=True):
    """The outbox: one event for one callback, written in the transaction that caused it."""

    __tablename__ = "push_delivery"
    __table_args__ = (
        # the delivery job reads only pending rows, oldest due first
        Index(
            "ix_push_delivery_due",
            "next_attempt_at",
            postgresql_where=_PENDING,
            sqlite_where=_PENDING,
        ),
        Index("ix_push_delivery_status_created", "status", "created_at"),
        Index("ix_push_delivery_tps", "tps_code", "created_at"),
    )
    id: int | None = Field(default=None, primary_key=True)
    event_id: str = Field(max_length=32, index=True)
    event_type: str = Field(max_length=24)
    tps_code: str = Field(max_length=4)
    username: str = Field(max_length=64)
    url: str = Field(max_length=500)
    request_id: str | None = Field(default=None, max_length=32)
    body: str = Field(sa_type=Text)
    status: str = Field(default="pending", max_length=12)
    attempts: int = 0
    created_at: datetime = utc()
    next_attempt_at: datetime = utc()
    expires_at: datetime = utc()
    locked_until: datetime | None = utc(default=None, nullable=True)
    claim: str | None = Field(default=None, max_length=32)
    delivered_at: datetime | None = utc(default=None, nullable=True)
    last_status: int | None = None
    last_error: str | None = Field(default=None, max_length=500)


class SimulationPolicyRow(SQLModel, table=True):
    """An office's auto-officer policy, set at run time by an admin (demo and test mode)."""

    __tablename__ = "simulation_policy"
    office_code: str = Field(primary_key=True, max_length=6)
    policy: dict[str, Any] = json_field(nullable=False)
    updated_at: datetime = utc()
    updated_by: str = Field(max_length=64)
