"""reports

Revision ID: 0006_reports
Revises: 0005_push_outbox
"""

from __future__ import annotations

from collections.abc import Sequence

revision: str = "0006_reports"
down_revision: str | None = "0005_push_outbox"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
