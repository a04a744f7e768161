"""The language of a console page: the account's choice, else the toggle's cookie, else the
browser's Accept-Language, else Bahasa Indonesia (app/adapters/i18n.py)."""

from __future__ import annotations

from fastapi import Request, Response

from app.adapters.i18n import negotiate, supported
from app.api.http.wiring import Services
from app.domain.actor import Actor

COOKIE = "plp_lang"
YEAR = 365 * 24 * 3600


def language_of(request: Request, services: Services, actor: Actor | None) -> str:
    chosen = request.cookies.get(COOKIE)
    if actor is not None:
        chosen = services.accounts.language(actor.username) or chosen
    return negotiate(chosen, request.headers.get("accept-language"))


def remember(
    response: Response, request: Request, services: Services, actor: Actor | None, language: str
) -> str | None:
    """Keep the toggle's choice in a cookie and, logged in, on the account; None if the
    language is not one we speak."""
    chosen = supported(language)
    if chosen is None:
        return None
    response.set_cookie(
        COOKIE,
        chosen,
        max_age=YEAR,
        path="/",
        samesite="lax",
        secure=request.url.scheme == "https",
    )
    if actor is not None:
        services.accounts.set_language(actor.username, chosen)
    return chosen
