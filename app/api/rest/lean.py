"""Hot read routes without FastAPI's dependency solving (issue 13).

FastAPI works out every parameter's kind, source and validator on every request: for the
queue's six query parameters and the two security schemes that cost more than the rest of
the framework's work. A lean route takes the plain, well-formed requests itself: it reads the
same headers with the same security schemes, resolves the actor with the same dependency and
accepts a query string only when every parameter is one it can check exactly as the declared
`Query` would (known name, given once, a value the declaration accepts). Anything else (an
unknown or repeated name, an empty or out-of-range value, a date) goes through FastAPI's own
handler, so its errors and its 422 details stay the framework's. The route's declaration, and
so the OpenAPI document, is unchanged."""

from __future__ import annotations

import inspect
import re
from collections.abc import Awaitable, Callable, Coroutine
from enum import Enum
from typing import Any

from fastapi import Request, Response
from fastapi.routing import APIRoute
from starlette.types import Receive, Scope, Send

from app.api.http import route_index
from app.api.rest.deps import api_key, current_actor, oauth2

Check = Callable[[str], Any]  # a query value -> the endpoint's argument, or _REFUSED
Endpoint = Callable[..., Awaitable[Response]]
_REFUSED = object()
_LIMIT = re.compile(r"[1-9][0-9]{0,2}")


class LeanParams:
    """How one route's query parameters are checked: query name -> (argument, check)."""

    def __init__(self, path_params: tuple[str, ...] = (), **query: tuple[str, Check]) -> None:
        self.path_params, self.query = path_params, query

    def arguments(self, request: Request) -> dict[str, Any] | None:
        """The endpoint's arguments besides actor and services, or None: FastAPI decides."""
        found: dict[str, Any] = {p: request.path_params[p] for p in self.path_params}
        if not request.scope["query_string"]:
            return found
        seen = set()
        for name, value in request.query_params.multi_items():
            known = self.query.get(name)
            if known is None or name in seen:
                return None
            seen.add(name)
            argument = known[1](value)
            if argument is _REFUSED:
                return None
            found[known[0]] = argument
        return found


_LEAN: dict[Callable[..., Any], LeanParams] = {}


def lean(params: LeanParams) -> Callable[[Endpoint], Endpoint]:
    """Marks an `async def` endpoint with (actor, services, its parameters) as lean."""

    def mark(endpoint: Endpoint) -> Endpoint:
        _LEAN[endpoint] = params
        return endpoint

    return mark


class LeanRoute(APIRoute):
    """A route class for routers holding lean endpoints; others behave as APIRoute's."""

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        index = scope.get(route_index.RECORDER)
        if index is not None and scope["method"] == "GET" and self.endpoint in _LEAN:
            index.remember(scope)  # the next GET of this path comes straight here
        await super().handle(scope, receive, send)

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()
        params = _LEAN.get(self.endpoint)
        if params is None:
            return handler
        endpoint = self.endpoint
        # an endpoint that reads a header itself (Accept-Language) names it `http_request`
        extra = "http_request" in inspect.signature(endpoint).parameters

        async def lean_handler(request: Request) -> Response:
            arguments = params.arguments(request)
            if arguments is None:
                return await handler(request)
            # the same schemes and dependency FastAPI would have resolved
            actor = await current_actor(request, await oauth2(request), await api_key(request))
            if extra:
                arguments["http_request"] = request
            response: Response = await endpoint(
                actor=actor, services=request.app.state.services, **arguments
            )
            return response

        return lean_handler


def enum_of(kind: type[Enum]) -> Check:
    by_value = {member.value: member for member in kind}
    return lambda value: by_value.get(value, _REFUSED)


def text(max_length: int) -> Check:
    return lambda value: value if 0 < len(value) <= max_length else _REFUSED


def limit(maximum: int) -> Check:
    def check(value: str) -> Any:
        return int(value) if _LIMIT.fullmatch(value) and int(value) <= maximum else _REFUSED

    return check
