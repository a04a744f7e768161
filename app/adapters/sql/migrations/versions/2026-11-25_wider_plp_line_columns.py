"""wider plp line columns

Revision ID: 0004_line_widths
Revises: 0003_outages
Create Date: 2026-11-25 08:45:19.152528
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0004_line_widths"
down_revision: str | None = "0003_outages"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("plp_line", schema=None) as batch_op:
        batch_op.alter_column(
            "container_number",
            existing_type=sa.VARCHAR(length=11),
            type_=sqlmodel.sql.sqltypes.AutoString(length=20),
            existing_nullable=True,
        )
        batch_op.alter_column(
            "reject_reason",
            existing_type=sa.VARCHAR(length=500),
            type_=sa.Text(),
            existing_nullable=True,
        )


def downgrade() -> None:
    with op.batch_alter_table("plp_line", schema=None) as batch_op:
        batch_op.alter_column(
            "reject_reason",
            existing_type=sa.Text(),
            type_=sa.VARCHAR(length=500),
            existing_nullable=True,
        )
        batch_op.alter_column(
            "container_number",
            existing_type=sqlmodel.sql.sqltypes.AutoString(length=20),
            type_=sa.VARCHAR(length=11),
            existing_nullable=True,
        )
