"""letter number of 60

Revision ID: 0009_letter_number
Revises: 0008_production
Create Date: 2026-11-25 10:07:55.856294
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0009_letter_number"
down_revision: str | None = "0008_production"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("plp_request", schema=None) as batch_op:
        batch_op.alter_column(
            "letter_number",
            existing_type=sa.VARCHAR(length=40),
            type_=sqlmodel.sql.sqltypes.AutoString(length=60),
            existing_nullable=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("plp_request", schema=None) as batch_op:
        batch_op.alter_column(
            "letter_number",
            existing_type=sqlmodel.sql.sqltypes.AutoString(length=60),
            type_=sa.VARCHAR(length=40),
            existing_nullable=False,
        )
