"""A read-only dashboard for a section head: today's queues, SLA risks, office mode (F1/F2)
and last month's report (L3) with its charts, as one server-rendered page.

How it authenticates: the page's login form asks the token endpoint `/api/v1/auth/token` (the
one Swagger UI's Authorize uses) for an access token, or reuses the token Swagger UI keeps in
this browser's localStorage, and hands it to `POST /dashboard/session`. That checks it and keeps
it in an HttpOnly, SameSite=Strict cookie for `/dashboard` only, expiring with the token. Only
these pages read the cookie, and they change nothing; the API keeps to bearer tokens.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import BaseModel, Field

from app.adapters import report_files
from app.adapters.charts import ChartFormat
from app.api.http.wiring import Services, ServicesDep
from app.api.rest import dashboard_page as page
from app.api.rest.deps import actor_of_token
from app.api.rest.routes.reports import DRAW, build
from app.domain.actor import Actor, Role
from app.domain.errors import AuthenticationError, ForbiddenError, PlpError
from app.domain.office_access import require_office_role
from app.domain.report import ReportMonth
from app.domain.services import outage_queries, reports, work_queues
from app.domain.sla import assess, clock_of_summary

router = APIRouter(prefix="/dashboard", include_in_schema=False)
COOKIE = "plp_dashboard"
RISKS_SHOWN = 20
HEADERS = {
    # Nothing from anywhere else: the charts are inline, the one script is our own.
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; connect-src 'self'; "
    "img-src 'self' data:; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'",
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
}
LOGIN_JS = (page.TEMPLATES / "login.js").read_text(encoding="utf-8")


class SessionIn(BaseModel):
    access_token: str = Field(min_length=1, max_length=4096)


@router.get("")
def dashboard(
    request: Request,
    services: ServicesDep,
    office: Annotated[str | None, Query(pattern=r"^\d{6}$", description="admins choose")] = None,
) -> HTMLResponse:
    try:
        actor = _actor(request, services)
    except AuthenticationError as exc:
        message = exc.detail if request.cookies.get(COOKIE) else ""
        return _html(page.login_page(message))
    try:
        office_code = _office(actor, office, services)
        return _html(page.dashboard_page(_gather(actor, office_code, services)))
    except ForbiddenError as exc:
        return _html(page.refusal_page(exc.detail), 403)


@router.post("/session", status_code=204)
def open_session(body: SessionIn, request: Request, services: ServicesDep) -> Response:
    claims = services.tokens.read(body.access_token)  # 401 if forged or expired
    seconds = int(claims["exp"] - datetime.now(UTC).timestamp())
    response = Response(status_code=204)
    response.set_cookie(
        COOKIE,
        body.access_token,
        max_age=max(seconds, 0),
        path="/dashboard",
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )
    return response


@router.post("/logout")
def close_session() -> RedirectResponse:
    response = RedirectResponse("/dashboard", status_code=303)
    response.delete_cookie(COOKIE, path="/dashboard")
    return response


@router.get("/login.js")
def login_script() -> Response:
    return Response(LOGIN_JS, media_type="text/javascript", headers=HEADERS)


@router.get("/report")
def report_file(
    request: Request,
    services: ServicesDep,
    month: Annotated[str, Query(pattern=r"^\d{4}-\d{2}$")],
    office: Annotated[str, Query(pattern=r"^\d{6}$")],
    format_: Annotated[Literal["xlsx", "csv"], Query(alias="format")] = "xlsx",
) -> Response:
    """The report the page shows, as a file to forward (the same as the API's)."""
    report = build(_actor(request, services), office, ReportMonth.parse(month), services)
    name = f"plp-report-{office}-{report.month}.{format_}"
    if format_ == "csv":
        content, media = report_files.to_csv(report).encode(), "text/csv; charset=utf-8"
    else:
        content, media = report_files.to_xlsx(report), report_files.XLSX_MEDIA_TYPE
    disposition = {"Content-Disposition": f'attachment; filename="{name}"'}
    return Response(content, media_type=media, headers=HEADERS | disposition)


def _actor(request: Request, services: Services) -> Actor:
    token = request.cookies.get(COOKIE)
    if not token:
        raise AuthenticationError("log in first")
    return actor_of_token(services, token)


def _office(actor: Actor, chosen: str | None, services: Services) -> str:
    if actor.role is Role.ADMIN:
        offices = sorted(o.code for o in services.reference.all_offices())
        return chosen or (offices[0] if offices else "")
    require_office_role(actor, actor.office_code or "", reports.REPORT_ROLES, "see the dashboard")
    if chosen and chosen != actor.office_code:
        raise ForbiddenError(f"{actor.username} may not see the dashboard of office {chosen}")
    return actor.office_code or ""


def _gather(actor: Actor, office_code: str, services: Services) -> page.DashboardData:
    now, calendars = services.clock.now(), services.calendars
    try:
        office, outage = outage_queries.office_service(office_code, services.uow(read_only=True))
    except PlpError as exc:  # an admin naming an office that does not exist
        raise ForbiddenError(str(exc)) from exc
    calendar = calendars.calendar(office_code)
    queues = work_queues.queue_summary(actor, office_code, services.uow(True), calendars, now)
    risky = work_queues.sla_risks(office_code, services.uow(True), calendars, now, RISKS_SHOWN)
    report = build(actor, office_code, reports.last_complete_month(now, office.timezone), services)
    return page.DashboardData(
        actor=actor,
        office=office,
        open_outage=outage,
        outage_working=outage.working_time(calendar, now) if outage else None,
        now=now,
        queues=queues,
        risks=[(item, assess(clock_of_summary(item), calendar, now)) for item in risky],
        report=report,
        charts={name.value: draw(report, ChartFormat.SVG) for name, draw in DRAW.items()},
    )


def _html(content: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(content, status_code=status, headers=HEADERS)
