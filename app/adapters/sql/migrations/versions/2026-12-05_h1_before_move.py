"""H1 before the move: the latest out-of-hours notice of a request (the manifest section head's
and the P2 section's queues) and the P2 section's flag of a move gated out without one

Revision ID: 0017_h1_before_move
Revises: 0016_paper_plp_numbers

Requests stored before this revision have neither: their notices stay in out_of_hours_notice,
and their gate-outs were refused, not flagged, without a notice.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.adapters.sql.types import UtcDateTime

revision: str = "0017_h1_before_move"
down_revision: str | None = "0016_paper_plp_numbers"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("plp_request", schema=None) as batch_op:
        batch_op.add_column(sa.Column("out_of_hours_notice_at", UtcDateTime(), nullable=True))
        batch_op.add_column(
            sa.Column("out_of_hours_alert", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("plp_request", schema=None) as batch_op:
        batch_op.drop_column("out_of_hours_alert")
        batch_op.drop_column("out_of_hours_notice_at")
