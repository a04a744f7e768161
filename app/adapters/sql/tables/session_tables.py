"""SQL rows of sessions and retries: the H2H refresh-token families (rotation, reuse
detection) and the stored answers of officer and TPS actions sent with an Idempotency-Key."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Text
from sqlmodel import Field, SQLModel

from app.adapters.sql.tables.reference_tables import utc


class RefreshFamilyRow(SQLModel, table=True):
    """The refresh tokens one H2H login begets: only the newest (`current_jti`) is valid; a
    used one presented again revokes the family."""

    __tablename__ = "refresh_family"
    id: str = Field(primary_key=True, max_length=32)
    username: str = Field(max_length=64, index=True)
    current_jti: str = Field(max_length=32)
    expires_at: datetime = utc()
    revoked: bool = False


class IdempotencyRecordRow(SQLModel, table=True):
    """The answer given to an action sent with an Idempotency-Key, replayed to a retry."""

    __tablename__ = "idempotency_record"
    username: str = Field(primary_key=True, max_length=64)
    key: str = Field(primary_key=True, max_length=200)
    fingerprint: str = Field(max_length=64)
    status: int
    body: str = Field(sa_type=Text)
    created_at: datetime = utc(index=True)
