"""cancellation decisions: every cancellation in plp_cancellation, pending until the Kasubsi
decides it (L1)

Revision ID: 0019_cancellation_decisions
Revises: 0018_office_titles

A cancellation stored before this revision was immediate: it moves into the new table as
approved (decided by its applicant when it was made), naming the lines it cancelled, and is
told to the destination where the request had been approved. A reference used by an earlier
cancellation of another PLP of the same TPS is kept on the earliest only (L1 now refuses it).
The request keeps only whether a cancellation waits for the Kasubsi (its queue).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

from app.adapters.sql.types import UtcDateTime

revision: str = "0019_cancellation_decisions"
down_revision: str | None = "0018_office_titles"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DECIDED = "decided_at IS NOT NULL"
TOLD_DESTINATION = "decided_at IS NOT NULL AND to_destination"
OLD_CANCELLED = "cancellation_number IS NOT NULL"


def _table() -> sa.Table:
    return sa.table(
        "plp_cancellation",
        *(
            sa.column(n)
            for n in (
                "request_id",
                "number",
                "office_code",
                "applicant_tps",
                "destination_tps",
                "ref_number",
                "letter_number",
                "reason",
                "by",
                "state",
                "decided_by",
                "decision_reason",
                "to_destination",
            )
        ),
        sa.column("cancellation_date", sa.Date()),
        sa.column("letter_date", sa.Date()),
        sa.column("at", UtcDateTime()),
        sa.column("decided_at", UtcDateTime()),
        sa.column("line_nos", sa.JSON()),
    )


def upgrade() -> None:
    op.create_table(
        "plp_cancellation",
        sa.Column("request_id", sa.String(length=32), nullable=False),
        sa.Column("number", sa.String(length=6), nullable=False),
        sa.Column("cancellation_date", sa.Date(), nullable=False),
        sa.Column("office_code", sa.String(length=6), nullable=False),
        sa.Column("applicant_tps", sa.String(length=4), nullable=False),
        sa.Column("destination_tps", sa.String(length=4), nullable=False),
        sa.Column("ref_number", sa.String(length=50), nullable=True),
        sa.Column("letter_number", sa.String(length=40), nullable=True),
        sa.Column("letter_date", sa.Date(), nullable=True),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("by", sa.String(length=64), nullable=False),
        sa.Column("at", UtcDateTime(), nullable=False),
        sa.Column("line_nos", sa.JSON(), nullable=False),
        sa.Column("state", sa.String(length=8), nullable=False),
        sa.Column("decided_by", sa.String(length=64), nullable=True),
        sa.Column("decided_at", UtcDateTime(), nullable=True),
        sa.Column("decision_reason", sa.String(length=500), nullable=True),
        sa.Column("to_destination", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["request_id"], ["plp_request.id"]),
        sa.PrimaryKeyConstraint("request_id", "number"),
        sa.UniqueConstraint("applicant_tps", "ref_number"),
    )
    op.create_index(
        "ix_plp_cancellation_applicant_decided",
        "plp_cancellation",
        ["applicant_tps", "decided_at"],
        unique=False,
        postgresql_where=sa.text(DECIDED),
        sqlite_where=sa.text(DECIDED),
    )
    op.create_index(
        "ix_plp_cancellation_destination_decided",
        "plp_cancellation",
        ["destination_tps", "decided_at"],
        unique=False,
        postgresql_where=sa.text(TOLD_DESTINATION),
        sqlite_where=sa.text(TOLD_DESTINATION),
    )
    op.create_index(
        "ix_plp_cancellation_number",
        "plp_cancellation",
        ["office_code", "number", "cancellation_date"],
        unique=False,
    )
    _move_stored_cancellations()
    for side in ("applicant", "destination"):
        op.drop_index(f"ix_plp_request_{side}_cancelled", table_name="plp_request")
    with op.batch_alter_table("plp_request", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "cancellation_pending", sa.Boolean(), nullable=False, server_default=sa.false()
            )
        )
        batch_op.drop_column("cancellation_date")
        batch_op.drop_column("cancellation_number")
        batch_op.drop_column("cancellation")


def _move_stored_cancellations() -> None:
    conn = op.get_bind()
    stored = conn.execute(
        sa.text(
            "SELECT id, office_code, applicant_tps, destination_tps, approved, cancellation "
            "FROM plp_request WHERE cancellation_number IS NOT NULL ORDER BY submitted_at, id"
        )
    ).all()
    cancelled = conn.execute(
        sa.text("SELECT request_id, line_no FROM plp_line WHERE cancelled = :yes"),
        {"yes": True},
    ).all()
    lines: dict[str, list[int]] = {}
    for request_id, line_no in cancelled:
        lines.setdefault(request_id, []).append(line_no)
    seen: set[tuple[str, str]] = set()
    rows: list[dict[str, Any]] = []
    for r in stored:
        c = _json(r.cancellation)
        ref = c.get("ref_number")
        if ref and (r.applicant_tps, ref) in seen:
            ref = None
        elif ref:
            seen.add((r.applicant_tps, ref))
        at = datetime.fromisoformat(c["at"])
        rows.append(
            {
                "request_id": r.id,
                "number": c["number"],
                "cancellation_date": date.fromisoformat(c["date"]),
                "office_code": r.office_code,
                "applicant_tps": r.applicant_tps,
                "destination_tps": r.destination_tps,
                "ref_number": ref,
                "letter_number": c.get("letter_number"),
                "letter_date": _day(c.get("letter_date")),
                "reason": c["reason"],
                "by": c["by"],
                "at": at,
                "line_nos": sorted(lines.get(r.id, [])),
                "state": "APPROVED",
                "decided_by": c["by"],
                "decided_at": at,
                "decision_reason": None,
                "to_destination": bool(r.approved),
            }
        )
    if rows:
        op.bulk_insert(_table(), rows)


def _json(value: Any) -> dict[str, Any]:
    return json.loads(value) if isinstance(value, str) else dict(value)


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def downgrade() -> None:
    with op.batch_alter_table("plp_request", schema=None) as batch_op:
        batch_op.add_column(sa.Column("cancellation", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("cancellation_number", sa.String(length=6), nullable=True))
        batch_op.add_column(sa.Column("cancellation_date", sa.Date(), nullable=True))
        batch_op.drop_column("cancellation_pending")
    _restore_latest_approved()
    for side in ("applicant", "destination"):
        op.create_index(
            f"ix_plp_request_{side}_cancelled",
            "plp_request",
            [f"{side}_tps", "cancellation_date"],
            unique=False,
            postgresql_where=sa.text(OLD_CANCELLED),
            sqlite_where=sa.text(OLD_CANCELLED),
        )
    op.drop_index("ix_plp_cancellation_number", table_name="plp_cancellation")
    op.drop_index("ix_plp_cancellation_destination_decided", table_name="plp_cancellation")
    op.drop_index("ix_plp_cancellation_applicant_decided", table_name="plp_cancellation")
    op.drop_table("plp_cancellation")


def _restore_latest_approved() -> None:
    """Before L1's decision a request held one cancellation: its latest approved one."""
    conn = op.get_bind()
    t = _table()
    rows = conn.execute(
        sa.select(t).where(t.c.state == "APPROVED").order_by(t.c.at, t.c.number)
    ).all()
    latest = {r.request_id: r for r in rows}
    request = sa.table(
        "plp_request",
        sa.column("id"),
        sa.column("cancellation", sa.JSON()),
        sa.column("cancellation_number"),
        sa.column("cancellation_date", sa.Date()),
        sa.column("letter_date", sa.Date()),
    )
    for request_id, r in latest.items():
        part = {
            "by": r.by,
            "at": r.at.isoformat(),
            "reason": r.reason,
            "number": r.number,
            "date": r.cancellation_date.isoformat(),
            "ref_number": r.ref_number,
            "letter_number": r.letter_number,
            "letter_date": r.letter_date.isoformat() if r.letter_date else None,
        }
        conn.execute(
            sa.update(request)
            .where(request.c.id == request_id)
            .values(
                cancellation=part,
                cancellation_number=r.number,
                cancellation_date=r.cancellation_date,
            )
        )
