"""Liveness and readiness for load balancers and container health checks."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.responses import JSONResponse, Response
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from app.adapters.sql import migrate
from app.api.http.wiring import ServicesDep

_LIVE = b'{"status":"ok"}'


def install(app: FastAPI) -> None:
    """The probes are the app's own routes, not an included router's: load balancers ask every
    few seconds, and FastAPI matches the routes of an included router twice (issue 13)."""
    app.add_api_route("/health/live", live, include_in_schema=False)
    app.add_api_route("/health/ready", ready, include_in_schema=False)


async def live() -> Response:
    """The process answers: no database, no thread."""
    return Response(_LIVE, media_type="application/json")


def ready(services: ServicesDep) -> JSONResponse:
    """Ready when the database answers and its schema is at the newest migration."""
    try:
        with services.database.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        current = migrate.is_current(services.database.engine)
    except SQLAlchemyError as exc:
        return JSONResponse({"status": "unavailable", "database": str(exc.__class__.__name__)}, 503)
    if not current:
        return JSONResponse({"status": "unavailable", "database": "migrations pending"}, 503)
    return JSONResponse({"status": "ok", "database": "ok", "migrations": "current"})
