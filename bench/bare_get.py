"""The floor of a read: a bare FastAPI app with one small JSON GET and nothing else (no
middleware, no database, no authentication), at the path our liveness probe answers on.

Served as `plp-online serve --factory bench.bare_get:create`: the uvicorn settings, workers and
log configuration of the real app."""

from __future__ import annotations

from fastapi import FastAPI


def create() -> FastAPI:
    app = FastAPI()

    @app.get("/health/live")
    async def live() -> dict[str, str]:
        return {"status": "ok"}

    return app
