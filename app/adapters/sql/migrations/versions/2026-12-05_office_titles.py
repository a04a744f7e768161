"""office titles: the title of an office's head of manifest administration (Kasi or Kasubsi),
printed on the approval (D1) and shown in the UI

Revision ID: 0018_office_titles
Revises: 0017_h1_before_move

Offices take the SOP's `kasubsi`. KPU Tanjung Priok (040300) is a Type A main office, whose
manifest administration is a section headed by a Kasi: an existing row of it gets `kasi`.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018_office_titles"
down_revision: str | None = "0017_h1_before_move"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TYPE_A_WITH_A_KASI = ("040300",)


def upgrade() -> None:
    with op.batch_alter_table("office", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "manifest_head", sa.String(length=8), nullable=False, server_default="kasubsi"
            )
        )
    office = sa.table("office", sa.column("code", sa.String), sa.column("manifest_head"))
    op.execute(
        office.update().where(office.c.code.in_(TYPE_A_WITH_A_KASI)).values(manifest_head="kasi")
    )


def downgrade() -> None:
    with op.batch_alter_table("office", schema=None) as batch_op:
        batch_op.drop_column("manifest_head")
