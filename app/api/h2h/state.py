"""What the H2H sub-applications share: the app's services, the operations' context and the
account checks of every call (note 2.4: the bearer token AND the beacukai-api-key, both of
the same, active TPS account)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from fastapi import Request

from app.api.h2h import reader
from app.api.h2h.context import H2hContext
from app.api.h2h.errors import TokenError
from app.api.h2h.tokens import H2hTokens, TokenPair
from app.api.http.wiring import Services
from app.domain.account import Account
from app.domain.actor import Actor, Channel
from app.domain.errors import AuthenticationError
from app.domain.services.authentication import (
    ApiKeyCredentials,
    PasswordCredentials,
    RefreshedSession,
)


@dataclass(frozen=True)
class H2hState:
    services: Services
    context: H2hContext
    tokens: H2hTokens

    @classmethod
    def of(cls, services: Services) -> H2hState:
        context = H2hContext(uow=services.uow, submission=services.submission_context())
        tokens = H2hTokens(services.token_secret, services.settings.token_minutes * 60)
        return cls(services, context, tokens)

    def now(self) -> datetime:
        return self.services.clock.now()

    def login(self, username: str, password: str, client: str | None) -> Account:
        """argon2 once per login, never per call: calls carry a token."""
        credentials = PasswordCredentials(username, password, Channel.H2H, client)
        try:
            return self.services.login(credentials)
        except AuthenticationError as exc:
            raise AuthenticationError("Username atau password salah.") from exc

    def key_matches(self, key: str, username: str) -> bool:
        """Whether this is the API key (the one our REST API reads as X-API-Key) of the
        active account `username`."""
        try:
            owner = self.services.login(ApiKeyCredentials(key, Channel.H2H))
        except AuthenticationError:
            return False
        return owner.username == username

    def grant(self, account: Account) -> TokenPair:
        """A new login: a new family of refresh tokens."""
        jti, expires_at = self.tokens.new_refresh()
        family = self.services.refresh_families.start(account.username, jti, expires_at)
        return self._pair(account, family, jti)

    def refresh(self, token: str) -> tuple[Account, TokenPair]:
        """The newest refresh token of a family, exchanged once for a new pair."""
        claims = self.tokens.refresh_claims(token)
        jti, expires_at = self.tokens.new_refresh()
        session = RefreshedSession(
            claims.username, claims.version, claims.family, claims.jti, jti, expires_at
        )
        account = self.services.refresh(session)
        return account, self._pair(account, claims.family, jti)

    def _pair(self, account: Account, family: str, jti: str) -> TokenPair:
        version = account.credential_version
        return self.tokens.issue(account.username, version=version, family=family, refresh_jti=jti)

    def caller(self, authorization: str | None, key: str | None) -> Actor:
        token = bearer(authorization)
        if not token:
            raise TokenError("token_missing")
        username, version = self.tokens.access_claims(token)
        key = (key or "").strip()
        if not key:
            raise TokenError("api_key_missing")
        try:  # one indexed read per call; argon2 only at login
            account = self.services.login(ApiKeyCredentials(key, Channel.H2H))
        except AuthenticationError as exc:
            raise TokenError("api_key_invalid") from exc
        if account.username != username:
            raise TokenError("api_key_invalid")
        if account.credential_version != version:  # deactivated and back, new password
            raise TokenError("token_expired")
        return account.actor().via(Channel.H2H)


def bearer(authorization: str | None) -> str:
    scheme, _, token = (authorization or "").strip().partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def state_of(request: Request) -> H2hState:
    state: H2hState = request.app.state.h2h
    return state


def relative_path(request: Request) -> str:
    """The path below the mount, as DJBC writes it (`/upload-batal-plp`)."""
    path, root = request.url.path, request.scope.get("root_path", "")
    return path[len(root) :] if root and path.startswith(root) else path


async def json_body(request: Request) -> Any:
    """Read whatever the Content-Type says (clients differ); the app's body limit applies."""
    return reader.parse_json(await request.body())
