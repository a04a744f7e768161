"""Ports of time and reference data: the clock, offices, TPS and working calendars."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from app.domain.calendar import WorkingCalendar
from app.domain.eligibility import TpsInfo
from app.domain.reference import OfficeInfo


class Clock(Protocol):
    def now(self) -> datetime: ...


class WorkingCalendars(Protocol):
    """R4: the working calendar of each office (section 5)."""

    def add_working_days(self, office_code: str, start: datetime, days: int) -> datetime: ...


class ReferenceData(Protocol):
    def tps(self, code: str) -> TpsInfo | None: ...

    def office(self, code: str) -> OfficeInfo | None: ...


class OfficeCalendarLookup(Protocol):
    def calendar(self, office_code: str) -> WorkingCalendar: ...
