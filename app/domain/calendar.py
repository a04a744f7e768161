"""The working calendar of a customs office (section 5, P-01/KPU.01/2010)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

Period = tuple[time, time]
DayPeriods = tuple[Period, ...]

_DAY = timedelta(days=1)
_ZERO = timedelta(0)
# A calendar whose closed days never end would otherwise make the searches loop forever.
_MAX_IDLE_DAYS = 3 * 366
_MAX_CACHED_DAYS = 4096
_MAX_CACHED_SPANS = 50_000


def _offset(clock: time, *, is_end: bool) -> timedelta:
    # 24:00 cannot be a `time`, so an end of 00:00 stands for the midnight closing the day.
    if is_end and clock == time(0):
        return _DAY
    return timedelta(
        hours=clock.hour, minutes=clock.minute, seconds=clock.second, microseconds=clock.microsecond
    )


def _check_day(periods: DayPeriods) -> None:
    previous_end = _ZERO
    for start, end in periods:
        if start.tzinfo is not None or end.tzinfo is not None:
            raise ValueError("schedule times are local wall-clock times, without tzinfo")
        begin, finish = _offset(start, is_end=False), _offset(end, is_end=True)
        if not previous_end <= begin < finish:
            raise ValueError(f"periods must be ordered, non-empty and disjoint: {periods}")
        previous_end = finish


@dataclass(frozen=True)
class WeeklySchedule:
    """Working periods per weekday (0 = Monday); an end of 00:00 means 24:00."""

    periods: tuple[DayPeriods, ...]

    def __post_init__(self) -> None:
        if len(self.periods) != 7:
            raise ValueError("a weekly schedule needs exactly 7 days")
        for day in self.periods:
            _check_day(day)

    @classmethod
    def standard(cls) -> WeeklySchedule:
        morning, friday_morning = (time(7, 30), time(12, 15)), (time(7, 30), time(11, 30))
        mon_thu = (morning, (time(13, 0), time(17, 0)))
        friday = (friday_morning, (time(13, 15), time(17, 0)))
        return cls((mon_thu, mon_thu, mon_thu, mon_thu, friday, (), ()))

    @classmethod
    def round_the_clock(cls) -> WeeklySchedule:
        whole_day: DayPeriods = ((time(0), time(0)),)
        return cls((whole_day,) * 7)

    def on(self, weekday: int) -> DayPeriods:
        return self.periods[weekday]


class ClosedDays(Protocol):
    """Days on which an office does not work although its schedule says it would."""

    def is_closed(self, day: date) -> bool: ...


class NoClosedDays:
    """An office that never closes on a scheduled day."""

    def is_closed(self, day: date) -> bool:
        return False


class FixedClosedDays(frozenset[date]):
    """A fixed set of closed days."""

    def is_closed(self, day: date) -> bool:
        return day in self


def _require_aware(value: datetime) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"a timezone-aware datetime is required, got {value!r}")


class WorkingCalendar:
    """Counts and adds working time of one office in its own time zone."""

    def __init__(
        self,
        timezone: str,
        schedule: WeeklySchedule,
        closed_days: ClosedDays,
        ignore_closed_days: bool = False,
    ) -> None:
        if not any(schedule.periods):
            raise ValueError("a schedule without any working period never reaches a deadline")
        self.timezone = timezone
        self.schedule = schedule
        self.closed_days = closed_days
        self.ignore_closed_days = ignore_closed_days
        self._zone = ZoneInfo(timezone)
        # Every SLA shown (each row of a queue, each response) measures over the same few
        # days: their periods are worked out once. The calendar never changes once built.
        self._day_periods: dict[date, tuple[tuple[datetime, datetime], ...]] = {}
        self._spans: dict[tuple[datetime, datetime], timedelta] = {}
        self._today: tuple[datetime, datetime, timedelta] | None = None  # working_time_until

    def is_working_time(self, at: datetime) -> bool:
        moment = self._utc(at)
        return any(s <= moment < e for s, e in self._periods(self._local_day(moment)))

    def working_time_between(self, start: datetime, end: datetime) -> timedelta:
        begin, finish = self._utc(start), self._utc(end)
        total = _ZERO
        day, last = self._local_day(begin), self._local_day(finish)
        while day <= last:
            for s, e in self._periods(day):
                total += max(_ZERO, min(e, finish) - max(s, begin))
            day += _DAY
        return total

    def working_time_of_span(self, start: datetime, end: datetime) -> timedelta:
        """working_time_between for a span that is shown again and again (a request's arrival
        to its deadline, in every list and answer): worked out once, then remembered."""
        key = (start, end)
        found = self._spans.get(key)
        if found is None:
            if len(self._spans) >= _MAX_CACHED_SPANS:
                self._spans.clear()
            found = self._spans[key] = self.working_time_between(start, end)
        return found

    def working_time_until(self, start: datetime, now: datetime) -> timedelta:
        """working_time_between(start, now) for the moment shown now, asked again and again for
        the same starts (each SLA of a queue): the whole days before now's are a span
        remembered per start; only today's periods are counted. Exact: no period of a day
        reaches past the next midnight."""
        today = self._today  # one `now` for a whole page: today's part is worked out once
        if today is None or today[0] != now:
            midnight = datetime.combine(self._local_day(self._utc(now)), time(0), self._zone)
            today = self._today = (now, midnight, self.working_time_between(midnight, now))
        _, midnight, so_far_today = today
        if start >= midnight:
            return self.working_time_between(start, now)
        return self.working_time_of_span(start, midnight) + so_far_today

    def add_working_time(self, start: datetime, amount: timedelta) -> datetime:
        if amount < _ZERO:
            raise ValueError("cannot add a negative amount of working time")
        moment = self._utc(start)
        if amount == _ZERO:
            return self._local(moment)
        remaining = amount
        for s, e in self._periods_from(self._local_day(moment)):
            available = e - max(s, moment)
            if available <= _ZERO:
                continue
            # `<=` so that an amount ending exactly at a period end stops there, not after a break.
            if remaining <= available:
                return self._local(max(s, moment) + remaining)
            remaining -= available
        raise AssertionError("unreachable: _periods_from never ends")  # pragma: no cover

    def next_working_moment(self, at: datetime) -> datetime:
        moment = self._utc(at)
        for s, e in self._periods_from(self._local_day(moment)):
            if e > moment:
                return self._local(max(s, moment))
        raise AssertionError("unreachable: _periods_from never ends")  # pragma: no cover

    def add_working_days(self, start: datetime, days: int) -> datetime:
        if days < 0:
            raise ValueError("cannot add a negative number of working days")
        arrival = self.next_working_moment(start)
        day, clock = arrival.date(), arrival.time()
        for _ in range(days):
            day = self._next_working_day(day)
        target = datetime.combine(day, clock, tzinfo=self._zone)
        return self.next_working_moment(target)

    def _utc(self, value: datetime) -> datetime:
        _require_aware(value)
        return value.astimezone(UTC)

    def _local(self, moment: datetime) -> datetime:
        return moment.astimezone(self._zone)

    def _local_day(self, moment: datetime) -> date:
        return moment.astimezone(self._zone).date()

    def is_working_day(self, day: date) -> bool:
        """Whether the office works on this local day at all (weekends and holidays do not)."""
        return self._is_open(day)

    def _is_open(self, day: date) -> bool:
        if not self.schedule.on(day.weekday()):
            return False
        return self.ignore_closed_days or not self.closed_days.is_closed(day)

    def _periods(self, day: date) -> tuple[tuple[datetime, datetime], ...]:
        """The day's working periods as UTC instants, so arithmetic is right across DST."""
        periods = self._day_periods.get(day)
        if periods is None:
            if len(self._day_periods) >= _MAX_CACHED_DAYS:
                self._day_periods.clear()
            periods = self._day_periods[day] = self._work_out_periods(day)
        return periods

    def _work_out_periods(self, day: date) -> tuple[tuple[datetime, datetime], ...]:
        if not self._is_open(day):
            return ()
        midnight = datetime.combine(day, time(0), tzinfo=self._zone)
        # Adding to an aware datetime moves its wall clock; astimezone then applies the offset.
        return tuple(
            (
                (midnight + _offset(s, is_end=False)).astimezone(UTC),
                (midnight + _offset(e, is_end=True)).astimezone(UTC),
            )
            for s, e in self.schedule.on(day.weekday())
        )

    def _periods_from(self, day: date) -> Iterator[tuple[datetime, datetime]]:
        idle = 0
        while idle <= _MAX_IDLE_DAYS:
            periods = self._periods(day)
            idle = 0 if periods else idle + 1
            yield from periods
            day += _DAY
        raise ValueError(f"no working time within {_MAX_IDLE_DAYS} days after {day}")

    def _next_working_day(self, day: date) -> date:
        for _ in range(_MAX_IDLE_DAYS):
            day += _DAY
            if self._is_open(day):
                return day
        raise ValueError(f"no working day within {_MAX_IDLE_DAYS} days before {day}")
