"""Liveness and readiness for load balancers and container health checks."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from app.adapters.sql import migrate
from app.api.http.wiring import ServicesDep

router = APIRouter(prefix="/health", include_in_schema=False)
_LIVE = {"status": "ok"}


@router.get("/live")
async def live() -> JSONResponse:
    """The process answers: no database, no thread (probed every few seconds)."""
    return JSONResponse(_LIVE)


@router.get("/ready")
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
