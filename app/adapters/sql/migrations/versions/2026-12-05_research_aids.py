"""research aids: R5 findings stored with each request, and the STAGNATION judgement it cites

Revision ID: 0014_research_aids
Revises: 0013_transit_watch

Requests stored before this revision keep `research_aids` NULL: not computed. Their research
is under way or done without the aids, and recomputing them now would show findings the
officers never had when they recommended or decided.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014_research_aids"
down_revision: str | None = "0013_transit_watch"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("plp_request", schema=None) as batch_op:
        batch_op.add_column(sa.Column("judgement_number", sa.String(length=60), nullable=True))
        batch_op.add_column(sa.Column("judgement_date", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("research_aids", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("plp_request", schema=None) as batch_op:
        batch_op.drop_column("research_aids")
        batch_op.drop_column("judgement_date")
        batch_op.drop_column("judgement_number")
