"""R4: three working days from arrival, measured on the office calendar, stopped by the decision."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from app.adapters.calendars import OfficeCalendars
from app.domain.calendar import NoClosedDays, WeeklySchedule, WorkingCalendar
from app.domain.reference import OfficeInfo
from app.domain.sla import SlaClock, SlaState, assess, clock_of
from app.domain.status import PlpStatus
from tests.unit.builders import KASUBSI, approved, at, in_review

WIB = ZoneInfo("Asia/Jakarta")
PRIOK = OfficeInfo("040300", "Tanjung Priok", "Asia/Jakarta")
NO_LEAVE = OfficeInfo("040300", "Tanjung Priok", "Asia/Jakarta", observes_collective_leave=False)
SOETTA = OfficeInfo("050100", "Soekarno-Hatta", "Asia/Jakarta", calendar="24x7")
PLAIN = WorkingCalendar("Asia/Jakarta", WeeklySchedule.standard(), NoClosedDays())
M = timedelta(minutes=1)


def wib(mo: int, d: int, h: int, mi: int = 0) -> datetime:
    return datetime(2026, mo, d, h, mi, tzinfo=WIB)


def deadline(office: OfficeInfo, filed: datetime) -> datetime:
    return OfficeCalendars(lambda _code: office).add_working_days(office.code, filed, 3)


@pytest.mark.parametrize(
    ("office", "filed", "due"),
    [
        (PRIOK, wib(4, 2, 16, 30), wib(4, 8, 16, 30)),  # Thursday before Good Friday
        (PRIOK, wib(4, 30, 16, 30), wib(5, 6, 16, 30)),  # Thursday before Labour Day (Fri 1 May)
        (PRIOK, wib(5, 13, 16, 30), wib(5, 20, 16, 30)),  # Wed; Thu Ascension, Fri cuti bersama
        (NO_LEAVE, wib(5, 13, 16, 30), wib(5, 19, 16, 30)),  # Friday 15 May is then worked
        (PRIOK, wib(4, 2, 17, 30), wib(4, 9, 7, 30)),  # after closing: arrives Monday 07:30
        (SOETTA, wib(4, 2, 16, 30), wib(4, 5, 16, 30)),  # 24x7: three days, holidays included
    ],
)
def test_r4_deadline_of_a_request_filed_before_a_long_weekend(
    office: OfficeInfo, filed: datetime, due: datetime
) -> None:
    assert deadline(office, filed) == due


def running(started: datetime, due: datetime) -> SlaClock:
    return SlaClock("040300", started, due, None, running=True)


def test_r4_sla_counts_only_working_time() -> None:
    clock = running(wib(11, 27, 16), wib(12, 2, 16))  # Friday 16:00 to Wednesday 16:00

    status = assess(clock, PLAIN, wib(11, 30, 8))  # Monday 08:00: Friday's hour and 30 min

    assert status is not None
    assert status.used == 90 * M and status.state is SlaState.ON_TRACK
    assert status.total == 60 * M + 2 * 525 * M + 465 * M
    assert status.left == status.total - status.used


def test_r4_sla_is_at_risk_in_the_last_quarter_of_its_working_time() -> None:
    clock = running(wib(11, 23, 9), wib(11, 26, 9))  # Monday 09:00, total 26 h 15
    quarter = (3 * 525 * M) / 4

    before = assess(clock, PLAIN, wib(11, 25, 11))  # left 6 h 45, more than 6 h 33 3/4
    after = assess(clock, PLAIN, wib(11, 25, 11, 15))  # left 6 h 30

    assert before is not None and before.state is SlaState.ON_TRACK and before.left > quarter
    assert after is not None and after.state is SlaState.AT_RISK and after.left <= quarter


def test_r4_sla_past_the_deadline_is_breached_with_nothing_left() -> None:
    status = assess(running(wib(11, 23, 9), wib(11, 26, 9)), PLAIN, wib(11, 26, 9, 1))

    assert status is not None and status.state is SlaState.BREACHED and not status.left


@pytest.mark.parametrize(
    ("decided", "state"), [(wib(11, 25, 9), SlaState.MET), (wib(11, 27, 9), SlaState.BREACHED)]
)
def test_r4_sla_clock_stops_at_the_decision(decided: datetime, state: SlaState) -> None:
    clock = SlaClock("040300", wib(11, 23, 9), wib(11, 26, 9), decided, running=False)

    later = assess(clock, PLAIN, wib(12, 15, 9))

    assert later is not None and later.state is state
    assert later.used == PLAIN.working_time_between(wib(11, 23, 9), decided)


def test_r4_no_sla_without_a_deadline_or_once_cancelled_undecided() -> None:
    refused = SlaClock("040300", wib(11, 23, 9), None, None, running=False)
    cancelled = SlaClock("040300", wib(11, 23, 9), wib(11, 26, 9), None, running=False)

    assert assess(refused, PLAIN, wib(11, 24, 9)) is None
    assert assess(cancelled, PLAIN, wib(11, 24, 9)) is None


def test_r4_breach_of_a_waiting_request_is_logged_once() -> None:
    request = in_review()  # deadline at(72)

    early, first, again = (request.mark_sla_breached(at(h)) for h in (71, 73, 74))

    assert (early, first, again) == (False, True, False)
    assert request.sla_breached_at == at(73)
    breaches = [e for e in request.new_events if e.action == "sla_breached"]
    assert len(breaches) == 1 and breaches[0].role == "system"


def test_r4_late_decision_is_a_breach_logged_with_it() -> None:
    request = approved(in_review())  # decided at(2): in time
    late = in_review()
    late.recommend("manifest", KASUBSI, at(70), True, "in order")

    late.decide(KASUBSI, at(80), True, None, {}, "000002", at(80).date())

    assert not request.mark_sla_breached(at(100)) and request.sla_breached_at is None
    assert [e.action for e in late.new_events][-2:] == ["decided", "sla_breached"]
    assert clock_of(late).stopped_at == at(80) and not clock_of(late).running
    assert clock_of(late).started_at == late.submitted_at
    assert late.status is PlpStatus.APPROVED
