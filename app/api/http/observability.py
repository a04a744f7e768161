"""Every HTTP request: a request id (a sane incoming X-Request-ID, else a new one) echoed in
the answer and put on every log line, one access-log line, and its Prometheus figures by
route template (never the raw path: junk URLs must not create new series)."""

from __future__ import annotations

import logging
import os
import re
import time
from collections.abc import Iterable
from typing import Any

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.adapters import metrics
from app.adapters.log_format import CLIENT_ADDRESS, REQUEST_ID

HEADER = "X-Request-ID"
_HEADER_KEY = HEADER.lower().encode("latin-1")  # answers' header names are lower case (ASGI)
UNMATCHED = "unmatched"
_SANE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:@/+=-]{0,127}$")
_QUIET = ("/health/", "/metrics")  # probes every few seconds: logged at DEBUG only
access_log = logging.getLogger("plp.access")


def request_id_of(scope: Scope) -> str:
    for name, value in scope.get("headers") or ():
        if name == b"x-request-id":
            candidate = str(value.decode("latin-1"))
            if _SANE_ID.match(candidate):
                return candidate
            break
    return os.urandom(16).hex()  # as random as uuid4().hex, without building a UUID


def route_template(scope: Scope) -> str:
    """`/api/v1/plp-requests/{request_id}` for any id; the mount or router prefix kept."""
    route = scope.get("route")
    template = getattr(route, "path_format", None) or getattr(route, "path", None)
    if not isinstance(template, str):
        return UNMATCHED
    path: str = scope.get("path", "")
    params = scope.get("path_params") or {}
    try:
        filled = template.format(**{k: str(v) for k, v in params.items()})
    except (KeyError, IndexError, ValueError):
        return template
    if path != filled and path.endswith(filled):
        return path[: len(path) - len(filled)] + template  # included under a prefix
    return template


class Observability:
    """Outermost middleware: it sees the body-limit refusals and unexpected errors too."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        rid = request_id_of(scope)
        client = scope.get("client")
        tokens = (REQUEST_ID.set(rid), CLIENT_ADDRESS.set(client[0] if client else None))
        started, status = time.perf_counter(), 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = _with_request_id(message.get("headers") or (), rid)
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            seconds = time.perf_counter() - started
            route = route_template(scope)
            metrics.observe_request(scope["method"], route, status, seconds)
            _log_access(scope, route, status, seconds)
            REQUEST_ID.reset(tokens[0])
            CLIENT_ADDRESS.reset(tokens[1])


def _with_request_id(headers: Iterable[tuple[bytes, bytes]], rid: str) -> list[tuple[bytes, bytes]]:
    """The answer's headers with ours set (as MutableHeaders would, without building one)."""
    out = [h for h in headers if h[0] != _HEADER_KEY]
    out.append((_HEADER_KEY, rid.encode("latin-1")))
    return out


def _log_access(scope: Scope, route: str, status: int, seconds: float) -> None:
    path: str = scope.get("path", "")
    level = logging.DEBUG if path.startswith(_QUIET) and status < 500 else logging.INFO
    if not access_log.isEnabledFor(level):
        return
    fields: dict[str, Any] = {
        "method": scope["method"],
        "path": path[:200],  # never the query string
        "route": route,
        "status": status,
        "duration_ms": round(seconds * 1000, 2),
        "client": CLIENT_ADDRESS.get(),
    }
    access_log.log(level, "%s %s %s", scope["method"], route, status, extra={"http": fields})


def client_address(request: Request | None = None) -> str | None:
    """The peer (behind trusted proxies, the forwarded client: PLP_FORWARDED_ALLOW_IPS); without
    a request at hand, the one this middleware recorded for the request being served."""
    if request is not None and request.client is not None:
        return request.client.host
    return CLIENT_ADDRESS.get()
