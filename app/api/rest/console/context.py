"""What each console route starts with: who asks, in which language, and the login page for
whoever has no session."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse

from app.adapters.i18n import translator
from app.api.http.wiring import Services
from app.api.rest.console import session
from app.api.rest.console.language import language_of
from app.api.rest.console.layout import View, safe_next
from app.api.rest.console.login_page import login_page
from app.domain.actor import Actor
from app.domain.errors import AuthenticationError


def current_actor(request: Request, services: Services) -> Actor | None:
    try:
        return session.actor(request, services)
    except AuthenticationError:
        return None


def view_of(request: Request, services: Services, actor: Actor | None) -> View:
    tr = translator(language_of(request, services, actor))
    query = urlencode([(k, v) for k, v in request.query_params.multi_items() if k != "done"])
    path = safe_next(request.url.path + (f"?{query}" if query else ""))
    csrf = session.csrf_token(request, services) if actor else ""
    return View(tr, actor, csrf, path)


def login_response(
    request: Request, services: Services, message_key: str = "", status: int = 200
) -> HTMLResponse:
    """The login form, bound to a cookie of its own (login CSRF)."""
    nonce = session.login_nonce(request)
    csrf = session.login_csrf(services, nonce)
    view = view_of(request, services, None)
    view = View(view.tr, None, csrf, view.path)  # the toggle's form carries the login token
    message = view.tr(message_key) if message_key else ""
    if not message_key and request.cookies.get(session.COOKIE):
        message = view.tr("console.login.ended")
    response = login_page(view, csrf, message, status)
    session.keep_login_nonce(response, request, nonce)
    return response


def form_csrf_valid(request: Request, services: Services, sent: object) -> bool:
    """A session's token, or before any session the login form's."""
    return session.csrf_valid(request, services, sent) or session.login_csrf_valid(
        request, services, sent
    )
