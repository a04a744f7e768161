"""sessions and retries: credential versions, login delays, H2H refresh families, stored
answers of actions sent with an Idempotency-Key

Revision ID: 0010_sessions
Revises: 0009_letter_number
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

from app.adapters.sql.types import UtcDateTime

revision: str = "0010_sessions"
down_revision: str | None = "0009_letter_number"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("account", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("credential_version", sa.Integer(), nullable=False, server_default="0")
        )
    with op.batch_alter_table("login_throttle", schema=None) as batch_op:
        batch_op.add_column(sa.Column("last_failed_at", UtcDateTime(), nullable=True))
    op.create_table(
        "refresh_family",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("username", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("current_jti", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("expires_at", UtcDateTime(), nullable=False),
        sa.Column("revoked", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_refresh_family")),
    )
    with op.batch_alter_table("refresh_family", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_refresh_family_username"), ["username"])
    op.create_table(
        "idempotency_record",
        sa.Column("username", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("fingerprint", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("status", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("username", "key", name=op.f("pk_idempotency_record")),
    )
    with op.batch_alter_table("idempotency_record", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_idempotency_record_created_at"), ["created_at"])


def downgrade() -> None:
    with op.batch_alter_table("idempotency_record", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_idempotency_record_created_at"))
    op.drop_table("idempotency_record")
    with op.batch_alter_table("refresh_family", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_refresh_family_username"))
    op.drop_table("refresh_family")
    with op.batch_alter_table("login_throttle", schema=None) as batch_op:
        batch_op.drop_column("last_failed_at")
    with op.batch_alter_table("account", schema=None) as batch_op:
        batch_op.drop_column("credential_version")
