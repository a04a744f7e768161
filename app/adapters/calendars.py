"""Each office's working calendar (section 5) built from reference data and holidays."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime

from app.adapters.holiday_source import IndonesianHolidays
from app.domain.calendar import WeeklySchedule, WorkingCalendar
from app.domain.reference import OfficeInfo

_DEFAULT = OfficeInfo("", "", "Asia/Jakarta")


class OfficeCalendars:
    """Implements the WorkingCalendars port; calendars are rebuilt when an office changes."""

    def __init__(
        self,
        office: Callable[[str], OfficeInfo | None],
        extra_closed_days: Callable[[str], Iterable[date]] = lambda _code: (),
    ) -> None:
        self._office, self._extra = office, extra_closed_days
        self._cache: dict[tuple[object, ...], WorkingCalendar] = {}

    def calendar(self, office_code: str) -> WorkingCalendar:
        office = self._office(office_code) or _DEFAULT
        extra = frozenset(self._extra(office_code))
        key = (office.timezone, office.calendar, office.observes_collective_leave, extra)
        if key not in self._cache:
            self._cache[key] = _build(office, extra)
        return self._cache[key]

    def add_working_days(self, office_code: str, start: datetime, days: int) -> datetime:
        return self.calendar(office_code).add_working_days(start, days)


def _build(office: OfficeInfo, extra: frozenset[date]) -> WorkingCalendar:
    if office.calendar == "24x7":
        schedule, ignore_closed = WeeklySchedule.round_the_clock(), True
    else:
        schedule, ignore_closed = WeeklySchedule.standard(), False
    holidays = IndonesianHolidays(office.observes_collective_leave, extra)
    return WorkingCalendar(office.timezone, schedule, holidays, ignore_closed_days=ignore_closed)
