"""The language an account reads the console in (issue 18), for API callers too."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body
from pydantic import BaseModel, Field

from app.api.http import tags
from app.api.http.wiring import ServicesDep
from app.api.rest.deps import ActorDep
from app.domain.errors import AuthenticationError

router = APIRouter(prefix="/api/v1/auth/me", tags=[tags.AUTH])
EXAMPLES: dict[str, Any] = {
    "indonesian": {"summary": "Bahasa Indonesia", "value": {"language": "id"}},
    "english": {"summary": "English", "value": {"language": "en"}},
    "browser": {"summary": "follow the browser", "value": {"language": None}},
}


class LanguageIO(BaseModel):
    language: Literal["id", "en"] | None = Field(
        description="`id` Bahasa Indonesia, `en` English; null: follow the browser's "
        "Accept-Language (Indonesian when it names neither)",
        examples=["id"],
    )


@router.get("/language", summary="The console's language of my account")
def my_language(actor: ActorDep, services: ServicesDep) -> LanguageIO:
    """**Any role.**"""
    return LanguageIO(language=services.accounts.language(actor.username))


@router.put("/language", summary="Choose the console's language of my account")
def choose_my_language(
    body: Annotated[LanguageIO, Body(openapi_examples=EXAMPLES)],
    actor: ActorDep,
    services: ServicesDep,
) -> LanguageIO:
    """**Any role.** The console's pages follow it on every browser the account logs in on;
    the toggle in the console's header sets it too."""
    if not services.accounts.set_language(actor.username, body.language):
        raise AuthenticationError("the account is gone")
    return body
