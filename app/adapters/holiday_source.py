"""Indonesian public holidays and collective leave, from the maintained `holidays` package."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from holidays import HolidayBase
from holidays.countries.indonesia import Indonesia

EXTRA_CLOSED_DAY_NAME = "closed by the office"


class IndonesianHolidays:
    """Closed days of an Indonesian customs office: holidays, cuti bersama and admin extras."""

    def __init__(
        self, observe_collective_leave: bool = True, extra_closed_days: Iterable[date] = ()
    ) -> None:
        self.observe_collective_leave = observe_collective_leave
        self.extra_closed_days = frozenset(extra_closed_days)
        # Cuti bersama is the package's "government" category, not a public holiday.
        self._categories = ("public", "government") if observe_collective_leave else ("public",)
        # Built lazily per year: the calendar asks for every day it walks through.
        self._by_year: dict[int, HolidayBase] = {}

    def is_closed(self, day: date) -> bool:
        return day in self.extra_closed_days or day in self._year(day.year)

    def name(self, day: date) -> str | None:
        holiday_name = self._year(day.year).get(day)
        if holiday_name is not None:
            return str(holiday_name)
        return EXTRA_CLOSED_DAY_NAME if day in self.extra_closed_days else None

    def _year(self, year: int) -> HolidayBase:
        cached = self._by_year.get(year)
        if cached is None:
            # expand=False: a lookup must never grow the cached year with others.
            cached = Indonesia(years=year, categories=self._categories, expand=False)
            self._by_year[year] = cached
        return cached
