"""L3: the monthly PLP report of an office, for its officers and the service's admins."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from app.domain.actor import OFFICER_ROLES, Actor, Role
from app.domain.errors import InvalidInputError, NotFoundError
from app.domain.messages import msg
from app.domain.office_access import require_office_role
from app.domain.ports.reference import OfficeCalendarLookup, ReferenceData
from app.domain.ports.report import MonthlyReportSource
from app.domain.report import MonthlyReport, ReportMonth
from app.domain.report_builder import MonthlyReportBuilder

# Every officer of the office reads its report (the section heads forward it); TPS operators
# would see their competitors' figures, so they do not.
REPORT_ROLES = OFFICER_ROLES | {Role.ADMIN}


def monthly_report(
    actor: Actor,
    office_code: str,
    month: ReportMonth,
    source: MonthlyReportSource,
    reference: ReferenceData,
    calendars: OfficeCalendarLookup,
    now: datetime,
) -> MonthlyReport:
    """L3: requests, decisions, cancellations and movements of one month; the working time from
    request to decision and from request to gate-in against the three-working-day norm (R4);
    the deadlines of the month that passed without a decision, decided later or not at all."""
    require_office_role(actor, office_code, REPORT_ROLES, "read the monthly PLP report")
    office = reference.office(office_code)
    if office is None:
        raise NotFoundError(
            msg("problems.not_found.office", "office {office} not found", office=office_code)
        )
    calendar = calendars.calendar(office_code)
    start, end = month.bounds(calendar.timezone)
    if start > now:
        raise InvalidInputError(
            msg(
                "problems.input.month_not_begun",
                "month {month} has not begun at office {office}",
                month=month,
                office=office_code,
            ),
            "month",
        )
    builder = MonthlyReportBuilder(office_code, office.name, month, calendar)
    builder.add_counts(source.event_counts(office_code, start, end))
    builder.add_decisions(source.decisions(office_code, start, end))
    builder.add_rule_counts(source.rejections_by_rule(office_code, start, end))
    builder.add_gate_ins(source.gate_ins(office_code, start, end))
    builder.add_deadlines(source.deadlines(office_code, start, min(end, now)), now)
    excluded = source.load_run_requests(office_code, start, end)
    return replace(builder.build(now), load_run_requests_excluded=excluded)


def last_complete_month(now: datetime, timezone: str) -> ReportMonth:
    """The month the dashboard shows: the one before the office's current month."""
    return ReportMonth.containing(now, timezone).previous()
