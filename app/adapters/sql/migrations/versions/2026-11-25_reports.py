"""reports

Revision ID: 0006_reports
Revises: 0005_push_outbox

L3: the monthly report reads one month of the audit trail by time.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0006_reports"
down_revision: str | None = "0005_push_outbox"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_audit_event_at", "audit_event", ["at"])


def downgrade() -> None:
    op.drop_index("ix_audit_event_at", table_name="audit_event")
