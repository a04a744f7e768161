"""Section 5: the office working calendar (P-01/KPU.01/2010) and its holiday source."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.adapters.holiday_source import EXTRA_CLOSED_DAY_NAME, IndonesianHolidays
from app.domain.calendar import (
    FixedClosedDays,
    NoClosedDays,
    WeeklySchedule,
    WorkingCalendar,
)

JAKARTA = "Asia/Jakarta"
MAKASSAR = "Asia/Makassar"
WIB = ZoneInfo(JAKARTA)
HOLIDAYS_OBSERVED = IndonesianHolidays(observe_collective_leave=True)
HOLIDAYS_NOT_OBSERVED = IndonesianHolidays(observe_collective_leave=False)
H = timedelta(hours=1)
ZERO = timedelta(0)


def standard(zone: str = JAKARTA, *, observe: bool = True) -> WorkingCalendar:
    closed = HOLIDAYS_OBSERVED if observe else HOLIDAYS_NOT_OBSERVED
    return WorkingCalendar(zone, WeeklySchedule.standard(), closed)


def round_the_clock() -> WorkingCalendar:
    return WorkingCalendar(
        JAKARTA, WeeklySchedule.round_the_clock(), HOLIDAYS_OBSERVED, ignore_closed_days=True
    )


def wib(y: int, mo: int, d: int, h: int = 0, mi: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=WIB)


CAL = standard()

# --- deterministic cases -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("at", "working"),
    [
        (wib(2026, 11, 23, 7, 29), False),  # Monday before opening
        (wib(2026, 11, 23, 7, 30), True),  # opening is inclusive
        (wib(2026, 11, 23, 12, 14), True),
        (wib(2026, 11, 23, 12, 15), False),  # Mon-Thu break 12:15-13:00
        (wib(2026, 11, 26, 12, 59), False),
        (wib(2026, 11, 26, 13, 0), True),
        (wib(2026, 11, 26, 16, 59), True),
        (wib(2026, 11, 26, 17, 0), False),  # closing is exclusive
        (wib(2026, 11, 27, 11, 29), True),
        (wib(2026, 11, 27, 11, 30), False),  # Friday break 11:30-13:15
        (wib(2026, 11, 27, 13, 14), False),
        (wib(2026, 11, 27, 13, 15), True),
        (wib(2026, 11, 28, 10, 0), False),  # Saturday
        (wib(2026, 11, 29, 10, 0), False),  # Sunday
        (wib(2026, 8, 17, 10, 0), False),  # Independence Day, a Monday
    ],
)
def test_cal_section5_working_hours(at: datetime, working: bool) -> None:
    assert CAL.is_working_time(at) is working


def test_cal_section5_cuti_bersama_closes_only_when_observed() -> None:
    christmas_eve = wib(2026, 12, 24, 10, 0)  # Thursday, Christmas joint holiday
    assert not standard(observe=True).is_working_time(christmas_eve)
    assert standard(observe=False).is_working_time(christmas_eve)
    assert HOLIDAYS_OBSERVED.is_closed(christmas_eve.date())
    assert not HOLIDAYS_NOT_OBSERVED.is_closed(christmas_eve.date())


def test_cal_section5_standard_week_is_42_75_hours() -> None:
    monday = wib(2026, 11, 23)
    assert CAL.working_time_between(monday, monday + timedelta(days=7)) == timedelta(hours=42.75)


def test_cal_section5_outage_from_friday_reaches_6_hours_on_monday_1130() -> None:
    friday_15 = wib(2026, 11, 27, 15, 0)
    monday_1130 = wib(2026, 11, 30, 11, 30)
    assert CAL.add_working_time(friday_15, 6 * H) == monday_1130
    assert CAL.working_time_between(friday_15, monday_1130) == 6 * H
    assert CAL.working_time_between(friday_15, wib(2026, 11, 30, 11, 29)) < 6 * H


def test_cal_amount_ending_at_period_end_stops_before_the_break() -> None:
    monday_11 = wib(2026, 11, 23, 11, 0)
    assert CAL.add_working_time(monday_11, timedelta(minutes=75)) == wib(2026, 11, 23, 12, 15)
    assert CAL.add_working_time(monday_11, ZERO) == monday_11
    assert CAL.working_time_between(monday_11, monday_11 - H) == ZERO


def test_cal_next_working_moment() -> None:
    assert CAL.next_working_moment(wib(2026, 11, 27, 12, 0)) == wib(2026, 11, 27, 13, 15)
    assert CAL.next_working_moment(wib(2026, 11, 28, 10, 0)) == wib(2026, 11, 30, 7, 30)
    assert CAL.next_working_moment(wib(2026, 8, 14, 17, 0)) == wib(2026, 8, 18, 7, 30)
    assert CAL.next_working_moment(wib(2026, 11, 30, 9, 0)) == wib(2026, 11, 30, 9, 0)


# --- R4: N working days from arrival ---------------------------------------------------------


@pytest.mark.parametrize(
    ("filed", "days", "observed", "not_observed"),
    [
        # Wed 13 May 2026, then Thu 14 Ascension Day and Fri 15 May its cuti bersama.
        (wib(2026, 5, 13, 16, 30), 1, wib(2026, 5, 18, 16, 30), wib(2026, 5, 15, 16, 30)),
        (wib(2026, 5, 13, 16, 30), 3, wib(2026, 5, 20, 16, 30), wib(2026, 5, 19, 16, 30)),
        # Tue 17 Mar 2026: cuti 18, Nyepi 19, cuti 20, weekend, cuti 23 and 24 (Eid al-Fitr).
        (wib(2026, 3, 17, 16, 30), 3, wib(2026, 3, 27, 16, 30), wib(2026, 3, 23, 16, 30)),
    ],
)
def test_cal_r4_deadline_across_a_long_weekend(
    filed: datetime, days: int, observed: datetime, not_observed: datetime
) -> None:
    assert standard(observe=True).add_working_days(filed, days) == observed
    assert standard(observe=False).add_working_days(filed, days) == not_observed


@pytest.mark.parametrize(
    ("filed", "days", "deadline"),
    [
        (wib(2026, 11, 28, 10, 0), 1, wib(2026, 12, 1, 7, 30)),  # Saturday -> Mon 07:30 + 1
        (wib(2026, 11, 26, 17, 30), 1, wib(2026, 11, 30, 7, 30)),  # Thu evening -> Fri 07:30
        (wib(2026, 11, 27, 12, 0), 1, wib(2026, 11, 30, 13, 15)),  # Friday break -> 13:15
        (wib(2026, 11, 23, 12, 30), 4, wib(2026, 11, 27, 13, 15)),  # 13:00 is Friday's break
        (wib(2026, 11, 26, 10, 0), 0, wib(2026, 11, 26, 10, 0)),
        (wib(2026, 11, 28, 10, 0), 0, wib(2026, 11, 30, 7, 30)),
        (wib(2026, 8, 14, 16, 0), 1, wib(2026, 8, 18, 16, 0)),  # over Independence Day
    ],
)
def test_cal_r4_deadline_starts_at_the_next_working_moment(
    filed: datetime, days: int, deadline: datetime
) -> None:
    assert CAL.add_working_days(filed, days) == deadline


def test_cal_r4_extra_closed_day_set_by_the_admin() -> None:
    extra = IndonesianHolidays(extra_closed_days=[date(2026, 11, 30)])
    cal = WorkingCalendar(JAKARTA, WeeklySchedule.standard(), extra)
    assert cal.add_working_days(wib(2026, 11, 27, 10, 0), 1) == wib(2026, 12, 1, 10, 0)
    assert extra.name(date(2026, 11, 30)) == EXTRA_CLOSED_DAY_NAME
    assert extra.name(date(2026, 8, 17)) == "Independence Day"
    assert extra.name(date(2026, 11, 27)) is None
    assert HOLIDAYS_NOT_OBSERVED.name(date(2026, 12, 24)) is None


# --- other calendars and zones ---------------------------------------------------------------


def test_cal_24x7_six_hours_is_six_wall_clock_hours_even_on_a_holiday() -> None:
    cal = round_the_clock()
    independence_eve = wib(2026, 8, 16, 22, 0)
    assert cal.add_working_time(independence_eve, 6 * H) == independence_eve + 6 * H
    assert cal.is_working_time(wib(2026, 8, 17, 3, 0))
    assert cal.add_working_days(independence_eve, 3) == independence_eve + 3 * 24 * H
    year = cal.working_time_between(wib(2026, 1, 1), wib(2027, 1, 1))
    assert year == timedelta(days=365)


def test_cal_office_in_another_zone_works_local_hours() -> None:
    makassar = standard(MAKASSAR)
    wita = ZoneInfo(MAKASSAR)
    assert makassar.is_working_time(datetime(2026, 11, 23, 7, 30, tzinfo=wita))
    assert not makassar.is_working_time(datetime(2026, 11, 23, 7, 29, tzinfo=wita))
    same_instant = wib(2026, 11, 23, 6, 30)  # 07:30 WITA
    assert makassar.is_working_time(same_instant)
    assert not CAL.is_working_time(same_instant)
    result = makassar.add_working_time(same_instant, H)
    assert result == datetime(2026, 11, 23, 8, 30, tzinfo=wita)
    assert result.utcoffset() == timedelta(hours=8)


def test_cal_results_are_in_the_calendar_zone() -> None:
    start = datetime(2026, 11, 23, 0, 30, tzinfo=UTC)  # 07:30 WIB
    assert CAL.add_working_time(start, H).utcoffset() == timedelta(hours=7)
    assert CAL.next_working_moment(start).utcoffset() == timedelta(hours=7)


def test_cal_rejects_naive_datetimes_and_negative_amounts() -> None:
    naive = datetime(2026, 11, 23, 9, 0)
    aware = wib(2026, 11, 23, 9, 0)
    with pytest.raises(ValueError, match="timezone-aware"):
        CAL.is_working_time(naive)
    with pytest.raises(ValueError, match="timezone-aware"):
        CAL.working_time_between(aware, naive)
    with pytest.raises(ValueError, match="timezone-aware"):
        CAL.add_working_days(naive, 1)
    with pytest.raises(ValueError, match="negative"):
        CAL.add_working_time(aware, -H)
    with pytest.raises(ValueError, match="negative"):
        CAL.add_working_days(aware, -1)


def test_cal_rejects_invalid_schedules() -> None:
    with pytest.raises(ValueError, match="7 days"):
        WeeklySchedule(((),) * 6)
    with pytest.raises(ValueError, match="ordered"):
        WeeklySchedule((((time(13), time(12)),),) + ((),) * 6)
    with pytest.raises(ValueError, match="ordered"):
        WeeklySchedule((((time(8), time(12)), (time(11), time(14))),) + ((),) * 6)
    with pytest.raises(ValueError, match="never"):
        WorkingCalendar(JAKARTA, WeeklySchedule(((),) * 7), NoClosedDays())


def test_cal_a_calendar_closed_forever_fails_instead_of_looping() -> None:
    class AlwaysClosed:
        def is_closed(self, day: date) -> bool:
            return True

    cal = WorkingCalendar(JAKARTA, WeeklySchedule.standard(), AlwaysClosed())
    with pytest.raises(ValueError, match="no working"):
        cal.next_working_moment(wib(2026, 1, 1))
    with pytest.raises(ValueError, match="no working"):
        cal.add_working_days(wib(2026, 1, 1, 17, 0), 0)


def test_cal_fixed_and_no_closed_days() -> None:
    closed = FixedClosedDays({date(2026, 11, 23)})
    assert closed.is_closed(date(2026, 11, 23))
    assert not NoClosedDays().is_closed(date(2026, 11, 23))
    cal = WorkingCalendar(JAKARTA, WeeklySchedule.standard(), closed)
    assert cal.next_working_moment(wib(2026, 11, 23, 9, 0)) == wib(2026, 11, 24, 7, 30)


# --- properties -------------------------------------------------------------------------------

CALENDARS = {
    JAKARTA: standard(JAKARTA),
    MAKASSAR: WorkingCalendar(MAKASSAR, WeeklySchedule.standard(), HOLIDAYS_NOT_OBSERVED),
}
zones = st.sampled_from(sorted(CALENDARS))
amounts = st.timedeltas(min_value=ZERO, max_value=timedelta(hours=400))
small = st.timedeltas(min_value=timedelta(microseconds=1), max_value=timedelta(hours=80))
TICK = timedelta(microseconds=1)


@st.composite
def moments(draw: st.DrawFn, zone: str) -> datetime:
    naive = draw(st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2027, 12, 31)))
    return naive.replace(tzinfo=UTC).astimezone(ZoneInfo(zone))


@st.composite
def zone_and_moments(draw: st.DrawFn, count: int) -> tuple[WorkingCalendar, list[datetime]]:
    zone = draw(zones)
    return CALENDARS[zone], sorted(draw(moments(zone)) for _ in range(count))


PROPS = settings(max_examples=200, deadline=None)


@PROPS
@given(zone_and_moments(1), amounts)
def test_cal_prop_added_time_is_counted_back_exactly(
    case: tuple[WorkingCalendar, list[datetime]], amount: timedelta
) -> None:
    cal, (start,) = case
    assert cal.working_time_between(start, cal.add_working_time(start, amount)) == amount


@PROPS
@given(zone_and_moments(3))
def test_cal_prop_counting_is_additive(case: tuple[WorkingCalendar, list[datetime]]) -> None:
    cal, (s, m, e) = case
    whole = cal.working_time_between(s, e)
    assert whole == cal.working_time_between(s, m) + cal.working_time_between(m, e)


@PROPS
@given(zone_and_moments(2))
def test_cal_prop_a_remembered_span_is_the_span(
    case: tuple[WorkingCalendar, list[datetime]],
) -> None:
    cal, (s, e) = case
    assert cal.working_time_of_span(s, e) == cal.working_time_between(s, e)
    assert cal.working_time_of_span(s, e) == cal.working_time_between(s, e)  # remembered


@PROPS
@given(zone_and_moments(2), small)
def test_cal_prop_working_time_until_now_is_the_span(
    case: tuple[WorkingCalendar, list[datetime]], shortly: timedelta
) -> None:
    cal, (s, e) = case
    for start, now in ((s, e), (e - shortly, e), (e, s)):
        assert cal.working_time_until(start, now) == cal.working_time_between(start, now)
        assert cal.working_time_until(start, now) == cal.working_time_between(start, now)


@PROPS
@given(zone_and_moments(2))
def test_cal_prop_never_exceeds_wall_clock(case: tuple[WorkingCalendar, list[datetime]]) -> None:
    cal, (s, e) = case
    assert ZERO <= cal.working_time_between(s, e) <= e - s
    assert cal.working_time_between(e, s) == ZERO


@PROPS
@given(zone_and_moments(1), amounts)
def test_cal_prop_added_time_lands_in_working_time_or_a_period_end(
    case: tuple[WorkingCalendar, list[datetime]], amount: timedelta
) -> None:
    cal, (start,) = case
    result = cal.add_working_time(start, amount)
    assert result >= start
    if amount == ZERO:
        assert result == start
    else:
        # The tick before a period end is working time, so a period end passes too.
        tick_before = cal.working_time_between(result - TICK, result)
        assert cal.is_working_time(result) or tick_before == TICK


@PROPS
@given(zone_and_moments(1), small)
def test_cal_prop_breaks_nights_weekends_and_holidays_count_zero(
    case: tuple[WorkingCalendar, list[datetime]], delta: timedelta
) -> None:
    cal, (x,) = case
    nxt = cal.next_working_moment(x)
    assert cal.is_working_time(nxt)
    assert cal.working_time_between(x, nxt) == ZERO
    if x + delta <= nxt:
        assert cal.working_time_between(x, x + delta) == ZERO
    else:
        assert cal.working_time_between(x, x + delta) > ZERO


@PROPS
@given(zone_and_moments(1), st.integers(min_value=0, max_value=30))
def test_cal_prop_r4_deadline_is_working_time_on_a_later_working_day(
    case: tuple[WorkingCalendar, list[datetime]], days: int
) -> None:
    cal, (start,) = case
    deadline = cal.add_working_days(start, days)
    assert cal.is_working_time(deadline)
    assert deadline >= cal.next_working_moment(start)
    assert cal.working_time_between(start, deadline) >= timedelta(hours=7.75) * days - 8 * H


@PROPS
@given(moments(JAKARTA), amounts, st.integers(min_value=0, max_value=60))
def test_cal_prop_24x7_counts_wall_clock(start: datetime, amount: timedelta, days: int) -> None:
    cal = round_the_clock()
    assert cal.add_working_time(start, amount) == start + amount
    assert cal.working_time_between(start, start + amount) == amount
    assert cal.add_working_days(start, days) == start + days * 24 * H
