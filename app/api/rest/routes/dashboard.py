"""The section head's page, /console/office (issue 18): today's queues, SLA risks, office mode
(F1/F2) and a month's report (L3) with its charts. /dashboard, its old address, redirects.

`/console/office/live` serves the live sections alone: office.js fetches it every minute and
swaps them in place, so the page refreshes without reloading (and reads fine without it).
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse

from app.adapters import report_files
from app.adapters.charts import ChartFormat
from app.adapters.sql.queries.report_query import SqlMonthlyReportSource
from app.api.http.wiring import Services, ServicesDep
from app.api.rest import dashboard_page as page
from app.api.rest.console import layout
from app.api.rest.console.context import current_actor, login_response, view_of
from app.api.rest.console.language import language_of
from app.api.rest.console.problems import problem_box, status_of
from app.api.rest.dashboard_report import ReportView, has_data
from app.api.rest.routes.reports import ChartName, build, draw
from app.domain.actor import Actor, Role
from app.domain.errors import AuthenticationError, ForbiddenError, InvalidInputError, PlpError
from app.domain.office_access import require_office_role
from app.domain.report import ReportMonth
from app.domain.services import outage_queries, report_months, reports, work_queues
from app.domain.sla import assess, clock_of_summary

router = APIRouter(include_in_schema=False)
OFFICE = "/console/office"
HEADERS = {
    # The old dashboard's, kept by D1's verification page: nothing from anywhere else.
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; connect-src 'self'; "
    "img-src 'self' data:; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'",
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
}
RISKS_SHOWN = 20
SCRIPT = (page.TEMPLATES / "office.js").read_text(encoding="utf-8")
OfficeQuery = Annotated[str | None, Query(pattern=r"^\d{6}$", description="admins choose")]


@router.get("/dashboard")
def old_address(request: Request) -> RedirectResponse:
    """The dashboard became the console's section-head page; old bookmarks still work."""
    query = f"?{request.url.query}" if request.url.query else ""
    return RedirectResponse(f"{OFFICE}{query}", status_code=308)


@router.get(OFFICE)
def office_page(
    request: Request,
    services: ServicesDep,
    office: OfficeQuery = None,
    month: Annotated[str | None, Query(pattern=r"^\d{4}-\d{2}$")] = None,
) -> Response:
    actor = current_actor(request, services)
    if actor is None:
        return login_response(request, services)
    view = view_of(request, services, actor)
    tr = view.tr
    try:
        office_code = office_of(actor, office, services)
        live = _live(actor, office_code, services)
        report = _report(actor, office_code, month, services, tr.language)
    except (ForbiddenError, InvalidInputError) as exc:
        refusal = problem_box(tr, exc)
        return layout.page(view, tr("dashboard.title"), refusal, status=status_of(exc))
    main = page.office_main(live, report, f"{OFFICE}/live?office={office_code}", tr)
    return layout.page(view, page.heading(live.office, tr), main, current="office")


@router.get(f"{OFFICE}/live")
def live_part(request: Request, services: ServicesDep, office: OfficeQuery = None) -> Response:
    """The live sections alone, for office.js: 401 once the session is over (it then stops)."""
    actor = current_actor(request, services)
    if actor is None:
        return HTMLResponse("", status_code=401, headers=layout.HEADERS)
    try:
        office_code = office_of(actor, office, services)
        live = _live(actor, office_code, services)
    except ForbiddenError:
        return HTMLResponse("", status_code=403, headers=layout.HEADERS)
    content = page.live_sections(live, view_of(request, services, actor).tr)
    return HTMLResponse(content, headers=layout.HEADERS)


@router.get(f"{OFFICE}/office.js")
def office_script() -> Response:
    return Response(SCRIPT, media_type="text/javascript", headers=layout.HEADERS)


@router.get(f"{OFFICE}/report")
def report_file(
    request: Request,
    services: ServicesDep,
    month: Annotated[str, Query(pattern=r"^\d{4}-\d{2}$")],
    office: Annotated[str, Query(pattern=r"^\d{6}$")],
    format_: Annotated[Literal["xlsx", "csv"], Query(alias="format")] = "xlsx",
) -> Response:
    """The report the page shows, as a file to forward (the same as the API's)."""
    actor = current_actor(request, services)
    if actor is None:
        raise AuthenticationError("log in first")
    report = build(actor, office, ReportMonth.parse(month), services)
    name = f"plp-report-{office}-{report.month}.{format_}"
    if format_ == "csv":
        content, media = report_files.to_csv(report).encode(), "text/csv; charset=utf-8"
    else:
        book = report_files.to_xlsx(report, language_of(request, services, actor))  # the page's
        content, media = book, report_files.XLSX_MEDIA_TYPE
    disposition = {"Content-Disposition": f'attachment; filename="{name}"'}
    return Response(content, media_type=media, headers=layout.HEADERS | disposition)


def office_of(actor: Actor, chosen: str | None, services: Services) -> str:
    if actor.role is Role.ADMIN:
        offices = sorted(o.code for o in services.reference.all_offices())
        return chosen or (offices[0] if offices else "")
    require_office_role(actor, actor.office_code or "", reports.REPORT_ROLES, "see the dashboard")
    if chosen and chosen != actor.office_code:
        raise ForbiddenError(f"{actor.username} may not see the dashboard of office {chosen}")
    return actor.office_code or ""


def _live(actor: Actor, office_code: str, services: Services) -> page.LiveData:
    now, calendars = services.clock.now(), services.calendars
    try:
        office, outage = outage_queries.office_service(office_code, services.uow(read_only=True))
    except PlpError as exc:  # an admin naming an office that does not exist
        raise ForbiddenError(str(exc)) from exc
    calendar = calendars.calendar(office_code)
    queues = work_queues.queue_summary(actor, office_code, services.uow(True), calendars, now)
    risky = work_queues.sla_risks(office_code, services.uow(True), calendars, now, RISKS_SHOWN)
    return page.LiveData(
        actor=actor,
        office=office,
        open_outage=outage,
        outage_working=outage.working_time(calendar, now) if outage else None,
        now=now,
        queues=queues,
        risks=[(item, assess(clock_of_summary(item), calendar, now)) for item in risky],
    )


def _report(
    actor: Actor, office_code: str, chosen: str | None, services: Services, language: str
) -> ReportView:
    timezone = services.calendars.calendar(office_code).timezone
    with services.database.session(read_only=True) as db:
        offered = report_months.months_offered(
            actor, office_code, SqlMonthlyReportSource(db), timezone, services.clock.now()
        )
    month = ReportMonth.parse(chosen) if chosen else report_months.month_to_open(offered)
    report = build(actor, office_code, month, services)
    charts = (
        {c.value: draw(c, report, ChartFormat.SVG, language, services) for c in ChartName}
        if has_data(report)
        else {}
    )
    return ReportView(report, offered, charts)
