"""Ports of authentication: the accounts, the hashes their secrets are kept as, the counts of
failed logins (the login limit) and the families of H2H refresh tokens."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from app.domain.account import Account


class Accounts(Protocol):
    def by_username(self, username: str) -> Account | None: ...

    def by_api_key_digest(self, digest: str) -> Account | None: ...

    def credential_version(self, username: str, seen: int | None = None) -> int | None:
        """The version of an active account's credentials, None if it is gone or inactive;
        at most a second old (every instance sees a change within one second), and never older
        than `seen`, a version a session was given (so a token issued right after a change is
        not refused by a version remembered from before it)."""


class CredentialHashes(Protocol):
    def password_matches(self, stored_hash: str | None, password: str) -> bool:
        """Constant work whether or not the account exists (no timing oracle)."""

    def api_key_digest(self, key: str) -> str: ...


@dataclass(frozen=True)
class Attempts:
    """The failures counted under one key in its window."""

    count: int
    window_start: datetime
    last_failed_at: datetime | None


class LoginThrottle(Protocol):
    """Failed logins per key, shared by every instance."""

    def key(self, kind: str, value: str) -> str:
        """The stored key of a kind ("p" account and address, "a" address), of bounded length."""

    def failures(self, keys: list[str], since: datetime) -> dict[str, Attempts]:
        """The failures counted under each key in a window that started at or after `since`."""

    def record_failure(
        self, keys: list[str], now: datetime, window: timedelta
    ) -> dict[str, Attempts]:
        """One more failure under each key, atomically (a window older than `window` starts
        again at one), and the counts after it."""

    def clear(self, key: str) -> None: ...


class RefreshFamilies(Protocol):
    """The refresh tokens one H2H login begets: only the newest may be used."""

    def start(self, username: str, jti: str, expires_at: datetime) -> str:
        """A new family; its id."""

    def rotate(self, family: str, used_jti: str, new_jti: str, expires_at: datetime) -> bool:
        """Replace the newest token; False if `used_jti` is not it, or the family is revoked
        or gone (then nothing changes)."""

    def revoke(self, family: str) -> None: ...

    def revoke_all(self, username: str) -> None: ...


class PasswordChanges(Protocol):
    """Sets an account's password (hashed by the adapter); its sessions and remembered
    credentials end with the change (the credential version moves on)."""

    def set_password(self, username: str, password: str) -> None: ...
