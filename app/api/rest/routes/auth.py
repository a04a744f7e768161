"""Log in (OAuth2 password flow, used by Swagger UI's Authorize) and who am I."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.security import OAuth2PasswordRequestForm
from pydantic import BaseModel

from app.adapters.security import verify_password
from app.adapters.sql.repositories.account_repository import SqlAccounts
from app.api.http import tags
from app.api.http.rate_limit import client_address, limiter_of
from app.api.rest.deps import ActorDep, ServicesDep
from app.domain.errors import AuthenticationError

router = APIRouter(prefix="/api/v1/auth", tags=[tags.AUTH])


class TokenOut(BaseModel):
    access_token: str
    token_type: str = "bearer"  # noqa: S105
    expires_in: int


class MeOut(BaseModel):
    username: str
    role: str
    tps_code: str | None
    office_code: str | None
    supervised_tps: list[str]


@router.post(
    "/token",
    summary="Log in: get an access token",
    response_model=TokenOut,
    responses={
        401: {"description": "wrong username or password"},
        429: {
            "description": "too many failed logins for this account or address: wait "
            "`Retry-After` seconds"
        },
    },
)
def login(
    form: Annotated[OAuth2PasswordRequestForm, Depends()], services: ServicesDep, request: Request
) -> TokenOut:
    """**Anyone.** Form fields `username` and `password`; the token expires after
    `expires_in` seconds. Repeated failures lock the account and the address for a while."""
    limiter, client = limiter_of(request), client_address(request)
    limiter.check(form.username, client, "rest")
    with services.database.session(read_only=True) as session:
        account = SqlAccounts(session).by_username(form.username)
    ok = verify_password(account.password_hash if account else None, form.password)
    if account is None or not ok or not account.active:
        limiter.failed(form.username, client)
        raise AuthenticationError("wrong username or password")
    limiter.succeeded(form.username)
    claims: dict[str, Any] = {
        "sub": account.username,
        "role": account.role.value,
        "tps": account.tps_code,
        "office": account.office_code,
        "sup": sorted(account.supervised_tps),
    }
    return TokenOut(
        access_token=services.tokens.issue(claims), expires_in=services.tokens.ttl_seconds
    )


@router.get("/me", summary="Who am I", response_model=MeOut)
def me(actor: ActorDep) -> MeOut:
    """**Any role.**"""
    return MeOut(
        username=actor.username,
        role=actor.role.value,
        tps_code=actor.tps_code,
        office_code=actor.office_code,
        supervised_tps=sorted(actor.supervised_tps),
    )
