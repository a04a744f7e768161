"""production readiness

Revision ID: 0008_production
Revises: 0007_h2h
"""

from __future__ import annotations

from collections.abc import Sequence

revision: str = "0008_production"
down_revision: str | None = "0007_h2h"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
