"""declarations cite their BC 1.1: E2/E3 match goods of that BC 1.1 only

Revision ID: 0011_declaration_bc11
Revises: 0010_sessions

A declaration stored before this revision is bound to the latest BC 1.1 of its office, dated on
or before the declaration, that lists one of its containers or house B/Ls; one with none stays
unbound and covers no goods.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011_declaration_bc11"
down_revision: str | None = "0010_sessions"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The newest manifest of the declaration's office, not after it, listing one of its goods.
CITED = sa.text(
    """
    SELECT m.number, m.manifest_date FROM manifest m
    JOIN manifest_item mi ON mi.manifest_id = m.id
    LEFT JOIN manifest_container mc ON mc.item_id = mi.id
    JOIN declaration_item di ON di.declaration_id = :declaration
        AND (di.container_number = mc.number OR di.bl_number = mi.bl_number)
    WHERE m.office_code = :office AND m.manifest_date <= :declared
    ORDER BY m.manifest_date DESC, m.id DESC
    LIMIT 1
    """
)


def upgrade() -> None:
    with op.batch_alter_table("declaration", schema=None) as batch_op:
        batch_op.add_column(sa.Column("bc11_number", sa.String(length=6), nullable=True))
        batch_op.add_column(sa.Column("bc11_date", sa.Date(), nullable=True))
        batch_op.create_index(
            "ix_declaration_bc11", ["office_code", "bc11_number", "bc11_date"], unique=False
        )
    conn = op.get_bind()
    declarations = conn.execute(
        sa.text("SELECT id, office_code, declaration_date FROM declaration")
    ).all()
    for declaration_id, office, declared in declarations:
        cited = conn.execute(
            CITED, {"declaration": declaration_id, "office": office, "declared": declared}
        ).first()
        if cited is not None:
            conn.execute(
                sa.text("UPDATE declaration SET bc11_number = :n, bc11_date = :d WHERE id = :id"),
                {"n": cited[0], "d": cited[1], "id": declaration_id},
            )


def downgrade() -> None:
    with op.batch_alter_table("declaration", schema=None) as batch_op:
        batch_op.drop_index("ix_declaration_bc11")
        batch_op.drop_column("bc11_date")
        batch_op.drop_column("bc11_number")
