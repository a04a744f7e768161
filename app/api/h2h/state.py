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
from app.api.h2h.tokens import H2hTokens
from app.api.http.wiring import Services
from app.domain.account import Account
from app.domain.actor import Actor, Channel
from app.domain.errors import AuthenticationError
from app.domain.services.authentication import ApiKeyCredentials, PasswordCredentials


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
            owner = self.services.authenticate(ApiKeyCredentials(key, Channel.H2H))
        except AuthenticationError:
            return False
        return owner.username == username

    def caller(self, authorization: str | None, key: str | None) -> Actor:
        token = bearer(authorization)
        if not token:
            raise TokenError("token_missing")
        username = self.tokens.access_subject(token)
        key = (key or "").strip()
        if not key:
            raise TokenError("api_key_missing")
        try:  # one indexed read per call; argon2 only at login
            actor = self.services.authenticate(ApiKeyCredentials(key, Channel.H2H))
        except AuthenticationError as exc:
            raise TokenError("api_key_invalid") from exc
        if actor.username != username:
            raise TokenError("api_key_invalid")
        return actor


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
