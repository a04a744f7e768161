"""outages manual procedure reconciliation

Revision ID: 0003_outages
Revises: 0002_soap_delivery

Outages and the office events around them (F1-F3), paper PLPs and their reconciliation (L2),
admin-added closed days (section 5), H1 notices with their attachments, and the R4 breach
marker on plp_request with the partial index the deadline watch reads.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import app.adapters.sql.types

revision: str = "0003_outages"
down_revision: str | None = "0002_soap_delivery"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OPEN = sa.text("ended_at IS NULL")
SLA_OPEN = sa.text("status = 'IN_REVIEW' AND sla_breached_at IS NULL")


def _s(length: int) -> sqlmodel.sql.sqltypes.AutoString:
    return sqlmodel.sql.sqltypes.AutoString(length=length)


def _at(name: str, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, app.adapters.sql.types.UtcDateTime(timezone=True), nullable=nullable)


def _fk(column: str, table: str, target: str, source: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}"], name=op.f(f"fk_{table}_{column}_{source}")
    )


def upgrade() -> None:
    op.create_table(
        "closed_day",
        sa.Column("office_code", _s(6), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("reason", _s(200), nullable=False),
        sa.Column("added_by", _s(64), nullable=False),
        _at("added_at"),
        _fk("office_code", "closed_day", "office.code", "office"),
        sa.PrimaryKeyConstraint("office_code", "day", name=op.f("pk_closed_day")),
    )
    op.create_table(
        "office_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office_code", _s(6), nullable=False),
        sa.Column("outage_id", _s(32), nullable=True),
        _at("at"),
        sa.Column("actor", _s(64), nullable=False),
        sa.Column("role", _s(32), nullable=False),
        sa.Column("channel", _s(8), nullable=False),
        sa.Column("action", _s(40), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        _fk("office_code", "office_event", "office.code", "office"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_office_event")),
    )
    with op.batch_alter_table("office_event", schema=None) as batch_op:
        batch_op.create_index("ix_office_event_office_at", ["office_code", "at"], unique=False)
        batch_op.create_index(batch_op.f("ix_office_event_outage_id"), ["outage_id"], unique=False)

    op.create_table(
        "out_of_hours_notice",
        sa.Column("id", _s(32), nullable=False),
        sa.Column("request_id", _s(32), nullable=False),
        sa.Column("office_code", _s(6), nullable=False),
        sa.Column("origin_tps", _s(4), nullable=False),
        _at("planned_start"),
        _at("planned_end"),
        _at("notified_at"),
        sa.Column("notified_by", _s(64), nullable=False),
        _fk("request_id", "out_of_hours_notice", "plp_request.id", "plp_request"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_out_of_hours_notice")),
    )
    with op.batch_alter_table("out_of_hours_notice", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_out_of_hours_notice_request_id"), ["request_id"], unique=False
        )

    op.create_table(
        "outage",
        sa.Column("id", _s(32), nullable=False),
        sa.Column("office_code", _s(6), nullable=False),
        _at("started_at"),
        _at("ended_at", nullable=True),
        sa.Column("cause", _s(500), nullable=False),
        sa.Column("source", _s(8), nullable=False),
        sa.Column("dependency", _s(64), nullable=True),
        sa.Column("recorded_by", _s(64), nullable=False),
        sa.Column("ended_by", _s(64), nullable=True),
        _at("switched_at", nullable=True),
        _fk("office_code", "outage", "office.code", "office"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outage")),
    )
    with op.batch_alter_table("outage", schema=None) as batch_op:
        batch_op.create_index(
            "ix_outage_office_started", ["office_code", "started_at"], unique=False
        )
        batch_op.create_index(
            "uq_outage_open_office",
            ["office_code"],
            unique=True,
            postgresql_where=OPEN,
            sqlite_where=OPEN,
        )

    op.create_table(
        "manual_plp",
        sa.Column("id", _s(32), nullable=False),
        sa.Column("outage_id", _s(32), nullable=False),
        sa.Column("office_code", _s(6), nullable=False),
        sa.Column("letter_number", _s(40), nullable=False),
        sa.Column("letter_date", sa.Date(), nullable=False),
        _at("received_at"),
        sa.Column("applicant_tps", _s(4), nullable=False),
        sa.Column("origin_tps", _s(4), nullable=False),
        sa.Column("origin_gudang", _s(4), nullable=False),
        sa.Column("destination_tps", _s(4), nullable=False),
        sa.Column("destination_gudang", _s(4), nullable=False),
        sa.Column("reason", _s(24), nullable=False),
        sa.Column("bc11_number", _s(6), nullable=False),
        sa.Column("bc11_date", sa.Date(), nullable=False),
        sa.Column("applicant_name", _s(60), nullable=False),
        sa.Column("lines", sa.JSON(), nullable=False),
        sa.Column("decision", sa.JSON(), nullable=True),
        sa.Column("recorded_by", _s(64), nullable=False),
        _at("recorded_at"),
        sa.Column("request_id", _s(32), nullable=True),
        _at("entered_at", nullable=True),
        sa.Column("entered_by", _s(64), nullable=True),
        _fk("outage_id", "manual_plp", "outage.id", "outage"),
        _fk("request_id", "manual_plp", "plp_request.id", "plp_request"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_manual_plp")),
    )
    with op.batch_alter_table("manual_plp", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_manual_plp_outage_id"), ["outage_id"], unique=False)

    op.create_table(
        "out_of_hours_attachment",
        sa.Column("notice_id", _s(32), nullable=False),
        sa.Column("kind", _s(24), nullable=False),
        sa.Column("filename", _s(200), nullable=False),
        sa.Column("content_type", _s(64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", _s(64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        _fk(
            "notice_id", "out_of_hours_attachment", "out_of_hours_notice.id", "out_of_hours_notice"
        ),
        sa.PrimaryKeyConstraint("notice_id", "kind", name=op.f("pk_out_of_hours_attachment")),
    )
    op.create_table(
        "reconciliation",
        sa.Column("id", _s(32), nullable=False),
        sa.Column("outage_id", _s(32), nullable=False),
        sa.Column("office_code", _s(6), nullable=False),
        _at("period_from"),
        _at("period_to"),
        _at("opened_at"),
        sa.Column("status", _s(8), nullable=False),
        _at("closed_at", nullable=True),
        sa.Column("closed_by", _s(64), nullable=True),
        _fk("outage_id", "reconciliation", "outage.id", "outage"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reconciliation")),
        sa.UniqueConstraint("outage_id", name=op.f("uq_reconciliation_outage_id")),
    )
    with op.batch_alter_table("reconciliation", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_reconciliation_office_code"), ["office_code"], unique=False
        )

    with op.batch_alter_table("plp_request", schema=None) as batch_op:
        batch_op.add_column(_at("sla_breached_at", nullable=True))
        batch_op.create_index(
            "ix_plp_request_sla_watch",
            ["deadline_at"],
            unique=False,
            postgresql_where=SLA_OPEN,
            sqlite_where=SLA_OPEN,
        )


def downgrade() -> None:
    with op.batch_alter_table("plp_request", schema=None) as batch_op:
        batch_op.drop_index(
            "ix_plp_request_sla_watch", postgresql_where=SLA_OPEN, sqlite_where=SLA_OPEN
        )
        batch_op.drop_column("sla_breached_at")
    # Children before parents; a table's indexes go with it.
    for table in (
        "reconciliation",
        "out_of_hours_attachment",
        "manual_plp",
        "outage",
        "out_of_hours_notice",
        "office_event",
        "closed_day",
    ):
        op.drop_table(table)
