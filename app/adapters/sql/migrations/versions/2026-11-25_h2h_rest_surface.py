"""h2h rest surface

Revision ID: 0007_h2h
Revises: 0006_reports
"""

from __future__ import annotations

from collections.abc import Sequence

revision: str = "0007_h2h"
down_revision: str | None = "0006_reports"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
