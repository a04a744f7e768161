"""soap response delivery

Revision ID: 0002_soap_delivery
Revises: 0001_initial

Polled SOAP responses are delivered once per TPS (response_delivery), each poll scanning from
a per-TPS cursor (response_cursor) through partial indexes of plp_request that new, undecided
requests never enter.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import app.adapters.sql.types

revision: str = "0002_soap_delivery"
down_revision: str | None = "0001_initial"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DECIDED = "decided_at IS NOT NULL"
REFUSED_ON_ARRIVAL = "status = 'REJECTED' AND decided_at IS NULL"
CANCELLED = "cancellation_number IS NOT NULL"
INDEXES = [
    ("ix_plp_request_applicant_decided", ["applicant_tps", "decided_at"], DECIDED),
    ("ix_plp_request_destination_decided", ["destination_tps", "decided_at"], DECIDED),
    ("ix_plp_request_refused_on_arrival", ["applicant_tps", "submitted_at"], REFUSED_ON_ARRIVAL),
    ("ix_plp_request_applicant_cancelled", ["applicant_tps", "cancellation_date"], CANCELLED),
    ("ix_plp_request_destination_cancelled", ["destination_tps", "cancellation_date"], CANCELLED),
]


def _string(length: int) -> sqlmodel.sql.sqltypes.AutoString:
    return sqlmodel.sql.sqltypes.AutoString(length=length)


def upgrade() -> None:
    op.create_table(
        "response_cursor",
        sa.Column("tps_code", _string(4), nullable=False),
        sa.Column("kind", _string(16), nullable=False),
        sa.Column("scan_from", app.adapters.sql.types.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("tps_code", "kind", name=op.f("pk_response_cursor")),
    )
    op.create_table(
        "response_delivery",
        sa.Column("tps_code", _string(4), nullable=False),
        sa.Column("kind", _string(16), nullable=False),
        sa.Column("request_id", _string(32), nullable=False),
        sa.Column("item", _string(6), nullable=False),
        sa.Column(
            "delivered_at", app.adapters.sql.types.UtcDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["plp_request.id"],
            name=op.f("fk_response_delivery_request_id_plp_request"),
        ),
        sa.PrimaryKeyConstraint(
            "tps_code", "kind", "request_id", "item", name=op.f("pk_response_delivery")
        ),
    )
    with op.batch_alter_table("plp_request", schema=None) as batch_op:
        for name, columns, where in INDEXES:
            batch_op.create_index(
                name,
                columns,
                unique=False,
                postgresql_where=sa.text(where),
                sqlite_where=sa.text(where),
            )


def downgrade() -> None:
    with op.batch_alter_table("plp_request", schema=None) as batch_op:
        for name, _columns, where in reversed(INDEXES):
            batch_op.drop_index(name, postgresql_where=sa.text(where), sqlite_where=sa.text(where))
    op.drop_table("response_delivery")
    op.drop_table("response_cursor")
