"""What the H2H sub-applications share: the app's services, the operations' context and the
account checks of every call (note 2.4: the bearer token AND the beacukai-api-key, both of
the same, active TPS account)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from fastapi import Request

from app.adapters.security import hash_api_key, verify_password
from app.adapters.sql.queries.response_query import SqlResponseUnitOfWork
from app.adapters.sql.repositories.account_repository import Account, SqlAccounts
from app.api.h2h import reader
from app.api.h2h.context import H2hContext
from app.api.h2h.errors import TokenError
from app.api.h2h.tokens import H2hTokens
from app.api.http.wiring import Services
from app.domain.actor import Actor, Channel
from app.domain.errors import AuthenticationError


@dataclass(frozen=True)
class H2hState:
    services: Services
    context: H2hContext

    @classmethod
    def of(cls, services: Services) -> H2hState:
        context = H2hContext(
            uow=services.uow,
            read_uow=lambda: services.uow(read_only=True),
            responses=lambda read_only: SqlResponseUnitOfWork(services.database, read_only),
            submission=services.submission_context(),
        )
        return cls(services, context)

    @property
    def tokens(self) -> H2hTokens:
        return self.services.h2h_tokens

    def now(self) -> datetime:
        return self.services.clock.now()

    def account(self, username: str) -> Account | None:
        with self.services.database.session(read_only=True) as session:
            return SqlAccounts(session).by_username(username) if username else None

    def login(self, username: str, password: str) -> Account:
        """argon2 once per login, never per call: calls carry a token."""
        account = self.account(username)
        valid = verify_password(account.password_hash if account else None, password)
        if account is None or not account.active or not valid:
            raise AuthenticationError("Username atau password salah.")
        return account

    def key_owner(self, key: str) -> Account | None:
        """The account whose API key this is (the one our REST API reads as X-API-Key)."""
        with self.services.database.session(read_only=True) as session:
            return SqlAccounts(session).by_api_key_hash(hash_api_key(key))

    def key_matches(self, key: str, username: str) -> bool:
        owner = self.key_owner(key)
        return owner is not None and owner.active and owner.username == username

    def caller(self, authorization: str | None, key: str | None) -> Actor:
        token = bearer(authorization)
        if not token:
            raise TokenError("token_missing")
        username = self.tokens.access_subject(token)
        key = (key or "").strip()
        if not key:
            raise TokenError("api_key_missing")
        owner = self.key_owner(key)  # one indexed read per call; argon2 only at login
        if owner is None or not owner.active or owner.username != username:
            raise TokenError("api_key_invalid")
        return owner.actor().via(Channel.H2H)


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
