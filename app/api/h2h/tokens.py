"""Tokens of the H2H login (note 2): an access token for the TPS endpoints and a refresh token
for /user/update-token, both HS256 with the app's signing key. Their audience keeps them apart
from each other and from the REST API's tokens (which carry none, so PyJWT refuses either
kind where the other is expected)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

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


class H2hTokens:
    def __init__(
        self, secret: str, access_seconds: int, refresh_seconds: int = REFRESH_SECONDS
    ) -> None:
        self._secret = secret
        self.access_seconds, self.refresh_seconds = access_seconds, refresh_seconds

    def issue(self, username: str, now: datetime | None = None) -> TokenPair:
        """Token lifetimes follow the real clock, never the simulation clock."""
        now = now or datetime.now(UTC)
        access = self._encode(username, ACCESS_AUDIENCE, now, self.access_seconds)
        refresh = self._encode(username, REFRESH_AUDIENCE, now, self.refresh_seconds)
        return TokenPair(access, refresh, self.access_seconds, self.refresh_seconds)

    def access_subject(self, token: str) -> str:
        return self._subject(token, ACCESS_AUDIENCE)

    def refresh_subject(self, token: str) -> str:
        return self._subject(token, REFRESH_AUDIENCE)

    def _encode(self, username: str, audience: str, now: datetime, seconds: int) -> str:
        claims = {
            "sub": username,
            "aud": audience,
            "iss": ISSUER,
            "iat": now,
            "exp": now + timedelta(seconds=seconds),
            "jti": secrets.token_hex(8),  # two logins in one second still differ
        }
        return jwt.encode(claims, self._secret, algorithm="HS256")

    def _subject(self, token: str, audience: str) -> str:
        try:
            claims = jwt.decode(
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
        return str(claims["sub"])
