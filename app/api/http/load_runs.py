"""Issue 16.11: `plp-mock-tps load` names its run in a header on every call; in demo and test
mode (the only ones that install this middleware) the requests a run files are tagged with it,
so the monthly report leaves them out. In production the header means nothing."""

from __future__ import annotations

from contextvars import ContextVar

from starlette.types import ASGIApp, Receive, Scope, Send

LOAD_RUN_HEADER = "X-PLP-Load-Run"
MAX_LENGTH = 40  # the column's width
_KEY = LOAD_RUN_HEADER.lower().encode("latin-1")
_LOAD_RUN: ContextVar[str | None] = ContextVar("load_run", default=None)


def load_run() -> str | None:
    """The load run the request in hand belongs to, if the middleware saw one."""
    return _LOAD_RUN.get()


class LoadRunTag:
    """Remembers the header for the channels, which pass it on with the submission."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        raw = next((v for k, v in scope.get("headers", ()) if k == _KEY), None)
        tag = raw.decode("latin-1").strip()[:MAX_LENGTH] if raw else ""
        if scope["type"] != "http" or not tag:
            await self.app(scope, receive, send)
            return
        token = _LOAD_RUN.set(tag)
        try:
            await self.app(scope, receive, send)
        finally:
            _LOAD_RUN.reset(token)
