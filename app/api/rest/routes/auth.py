"""Log in (OAuth2 password flow, used by Swagger UI's Authorize) and who am I."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.security import OAuth2PasswordRequestForm
from pydantic import BaseModel, ConfigDict, Field

from app.api.http import tags
from app.api.http.observability import client_address
from app.api.http.wiring import ServicesDep
from app.api.rest.deps import ActorDep
from app.domain.actor import Channel
from app.domain.services.authentication import PasswordCredentials
from app.domain.services.password_change import change_password

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
    credentials = PasswordCredentials(
        form.username, form.password, Channel.REST, client_address(request)
    )
    account = services.login(credentials)
    claims: dict[str, Any] = {
        "sub": account.username,
        "role": account.role.value,
        "tps": account.tps_code,
        "office": account.office_code,
        "sup": sorted(account.supervised_tps),
        "ver": account.credential_version,  # the session ends when the credentials change
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


class PasswordIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    password: str = Field(max_length=200, description="the current password")
    new_password: str = Field(max_length=200, description="at least 8 characters")
    confirmation: str = Field(max_length=200, description="the new password again")


@router.post(
    "/password",
    status_code=204,
    summary="Change your password",
    responses={401: {"description": "the current password is wrong"}},
)
def change_own_password(
    body: PasswordIn, actor: ActorDep, services: ServicesDep, request: Request
) -> None:
    """**Any role**, with its current password (as SOAP's GantiPassword): every session of
    the account ends, so log in again with the new one."""
    services.login(
        PasswordCredentials(actor.username, body.password, Channel.REST, client_address(request))
    )
    change_password(actor, body.password, body.new_password, body.confirmation, services.passwords)
