"""outages manual procedure reconciliation

Revision ID: 0003_outages
Revises: 0002_soap_delivery
"""

from __future__ import annotations

from collections.abc import Sequence

revision: str = "0003_outages"
down_revision: str | None = "0002_soap_delivery"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
