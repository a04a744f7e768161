"""paper PLP numbers: one PLP number per office and year, and reconciled paper PLPs keep the
number they were approved under (F3)

Revision ID: 0016_paper_plp_numbers
Revises: 0015_seal_chain

`plp_year` (the year of `plp_date`) carries the unique index of PLP numbers per office and year.
A paper PLP reconciled before this revision took the office's next number; it gets back the
number of its paper approval when that is a PLP number (up to 6 digits) no other PLP of the
office and year holds. Its date was the paper date already. Others keep the number they have.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0016_paper_plp_numbers"
down_revision: str | None = "0015_seal_chain"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SET_YEAR = {
    "postgresql": "UPDATE plp_request SET plp_year = CAST(EXTRACT(YEAR FROM plp_date) AS INTEGER) "
    "WHERE plp_date IS NOT NULL",
    "sqlite": "UPDATE plp_request SET plp_year = CAST(strftime('%Y', plp_date) AS INTEGER) "
    "WHERE plp_date IS NOT NULL",
}
PAPER_APPROVALS = sa.text(
    """
    SELECT m.request_id, m.decision, r.office_code, r.plp_year
    FROM manual_plp m JOIN plp_request r ON r.id = m.request_id
    WHERE r.approved = :yes AND r.plp_number IS NOT NULL
    """
)
HOLDER = sa.text(
    "SELECT id FROM plp_request WHERE office_code = :office AND plp_year = :year "
    "AND plp_number = :number"
)
RENUMBER = sa.text("UPDATE plp_request SET plp_number = :number WHERE id = :id")


def upgrade() -> None:
    with op.batch_alter_table("plp_request", schema=None) as batch_op:
        batch_op.add_column(sa.Column("plp_year", sa.Integer(), nullable=True))
    bind = op.get_bind()
    op.execute(sa.text(SET_YEAR[bind.dialect.name]))
    _paper_numbers_back(bind)
    with op.batch_alter_table("plp_request", schema=None) as batch_op:
        batch_op.create_index(
            "uq_plp_request_office_year_number",
            ["office_code", "plp_year", "plp_number"],
            unique=True,
        )


def _paper_numbers_back(bind: sa.Connection) -> None:
    for request_id, decision, office, year in bind.execute(PAPER_APPROVALS, {"yes": True}):
        paper: dict[str, Any] = json.loads(decision) if isinstance(decision, str) else decision
        number = str(paper.get("letter_number", "")).strip()
        if not re.fullmatch(r"[0-9]{1,6}", number):
            continue  # not a PLP number: the PLP keeps the one it was given
        number = number.zfill(6)
        key = {"office": office, "year": year, "number": number}
        if bind.execute(HOLDER, key).scalar() is None:
            bind.execute(RENUMBER, {"number": number, "id": request_id})


def downgrade() -> None:
    # The paper numbers stay: they are the PLPs' numbers, and unique without the index too.
    with op.batch_alter_table("plp_request", schema=None) as batch_op:
        batch_op.drop_index("uq_plp_request_office_year_number")
        batch_op.drop_column("plp_year")
