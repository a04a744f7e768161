"""L3 on the section head's page: which months the picker offers and which one it opens on."""

from __future__ import annotations

from datetime import datetime

from app.domain.actor import Actor
from app.domain.office_access import require_office_role
from app.domain.ports.report import MonthlyReportSource
from app.domain.report import ReportMonth
from app.domain.services.reports import REPORT_ROLES

MONTHS_OFFERED = 13  # this month and the twelve before: a year to compare with


def months_offered(
    actor: Actor,
    office_code: str,
    source: MonthlyReportSource,
    timezone: str,
    now: datetime,
) -> list[tuple[ReportMonth, bool]]:
    """The months to pick from, newest first, each with whether anything happened in it."""
    require_office_role(actor, office_code, REPORT_ROLES, "read the monthly PLP report")
    month = ReportMonth.containing(now, timezone)
    offered = []
    for _ in range(MONTHS_OFFERED):
        start, end = month.bounds(timezone)
        active = next(iter(source.event_counts(office_code, start, end)), None) is not None
        offered.append((month, active))
        month = month.previous()
    return offered


def month_to_open(offered: list[tuple[ReportMonth, bool]]) -> ReportMonth:
    """What a section head expects: last month when it has data (it is complete); else the
    newest month with any (on a fresh office, the month in progress); else last month."""
    last, last_active = offered[1]
    if last_active:
        return last
    return next((month for month, active in offered if active), last)
