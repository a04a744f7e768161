"""R4 as shown: until when a running SLA shows the same state and whole minutes, the instant a
kept answer stops being true (issue 13's answer cache relies on it)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.calendar import FixedClosedDays, WeeklySchedule, WorkingCalendar
from app.domain.sla import SlaClock, SlaState, SlaStatus, assess, shown_until

WIB = ZoneInfo("Asia/Jakarta")
CLOSED = FixedClosedDays({datetime(2026, 12, 25).date(), datetime(2026, 12, 24).date()})
CALENDARS = [
    WorkingCalendar("Asia/Jakarta", WeeklySchedule.standard(), CLOSED),
    WorkingCalendar("Asia/Jakarta", WeeklySchedule.round_the_clock(), CLOSED),
]
START = datetime(2026, 12, 14, tzinfo=WIB)  # a Monday; the weeks after hold a closed pair
M = timedelta(minutes=1)


def shown(status: SlaStatus | None) -> tuple[object, ...]:
    """What a reader sees (the API's fields): state, deadline and whole working minutes."""
    assert status is not None
    minutes = (int(t.total_seconds() // 60) for t in (status.total, status.used, status.left))
    return (status.state, status.deadline_at, *minutes)


def clock_of(calendar: WorkingCalendar, started: datetime, days: int) -> SlaClock:
    due = calendar.add_working_days(started, days)
    return SlaClock("040300", started, due, None, running=True)


instants = st.integers(0, 21 * 24 * 3600 * 10**6).map(lambda us: START + timedelta(microseconds=us))


@settings(max_examples=400, deadline=None)
@given(
    calendar=st.sampled_from(CALENDARS),
    started=instants,
    days=st.integers(1, 3),
    later=st.integers(0, 8 * 24 * 3600 * 10**6),
    shares=st.lists(st.floats(0, 1, exclude_max=True), min_size=1, max_size=4),
)
def test_r4_a_running_sla_shows_the_same_until_shown_until(
    calendar: WorkingCalendar, started: datetime, days: int, later: int, shares: list[float]
) -> None:
    clock = clock_of(calendar, started, days)
    now = started + timedelta(microseconds=later)
    status = assess(clock, calendar, now)
    assert status is not None and status.shown_until is not None
    until = status.shown_until
    assert until >= now
    last = max(now, until - timedelta(microseconds=1))  # `until` itself may show the change
    for share in shares:
        moment = min(now + (until - now) * share, last)
        assert shown(assess(clock, calendar, moment)) == shown(status), (now, until, moment)


def test_r4_shown_until_is_the_next_whole_minute_at_work() -> None:
    calendar = CALENDARS[0]
    clock = clock_of(calendar, datetime(2026, 12, 14, 9, 0, 0, tzinfo=WIB), 3)
    now = datetime(2026, 12, 14, 9, 30, 20, tzinfo=WIB)  # Monday, at work: 30 min 20 s used

    status = assess(clock, calendar, now)

    assert status is not None and status.shown_until == now + 40 * timedelta(seconds=1)
    assert shown(assess(clock, calendar, status.shown_until)) != shown(status)


def test_r4_outside_working_hours_it_holds_until_work_starts_again() -> None:
    calendar = CALENDARS[0]
    clock = clock_of(calendar, datetime(2026, 12, 14, 9, 0, tzinfo=WIB), 3)
    friday_night = datetime(2026, 12, 18, 22, 0, tzinfo=WIB)

    status = assess(clock, calendar, friday_night)

    # the deadline was Thursday: breached; the next whole minute used is Monday's first
    assert status is not None and status.state is SlaState.BREACHED
    assert status.shown_until == calendar.next_working_moment(friday_night) + M
    assert status.shown_until.weekday() == 0


def test_r4_the_deadline_ends_what_is_shown() -> None:
    calendar = CALENDARS[1]  # round the clock: the deadline comes before any next minute
    clock = clock_of(calendar, datetime(2026, 12, 14, 9, 0, tzinfo=WIB), 1)
    assert clock.deadline_at is not None
    just_before = clock.deadline_at - timedelta(seconds=5)

    status = assess(clock, calendar, just_before)

    assert status is not None and status.shown_until == clock.deadline_at
    assert assess(clock, calendar, clock.deadline_at + timedelta(microseconds=1)).state is (  # type: ignore[union-attr]
        SlaState.BREACHED
    )


def test_r4_a_decided_sla_never_changes_with_the_clock() -> None:
    calendar = CALENDARS[0]
    started = datetime(2026, 12, 14, 9, 0, tzinfo=WIB)
    due = calendar.add_working_days(started, 3)
    decided = SlaClock("040300", started, due, started + 90 * M, running=False)

    status = assess(decided, calendar, started + timedelta(days=30))

    assert status is not None and status.state is SlaState.MET
    assert status.shown_until is None and shown_until([status, None]) is None


def test_r4_a_page_shows_the_same_until_its_first_row_changes() -> None:
    calendar = CALENDARS[0]
    now = datetime(2026, 12, 15, 10, 0, 30, tzinfo=WIB)
    rows = [
        assess(clock_of(calendar, datetime(2026, 12, 14, 9, 0, s, tzinfo=WIB), 3), calendar, now)
        for s in (0, 10, 45)
    ]

    assert shown_until(rows) == min(r.shown_until for r in rows if r and r.shown_until)
    # the row started at 09:00:45 has 59 min 45 s used: its next minute comes first
    assert shown_until(rows) == now + timedelta(seconds=15)
