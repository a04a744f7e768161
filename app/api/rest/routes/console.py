"""The console's session and assets: log in (a plain form POST), log out, the language toggle,
the style sheet and the script. The pages are in console_queue.py and console_requests.py."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import RedirectResponse

from app.api.http.observability import client_address
from app.api.http.wiring import ServicesDep
from app.api.rest.console import layout, session
from app.api.rest.console.context import current_actor, form_csrf_valid, login_response
from app.api.rest.console.language import remember
from app.api.rest.routes.auth import issue_token
from app.domain.actor import Channel
from app.domain.errors import AuthenticationError, TooManyLoginsError
from app.domain.services.authentication import PasswordCredentials

router = APIRouter(prefix="/console", include_in_schema=False)
TEXT = Annotated[str, Form(max_length=200)]


@router.post("/login", response_model=None)
def log_in(
    request: Request,
    services: ServicesDep,
    username: TEXT,
    password: TEXT,
    csrf: Annotated[str, Form(max_length=200)] = "",
    next_: Annotated[str, Form(alias="next", max_length=500)] = "/console",
) -> Response:
    if not session.login_csrf_valid(request, services, csrf):
        return login_response(request, services, "console.login.expired", 403)
    credentials = PasswordCredentials(username, password, Channel.REST, client_address(request))
    try:
        account = services.login(credentials)
    except TooManyLoginsError:
        return login_response(request, services, "console.login.throttled", 429)
    except AuthenticationError:
        return login_response(request, services, "console.login.refused", 401)
    response = RedirectResponse(layout.safe_next(next_), status_code=303)
    session.open_session(response, request, services, issue_token(services, account).access_token)
    return response


@router.post("/logout", response_model=None)
def log_out(
    request: Request, services: ServicesDep, csrf: Annotated[str, Form(max_length=200)] = ""
) -> Response:
    if not session.csrf_valid(request, services, csrf):
        return login_response(request, services, "console.login.expired", 403)
    response = RedirectResponse("/console", status_code=303)
    session.close_session(response)
    return response


@router.post("/language", response_model=None)
def choose_language(
    request: Request,
    services: ServicesDep,
    language: Annotated[str, Form(max_length=16)],
    csrf: Annotated[str, Form(max_length=200)] = "",
    next_: Annotated[str, Form(alias="next", max_length=500)] = "/console",
) -> Response:
    if not form_csrf_valid(request, services, csrf):
        return login_response(request, services, "console.login.expired", 403)
    response = RedirectResponse(layout.safe_next(next_), status_code=303)
    remember(response, request, services, current_actor(request, services), language)
    return response


@router.get("/console.css")
def style_sheet() -> Response:
    return Response(layout.CSS, media_type="text/css", headers=_asset_headers())


@router.get("/console.js")
def script() -> Response:
    return Response(layout.SCRIPT, media_type="text/javascript", headers=_asset_headers())


def _asset_headers() -> dict[str, str]:
    return layout.HEADERS | {"Cache-Control": "public, max-age=300"}
