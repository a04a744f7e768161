"""Ports of authentication: the accounts, the hashes their secrets are kept as, and the counts
of failed logins (the login limit)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Protocol

from app.domain.account import Account


class Accounts(Protocol):
    def by_username(self, username: str) -> Account | None: ...

    def by_api_key_digest(self, digest: str) -> Account | None: ...


class CredentialHashes(Protocol):
    def password_matches(self, stored_hash: str | None, password: str) -> bool:
        """Constant work whether or not the account exists (no timing oracle)."""

    def api_key_digest(self, key: str) -> str: ...


class LoginThrottle(Protocol):
    """Failed logins per key, shared by every instance."""

    def failures(self, keys: list[str], since: datetime) -> dict[str, tuple[int, datetime]]:
        """Per key over `since`: the count of failures and the start of its window."""

    def record_failure(self, keys: list[str], now: datetime, window: timedelta) -> None: ...

    def key(self, kind: str, value: str) -> str:
        """The stored key of an account ("u") or a client address ("a"), of bounded length."""

    def clear(self, key: str) -> None: ...
