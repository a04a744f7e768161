"""Swagger UI and ReDoc of a sub-application, offline (assets: api/http/offline_assets.py): the
page asks for the OpenAPI document under the prefix the request came in on (either alias)."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse

from app.api.http import offline_assets

ASSETS = offline_assets.PREFIX  # the bundled assets the main app serves at its root


def install(app: FastAPI, title: str) -> None:
    @app.get("/docs", include_in_schema=False)
    def swagger_ui(request: Request) -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=_root(request) + "/openapi.json",
            title=f"{title} - Swagger UI",
            swagger_js_url=f"{ASSETS}/swagger-ui-bundle.js",
            swagger_css_url=f"{ASSETS}/swagger-ui.css",
            swagger_favicon_url=f"{ASSETS}/favicon.png",
            swagger_ui_parameters={
                "persistAuthorization": True,
                "displayRequestDuration": True,
                "tryItOutEnabled": False,
                "defaultModelsExpandDepth": 0,
                "validatorUrl": None,  # no badge from validator.swagger.io: offline
            },
        )

    @app.get("/redoc", include_in_schema=False)
    def redoc(request: Request) -> HTMLResponse:
        return get_redoc_html(
            openapi_url=_root(request) + "/openapi.json",
            title=f"{title} - ReDoc",
            redoc_js_url=f"{ASSETS}/redoc.standalone.js",
            redoc_favicon_url=f"{ASSETS}/favicon.png",
            with_google_fonts=False,
        )


def _root(request: Request) -> str:
    return str(request.scope.get("root_path", "")).rstrip("/")
