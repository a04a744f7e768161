"""The console's login: an access token (the same as the API's) in an HttpOnly, SameSite=Strict
cookie for the whole site, so /console and /dashboard share it, and a CSRF token on every form.

The CSRF token is a synchronizer token derived from the session: an HMAC of the cookie's token
under the app's secret, so it needs no storage and dies with the session. The login form,
before any session, is bound the same way to a random cookie of its own (login CSRF).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import UTC, datetime

from fastapi import Request, Response

from app.api.http.wiring import Services
from app.api.rest.deps import actor_of_token
from app.domain.actor import Actor
from app.domain.errors import AuthenticationError

COOKIE = "plp_session"
LOGIN_COOKIE = "plp_login"
CSRF_FIELD = "csrf"


def actor(request: Request, services: Services) -> Actor:
    """The logged-in actor; AuthenticationError when there is no session or it ended."""
    token = request.cookies.get(COOKIE)
    if not token:
        raise AuthenticationError("log in first")
    return actor_of_token(services, token)


def open_session(response: Response, request: Request, services: Services, token: str) -> None:
    claims = services.tokens.read(token)
    seconds = int(claims["exp"] - datetime.now(UTC).timestamp())
    response.set_cookie(
        COOKIE,
        token,
        max_age=max(seconds, 0),
        path="/",
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )
    response.delete_cookie(LOGIN_COOKIE, path="/console")


def close_session(response: Response) -> None:
    response.delete_cookie(COOKIE, path="/")


def csrf_token(request: Request, services: Services) -> str:
    """The token every form of this session carries ("" without a session)."""
    token = request.cookies.get(COOKIE)
    return _sign(services, "session", token) if token else ""


def csrf_valid(request: Request, services: Services, sent: object) -> bool:
    expected = csrf_token(request, services)
    return bool(expected) and isinstance(sent, str) and hmac.compare_digest(expected, sent)


def login_nonce(request: Request) -> str:
    """The login form's own cookie value: kept if the browser has one, else a new one."""
    return request.cookies.get(LOGIN_COOKIE) or secrets.token_urlsafe(24)


def keep_login_nonce(response: Response, request: Request, nonce: str) -> None:
    response.set_cookie(
        LOGIN_COOKIE,
        nonce,
        max_age=3600,
        path="/console",
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )


def login_csrf(services: Services, nonce: str) -> str:
    return _sign(services, "login", nonce)


def login_csrf_valid(request: Request, services: Services, sent: object) -> bool:
    nonce = request.cookies.get(LOGIN_COOKIE)
    if not nonce or not isinstance(sent, str):
        return False
    return hmac.compare_digest(login_csrf(services, nonce), sent)


def _sign(services: Services, purpose: str, value: str) -> str:
    message = f"console-csrf\0{purpose}\0{value}".encode()
    return hmac.new(services.token_secret.encode(), message, hashlib.sha256).hexdigest()
