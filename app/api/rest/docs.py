"""Swagger UI and ReDoc of the REST API, served from the app itself (assets:
api/http/offline_assets.py), with the OpenAPI document annotated as a manual.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import FastAPI
from fastapi.openapi.docs import (
    get_redoc_html,
    get_swagger_ui_html,
    get_swagger_ui_oauth2_redirect_html,
)
from fastapi.responses import HTMLResponse

from app.api.http.offline_assets import PREFIX
from app.api.rest import admin_examples, examples
from app.api.rest import openapi_manual as manual

SWAGGER_PARAMETERS: dict[str, Any] = {
    "persistAuthorization": True,  # Authorize survives a reload (localStorage "authorized")
    "displayRequestDuration": True,
    "tryItOutEnabled": False,
    "defaultModelsExpandDepth": 0,
    "showExtensions": True,  # x-roles and x-rules of each operation
    "validatorUrl": None,
}
GUIDE = """
## Trying it out

**Authorize** with a demo account (`kasubsi` / `kasubsi-demo`, see above); the token is kept
across reloads. The examples work as they are on a fresh demo database: file a request with
the `containers_yor` example as `tpka`, recommend it as `manifest` and `p2`, decide as
`kasubsi`, and so on. A submission example succeeds once; sent again unchanged it is replayed
(200, `Idempotent-Replayed: true`) and its goods stay in an active PLP (E5) until the request
ends. Gate-out and gate-in examples follow the time this page was loaded: reload it after
the approval. Section heads have a read-only dashboard at [/dashboard](/dashboard): log in
there, or continue with the login of this page's Authorize.

## Rules
"""


def install(app: FastAPI, title: str) -> None:
    """/docs and /redoc with bundled assets; Authorize keeps its token across reloads."""
    redirect = "/docs/oauth2-redirect"

    @app.get("/docs", include_in_schema=False)
    def swagger_ui() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title=f"{title} - Swagger UI",
            swagger_js_url=f"{PREFIX}/swagger-ui-bundle.js",
            swagger_css_url=f"{PREFIX}/swagger-ui.css",
            swagger_favicon_url=f"{PREFIX}/favicon.png",
            oauth2_redirect_url=redirect,
            swagger_ui_parameters=SWAGGER_PARAMETERS,
        )

    @app.get(redirect, include_in_schema=False)
    def oauth2_redirect() -> HTMLResponse:
        return get_swagger_ui_oauth2_redirect_html()

    @app.get("/redoc", include_in_schema=False)
    def redoc() -> HTMLResponse:
        return get_redoc_html(
            openapi_url="/openapi.json",
            title=f"{title} - ReDoc",
            redoc_js_url=f"{PREFIX}/redoc.standalone.js",
            redoc_favicon_url=f"{PREFIX}/favicon.png",
            with_google_fonts=False,
        )

    app.openapi = _manual(app)  # type: ignore[method-assign]


def _manual(app: FastAPI) -> Callable[[], dict[str, Any]]:
    """FastAPI's document, annotated once; gate times refreshed at every fetch."""
    generate, lock = app.openapi, threading.Lock()
    annotated: list[dict[str, Any]] = []

    def openapi() -> dict[str, Any]:
        with lock:  # two first fetches at once must not annotate twice
            if not annotated:
                schema = generate()  # FastAPI keeps it in app.openapi_schema too
                schema["info"]["description"] += GUIDE + manual.glossary()
                manual.annotate(schema)
                _add_examples(schema, examples.BODY_EXAMPLES | admin_examples.ADMIN_EXAMPLES)
                annotated.append(schema)
        now = _local_now(app)
        _add_examples(annotated[0], examples.live_examples(now))
        month = f"{now.replace(day=1) - timedelta(days=1):%Y-%m}"  # last month
        _add_parameters(annotated[0], admin_examples.PARAMETERS | {"month": month})
        return annotated[0]

    return openapi


def _local_now(app: FastAPI) -> datetime:
    services = app.state.services
    now: datetime = services.clock.now()
    return now.astimezone(ZoneInfo(services.settings.office_timezone))


def _add_examples(schema: dict[str, Any], found: dict[tuple[str, str], dict[str, Any]]) -> None:
    for (method, path), named in found.items():
        operation = schema.get("paths", {}).get(path, {}).get(method)
        if operation is None:
            continue
        content = operation.get("requestBody", {}).get("content", {}).get("application/json")
        if content is not None:
            content["examples"] = named


def _add_parameters(schema: dict[str, Any], values: dict[str, str]) -> None:
    """Path parameters filled in for try-it-out: the demo office, its TPS, last month."""
    for path, item in schema.get("paths", {}).items():
        for operation in item.values():
            for parameter in operation.get("parameters", []):
                name = parameter["name"]
                value = admin_examples.PARAMETERS_BY_PATH.get((name, path), values.get(name))
                if parameter["in"] == "path" and value is not None:
                    parameter["example"] = value
