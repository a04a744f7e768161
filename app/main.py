"""create_app(): routers, error handlers and the adapters; the only wiring of the web app."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from app import __version__
from app.adapters.sql import demo_seed, migrate
from app.adapters.sql.database import Database
from app.api import docs, errors, soap
from app.api.body_limit import BodyLimit, Refusal
from app.api.routes import (
    admin,
    auth,
    closed_days,
    health,
    manual,
    out_of_hours,
    outages,
    plp,
    procedure,
    queue,
    test_controls,
)
from app.api.sla_view import SlaView, SlaViewMiddleware
from app.api.tags import TAGS
from app.api.wiring import Services
from app.config import Settings, get_settings
from app.jobs.context import JobContext
from app.jobs.runner import in_process

log = logging.getLogger("plp")
TITLE = "PLP Online (TPS Online simulator)"
DESCRIPTION = """Reference simulator of the Indonesian customs **TPS Online** PLP exchange
(*Pindah Lokasi Penimbunan*): TPS operators file requests, officers research, decide and
supervise the movement, over this REST API and the legacy SOAP service at `/tps/service.asmx`.

Every rule has an ID (E1-E6, A1/A2, R1-R4, M1-M6, L1-L3, F1-F3, H1); errors are RFC 9457 problem
details naming the rule. In demo mode the accounts are `<name>` / `<name>-demo`: `tpka`, `cfsb`,
`koja`, `manifest`, `p2`, `kasubsi`, `supervisor-asal`, `supervisor-tujuan`, `p2-section`,
`admin`."""


# Path prefix -> how its clients are told a body is too large (the SOAP service adds a Fault).
BODY_REFUSALS: dict[str, Refusal] = {soap.PATH: soap.too_large}


def prepare_database(database: Database, settings: Settings) -> None:
    """Upgrade the schema to the newest migration; in demo mode, load demo data once."""
    migrate.upgrade(database.engine)
    if settings.demo:
        demo_seed.seed(database)


def create_app(settings: Settings | None = None, services: Services | None = None) -> FastAPI:
    settings = settings or get_settings()
    if services is None:
        database = Database(settings.database_url, settings.db_pool_size)
        prepare_database(database, settings)
        services = Services.build(settings, database)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        s = services
        jobs = JobContext(settings, s.database, s.clock, s.calendars, s.reference, s.notifications)
        with in_process(jobs if settings.run_scheduler else None, s.clock_listeners):
            yield
        services.database.dispose()

    app = FastAPI(
        title=TITLE,
        version=__version__,
        description=DESCRIPTION,
        openapi_tags=TAGS,
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.services = services
    errors.install(app)
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes, refusals=BODY_REFUSALS)
    app.add_middleware(SlaViewMiddleware, view=SlaView(services.calendars, services.clock))
    docs.install(app, TITLE)
    routes = (auth, plp, procedure, out_of_hours, queue, outages, manual, closed_days, admin)
    tests_only = (test_controls,) if settings.allows_test_controls else ()  # never in production
    for module in (*routes, *tests_only, soap, health):
        app.include_router(module.router)
    return app
