"""L3: the monthly PLP report of an office, as JSON, CSV or XLSX, and its charts."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request, Response

from app.adapters import charts, report_files
from app.adapters.i18n import negotiate
from app.adapters.sql.queries.report_query import SqlMonthlyReportSource
from app.api.http import tags
from app.api.http.wiring import Services, ServicesDep
from app.api.rest.deps import ActorDep
from app.api.rest.schemas.report_out import MonthlyReportOut
from app.domain.actor import Actor
from app.domain.report import MonthlyReport, ReportMonth
from app.domain.services import reports

PREFIX = "/api/v1/reports/monthly"
router = APIRouter(prefix=PREFIX, tags=[tags.REPORTS])
RESPONSES: dict[int | str, dict[str, Any]] = {
    403: {"description": "TPS operators, and officers of another office, may not read it"},
    404: {"description": "no such office"},
    422: {"description": "not a month like 2026-10, or a month that has not begun"},
}
Office = Annotated[str, Path(pattern=r"^\d{6}$", examples=["040300"], description="KD_KANTOR")]
Month = Annotated[
    str,
    Path(
        pattern=r"^\d{4}-\d{2}$",
        description="YYYY-MM: a calendar month in the office's time zone",
    ),
]


class ChartName(StrEnum):
    DECISIONS_PER_DAY = "decisions-per-day"
    DECISION_TIMES = "decision-times"


def draw(
    chart: ChartName,
    report: MonthlyReport,
    fmt: charts.ChartFormat,
    language: str,
    services: Services,
) -> bytes:
    """A chart in the reader's language; the daily one shades the days the office is closed."""
    if chart is ChartName.DECISION_TIMES:
        return charts.decision_times(report, fmt, language)
    calendar = services.calendars.calendar(report.office_code)
    closed = [day for day in report.month.days() if not calendar.is_working_day(day)]
    return charts.decisions_per_day(report, fmt, language, closed)


def build(actor: Actor, office_code: str, month: ReportMonth, services: Services) -> MonthlyReport:
    """Read on one read-only session: counts in SQL, decisions streamed (L3)."""
    with services.database.session(read_only=True) as session:
        return reports.monthly_report(
            actor,
            office_code,
            month,
            SqlMonthlyReportSource(session),
            services.reference,
            services.calendars,
            services.clock.now(),
        )


def chart_links(office_code: str, month: ReportMonth) -> dict[str, str]:
    return {c.value: f"{PREFIX}/{office_code}/{month}/charts/{c.value}" for c in ChartName}


@router.get(
    "/{office_code}/{month}",
    summary="Monthly PLP report (L3): JSON, CSV or XLSX",
    response_model=MonthlyReportOut,
    responses=RESPONSES
    | {
        200: {
            "description": "the report; `format=csv` one figure per line, `format=xlsx` a "
            "workbook with definitions, one sheet per table and both charts as Excel charts",
            "content": {"text/csv": {}, report_files.XLSX_MEDIA_TYPE: {}},
        }
    },
)
def monthly_report(
    request: Request,
    office_code: Office,
    month: Month,
    actor: ActorDep,
    services: ServicesDep,
    format_: Annotated[Literal["json", "csv", "xlsx"], Query(alias="format")] = "json",
) -> Response:
    """**Roles** every officer role of the office (`kasubsi_manifest`, `manifest_officer`,
    `p2_officer`, `p2_section`, the supervisors) and `admin`; not TPS operators.

    Requests, approvals, rejections by rule (eligibility findings per rule id, and R3 for the
    Kasubsi's rejections), cancellations, movements completed, mismatches at each gate; the
    working time from request to decision and from request to gate-in (the whole service,
    SOP 1.a) against the 3-working-day norm (R4): median, 90th percentile; in total, per
    origin TPS and per reason. A deadline that passed without a decision is a breach of the
    month it fell in, decided late or still undecided, listed in `breaches` with how long it
    is overdue in working time. `format=xlsx` is a workbook to forward: one sheet per table,
    native Excel charts, its titles in Bahasa Indonesia or in English by `Accept-Language`;
    `format=csv` is data (machine names, the same in every language)."""
    parsed = ReportMonth.parse(month)
    report = build(actor, office_code, parsed, services)
    name = f"plp-report-{office_code}-{parsed}"
    if format_ == "csv":
        return _file(report_files.to_csv(report).encode(), "text/csv; charset=utf-8", f"{name}.csv")
    if format_ == "xlsx":
        language = negotiate(None, request.headers.get("accept-language"))
        book = report_files.to_xlsx(report, language)
        return _file(book, report_files.XLSX_MEDIA_TYPE, f"{name}.xlsx")
    body = MonthlyReportOut.of(report, chart_links(office_code, parsed))
    return Response(body.model_dump_json(), media_type="application/json")


@router.get(
    "/{office_code}/{month}/charts/{chart}",
    summary="A chart of the monthly report (L3): PNG or SVG",
    response_class=Response,
    responses=RESPONSES | {200: {"content": {"image/png": {}, "image/svg+xml": {}}}},
)
def monthly_chart(
    request: Request,
    office_code: Office,
    month: Month,
    chart: ChartName,
    actor: ActorDep,
    services: ServicesDep,
    format_: Annotated[charts.ChartFormat, Query(alias="format")] = charts.ChartFormat.PNG,
) -> Response:
    """**Roles** as for the report. Titles and labels in Bahasa Indonesia, or in English by
    `Accept-Language`. `decisions-per-day`: approvals, Kasubsi rejections and refusals on
    arrival per day, the office's closed days shaded; `decision-times`: working days from
    request to decision, with the 3-day norm, the median and the 90th percentile (R4)."""
    report = build(actor, office_code, ReportMonth.parse(month), services)
    language = negotiate(None, request.headers.get("accept-language"))
    image = draw(chart, report, format_, language, services)
    return Response(image, media_type=charts.MEDIA_TYPES[format_])


def _file(content: bytes, media_type: str, filename: str) -> Response:
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
    return Response(content, media_type=media_type, headers=headers)
