"""Tokens of the H2H login (note 2): an access token for the TPS endpoints and a refresh token
for /user/update-token, both HS256 with the app's signing key. Their audience keeps them apart
from each other and from the REST API's tokens (which carry none, so PyJWT refuses either
kind where the other is expected)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt

from app.api.h2h.errors import TokenError

ACCESS_AUDIENCE = "openapi-tpsonline"
REFRESH_AUDIENCE = "openapi-auth/update-token"
REFRESH_SECONDS = 8 * 3600  # the lifetime CLI assumes for a login (note 2.2)
ISSUER = "plp-online"


@dataclass(frozen=True)
class TokenPair:
    access_token: str
    refresh_token: str
    expires_in: int
    refresh_expires_in: int


@dataclass(frozen=True)
class RefreshClaims:
    username: str
    version: int  # the account's credential version when the login began
    family: str  # the login the token descends from (rotation, reuse detection)
    jti: str


class H2hTokens:
    def __init__(
        self, secret: str, access_seconds: int, refresh_seconds: int = REFRESH_SECONDS
    ) -> None:
        self._secret = secret
        self.access_seconds, self.refresh_seconds = access_seconds, refresh_seconds

    def new_refresh(self, now: datetime | None = None) -> tuple[str, datetime]:
        """The id and expiry of the next refresh token, to record before issuing it."""
        now = now or datetime.now(UTC)
        return secrets.token_hex(8), now + timedelta(seconds=self.refresh_seconds)

    def issue(
        self,
        username: str,
        now: datetime | None = None,
        *,
        version: int = 0,
        family: str = "",
        refresh_jti: str | None = None,
    ) -> TokenPair:
        """Token lifetimes follow the real clock, never the simulation clock."""
        now = now or datetime.now(UTC)
        session = {"ver": version}
        access = self._encode(username, ACCESS_AUDIENCE, now, self.access_seconds, session)
        refresh = self._encode(
            username,
            REFRESH_AUDIENCE,
            now,
            self.refresh_seconds,
            session | {"fam": family, "jti": refresh_jti or secrets.token_hex(8)},
        )
        return TokenPair(access, refresh, self.access_seconds, self.refresh_seconds)

    def access_claims(self, token: str) -> tuple[str, int]:
        """The account and the credential version the token was issued under."""
        claims = self._claims(token, ACCESS_AUDIENCE)
        return str(claims["sub"]), _version(claims)

    def refresh_claims(self, token: str) -> RefreshClaims:
        claims = self._claims(token, REFRESH_AUDIENCE)
        family, jti = claims.get("fam"), claims.get("jti")
        if not isinstance(family, str) or not family or not isinstance(jti, str):
            raise TokenError("token_invalid")  # from before rotation: log in again
        return RefreshClaims(str(claims["sub"]), _version(claims), family, jti)

    def _encode(
        self, username: str, audience: str, now: datetime, seconds: int, extra: dict[str, Any]
    ) -> str:
        claims = {
            "sub": username,
            "aud": audience,
            "iss": ISSUER,
            "iat": now,
            "exp": now + timedelta(seconds=seconds),
            "jti": secrets.token_hex(8),  # two logins in one second still differ
        } | extra
        return jwt.encode(claims, self._secret, algorithm="HS256")

    def _claims(self, token: str, audience: str) -> dict[str, Any]:
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                self._secret,
                algorithms=["HS256"],
                audience=audience,
                issuer=ISSUER,
                options={"require": ["exp", "sub", "aud"]},
            )
        except jwt.ExpiredSignatureError as exc:
            raise TokenError("token_expired") from exc
        except jwt.PyJWTError as exc:
            raise TokenError("token_invalid") from exc
        return claims


def _version(claims: dict[str, Any]) -> int:
    version = claims.get("ver", 0)
    return version if isinstance(version, int) else -1  # never an account's version
