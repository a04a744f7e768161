"""seal chain: each container's seals from release to destination (S1), the P2 section's seal
alert, and revisions of a decision cut after a refused release (M2)

Revision ID: 0015_seal_chain
Revises: 0014_research_aids

Requests stored before this revision have no seal history, no alert and no revision; their
origin check keeps its flat `seal_numbers`, read as the seals of a one-container request.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.adapters.sql.types import UtcDateTime

revision: str = "0015_seal_chain"
down_revision: str | None = "0014_research_aids"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

REVISED = "revised_at IS NOT NULL"


def upgrade() -> None:
    with op.batch_alter_table("plp_request", schema=None) as batch_op:
        batch_op.add_column(sa.Column("seal_chain", sa.JSON(), nullable=True))
        batch_op.add_column(
            sa.Column("seal_alert", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(
            sa.Column("decision_revision", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(sa.Column("revised_at", UtcDateTime(), nullable=True))
    for side in ("applicant", "destination"):  # the polled feed of revised decisions
        op.create_index(
            f"ix_plp_request_{side}_revised",
            "plp_request",
            [f"{side}_tps", "revised_at"],
            unique=False,
            postgresql_where=sa.text(REVISED),
            sqlite_where=sa.text(REVISED),
        )


def downgrade() -> None:
    for side in ("applicant", "destination"):
        op.drop_index(f"ix_plp_request_{side}_revised", table_name="plp_request")
    with op.batch_alter_table("plp_request", schema=None) as batch_op:
        batch_op.drop_column("revised_at")
        batch_op.drop_column("decision_revision")
        batch_op.drop_column("seal_alert")
        batch_op.drop_column("seal_chain")
