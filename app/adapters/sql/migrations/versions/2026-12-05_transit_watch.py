"""transit watch: office settings, terms and flags on plp_request (T1)

Revision ID: 0013_transit_watch
Revises: 0012_goods_stock

Offices get T1's two settings with their defaults (approvals never lapse, 24 hours in
transit). A request approved before this revision keeps no approval limit and takes the default
transit time; goods it has on the road are due 24 hours after their earliest gate-out, so the
watch sees them too.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from alembic import op

import app.adapters.sql.types

revision: str = "0013_transit_watch"
down_revision: str | None = "0012_goods_stock"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APPROVAL_OPEN = sa.text(
    "status IN ('APPROVED', 'RELEASE_REFUSED', 'RELEASED') "
    "AND approval_lapsed_at IS NULL AND approval_lapses_at IS NOT NULL"
)
TRANSIT_OPEN = sa.text(
    "status IN ('RELEASED', 'GATED_OUT', 'DISCREPANCY', 'ENTERED') "
    "AND transit_overdue_at IS NULL AND transit_due_at IS NOT NULL"
)
DEFAULT_HOURS = 24
# The earliest gate-out of goods still on the road, per request with goods on the road.
ON_THE_ROAD = sa.text(
    """
    SELECT r.id, MIN(l.gated_out_at) FROM plp_request r
    JOIN plp_line l ON l.request_id = r.id
    WHERE r.status IN ('RELEASED', 'GATED_OUT', 'DISCREPANCY', 'ENTERED')
      AND l.gated_out_at IS NOT NULL AND l.gated_in_at IS NULL
      AND l.cancelled = :no AND l.approved = :yes
    GROUP BY r.id
    """
)


def _at(name: str) -> sa.Column[object]:
    return sa.Column(name, app.adapters.sql.types.UtcDateTime(timezone=True), nullable=True)


def upgrade() -> None:
    with op.batch_alter_table("office", schema=None) as batch_op:
        batch_op.add_column(sa.Column("approval_validity_hours", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("transit_hours", sa.Integer(), nullable=False, server_default="24")
        )
    with op.batch_alter_table("plp_request", schema=None) as batch_op:
        batch_op.add_column(_at("approval_lapses_at"))
        batch_op.add_column(sa.Column("transit_hours", sa.Integer(), nullable=True))
        batch_op.add_column(_at("transit_due_at"))
        batch_op.add_column(_at("approval_lapsed_at"))
        batch_op.add_column(_at("transit_overdue_at"))
    _backfill()
    with op.batch_alter_table("plp_request", schema=None) as batch_op:
        batch_op.create_index(
            "ix_plp_request_approval_watch",
            ["approval_lapses_at"],
            unique=False,
            postgresql_where=APPROVAL_OPEN,
            sqlite_where=APPROVAL_OPEN,
        )
        batch_op.create_index(
            "ix_plp_request_transit_watch",
            ["transit_due_at"],
            unique=False,
            postgresql_where=TRANSIT_OPEN,
            sqlite_where=TRANSIT_OPEN,
        )


def _backfill() -> None:
    conn = op.get_bind()
    conn.execute(
        sa.text("UPDATE plp_request SET transit_hours = :h WHERE approved = :yes"),
        {"h": DEFAULT_HOURS, "yes": True},
    )
    due_at = sa.text("UPDATE plp_request SET transit_due_at = :due WHERE id = :id").bindparams(
        sa.bindparam("due", type_=app.adapters.sql.types.UtcDateTime(timezone=True))
    )
    for request_id, earliest in conn.execute(ON_THE_ROAD, {"no": False, "yes": True}).all():
        left = _aware(earliest)
        conn.execute(due_at, {"due": left + timedelta(hours=DEFAULT_HOURS), "id": request_id})


def _aware(value: datetime | str) -> datetime:
    """SQLite hands an aggregate back as text, without the column's type: stored UTC."""
    at = datetime.fromisoformat(value) if isinstance(value, str) else value
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at


def downgrade() -> None:
    with op.batch_alter_table("plp_request", schema=None) as batch_op:
        batch_op.drop_index(
            "ix_plp_request_transit_watch", postgresql_where=TRANSIT_OPEN, sqlite_where=TRANSIT_OPEN
        )
        batch_op.drop_index(
            "ix_plp_request_approval_watch",
            postgresql_where=APPROVAL_OPEN,
            sqlite_where=APPROVAL_OPEN,
        )
        for column in (
            "transit_overdue_at",
            "approval_lapsed_at",
            "transit_due_at",
            "transit_hours",
            "approval_lapses_at",
        ):
            batch_op.drop_column(column)
    with op.batch_alter_table("office", schema=None) as batch_op:
        batch_op.drop_column("transit_hours")
        batch_op.drop_column("approval_validity_hours")
