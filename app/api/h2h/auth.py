"""The H2H login under /h2h/v1/openapi-auth (note 2): POST /user/login with a JSON username and
password, POST /user/update-token with the refresh token. The answer nests the tokens under
`item` (Keycloak's names, as PM and CLI read them); a refusal carries `message` and `detail`,
which CLI reads."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DBAPIError
from starlette.exceptions import HTTPException

from app.api.h2h import reader
from app.api.h2h.errors import TokenError
from app.api.h2h.state import bearer, state_of
from app.api.h2h.tokens import TokenPair
from app.api.http.errors import database_errors
from app.domain.account import Account
from app.domain.errors import AuthenticationError, PlpError, TooManyLoginsError
from app.domain.services.password_change import change_password

log = logging.getLogger("plp.h2h")
router = APIRouter(prefix="/user")
CREDENTIALS = {
    "type": "object",
    "required": ["username", "password"],
    "properties": {"username": {"type": "string"}, "password": {"type": "string"}},
}
REFRESH = {"type": "object", "properties": {"refresh_token": {"type": "string"}}}


def _body(schema: dict[str, Any]) -> dict[str, Any]:
    return {"requestBody": {"content": {"application/json": {"schema": schema}}}}


async def optional_json(request: Request) -> Any:
    raw = await request.body()
    return reader.parse_json(raw) if raw.strip() else {}


BodyDep = Annotated[Any, Depends(optional_json)]


@router.post("/login", summary="Log in: tokens under item", openapi_extra=_body(CREDENTIALS))
def login(request: Request, body: BodyDep) -> JSONResponse:
    """The beacukai-api-key is not needed here (the note cannot say); when sent, it must be the
    account's, so a wrong key shows at the first step."""
    username, password = _text(body, "username"), _text(body, "password")
    if not username or not password:
        raise AuthenticationError("username dan password wajib diisi.")
    state = state_of(request)
    account = state.login(username, password, request.client.host if request.client else None)
    key = request.headers.get("beacukai-api-key", "").strip()
    if key and not state.key_matches(key, username):
        raise AuthenticationError("beacukai-api-key tidak valid untuk akun ini.")
    return _granted(account, state.grant(account))


@router.post(
    "/update-token", summary="New tokens for a refresh token", openapi_extra=_body(REFRESH)
)
def update_token(request: Request, body: BodyDep) -> JSONResponse:
    """The body is undocumented (note 10): `refresh_token` (or `refreshToken`) in JSON, or the
    refresh token as the bearer. Each refresh token is good for one use: the answer carries
    its successor, and a used one presented again ends the login it came from."""
    token = _text(body, "refresh_token") or _text(body, "refreshToken")
    token = token or bearer(request.headers.get("authorization"))
    if not token:
        raise AuthenticationError("refresh_token wajib diisi.")
    try:
        account, pair = state_of(request).refresh(token)
    except TokenError:
        raise
    except AuthenticationError as exc:  # used before, or the account changed since
        raise AuthenticationError("Sesi sudah berakhir. Silakan login kembali.") from exc
    return _granted(account, pair)


PASSWORD_CHANGE = {
    "type": "object",
    "required": ["username", "password", "passwordBaru", "passwordKonfirmasi"],
    "properties": {
        k: {"type": "string"}
        for k in ("username", "password", "passwordBaru", "passwordKonfirmasi")
    },
}


@router.post(
    "/ganti-password",
    summary="Change the password (as SOAP GantiPassword)",
    openapi_extra=_body(PASSWORD_CHANGE),
)
def ganti_password(request: Request, body: BodyDep) -> JSONResponse:
    """Not in DJBC's note: the simulator's equivalent of the legacy GantiPassword, so an H2H
    client can be tested on it. Every token of the account ends; log in with the new one."""
    username, password = _text(body, "username"), _text(body, "password")
    if not username or not password:
        raise AuthenticationError("username dan password wajib diisi.")
    state = state_of(request)
    account = state.login(username, password, request.client.host if request.client else None)
    new, again = _text(body, "passwordBaru"), _text(body, "passwordKonfirmasi")
    change_password(account.actor(), password, new, again, state.services.passwords)
    return JSONResponse({"status": "success", "message": "Password berhasil diubah.", "item": None})


def _text(body: Any, name: str) -> str:
    value = body.get(name) if isinstance(body, dict) else None
    return value.strip() if isinstance(value, str) else ""


def _granted(account: Account, pair: TokenPair) -> JSONResponse:
    item = {
        "access_token": pair.access_token,
        "refresh_token": pair.refresh_token,
        "expires_in": pair.expires_in,
        "refresh_expires_in": pair.refresh_expires_in,
        "token_type": "Bearer",
        "name": account.full_name or account.username,
        "preferred_username": account.username,
    }
    return JSONResponse({"status": "success", "message": "Login berhasil.", "item": item})


def _refused(status: int, detail: str, headers: Mapping[str, str] | None = None) -> JSONResponse:
    body = {"status": "failed", "message": detail, "detail": detail, "item": None}
    return JSONResponse(body, status_code=status, headers=headers)


async def _plp_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, PlpError)
    if isinstance(exc, TooManyLoginsError):
        return _refused(429, exc.detail, {"Retry-After": str(exc.seconds)})
    status = 401 if isinstance(exc, AuthenticationError) else 400
    return _refused(status, exc.detail, {"WWW-Authenticate": "Bearer"} if status == 401 else None)


async def _http(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    return _refused(exc.status_code, str(exc.detail), exc.headers)


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("H2H login %s failed unexpectedly", request.url.path)
    return _refused(500, "Terjadi kesalahan internal; sudah dicatat.")


def install(app: FastAPI) -> None:
    app.include_router(router)
    app.add_exception_handler(PlpError, _plp_error)
    app.add_exception_handler(HTTPException, _http)
    app.add_exception_handler(DBAPIError, database_errors(_plp_error, _unexpected))
    app.add_exception_handler(Exception, _unexpected)
