"""L3: the monthly report's arithmetic, from plain rows on a calendar with a holiday."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from app.domain.actor import Role
from app.domain.calendar import FixedClosedDays, WeeklySchedule, WorkingCalendar
from app.domain.errors import ForbiddenError, InvalidInputError, NotFoundError
from app.domain.report import (
    DeadlineEvent,
    DecisionEvent,
    EventCount,
    GateInEvent,
    MonthlyReport,
    Outcome,
    ReportMonth,
)
from app.domain.report_builder import MonthlyReportBuilder, histogram, nearest_rank
from app.domain.services import reports
from tests.fakes import FakeReferenceData
from tests.unit.builders import ADMIN, KASUBSI, TPKA, officer

WIB = ZoneInfo("Asia/Jakarta")
INDEPENDENCE_DAY = date(2026, 8, 17)  # a Monday
CALENDAR = WorkingCalendar(
    "Asia/Jakarta", WeeklySchedule.standard(), FixedClosedDays({INDEPENDENCE_DAY})
)
AUGUST = ReportMonth(2026, 8)


def wib(day: int, hour: int, minute: int = 0, month: int = 8) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=WIB)


def decision(
    at: datetime,
    submitted: datetime,
    deadline: datetime | None,
    outcome: Outcome = Outcome.APPROVED,
    tps: str = "TPKA",
    reason: str = "NO_LCL_SPACE",
) -> DecisionEvent:
    return DecisionEvent(tps, reason, at, outcome, submitted, deadline)


REPORTED_AT = wib(2, 8, month=9)  # Wednesday 2 September, 08:00


def build(
    decisions: Iterable[DecisionEvent] = (),
    counts: Iterable[EventCount] = (),
    rules: Iterable[tuple[str, int]] = (),
    gate_ins: Iterable[GateInEvent] = (),
    deadlines: Iterable[DeadlineEvent] = (),
) -> MonthlyReport:
    builder = MonthlyReportBuilder("040300", "Tanjung Priok", AUGUST, CALENDAR)
    builder.add_counts(counts)
    builder.add_decisions(decisions)
    builder.add_rule_counts(rules)
    builder.add_gate_ins(gate_ins)
    builder.add_deadlines(deadlines, REPORTED_AT)
    return builder.build(REPORTED_AT)


def test_l3_month_is_local_to_the_office() -> None:
    start, end = ReportMonth.parse("2026-08").bounds("Asia/Jakarta")

    assert start == wib(1, 0)
    assert end == wib(1, 0, month=9)
    assert ReportMonth(2026, 1).previous() == ReportMonth(2025, 12)
    assert ReportMonth(2026, 12).next() == ReportMonth(2027, 1)
    assert len(AUGUST.days()) == 31
    assert ReportMonth.containing(
        datetime(2026, 8, 31, 18, tzinfo=ZoneInfo("UTC")), "Asia/Jakarta"
    ) == ReportMonth(2026, 9)


@pytest.mark.parametrize("text", ["2026-13", "2026-00", "26-08", "2026-8", "August"])
def test_l3_month_must_be_written_yyyy_mm(text: str) -> None:
    with pytest.raises(InvalidInputError):
        ReportMonth.parse(text)


@pytest.mark.parametrize(
    ("text", "zone"),
    [("0001-01", "Asia/Jakarta"), ("9999-12", "Asia/Jakarta"), ("9999-12", "America/New_York")],
)
def test_l3_a_month_without_instants_at_office_time_is_invalid_input(text: str, zone: str) -> None:
    with pytest.raises(InvalidInputError, match=f"^month {text} cannot be reported: ") as found:
        ReportMonth.parse(text).bounds(zone)
    assert found.value.field == "month"


def test_l3_the_first_month_west_of_utc_and_leap_februaries_have_their_bounds() -> None:
    start, _ = ReportMonth.parse("0001-01").bounds("America/New_York")
    assert start.astimezone(UTC).year == 1
    assert [len(ReportMonth.parse(m).days()) for m in ("2024-02", "2023-02", "2000-02")] == [
        29,
        28,
        29,
    ]


def test_l3_r4_decision_over_a_holiday_weekend_counts_only_working_time() -> None:
    # Friday 14 15:00 -> Tuesday 18 09:00: Friday 2 h, Tuesday 1 h 30; Monday 17 is closed
    submitted = wib(14, 15)
    deadline = CALENDAR.add_working_days(submitted, 3)

    report = build([decision(wib(18, 9), submitted, deadline)])

    assert deadline == wib(20, 15)  # Tue, Wed, Thu: the holiday pushes it a day
    times = report.totals.decision_time
    assert times.median_working_hours == 3.5
    allowance = 2 + 8.75 + 8.75 + 6.75  # Fri 15-17, Tue, Wed, Thu 07:30-15:00 less the break
    assert times.median_working_days == pytest.approx(3 * 3.5 / allowance)
    assert (times.decided, times.within_norm, times.breaches) == (1, 1, 0)


def test_l3_r4_a_decision_after_the_deadline_is_a_breach() -> None:
    submitted = wib(3, 10)
    deadline = CALENDAR.add_working_days(submitted, 3)  # Thursday 6, 10:00

    report = build([decision(wib(7, 10), submitted, deadline)])

    times = report.totals.decision_time
    assert (times.breaches, times.within_norm) == (1, 0)
    assert times.median_working_hours == 35.0
    assert times.median_working_days == pytest.approx(4.0)


def test_l3_r4_a_decision_exactly_at_the_deadline_meets_the_norm() -> None:
    submitted = wib(4, 9)
    deadline = CALENDAR.add_working_days(submitted, 3)

    report = build([decision(deadline, submitted, deadline)])

    assert report.totals.decision_time.median_working_days == 3.0
    assert report.totals.decision_time.breaches == 0
    assert [b.count for b in report.histogram if b.upper == 3.0] == [1]


def test_l3_median_and_nearest_rank_p90() -> None:
    assert nearest_rank([], 90) is None
    assert nearest_rank([5.0], 90) == 5.0
    assert nearest_rank([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90) == 9
    assert nearest_rank([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 90) == 10
    submitted = wib(3, 8)
    deadline = CALENDAR.add_working_days(submitted, 3)
    hours_later = [1, 2, 3, 4]  # on Monday morning, before the break
    rows = [decision(submitted + timedelta(hours=h), submitted, deadline) for h in hours_later]

    times = build(rows).totals.decision_time

    assert times.median_working_hours == 2.5
    assert times.p90_working_hours == 4


def test_l3_histogram_bins_are_half_days_closed_on_the_right() -> None:
    bins = histogram([0.0, 0.5, 0.51, 3.0, 3.01, 5.0, 7.5])

    counts = {(b.lower, b.upper): b.count for b in bins}
    assert counts[(0.0, 0.5)] == 2
    assert counts[(0.5, 1.0)] == 1
    assert counts[(2.5, 3.0)] == 1
    assert counts[(3.0, 3.5)] == 1
    assert counts[(4.5, 5.0)] == 1
    assert counts[(5.0, None)] == 1
    assert [b.within_norm for b in bins] == [True] * 6 + [False] * 5


def test_l3_counts_a_mismatch_as_a_check_too_and_groups_by_tps_and_reason() -> None:
    counts = [
        EventCount("TPKA", "YOR_SOR", "submitted", "IN_REVIEW", 3),
        EventCount("KOJA", "NO_LCL_SPACE", "submitted", "IN_REVIEW", 2),
        EventCount("TPKA", "YOR_SOR", "origin_checked", "RELEASED", 4),
        EventCount("TPKA", "YOR_SOR", "origin_checked", "RELEASE_REFUSED", 1),
        EventCount("KOJA", "NO_LCL_SPACE", "destination_checked", "DISCREPANCY", 1),
        EventCount("KOJA", "NO_LCL_SPACE", "cancelled", "APPROVED", 1),  # some lines only
        EventCount("KOJA", "NO_LCL_SPACE", "cancelled", "CANCELLED", 2),
        EventCount("TPKA", "YOR_SOR", "all_gated_in", "GATED_IN", 2),
    ]

    report = build(counts=counts)

    t = report.totals
    assert (t.requests, t.origin_checks, t.origin_mismatches) == (5, 5, 1)
    assert (t.destination_checks, t.destination_mismatches) == (1, 1)
    assert (t.cancellations, t.cancelled_requests, t.movements_completed) == (3, 2, 2)
    assert report.by_tps["TPKA"].requests == 3
    assert report.by_reason["NO_LCL_SPACE"].cancellations == 3
    assert list(report.by_tps) == ["KOJA", "TPKA"]


def test_l3_rejections_by_rule_add_the_kasubsi_as_r3() -> None:
    submitted = wib(3, 8)
    deadline = CALENDAR.add_working_days(submitted, 3)
    rows = [
        decision(wib(3, 9), submitted, deadline, Outcome.REJECTED),
        decision(wib(3, 8), submitted, None, Outcome.REJECTED_ON_ARRIVAL),
    ]

    report = build(rows, rules=[("E3", 1), ("E2", 1)])

    assert report.rejections_by_rule == {"E2": 1, "E3": 1, "R3": 1}
    assert report.totals.rejected_on_arrival == 1
    assert report.totals.decision_time.decided == 1  # arrivals refused owe no service time
    assert build(rules=[("E1", 1)]).rejections_by_rule == {"E1": 1}


def test_l3_decisions_per_day_use_the_office_local_date() -> None:
    late_evening_utc = datetime(2026, 8, 3, 18, 30, tzinfo=ZoneInfo("UTC"))  # 01:30 on the 4th

    report = build([decision(late_evening_utc, wib(3, 8), None)])

    per_day = {d.day.day: d.approvals for d in report.days if d.approvals}
    assert per_day == {4: 1}
    assert report.totals.decision_time.decided == 0  # no deadline: no service time owed


def test_l3_r4_eighteen_undecided_requests_past_their_deadline_are_breaches_of_that_month() -> None:
    """The shape seen in production: 18 requests still in review past their deadline showed
    "decided after the deadline: 0". They are breaches of the month their deadline fell in."""
    submitted = wib(24, 9)  # Monday 24 August
    deadline = CALENDAR.add_working_days(submitted, 3)  # Thursday 27, 09:00
    rows = [
        DeadlineEvent(
            f"TPKA-{n:02d}", "TPKA" if n % 3 else "KOJA", "NO_LCL_SPACE", submitted, deadline, None
        )
        for n in range(18)
    ]

    report = build(deadlines=rows)

    assert report.totals.decision_time.breaches == 0  # no decision was made late: none was made
    b = report.totals.deadline_breaches
    assert (b.breached, b.undecided, b.decided_late) == (18, 18, 0)
    assert report.by_tps["KOJA"].deadline_breaches.undecided == 6
    assert report.by_reason["NO_LCL_SPACE"].deadline_breaches.breached == 18
    # overdue by WORKING time: Thu 27 09:00-17:00 less the break (7 h 15), Fri 28 (7 h 45),
    # Mon 31 (8 h 45), Tue 1 September (8 h 45); Wednesday 2 at 08:00: 30 minutes
    overdue_hours = 7.25 + 7.75 + 8.75 + 8.75 + 0.5
    assert [x.overdue_working_hours for x in report.breaches] == [overdue_hours] * 18
    assert all(x.undecided for x in report.breaches)
    assert b.max_overdue_working_hours == overdue_hours
    assert [x.ref_number for x in report.breaches] == sorted(x.ref_number for x in rows)


def test_l3_r4_a_late_decision_is_overdue_until_it_was_decided() -> None:
    submitted = wib(3, 10)
    deadline = CALENDAR.add_working_days(submitted, 3)  # Thursday 6, 10:00
    late = DeadlineEvent("KOJA-1", "KOJA", "YOR_SOR", submitted, deadline, wib(7, 10))
    in_time = DeadlineEvent("KOJA-2", "KOJA", "YOR_SOR", submitted, deadline, wib(6, 9))

    report = build(deadlines=[late, in_time])

    b = report.totals.deadline_breaches
    assert (b.breached, b.undecided, b.decided_late) == (1, 0, 1)
    [breach] = report.breaches
    assert breach.ref_number == "KOJA-1" and not breach.undecided
    assert breach.overdue_working_hours == 6.25 + 2.5  # Thu 10:00-17:00 less 45 min; Fri to 10
    assert build().totals.deadline_breaches.max_overdue_working_hours is None


def test_l3_time_through_gate_in_beside_the_time_to_decision() -> None:
    """SOP 1.a: from the complete request to the gate-in of its last line, per TPS and reason."""
    submitted = wib(3, 8)
    deadline = CALENDAR.add_working_days(submitted, 3)  # Thursday 6, 08:00
    rows = [
        GateInEvent("TPKA", "YOR_SOR", wib(3, 12), submitted, deadline),  # 4 h
        GateInEvent("TPKA", "NO_LCL_SPACE", wib(4, 8), submitted, deadline),  # 8 h 45
        GateInEvent("KOJA", "NO_LCL_SPACE", wib(7, 8), submitted, deadline),  # late: 35 h 15
        GateInEvent("KOJA", "NO_LCL_SPACE", wib(7, 8), submitted, None),  # no service owed
    ]

    report = build(gate_ins=rows)

    g = report.totals.gate_in_time
    assert (g.gated_in, g.within_norm, g.after_deadline) == (3, 2, 1)
    assert g.median_working_hours == 8.75
    assert g.p90_working_hours == 8.25 + 8.75 * 3 + 0.5  # Mon from 08:00, Tue-Thu, Fri to 08:00
    assert g.median_working_days == pytest.approx(3 * 8.75 / 26.25)
    assert report.by_tps["KOJA"].gate_in_time.after_deadline == 1
    assert report.by_reason["YOR_SOR"].gate_in_time.median_working_hours == 4
    assert report.totals.decision_time.decided == 0  # the two times are kept apart


class _Source:
    def event_counts(self, office_code: str, start: datetime, end: datetime) -> list[EventCount]:
        return [EventCount("TPKA", "YOR_SOR", "submitted", "IN_REVIEW", 1)]

    def decisions(self, office_code: str, start: datetime, end: datetime) -> list[DecisionEvent]:
        return []

    def rejections_by_rule(
        self, office_code: str, start: datetime, end: datetime
    ) -> list[tuple[str, int]]:
        return []

    def gate_ins(self, office_code: str, start: datetime, end: datetime) -> list[GateInEvent]:
        return []

    def load_run_requests(self, office_code: str, start: datetime, end: datetime) -> int:
        return 0

    def deadlines(self, office_code: str, start: datetime, end: datetime) -> list[DeadlineEvent]:
        assert end <= wib(2, 8, month=9)  # a running month is read up to now, not its end
        return []


class _Calendars:
    def calendar(self, office_code: str) -> WorkingCalendar:
        return CALENDAR


def monthly(actor: object, office: str = "040300", month: str = "2026-08") -> MonthlyReport:
    return reports.monthly_report(
        actor,  # type: ignore[arg-type]
        office,
        ReportMonth.parse(month),
        _Source(),
        FakeReferenceData(),
        _Calendars(),
        wib(2, 8, month=9),
    )


def test_l3_officers_of_the_office_and_admins_read_the_report() -> None:
    assert monthly(KASUBSI).totals.requests == 1
    assert monthly(officer(Role.P2_SECTION)).complete is True
    assert monthly(ADMIN, "050100").office_name.startswith("KPU")


@pytest.mark.parametrize(
    ("actor", "office", "month", "error"),
    [
        (TPKA, "040300", "2026-08", ForbiddenError),
        (KASUBSI, "050100", "2026-08", ForbiddenError),
        (ADMIN, "999999", "2026-08", NotFoundError),
        (KASUBSI, "040300", "2026-10", InvalidInputError),  # has not begun
    ],
)
def test_l3_refusals(actor: object, office: str, month: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        monthly(actor, office, month)


def test_l3_a_running_month_is_marked_incomplete() -> None:
    assert monthly(KASUBSI, month="2026-09").complete is False
    assert reports.last_complete_month(wib(2, 8, month=9), "Asia/Jakarta") == AUGUST
