"""DJBC's H2H REST surface (issue 7) as two sub-applications with their own OpenAPI documents
and offline docs, like DJBC's two exports: the TPS API under /h2h/v1/openapi-tpsonline (and the
sandbox spelling /h2h/v1/openapi-tps) and the login under /h2h/v1/openapi-auth."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from starlette.types import Scope

from app.api.h2h import auth, catalogue, docs, envelope, handlers, reads, tps
from app.api.h2h import openapi as doc
from app.api.h2h.envelope import Outcome
from app.api.h2h.state import H2hState
from app.api.http.wiring import Services

PREFIX = "/h2h/v1"
TPS_PREFIXES = ("/h2h/v1/openapi-tpsonline", "/h2h/v1/openapi-tps")
AUTH_PREFIX = "/h2h/v1/openapi-auth"
TPS_TITLE = "openapi-tpsonline (PLP Online simulator)"
AUTH_TITLE = "openapi-auth (PLP Online simulator)"
TPS_DESCRIPTION = """DJBC's **TPS Online H2H** REST API (CEISA 4.0, 2025), its PLP part, served
by the PLP Online simulator on the same procedure as its REST API and the legacy SOAP service.
Log in at `/h2h/v1/openapi-auth/user/login`, then send `Authorization: Bearer <access_token>`
and `beacukai-api-key` on every call. Dates `dd-MM-yyyy`; every answer is the envelope
`{result, detail, path, date, code, version, data}`. Choices where DJBC's documents are silent:
`contracts/h2h/README.md`."""


def mount(app: FastAPI, services: Services) -> None:
    state = app.state.h2h = H2hState.of(services)
    surface, login = _tps_app(state), _auth_app(state)
    for prefix in TPS_PREFIXES:
        app.mount(prefix, surface)
    app.mount(AUTH_PREFIX, login)


def too_large(scope: Scope, limit: int) -> JSONResponse:
    """The app's body limit answers a declared oversize with the envelope (app.main)."""
    full = str(scope.get("path", ""))
    root = next((p for p in (*TPS_PREFIXES, AUTH_PREFIX) if full.startswith(p)), "")
    services: Services = scope["app"].state.services  # the main app, where the limit runs
    outcome = Outcome("too_large", values={"limit": limit})
    answer = envelope.answer(outcome, full[len(root) :], services.clock.now())
    return JSONResponse(answer.body, status_code=answer.status)


def _tps_app(state: H2hState) -> FastAPI:
    app = _sub_app(TPS_TITLE, TPS_DESCRIPTION, state)
    app.include_router(tps.router)
    app.include_router(reads.router)
    app.include_router(_catalogue(tps.router, reads.router))
    handlers.install(app)
    schemas = catalogue.components() | doc.request_components() | doc.response_components()
    _documented(app, schemas)
    return app


def _catalogue(*served: APIRouter) -> APIRouter:
    """The rest of DJBC's operations (note 5.1), after the PLP routes."""
    taken = {
        (method, route.path)
        for router in served
        for route in router.routes
        if isinstance(route, APIRoute)
        for method in route.methods or ()
    }
    router = APIRouter()
    catalogue.install(router, taken)
    return router


def _auth_app(state: H2hState) -> FastAPI:
    app = _sub_app(AUTH_TITLE, "DJBC's H2H login (note 2), as the simulator serves it.", state)
    auth.install(app)
    _documented(app, {})
    return app


def _sub_app(title: str, description: str, state: H2hState) -> FastAPI:
    app = FastAPI(
        title=title,
        version=envelope.VERSION,
        description=description,
        docs_url=None,  # offline, by docs.install
        redoc_url=None,
        openapi_url=None,  # by _documented, with the prefix the request came in on
    )
    app.state.h2h = state
    app.router.redirect_slashes = False
    docs.install(app, title)
    return app


def _documented(app: FastAPI, schemas: dict[str, Any]) -> None:
    """Our OpenAPI document with the contract's schemas and the two security schemes; its
    server is the prefix the caller used (either alias)."""
    cached: dict[str, Any] = {}

    def spec() -> dict[str, Any]:
        if not cached:
            cached.update(
                get_openapi(
                    title=app.title,
                    version=app.version,
                    description=app.description,
                    routes=app.routes,
                )
            )
            components = cached.setdefault("components", {})
            components.setdefault("schemas", {}).update(schemas)
            if schemas:
                components["securitySchemes"] = doc.SECURITY_SCHEMES
        return cached

    @app.get("/openapi.json", include_in_schema=False)
    def openapi(request: Request) -> JSONResponse:
        root = str(request.scope.get("root_path", "")).rstrip("/")
        return JSONResponse(spec() | {"servers": [{"url": root or "/"}]})
