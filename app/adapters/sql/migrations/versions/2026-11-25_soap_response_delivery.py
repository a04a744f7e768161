"""soap response delivery

Revision ID: 0002_soap_delivery
Revises: 0001_initial
"""

from __future__ import annotations

from collections.abc import Sequence

revision: str = "0002_soap_delivery"
down_revision: str | None = "0001_initial"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
