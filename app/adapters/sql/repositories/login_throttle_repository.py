"""Failed logins counted in the database, so every instance behind the load balancer sees
the same counts (a limit kept per process would multiply by the number of instances)."""

from __future__ import annotations

import hashlib
import random
from datetime import datetime, timedelta

from sqlalchemy import case, delete, literal, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Field, SQLModel

from app.adapters.sql.database import Database
from app.adapters.sql.tables.reference_tables import utc
from app.adapters.sql.types import UtcDateTime
from app.domain.ports.accounts import Attempts

KEY_LENGTH = 128


class LoginThrottleRow(SQLModel, table=True):
    """Failures of one key (`u:<username>` or `a:<client address>`) in its current window."""

    __tablename__ = "login_throttle"
    key: str = Field(primary_key=True, max_length=KEY_LENGTH)
    window_start: datetime = utc(index=True)
    failures: int = 0
    last_failed_at: datetime | None = utc(default=None, nullable=True)  # exponential delays


T = LoginThrottleRow.__table__  # type: ignore[attr-defined]


def throttle_key(kind: str, value: str) -> str:
    """Keys of bounded length whatever a client sends as a username."""
    key = f"{kind}:{value.lower()}"
    if len(key) > KEY_LENGTH:
        key = f"{kind}#" + hashlib.sha256(value.encode("utf-8", "replace")).hexdigest()
    return key


class SqlLoginThrottle:
    """The LoginThrottle port: one upsert per failure, so concurrent failures each see the
    count their own increment made."""

    def __init__(self, database: Database) -> None:
        self._database = database

    def key(self, kind: str, value: str) -> str:
        return throttle_key(kind, value)

    def failures(self, keys: list[str], since: datetime) -> dict[str, Attempts]:
        with self._database.read_engine.connect() as conn:
            rows = conn.execute(
                select(T.c.key, T.c.failures, T.c.window_start, T.c.last_failed_at).where(
                    T.c.key.in_(keys), T.c.window_start >= literal(since, UtcDateTime)
                )
            ).all()
        return {r.key: Attempts(int(r.failures), r.window_start, r.last_failed_at) for r in rows}

    def record_failure(
        self, keys: list[str], now: datetime, window: timedelta
    ) -> dict[str, Attempts]:
        cutoff = literal(now - window, UtcDateTime)
        expired = T.c.window_start < cutoff
        at = literal(now, UtcDateTime)
        counted: dict[str, Attempts] = {}
        with self._database.engine.begin() as conn:
            make = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
            for key in sorted(keys):  # one order everywhere: two failures cannot deadlock
                insert = make(T).values(key=key, window_start=now, failures=1, last_failed_at=now)
                stmt = insert.on_conflict_do_update(
                    index_elements=["key"],
                    set_={
                        "failures": case((expired, 1), else_=T.c.failures + 1),
                        "window_start": case((expired, at), else_=T.c.window_start),
                        "last_failed_at": at,
                    },
                ).returning(T.c.failures, T.c.window_start, T.c.last_failed_at)
                row = conn.execute(stmt).one()
                counted[key] = Attempts(int(row.failures), row.window_start, row.last_failed_at)
            if random.random() < 0.01:  # noqa: S311 (housekeeping, not security)
                conn.execute(delete(T).where(T.c.window_start < cutoff))
        return counted

    def clear(self, key: str) -> None:
        with self._database.engine.begin() as conn:
            conn.execute(delete(T).where(T.c.key == key))
