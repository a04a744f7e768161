"""Password hashing (argon2), API keys, JWT access tokens and the legacy credential cache."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from app.domain.errors import AuthenticationError
from app.domain.messages import msg

_hasher = PasswordHasher()
# verify() against this keeps the time of "no such user" equal to "wrong password"
_DUMMY_HASH = _hasher.hash("not-a-password")

TOKEN_NOT_VALID = msg("problems.auth.token_not_valid", "the access token is not valid")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def new_api_key() -> str:
    return "plp_" + secrets.token_urlsafe(32)


def hash_api_key(key: str) -> str:
    """API keys are long random strings: a plain SHA-256 is enough and keeps lookups indexable."""
    return hashlib.sha256(key.encode()).hexdigest()


class Argon2CredentialHashes:
    """The CredentialHashes port: argon2 for passwords, SHA-256 digests for API keys."""

    def password_matches(self, stored_hash: str | None, password: str) -> bool:
        try:
            return _hasher.verify(stored_hash or _DUMMY_HASH, password) and stored_hash is not None
        except (VerificationError, InvalidHashError):
            return False

    def api_key_digest(self, key: str) -> str:
        return hash_api_key(key)


class TokenService:
    """Short-lived HS256 access tokens carrying the account's role and scope."""

    def __init__(
        self,
        secret: str,
        minutes: int = 30,
        issuer: str = "plp-online",
        remember: int = 2_000,
        now: Callable[[], float] = time.time,
    ) -> None:
        self._secret, self._ttl, self._issuer = secret, timedelta(minutes=minutes), issuer
        # A client sends the same token on every call until it expires: its signature is
        # checked once, its expiry every time. Bounded: forged tokens are never kept anyway.
        self._verified: dict[str, dict[str, Any]] = {}
        self._remember, self._now = remember, now

    @property
    def ttl_seconds(self) -> int:
        return int(self._ttl.total_seconds())

    def issue(self, claims: dict[str, Any], now: datetime | None = None) -> str:
        now = now or datetime.now(UTC)
        payload = claims | {"iat": now, "exp": now + self._ttl, "iss": self._issuer}
        return jwt.encode(payload, self._secret, algorithm="HS256")

    def read(self, token: str) -> dict[str, Any]:
        """The token's claims (read-only); AuthenticationError if forged or expired."""
        claims = self._verified.get(token)
        if claims is None:
            claims = self._verify(token)
            if len(self._verified) >= self._remember:
                self._verified.clear()
            self._verified[token] = claims
        if self._now() >= claims["exp"]:
            raise AuthenticationError(
                msg("problems.auth.token_expired", "the access token has expired: log in again")
            )
        return claims

    def _verify(self, token: str) -> dict[str, Any]:
        """Signature, issuer and required claims; read() checks the expiry, on its own clock."""
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                self._secret,
                algorithms=["HS256"],
                issuer=self._issuer,
                options={"require": ["exp", "sub"], "verify_exp": False},
            )
        except jwt.PyJWTError as exc:
            raise AuthenticationError(TOKEN_NOT_VALID) from exc
        if not isinstance(claims["exp"], int | float):
            raise AuthenticationError(TOKEN_NOT_VALID)
        return claims


class CredentialCache:
    """Legacy SOAP clients send username and password on every call: remember a verified pair
    for a short while instead of paying an argon2 hash per request. Only a keyed digest of the
    password is kept, never the password itself."""

    def __init__(self, ttl: float = 300.0, max_entries: int = 10_000) -> None:
        self._ttl, self._max = ttl, max_entries
        self._key = secrets.token_bytes(32)
        self._entries: dict[tuple[str, bytes], tuple[float, Any]] = {}
        self._lock = threading.Lock()

    def get(self, username: str, password: str) -> Any | None:
        entry = self._entries.get((username, self._digest(password)))
        if entry is None or time.monotonic() - entry[0] > self._ttl:
            return None
        return entry[1]

    def put(self, username: str, password: str, value: Any) -> None:
        with self._lock:
            if len(self._entries) >= self._max:
                self._entries.clear()
            self._entries[(username, self._digest(password))] = (time.monotonic(), value)

    def forget(self, username: str) -> None:
        with self._lock:
            for key in [k for k in self._entries if k[0] == username]:
                del self._entries[key]

    def _digest(self, password: str) -> bytes:
        return hmac.new(self._key, password.encode(), hashlib.sha256).digest()
