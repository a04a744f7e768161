"""Dependencies of the REST routes: the authenticated actor (bearer token or API key)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Request, Security
from fastapi.security import APIKeyHeader, OAuth2PasswordBearer
from starlette.concurrency import run_in_threadpool

from app.api.http.wiring import Services
from app.domain.actor import Actor, Channel, Role
from app.domain.errors import AuthenticationError, ForbiddenError
from app.domain.messages import msg
from app.domain.services.authentication import ApiKeyCredentials

TOKEN_URL = "/api/v1/auth/token"  # noqa: S105 (a path, not a secret)
oauth2 = OAuth2PasswordBearer(
    tokenUrl=TOKEN_URL,
    auto_error=False,
    description="Log in with an account's username and password.",
)
api_key = APIKeyHeader(
    name="X-API-Key",
    auto_error=False,
    description="TPS operator systems may send their API key instead.",
)


# `async def` dependencies: they never block (a plain `def` one costs a thread hop). The
# services come from the request, not from ServicesDep: each dependency FastAPI resolves costs
# as much as a dictionary of claims checked here (issue 13).
async def current_actor(
    request: Request,
    token: Annotated[str | None, Security(oauth2)] = None,
    key: Annotated[str | None, Security(api_key)] = None,
) -> Actor:
    services: Services = request.app.state.services
    if token:
        claims = services.tokens.read(token)
        if services.accounts.remembers(str(claims["sub"])):  # no database read
            return _actor_of_claims(services, claims)
        return await run_in_threadpool(_actor_of_claims, services, claims)
    if key:  # a database look-up: off the event loop
        return await run_in_threadpool(_actor_of_api_key, services, key)
    raise AuthenticationError(
        msg(
            "problems.auth.log_in_first",
            "log in first: send a bearer token or an X-API-Key header",
        )
    )


def actor_of_token(services: Services, token: str) -> Actor:
    return _actor_of_claims(services, services.tokens.read(token))


def _actor_of_claims(services: Services, claims: dict[str, Any]) -> Actor:
    """The token's actor, while its session goes on (tokens from before credential
    versions carry none: version 0)."""
    services.resume(claims["sub"], int(claims.get("ver", 0)))
    return Actor(
        claims["sub"],
        Role(claims["role"]),
        claims.get("tps"),
        claims.get("office"),
        frozenset(claims.get("sup", [])),
    )


def _actor_of_api_key(services: Services, key: str) -> Actor:
    return services.authenticate(ApiKeyCredentials(key, Channel.REST))


ActorDep = Annotated[Actor, Depends(current_actor)]


async def admin_actor(actor: ActorDep) -> Actor:
    if actor.role is not Role.ADMIN:
        raise ForbiddenError(
            msg(
                "problems.forbidden.admin_only",
                "only an admin account may manage reference data and accounts",
            )
        )
    return actor


AdminDep = Annotated[Actor, Depends(admin_actor)]
