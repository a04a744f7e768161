"""The Swagger UI and ReDoc assets every channel's docs pages load, served by the app itself:
customs networks are often closed.

The assets come from the `fastapi-offline` package. Two of them would still reach outside:
Swagger UI sends the document to validator.swagger.io for a badge whenever the page is not on
localhost, and ReDoc shows the Redocly logo from cdn.redoc.ly. Both are served patched (the
badge off, the logo from here), under their usual paths, so every page using them is offline.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import fastapi_offline
from fastapi import FastAPI, Request
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles

ASSETS = Path(fastapi_offline.__file__).parent / "static"
PREFIX = "/docs-assets"
VALIDATOR = "https://validator.swagger.io/validator"
REDOC_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg"
# (asset, outside URL in it, what replaces it)
PATCHES = {
    "swagger-ui-bundle.js": (VALIDATOR, "none"),  # "none": Swagger UI's word for no validator
    "redoc.standalone.js": (REDOC_LOGO, f"{PREFIX}/favicon.png"),
}


def install(app: FastAPI) -> None:
    """The assets under PREFIX, at the root of the main app (sub-applications link there)."""
    for name, (outside, inside) in PATCHES.items():
        app.add_api_route(
            f"{PREFIX}/{name}",
            _patched(name, outside, inside),
            methods=["GET"],
            include_in_schema=False,
        )
    app.mount(PREFIX, StaticFiles(directory=ASSETS), name="docs-assets")


def _patched(name: str, outside: str, inside: str) -> Callable[[Request], Response]:
    text = (ASSETS / name).read_text(encoding="utf-8")
    body = text.replace(outside, inside).encode()
    etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
    headers = {"ETag": etag, "Cache-Control": "public, max-age=3600"}

    def serve(request: Request) -> Response:
        if request.headers.get("if-none-match") == etag:
            return Response(status_code=304, headers=headers)
        return Response(body, media_type="text/javascript; charset=utf-8", headers=headers)

    return serve
