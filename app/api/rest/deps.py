"""Dependencies of the routes: the services, units of work and the authenticated actor."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request, Security
from fastapi.security import APIKeyHeader, OAuth2PasswordBearer
from starlette.concurrency import run_in_threadpool

from app.adapters.security import hash_api_key
from app.adapters.sql.repositories.account_repository import SqlAccounts
from app.api.http.wiring import Services
from app.domain.actor import Actor, Role
from app.domain.errors import AuthenticationError, ForbiddenError

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


# The dependencies below are `async def` because they never block: FastAPI runs a plain `def`
# dependency in the thread pool, one thread hop per dependency and request.
async def get_services(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


ServicesDep = Annotated[Services, Depends(get_services)]


async def current_actor(
    services: ServicesDep,
    token: Annotated[str | None, Security(oauth2)] = None,
    key: Annotated[str | None, Security(api_key)] = None,
) -> Actor:
    if token:
        return actor_of_token(services, token)
    if key:  # a database look-up: off the event loop
        return await run_in_threadpool(_actor_of_api_key, services, key)
    raise AuthenticationError("log in first: send a bearer token or an X-API-Key header")


def actor_of_token(services: Services, token: str) -> Actor:
    claims = services.tokens.read(token)
    return Actor(
        claims["sub"],
        Role(claims["role"]),
        claims.get("tps"),
        claims.get("office"),
        frozenset(claims.get("sup", [])),
    )


def _actor_of_api_key(services: Services, key: str) -> Actor:
    with services.database.session(read_only=True) as session:
        account = SqlAccounts(session).by_api_key_hash(hash_api_key(key))
    if account is None or not account.active:
        raise AuthenticationError("the API key is not valid")
    return account.actor()


ActorDep = Annotated[Actor, Depends(current_actor)]


async def admin_actor(actor: ActorDep) -> Actor:
    if actor.role is not Role.ADMIN:
        raise ForbiddenError("only an admin account may manage reference data and accounts")
    return actor


AdminDep = Annotated[Actor, Depends(admin_actor)]
