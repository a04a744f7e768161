"""goods stock: where each goods item of a BC 1.1 is (E7), and the gate-report journal

Revision ID: 0012_goods_stock
Revises: 0011_declaration_bc11

Goods of PLPs stored before this revision that have gated out are placed where those PLPs
left them (in transit, or at the destination once gated in); other goods have no record (on
board) until a gate report or reference data places them.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.adapters.sql.types

revision: str = "0012_goods_stock"
down_revision: str | None = "0011_declaration_bc11"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Each gated-out line's latest PLP (a container reused by a later PLP of the same BC 1.1).
MOVED = sa.text(
    """
    SELECT r.office_code, r.bc11_number, r.bc11_date, l.line_key, r.id, r.plp_number,
           r.destination_tps, r.destination_gudang, l.gated_out_at, l.gated_in_at,
           r.origin_tps, r.origin_gudang
    FROM plp_line l JOIN plp_request r ON r.id = l.request_id
    WHERE l.gated_out_at IS NOT NULL
    ORDER BY l.gated_out_at
    """
)
PUT = sa.text(
    "INSERT INTO goods_stock (office_code, bc11_number, bc11_date, goods_key, status, tps_code,"
    " gudang, since, report, plp_request_id) VALUES (:office, :bc11, :bc11_date, :key, :status,"
    " :tps, :gudang, :since, :report, :request)"
)


def upgrade() -> None:
    op.create_table(
        "goods_stock",
        sa.Column("office_code", sa.String(length=6), nullable=False),
        sa.Column("bc11_number", sa.String(length=6), nullable=False),
        sa.Column("bc11_date", sa.Date(), nullable=False),
        sa.Column("goods_key", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("tps_code", sa.String(length=4), nullable=True),
        sa.Column("gudang", sa.String(length=4), nullable=True),
        sa.Column("since", app.adapters.sql.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("report", sa.String(length=80), nullable=True),
        sa.Column("plp_request_id", sa.String(length=32), nullable=True),
        sa.PrimaryKeyConstraint(
            "office_code", "bc11_number", "bc11_date", "goods_key", name=op.f("pk_goods_stock")
        ),
    )
    op.create_index("ix_goods_stock_tps_status", "goods_stock", ["tps_code", "status"])
    op.create_table(
        "gate_report_line",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("received_at", app.adapters.sql.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("tps_code", sa.String(length=4), nullable=False),
        sa.Column("kd_dok", sa.String(length=2), nullable=False),
        sa.Column("kd_dok_inout", sa.String(length=2), nullable=False),
        sa.Column("document_number", sa.String(length=30), nullable=False),
        sa.Column("document_date", sa.Date(), nullable=True),
        sa.Column("goods_key", sa.String(length=64), nullable=False),
        sa.Column("ref_number", sa.String(length=50), nullable=False),
        sa.Column("at", app.adapters.sql.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("outcome", sa.String(length=8), nullable=False),
        sa.Column("rule", sa.String(length=8), nullable=True),
        sa.Column("message", sa.String(length=500), nullable=True),
        sa.Column("bc11_number", sa.String(length=6), nullable=True),
        sa.Column("bc11_date", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_gate_report_line")),
    )
    op.create_index("ix_gate_report_line_ref", "gate_report_line", ["tps_code", "ref_number"])
    conn = op.get_bind()
    latest = {}
    for row in conn.execute(MOVED).all():
        latest[(row[0], row[1], row[2], row[3])] = row  # ordered by gate-out: the last wins
    for (office, bc11, bc11_date, key), row in latest.items():
        gated_in = row[9] is not None
        conn.execute(
            PUT,
            {
                "office": office,
                "bc11": bc11,
                "bc11_date": bc11_date,
                "key": key,
                "status": "AT_TPS" if gated_in else "IN_TRANSIT",
                "tps": row[6] if gated_in else row[10],  # in transit: the TPS they left
                "gudang": row[7] if gated_in else row[11],
                "since": row[9] if gated_in else row[8],
                "report": f"PLP {row[5] or row[4]}",
                "request": row[4],
            },
        )


def downgrade() -> None:
    op.drop_index("ix_gate_report_line_ref", table_name="gate_report_line")
    op.drop_table("gate_report_line")
    op.drop_index("ix_goods_stock_tps_status", table_name="goods_stock")
    op.drop_table("goods_stock")
