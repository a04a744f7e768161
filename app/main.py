"""create_app(): routers, error handlers and the adapters; the only wiring of the web app."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from anyio import to_thread
from fastapi import FastAPI

from app import __version__
from app.adapters import account_admin
from app.adapters.sql import demo_seed, migrate
from app.adapters.sql.database import Database
from app.api import h2h
from app.api.http import errors, offline_assets, route_index
from app.api.http.body_limit import BodyLimit, Refusal
from app.api.http.conformance_desk import ActiveRuns, desk_of, token_facts
from app.api.http.conformance_tap import ConformanceTap
from app.api.http.load_runs import LoadRunTag
from app.api.http.observability import Observability
from app.api.http.tags import TAGS
from app.api.http.wiring import Services
from app.api.rest import docs, idempotency, times
from app.api.rest.routes import (
    admin,
    approval,
    auth,
    callbacks,
    clock_controls,
    closed_days,
    conformance,
    console,
    console_language,
    console_office,
    console_queue,
    console_requests,
    dashboard,
    gate_reports,
    health,
    landing,
    manual_procedure,
    metrics,
    out_of_hours,
    outages,
    plp,
    procedure,
    queue,
    reports,
    simulation,
    stock,
    verify,
)
from app.api.soap import endpoint as soap
from app.config import Settings, get_settings
from app.jobs.context import JobContext
from app.jobs.runner import in_process

log = logging.getLogger("plp")
TITLE = "PLP Online (TPS Online simulator)"
DESCRIPTION = """Reference simulator of the Indonesian customs **TPS Online** PLP exchange
(*Pindah Lokasi Penimbunan*): TPS operators file requests, officers research, decide and
supervise the movement, over this REST API, the legacy SOAP service at `/tps/service.asmx` and
DJBC's H2H REST surface at `/h2h/v1/openapi-tpsonline` (its own docs at
[/h2h/v1/openapi-tpsonline/docs](/h2h/v1/openapi-tpsonline/docs)).

Every rule has an ID (E1-E6, A1/A2, R1-R4, M1-M6, L1-L3, F1-F3, H1); errors are RFC 9457 problem
details naming the rule. In demo mode the accounts are `<name>` / `<name>-demo`: `tpka`, `cfsb`,
`koja`, `manifest`, `p2`, `kasubsi`, `supervisor-asal`, `supervisor-tujuan`, `p2-section`,
`admin`."""


# Path prefix -> how its clients are told a body is too large (the SOAP service adds a Fault).
BODY_REFUSALS: dict[str, Refusal] = {soap.PATH: soap.too_large, h2h.PREFIX: h2h.too_large}


def prepare_database(database: Database, settings: Settings) -> None:
    """Upgrade the schema to the newest migration; in demo mode, load demo data once; create
    the first admin account of PLP_ADMIN_USERNAME if there is no admin (README)."""
    migrate.upgrade(database.engine)
    if settings.demo:
        demo_seed.seed(database)
    first_admin = settings.first_admin()
    if first_admin is not None:
        account_admin.ensure_first_admin(database, *first_admin)


def create_app(settings: Settings | None = None, services: Services | None = None) -> FastAPI:
    settings = settings or get_settings()
    if services is None:
        database = Database(settings.database_url, settings.db_pool_size)
        prepare_database(database, settings)
        services = Services.build(settings, database)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        s = services
        # A request may hold two pooled connections at once (its unit of work and a cache
        # refresh): with at most capacity / 2 request threads the pool can never run dry and
        # deadlock them (a retry storm of 50 did, issue 8). Capacity: pool size + 2x overflow.
        to_thread.current_default_thread_limiter().total_tokens = max(
            4, settings.db_pool_size * 3 // 2
        )
        jobs = JobContext(settings, s.database, s.clock, s.calendars, s.reference, s.notifications)
        with in_process(jobs if settings.run_scheduler else None, s.clock_listeners):
            yield
        services.answers.close()
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
    times.use_default_zone(services.settings.office_timezone)
    errors.install(app)
    idempotency.install(app)
    if services.settings.allows_test_controls:  # issue 16.11: load runs tag what they file
        app.add_middleware(LoadRunTag)
    if settings.allows_test_controls:  # issue 17: absent in production, free when no run is open
        active = app.state.conformance_active = ActiveRuns(desk_of(services))
        app.add_middleware(
            ConformanceTap, active=active, token_facts=token_facts(services.token_secret)
        )
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes, refusals=BODY_REFUSALS)
    app.add_middleware(Observability)  # outermost: request id, access log, metrics
    offline_assets.install(app)  # the docs pages of every channel load them
    demo_accounts = [a[0] for a in demo_seed.DEMO_ACCOUNTS] if settings.demo else []
    docs.install(app, TITLE, demo_accounts)
    routes = (
        auth,
        plp,
        procedure,
        out_of_hours,
        queue,
        outages,
        manual_procedure,
        reports,
        closed_days,
        admin,
        dashboard,  # issue 18: the section head's page, /console/office
        console_office,
        console,  # issue 18: the officers' console (its session, language and pages)
        console_queue,
        console_requests,
        console_language,
        stock,
        gate_reports,
        approval,  # D1: the printed approval and the page its QR code opens
        verify,
        landing,  # issue 16: `/` points at the docs, the WSDL and the dashboard
        conformance,  # issue 17: answers production with a problem naming demo and test mode
    )
    # never in production: the test clock, and simulation mode (issue 5)
    tests_only = (clock_controls, simulation) if settings.allows_test_controls else ()
    for module in (*routes, callbacks, *tests_only, soap):
        app.include_router(module.router)
    health.install(app)
    app.include_router(metrics.router)
    h2h.mount(app, services)  # issue 7: DJBC's H2H REST surface, its own sub-applications
    route_index.install(app)  # issue 13: a request is matched against its prefix's routes only
    return app
