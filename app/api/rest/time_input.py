"""Times sent without an offset are the office's local time (WIB at Tanjung Priok); answers
give every time in the office's zone (app/api/rest/times.py)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from app.api.http.wiring import Services


def office_zone(services: Services, office_code: str) -> ZoneInfo:
    office = services.reference.office(office_code)
    return ZoneInfo(office.timezone if office else services.settings.office_timezone)


def office_time(services: Services, office_code: str, at: datetime | None) -> datetime | None:
    if at is None or at.tzinfo is not None:
        return at
    return at.replace(tzinfo=office_zone(services, office_code))


def office_time_required(services: Services, office_code: str, at: datetime) -> datetime:
    aware = office_time(services, office_code, at)
    assert aware is not None
    return aware
