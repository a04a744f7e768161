"""account language: the language an account chose for the console (issue 18)

Revision ID: 0021_account_language
Revises: 0019_cancellation_decisions

NULL: the account never chose; its pages follow the browser's Accept-Language.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021_account_language"
down_revision: str | None = "0020_conformance_runs"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("account", schema=None) as batch_op:
        batch_op.add_column(sa.Column("language", sa.String(length=8), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("account", schema=None) as batch_op:
        batch_op.drop_column("language")
