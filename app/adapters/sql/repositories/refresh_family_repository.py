"""H2H refresh-token families: the newest token of each, rotated by one conditional update."""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import update

from app.adapters.sql.database import Database
from app.adapters.sql.tables.session_tables import RefreshFamilyRow

F = RefreshFamilyRow.__table__  # type: ignore[attr-defined]


class SqlRefreshFamilies:
    """The RefreshFamilies port."""

    def __init__(self, database: Database) -> None:
        self._database = database

    def start(self, username: str, jti: str, expires_at: datetime) -> str:
        family = secrets.token_hex(16)
        with self._database.engine.begin() as conn:
            conn.execute(
                F.insert().values(
                    id=family,
                    username=username,
                    current_jti=jti,
                    expires_at=expires_at,
                    revoked=False,
                )
            )
        return family

    def rotate(self, family: str, used_jti: str, new_jti: str, expires_at: datetime) -> bool:
        """Of two uses of one token at once, exactly one rotates."""
        with self._database.engine.begin() as conn:
            done = conn.execute(
                update(F)
                .where(F.c.id == family, F.c.current_jti == used_jti, F.c.revoked.is_(False))
                .values(current_jti=new_jti, expires_at=expires_at)
            )
        return done.rowcount == 1

    def revoke(self, family: str) -> None:
        with self._database.engine.begin() as conn:
            conn.execute(update(F).where(F.c.id == family).values(revoked=True))

    def revoke_all(self, username: str) -> None:
        with self._database.engine.begin() as conn:
            conn.execute(update(F).where(F.c.username == username).values(revoked=True))
