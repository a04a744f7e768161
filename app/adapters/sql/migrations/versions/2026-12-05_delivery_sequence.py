"""delivery sequence: polled responses are numbered when they become deliverable and handed
out in that order, not by clock time (issue 16.7)

Revision ID: 0022_delivery_sequence
Revises: 0019_cancellation_decisions

Every response deliverable now is queued, numbered in the order the polls read them until
now (by the time the response was made, then the request and item), and marked delivered
where response_delivery says it was. The per-TPS time cursor (response_cursor) and
response_delivery go: the queue holds both what is owed and what was handed out.
Downgrading keeps what was delivered (response_delivery); the cursors start over.

Also (issue 16.11): plp_request.load_run, the load run that filed a request in demo or test
mode (`plp-mock-tps load`), so the monthly report can leave those requests out.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.adapters.sql.types import UtcDateTime

revision: str = "0022_delivery_sequence"
down_revision: str | None = "0021_account_language"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UNDELIVERED = "delivered_at IS NULL"
COLUMNS = ("tps_code", "kind", "request_id", "item")
# The feeds as the polls of revision 0019 read them: (tps, kind, request, item, made at).
OWED = """SELECT * FROM (
SELECT applicant_tps AS tps_code, 'plp' AS kind, id AS request_id, '' AS item,
       COALESCE(decided_at, submitted_at) AS made_at FROM plp_request
 WHERE decided_at IS NOT NULL OR (status = 'REJECTED' AND decided_at IS NULL)
UNION ALL
SELECT destination_tps, 'plp_tujuan', id, '', decided_at FROM plp_request
 WHERE decided_at IS NOT NULL AND approved = :yes
UNION ALL
SELECT applicant_tps, 'plp', id, CAST(decision_revision AS VARCHAR(6)), revised_at
  FROM plp_request WHERE revised_at IS NOT NULL
UNION ALL
SELECT destination_tps, 'plp_tujuan', id, CAST(decision_revision AS VARCHAR(6)), revised_at
  FROM plp_request WHERE revised_at IS NOT NULL
UNION ALL
SELECT applicant_tps, 'batal', request_id, number, decided_at FROM plp_cancellation
 WHERE decided_at IS NOT NULL
UNION ALL
SELECT destination_tps, 'batal_tujuan', request_id, number, decided_at FROM plp_cancellation
 WHERE decided_at IS NOT NULL AND to_destination
) AS owed ORDER BY made_at, request_id, item, kind
"""


def upgrade() -> None:
    op.create_table(
        "response_queue",
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("tps_code", sa.String(length=4), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("request_id", sa.String(length=32), nullable=False),
        sa.Column("item", sa.String(length=6), nullable=False),
        sa.Column("delivered_at", UtcDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["plp_request.id"],
            name=op.f("fk_response_queue_request_id_plp_request"),
        ),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_response_queue")),
        sa.UniqueConstraint(*COLUMNS, name=op.f("uq_response_queue_tps_code_kind_request_id_item")),
        sqlite_autoincrement=True,
    )
    op.create_index(
        "ix_response_queue_undelivered",
        "response_queue",
        ["tps_code", "kind", "seq"],
        unique=False,
        postgresql_where=sa.text(UNDELIVERED),
        sqlite_where=sa.text(UNDELIVERED),
    )
    op.create_index("ix_response_queue_request_id", "response_queue", ["request_id"])
    _queue_what_is_owed()
    op.add_column("plp_request", sa.Column("load_run", sa.String(length=40), nullable=True))
    op.drop_table("response_cursor")
    op.drop_table("response_delivery")


def _queue_what_is_owed() -> None:
    conn = op.get_bind()
    owed = conn.execute(sa.text(OWED), {"yes": True}).all()
    delivered = {
        tuple(r[:4]): r[4]
        for r in conn.execute(
            sa.text("SELECT tps_code, kind, request_id, item, delivered_at FROM response_delivery")
        )
    }
    queue = sa.table("response_queue", *(sa.column(n) for n in ("seq", *COLUMNS, "delivered_at")))
    rows = [
        dict(zip(("seq", *COLUMNS), (seq, *r[:4]), strict=True))
        | {"delivered_at": delivered.get(tuple(r[:4]))}
        for seq, r in enumerate(owed, start=1)
    ]
    if rows:
        op.bulk_insert(queue, rows)
    if rows and conn.dialect.name == "postgresql":  # explicit numbers: the sequence follows
        conn.execute(
            sa.text("SELECT setval(pg_get_serial_sequence('response_queue', 'seq'), :n)"),
            {"n": len(rows)},
        )


def downgrade() -> None:
    op.create_table(
        "response_cursor",
        sa.Column("tps_code", sa.String(length=4), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("scan_from", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("tps_code", "kind", name=op.f("pk_response_cursor")),
    )
    op.create_table(
        "response_delivery",
        sa.Column("tps_code", sa.String(length=4), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("request_id", sa.String(length=32), nullable=False),
        sa.Column("item", sa.String(length=6), nullable=False),
        sa.Column("delivered_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["plp_request.id"],
            name=op.f("fk_response_delivery_request_id_plp_request"),
        ),
        sa.PrimaryKeyConstraint(*COLUMNS, name=op.f("pk_response_delivery")),
    )
    op.execute(
        "INSERT INTO response_delivery (tps_code, kind, request_id, item, delivered_at) "
        "SELECT tps_code, kind, request_id, item, delivered_at FROM response_queue "
        "WHERE delivered_at IS NOT NULL"
    )
    op.drop_index("ix_response_queue_request_id", table_name="response_queue")
    op.drop_index(
        "ix_response_queue_undelivered",
        table_name="response_queue",
        postgresql_where=sa.text(UNDELIVERED),
        sqlite_where=sa.text(UNDELIVERED),
    )
    op.drop_table("response_queue")
    with op.batch_alter_table("plp_request", schema=None) as batch_op:
        batch_op.drop_column("load_run")
