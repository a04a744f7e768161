"""push delivery outbox and simulation

Revision ID: 0005_push_outbox
Revises: 0004_line_widths

Callback registrations and signing secrets of TPS accounts, the outbox of push events
(written in the transaction of the change that caused them), and the auto-officer policies
of simulation mode.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import app.adapters.sql.types

revision: str = "0005_push_outbox"
down_revision: str | None = "0004_line_widths"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PENDING = "status = 'pending'"


def _string(length: int) -> sqlmodel.sql.sqltypes.AutoString:
    return sqlmodel.sql.sqltypes.AutoString(length=length)


def _utc(name: str, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, app.adapters.sql.types.UtcDateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "push_account",
        sa.Column("username", _string(64), nullable=False),
        sa.Column("tps_code", _string(4), nullable=False),
        sa.Column("secret", _string(128), nullable=False),
        _utc("secret_created_at"),
        sa.PrimaryKeyConstraint("username", name=op.f("pk_push_account")),
    )
    op.create_table(
        "push_subscription",
        sa.Column("username", _string(64), nullable=False),
        sa.Column("event_type", _string(24), nullable=False),
        sa.Column("tps_code", _string(4), nullable=False),
        sa.Column("url", _string(500), nullable=False),
        _utc("created_at"),
        sa.PrimaryKeyConstraint("username", "event_type", name=op.f("pk_push_subscription")),
    )
    op.create_index(
        "ix_push_subscription_tps_type", "push_subscription", ["tps_code", "event_type"]
    )
    op.create_table(
        "push_delivery",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", _string(32), nullable=False),
        sa.Column("event_type", _string(24), nullable=False),
        sa.Column("tps_code", _string(4), nullable=False),
        sa.Column("username", _string(64), nullable=False),
        sa.Column("url", _string(500), nullable=False),
        sa.Column("request_id", _string(32), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("status", _string(12), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        _utc("created_at"),
        _utc("next_attempt_at"),
        _utc("expires_at"),
        _utc("locked_until", nullable=True),
        sa.Column("claim", _string(32), nullable=True),
        _utc("delivered_at", nullable=True),
        sa.Column("last_status", sa.Integer(), nullable=True),
        sa.Column("last_error", _string(500), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_push_delivery")),
    )
    op.create_index(
        "ix_push_delivery_due",
        "push_delivery",
        ["next_attempt_at"],
        postgresql_where=sa.text(PENDING),
        sqlite_where=sa.text(PENDING),
    )
    op.create_index("ix_push_delivery_status_created", "push_delivery", ["status", "created_at"])
    op.create_index("ix_push_delivery_tps", "push_delivery", ["tps_code", "created_at"])
    op.create_index(op.f("ix_push_delivery_event_id"), "push_delivery", ["event_id"])
    op.create_table(
        "simulation_policy",
        sa.Column("office_code", _string(6), nullable=False),
        sa.Column("policy", sa.JSON(), nullable=False),
        _utc("updated_at"),
        sa.Column("updated_by", _string(64), nullable=False),
        sa.PrimaryKeyConstraint("office_code", name=op.f("pk_simulation_policy")),
    )


def downgrade() -> None:
    op.drop_table("simulation_policy")
    op.drop_index(op.f("ix_push_delivery_event_id"), table_name="push_delivery")
    op.drop_index("ix_push_delivery_tps", table_name="push_delivery")
    op.drop_index("ix_push_delivery_status_created", table_name="push_delivery")
    op.drop_index(
        "ix_push_delivery_due",
        table_name="push_delivery",
        postgresql_where=sa.text(PENDING),
        sqlite_where=sa.text(PENDING),
    )
    op.drop_table("push_delivery")
    op.drop_index("ix_push_subscription_tps_type", table_name="push_subscription")
    op.drop_table("push_subscription")
    op.drop_table("push_account")
