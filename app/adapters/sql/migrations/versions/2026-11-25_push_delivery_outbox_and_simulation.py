"""push delivery outbox and simulation

Revision ID: 0005_push_outbox
Revises: 0004_line_widths
"""

from __future__ import annotations

from collections.abc import Sequence

revision: str = "0005_push_outbox"
down_revision: str | None = "0004_line_widths"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
