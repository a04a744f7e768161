"""The database as a dependency the health monitor probes (F1)."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from app.adapters.sql.database import Database


class DatabaseProbe:
    name = "database"

    def __init__(self, database: Database) -> None:
        self._database = database

    def check(self) -> str | None:
        try:
            with self._database.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        except SQLAlchemyError as exc:
            return f"{type(exc).__name__}: {exc}"[:300]
        return None
