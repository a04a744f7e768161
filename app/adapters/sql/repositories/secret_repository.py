"""Secrets generated once and shared by every instance through the database."""

from __future__ import annotations

import secrets

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlmodel import col

from app.adapters.sql.database import Database
from app.adapters.sql.tables.reference_tables import AppSecretRow


def jwt_secret(database: Database) -> str:
    """The demo-mode signing key: generated on first start, then read back (R: stable tokens)."""
    with database.session() as session:
        row = session.get(AppSecretRow, "jwt")
        if row is not None:
            return row.value
        session.add(AppSecretRow(name="jwt", value=secrets.token_urlsafe(48)))
        try:
            session.commit()
        except IntegrityError:  # another instance generated it at the same moment
            session.rollback()
        value = session.scalars(
            select(col(AppSecretRow.value)).where(col(AppSecretRow.name) == "jwt")
        ).one()
        return str(value)
