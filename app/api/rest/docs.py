"""Swagger UI and ReDoc of the REST API, served from the app itself (assets:
api/http/offline_assets.py), with the OpenAPI document annotated as a manual.

Swagger UI runs from our own script (templates/swagger_authorize.js, no inline script): its
Authorize dialog offers the OAuth2 password flow only and opens on the username field, and in
demo mode a row of demo accounts switches the login in one click (issue 18).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from html import escape
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import FastAPI, Request
from fastapi.openapi.docs import (
    get_redoc_html,
    get_swagger_ui_oauth2_redirect_html,
    swagger_ui_default_parameters,
)
from fastapi.responses import HTMLResponse, Response

from app.adapters.i18n import LANGUAGES, Translator, negotiate, translator
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
TEMPLATES = Path(__file__).parent / "templates"
SCRIPT = (TEMPLATES / "swagger_authorize.js").read_text(encoding="utf-8")
STYLE = (TEMPLATES / "swagger_authorize.css").read_text(encoding="utf-8")
HEADERS = {
    # Swagger UI itself writes inline styles; every script is ours or its bundle, from here
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; "
    "style-src 'self' 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; "
    "frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
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


def install(app: FastAPI, title: str, demo_accounts: Sequence[str] = ()) -> None:
    """/docs and /redoc with bundled assets; Authorize keeps its token across reloads.
    `demo_accounts` (demo mode only): the usernames the page offers to switch between."""
    redirect = "/docs/oauth2-redirect"
    pages = {
        language: swagger_page(title, redirect, demo_accounts, translator(language))
        for language in LANGUAGES
    }

    @app.get("/docs", include_in_schema=False)
    def swagger_ui(request: Request) -> HTMLResponse:
        # Swagger UI itself speaks English; our own words follow the browser's language
        language = negotiate(None, request.headers.get("accept-language"))
        headers = HEADERS | {"Content-Language": language, "Vary": "Accept-Language"}
        return HTMLResponse(pages[language], headers=headers)

    @app.get("/docs/authorize.js", include_in_schema=False)
    def swagger_script() -> Response:
        return Response(SCRIPT, media_type="text/javascript", headers=HEADERS)

    @app.get("/docs/authorize.css", include_in_schema=False)
    def swagger_style() -> Response:
        return Response(STYLE, media_type="text/css", headers=HEADERS)

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


def swagger_page(title: str, redirect: str, demo_accounts: Sequence[str], tr: Translator) -> str:
    """FastAPI's Swagger UI page without its inline script: the settings travel as JSON."""
    settings = {
        "ui": swagger_ui_default_parameters | SWAGGER_PARAMETERS | {"url": "/openapi.json"},
        "redirect": redirect,
    }
    data = json.dumps(settings).replace("<", "\\u003c")  # nothing in it may close the tag
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link type="text/css" rel="stylesheet" href="{PREFIX}/swagger-ui.css">
<link type="text/css" rel="stylesheet" href="/docs/authorize.css">
<link rel="icon" href="{PREFIX}/favicon.png">
<title>{escape(title)} - Swagger UI</title>
</head>
<body>
{_demo_switch(demo_accounts, tr)}<div id="swagger-ui"></div>
<script id="swagger-settings" type="application/json">{data}</script>
<script src="{PREFIX}/swagger-ui-bundle.js"></script>
<script src="/docs/authorize.js"></script>
</body>
</html>
"""


def _demo_switch(accounts: Sequence[str], tr: Translator) -> str:
    if not accounts:
        return ""
    buttons = "".join(
        f'<button type="button" data-demo-account="{escape(a)}" aria-pressed="false">'
        f"{escape(a)}</button>"
        for a in accounts
    )
    return (
        f'<nav class="plp-demo-accounts" aria-label="{escape(tr("swagger.demo.accounts"))}">'
        f"<span>{escape(tr('swagger.demo.authorize_as'))}</span>{buttons}</nav>\n"
    )


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
