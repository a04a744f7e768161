"""Creating and changing accounts, shared by the admin API and the `plp-online accounts` CLI."""

from __future__ import annotations

import logging
from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlmodel import col

from app.adapters.security import hash_api_key, hash_password, new_api_key
from app.adapters.sql.database import Database
from app.adapters.sql.repositories.account_repository import SqlAccounts
from app.adapters.sql.tables.reference_tables import AccountRow, OfficeRow, TpsRow
from app.domain.account import Account
from app.domain.actor import Role
from app.domain.errors import ConflictError, InvalidInputError, NotFoundError

log = logging.getLogger("plp.accounts")


def create_account(
    database: Database,
    username: str,
    password: str,
    role: Role,
    *,
    full_name: str = "",
    tps_code: str | None = None,
    office_code: str | None = None,
    supervised_tps: frozenset[str] = frozenset(),
) -> Account:
    with database.session() as session:
        if tps_code and session.get(TpsRow, tps_code) is None:
            raise InvalidInputError(f"unknown TPS {tps_code}", "tps_code")
        if office_code and session.get(OfficeRow, office_code) is None:
            raise InvalidInputError(f"unknown office {office_code}", "office_code")
        for code in supervised_tps:
            if session.get(TpsRow, code) is None:
                raise InvalidInputError(f"unknown supervised TPS {code}", "supervised_tps")
        try:
            account = SqlAccounts(session).create(
                username,
                hash_password(password),
                role,
                full_name=full_name,
                tps_code=tps_code,
                office_code=office_code,
                supervised_tps=supervised_tps,
            )
            session.commit()
        except IntegrityError as exc:
            raise ConflictError(f"account {username} already exists") from exc
    return account


def ensure_first_admin(database: Database, username: str, password: str) -> bool:
    """Create the admin account USERNAME if the database has no admin yet; True if it did.
    Instances starting at once on one database: one creates it, the others find it. An admin
    that exists is never changed, so a later start does not reset a password set since."""
    if _has_admin(database):
        return False
    try:
        create_account(database, username, password, Role.ADMIN, full_name="Administrator")
    except ConflictError:
        if _has_admin(database):
            return False  # another instance was first
        raise ConflictError(
            f"the first admin cannot be created: account {username} exists and is not an admin"
        ) from None
    log.info("first admin account %s created", username)  # its name only, never the password
    return True


def _has_admin(database: Database) -> bool:
    with database.session(read_only=True) as session:
        admins = select(col(AccountRow.id)).where(col(AccountRow.role) == Role.ADMIN.value)
        return session.scalars(admins.limit(1)).first() is not None


def issue_api_key(database: Database, username: str) -> str:
    """A new API key for the account; only its hash is stored, so it is shown once."""
    key = new_api_key()
    _change(database, username, lambda accounts: accounts.set_api_key(username, hash_api_key(key)))
    return key


def set_password(database: Database, username: str, password: str) -> None:
    digest = hash_password(password)
    _change(database, username, lambda accounts: accounts.set_password(username, digest))


def set_active(database: Database, username: str, active: bool) -> None:
    _change(database, username, lambda accounts: accounts.set_active(username, active))


def list_accounts(database: Database) -> list[Account]:
    with database.session(read_only=True) as session:
        return SqlAccounts(session).all()


def _change(database: Database, username: str, apply: object) -> None:
    assert callable(apply)
    with database.session() as session:
        if not apply(SqlAccounts(session)):
            raise NotFoundError(f"no account {username}")
        session.commit()


class DatabasePasswords:
    """PasswordChanges on the accounts' table: argon2, and every session of the account ends.
    `forget` drop what this process remembers of the account's credentials, so the change
    holds here at once (other instances see it within the directory's second)."""

    def __init__(self, database: Database, *forget: Callable[[str], None]) -> None:
        self._database, self._forget = database, forget

    def set_password(self, username: str, password: str) -> None:
        set_password(self._database, username, password)
        for forget in self._forget:
            forget(username)
