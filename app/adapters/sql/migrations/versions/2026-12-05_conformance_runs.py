"""conformance runs: a run of the conformance pack per TPS account and protocol, its scenarios"
windows and results, and the messages observed as evidence, numbered per run (issue 17)

Revision ID: 0020_conformance_runs
Revises: 0019_cancellation_decisions
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.adapters.sql.types import UtcDateTime

revision: str = "0020_conformance_runs"
down_revision: str | None = "0019_cancellation_decisions"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "conformance_run",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("account", sa.String(length=64), nullable=False),
        sa.Column("tps_code", sa.String(length=4), nullable=False),
        sa.Column("protocol", sa.String(length=8), nullable=False),
        sa.Column("quirks", sa.Boolean(), nullable=False),
        sa.Column("opened_at", UtcDateTime(), nullable=False),
        sa.Column("finished_at", UtcDateTime(), nullable=True),
        sa.Column("running", sa.String(length=16), nullable=True),
        sa.Column("next_seq", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conformance_run")),
    )
    with op.batch_alter_table("conformance_run", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_conformance_run_account"), ["account"], unique=False)
        batch_op.create_index(
            "ix_conformance_run_open",
            ["opened_at"],
            unique=False,
            postgresql_where=sa.text("finished_at IS NULL"),
            sqlite_where=sa.text("finished_at IS NULL"),
        )

    op.create_table(
        "conformance_message",
        sa.Column("run_id", sa.String(length=32), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("scenario_id", sa.String(length=16), nullable=True),
        sa.Column("at", UtcDateTime(), nullable=False),
        sa.Column("direction", sa.String(length=16), nullable=False),
        sa.Column("protocol", sa.String(length=8), nullable=False),
        sa.Column("operation", sa.String(length=120), nullable=False),
        sa.Column("action", sa.String(length=24), nullable=False),
        sa.Column("ref_number", sa.String(length=50), nullable=True),
        sa.Column("containers", sa.JSON(), nullable=False),
        sa.Column("status", sa.Integer(), nullable=True),
        sa.Column("result", sa.String(length=200), nullable=False),
        sa.Column("fault", sa.String(length=24), nullable=True),
        sa.Column("request", sa.Text(), nullable=False),
        sa.Column("reply", sa.Text(), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["conformance_run.id"],
            name=op.f("fk_conformance_message_run_id_conformance_run"),
        ),
        sa.PrimaryKeyConstraint("run_id", "seq", name=op.f("pk_conformance_message")),
    )
    with op.batch_alter_table("conformance_message", schema=None) as batch_op:
        batch_op.create_index(
            "ix_conformance_message_scenario", ["run_id", "scenario_id", "seq"], unique=False
        )

    op.create_table(
        "conformance_scenario",
        sa.Column("run_id", sa.String(length=32), nullable=False),
        sa.Column("scenario_id", sa.String(length=16), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("started_at", UtcDateTime(), nullable=True),
        sa.Column("finished_at", UtcDateTime(), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("checks", sa.JSON(), nullable=False),
        sa.Column("done", sa.JSON(), nullable=False),
        sa.Column("quirks", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["conformance_run.id"],
            name=op.f("fk_conformance_scenario_run_id_conformance_run"),
        ),
        sa.PrimaryKeyConstraint("run_id", "scenario_id", name=op.f("pk_conformance_scenario")),
    )


def downgrade() -> None:
    op.drop_table("conformance_scenario")
    with op.batch_alter_table("conformance_message", schema=None) as batch_op:
        batch_op.drop_index("ix_conformance_message_scenario")

    op.drop_table("conformance_message")
    with op.batch_alter_table("conformance_run", schema=None) as batch_op:
        batch_op.drop_index(
            "ix_conformance_run_open",
            postgresql_where=sa.text("finished_at IS NULL"),
            sqlite_where=sa.text("finished_at IS NULL"),
        )
        batch_op.drop_index(batch_op.f("ix_conformance_run_account"))

    op.drop_table("conformance_run")
