"""Answers of actions sent with an Idempotency-Key, kept a day for the retries of a client
that lost the reply."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from app.adapters.sql.database import Database
from app.adapters.sql.tables.session_tables import IdempotencyRecordRow

R = IdempotencyRecordRow.__table__  # type: ignore[attr-defined]
KEPT = timedelta(hours=24)


@dataclass(frozen=True)
class StoredAnswer:
    fingerprint: str  # of the request it answered: method, path and body
    status: int
    body: str


class SqlIdempotencyRecords:
    def __init__(self, database: Database) -> None:
        self._database = database

    def find(self, username: str, key: str) -> StoredAnswer | None:
        since = datetime.now(UTC) - KEPT
        query = select(R.c.fingerprint, R.c.status, R.c.body).where(
            R.c.username == username, R.c.key == key, R.c.created_at >= since
        )
        with self._database.read_engine.connect() as conn:
            row = conn.execute(query).first()
        return None if row is None else StoredAnswer(row.fingerprint, row.status, row.body)

    def remember(self, username: str, key: str, answer: StoredAnswer) -> None:
        """The first answer stays: of two retries racing, the later one keeps the earlier's."""
        now = datetime.now(UTC)
        values = {
            "username": username,
            "key": key,
            "fingerprint": answer.fingerprint,
            "status": answer.status,
            "body": answer.body,
            "created_at": now,
        }
        with self._database.engine.begin() as conn:
            make = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
            conn.execute(make(R).values(values).on_conflict_do_nothing())
            if random.random() < 0.01:  # noqa: S311 (housekeeping, not security)
                conn.execute(delete(R).where(R.c.created_at < now - KEPT))
