"""A cap on request bodies: a declared size over it is refused before anything is read, a
streamed body is cut off as soon as it passes it. Nothing is stored either way."""

from __future__ import annotations

from collections.abc import Callable

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.api.http.errors import problem

Refusal = Callable[[Scope, int], Response]


class BodyTooLargeError(HTTPException):
    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the body is larger than the limit of {limit} bytes")


def _problem(scope: Scope, limit: int) -> Response:
    detail = f"the body is larger than the limit of {limit} bytes"
    return problem(413, detail, Request(scope))  # the title in the caller's language


class BodyLimit:
    """`refusals` maps a path prefix to the answer its clients understand (e.g. a SOAP Fault)."""

    def __init__(
        self, app: ASGIApp, max_bytes: int, refusals: dict[str, Refusal] | None = None
    ) -> None:
        self.app, self.max_bytes, self.refusals = app, max_bytes, refusals or {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = b""
        for name, value in scope.get("headers") or ():
            if name == b"content-length":
                declared = value  # the last one, as a dict of the headers would keep
        if declared.isdigit() and int(declared) > self.max_bytes:
            await self._refusal(scope)(scope, receive, send)
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.max_bytes:
                raise BodyTooLargeError(self.max_bytes)
            return message

        await self.app(scope, counted, send)

    def _refusal(self, scope: Scope) -> Response:
        path = scope.get("path", "")
        for prefix, refusal in self.refusals.items():
            if path.startswith(prefix):
                return refusal(scope, self.max_bytes)
        return _problem(scope, self.max_bytes)
