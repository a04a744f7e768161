"""Accounts: who may log in, with which role and scope (spec section 2)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from time import monotonic

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.adapters.sql.database import Database
from app.adapters.sql.tables.reference_tables import AccountRow
from app.domain.account import Account
from app.domain.actor import Role

ACCOUNT = AccountRow.__table__  # type: ignore[attr-defined]
_REMEMBERED = 10_000  # accounts whose version a process remembers at most


class SqlAccountDirectory:
    """The Accounts port of the authentication use case: one short read-only session per
    look-up (a login is not part of any unit of work). Credential versions are remembered for
    half a second, so a session checked on every request costs one read per account and half
    second, and a change reaches every instance within one second."""

    def __init__(
        self, database: Database, max_age: float = 0.5, clock: Callable[[], float] = monotonic
    ) -> None:
        self._database, self.max_age, self._clock = database, max_age, clock
        self._versions: dict[str, tuple[float, int | None]] = {}

    def remembers(self, username: str) -> bool:
        """Whether credential_version() answers without reading the database."""
        known = self._versions.get(username)
        return known is not None and self._clock() - known[0] < self.max_age

    def forget(self, username: str) -> None:
        """This process changed the account: read its version again on the next look-up."""
        self._versions.pop(username, None)

    def credential_version(self, username: str, seen: int | None = None) -> int | None:
        now = self._clock()
        known = self._versions.get(username)
        fresh = known is not None and now - known[0] < self.max_age
        if fresh and known is not None and not _older(known[1], seen):
            return known[1]
        query = select(ACCOUNT.c.active, ACCOUNT.c.credential_version).where(
            ACCOUNT.c.username == username
        )
        with self._database.statement_session() as session:
            row = session.execute(query).first()
        version = row.credential_version if row is not None and row.active else None
        if len(self._versions) >= _REMEMBERED:
            self._versions.clear()
        self._versions[username] = (now, version)
        return version

    def by_username(self, username: str) -> Account | None:
        with self._database.session(read_only=True) as session:
            return SqlAccounts(session).by_username(username)

    def by_api_key_digest(self, digest: str) -> Account | None:
        with self._database.session(read_only=True) as session:
            return SqlAccounts(session).by_api_key_hash(digest)

    def language(self, username: str) -> str | None:
        """The language the account chose for the pages (issue 18), None if it never chose."""
        query = select(ACCOUNT.c.language).where(ACCOUNT.c.username == username)
        with self._database.statement_session() as session:
            return session.execute(query).scalar()

    def set_language(self, username: str, language: str | None) -> bool:
        change = update(ACCOUNT).where(ACCOUNT.c.username == username).values(language=language)
        with self._database.session() as session:
            changed = session.execute(change)
            session.commit()
        return bool(changed.rowcount)  # type: ignore[attr-defined]


class SqlAccounts:
    def __init__(self, session: Session) -> None:
        self._session = session

    def by_username(self, username: str) -> Account | None:
        row = self._row(username)
        return None if row is None else _account(row)

    def by_api_key_hash(self, key_hash: str) -> Account | None:
        row = self._session.scalars(
            select(AccountRow).where(AccountRow.api_key_hash == key_hash)  # type: ignore[arg-type]
        ).first()
        return None if row is None else _account(row)

    def all(self) -> list[Account]:
        return [
            _account(r)
            for r in self._session.scalars(select(AccountRow).order_by(AccountRow.username))
        ]

    def create(
        self,
        username: str,
        password_hash: str,
        role: Role,
        *,
        full_name: str = "",
        tps_code: str | None = None,
        office_code: str | None = None,
        supervised_tps: frozenset[str] = frozenset(),
    ) -> Account:
        row = AccountRow(
            username=username,
            password_hash=password_hash,
            role=role.value,
            full_name=full_name,
            tps_code=tps_code,
            office_code=office_code,
            supervised_tps=",".join(sorted(supervised_tps)),
            created_at=datetime.now(UTC),
        )
        self._session.add(row)
        self._session.flush()
        return _account(row)

    def set_password(self, username: str, password_hash: str) -> bool:
        row = self._row(username)
        if row is not None:
            row.password_hash = password_hash
            row.credential_version += 1  # every session of the account ends
        return row is not None

    def set_api_key(self, username: str, key_hash: str | None) -> bool:
        row = self._row(username)
        if row is not None:
            if row.api_key_hash is not None:  # a key replaced: every session ends
                row.credential_version += 1
            row.api_key_hash = key_hash
        return row is not None

    def set_active(self, username: str, active: bool) -> bool:
        row = self._row(username)
        if row is not None:
            row.active = active
            row.credential_version += 1  # every session of the account ends
        return row is not None

    def _row(self, username: str) -> AccountRow | None:
        return self._session.scalars(
            select(AccountRow).where(AccountRow.username == username)  # type: ignore[arg-type]
        ).first()


def _account(row: AccountRow) -> Account:
    supervised = frozenset(filter(None, row.supervised_tps.split(",")))
    return Account(
        row.username,
        Role(row.role),
        row.full_name,
        row.tps_code,
        row.office_code,
        supervised,
        row.active,
        row.password_hash,
        row.api_key_hash is not None,
        row.credential_version,
    )


def _older(remembered: int | None, seen: int | None) -> bool:
    """A remembered version below one a session was given predates a change: read again."""
    return remembered is not None and seen is not None and remembered < seen
