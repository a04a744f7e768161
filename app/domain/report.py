"""L3: the monthly PLP report of an office: its month, the rows adapters stream, the result."""

from __future__ import annotations

import calendar as month_calendar
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from app.domain.errors import InvalidInputError
from app.domain.messages import msg

NORM_WORKING_DAYS = 3  # R4 (SOP 7): the whole service within three working days
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")

# Audit actions the report counts, as the aggregate logs them (plp_request.py).
SUBMITTED, CANCELLED = "submitted", "cancelled"
ORIGIN_CHECKED, DESTINATION_CHECKED = "origin_checked", "destination_checked"
ALL_GATED_OUT, ALL_GATED_IN = "all_gated_out", "all_gated_in"
DECIDED, REJECTED_ON_ARRIVAL = "decided", "rejected_on_arrival"
COUNTED_ACTIONS = (
    SUBMITTED,
    CANCELLED,
    ORIGIN_CHECKED,
    DESTINATION_CHECKED,
    ALL_GATED_OUT,
    ALL_GATED_IN,
)
DECISION_ACTIONS = (DECIDED, REJECTED_ON_ARRIVAL)


@dataclass(frozen=True, order=True)
class ReportMonth:
    """A calendar month, in the office's own time zone when it becomes instants."""

    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> ReportMonth:
        found = _MONTH.match(text)
        if not found or not 1 <= int(found[2]) <= 12 or int(found[1]) < 1:
            raise InvalidInputError(
                msg(
                    "problems.input.not_a_month",
                    "{text} is not a month like 2026-10",
                    text=repr(text),
                ),
                "month",
            )
        return cls(int(found[1]), int(found[2]))

    @classmethod
    def containing(cls, moment: datetime, timezone: str) -> ReportMonth:
        local = moment.astimezone(ZoneInfo(timezone))
        return cls(local.year, local.month)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    def next(self) -> ReportMonth:
        return ReportMonth(self.year + self.month // 12, self.month % 12 + 1)

    def previous(self) -> ReportMonth:
        return ReportMonth(self.year - (self.month == 1), (self.month - 2) % 12 + 1)

    def days(self) -> list[date]:
        count = month_calendar.monthrange(self.year, self.month)[1]
        return [self.first_day + timedelta(days=n) for n in range(count)]

    def bounds(self, timezone: str) -> tuple[datetime, datetime]:
        """From local midnight of the 1st to local midnight of the next month's 1st. The first
        and last months of the calendar may have no such instants (0001-01 east of UTC starts
        in year 0; 9999-12 ends in year 10000): they are refused, not a crash."""
        zone = ZoneInfo(timezone)
        try:
            start = datetime.combine(self.first_day, time(), zone)
            end = datetime.combine(self.next().first_day, time(), zone)
            start.astimezone(UTC), end.astimezone(UTC)  # both must exist as instants
        except (OverflowError, ValueError) as exc:
            raise InvalidInputError(
                f"month {self} cannot be reported: in the time zone {timezone} it begins or "
                "ends outside the years 0001 to 9999",
                "month",
            ) from exc
        return start, end


class Outcome(StrEnum):
    APPROVED = "approved"  # R3, by the Kasubsi
    REJECTED = "rejected"  # R3, by the Kasubsi
    REJECTED_ON_ARRIVAL = "rejected_on_arrival"  # E1-E6, A1/A2


@dataclass(frozen=True)
class EventCount:
    """How many times an action happened in the month, per origin TPS and reason."""

    origin_tps: str
    reason: str
    action: str
    to_status: str | None
    count: int


@dataclass(frozen=True)
class DecisionEvent:
    """One decision taken in the month, with the times of its request."""

    origin_tps: str
    reason: str
    at: datetime
    outcome: Outcome
    submitted_at: datetime
    deadline_at: datetime | None


@dataclass(frozen=True)
class GateInEvent:
    """One request whose last line gated in during the month (M5): the whole service ended."""

    origin_tps: str
    reason: str
    at: datetime
    submitted_at: datetime
    deadline_at: datetime | None


@dataclass(frozen=True)
class DeadlineEvent:
    """A request whose R4 deadline fell in the month and passed without a decision: decided
    after it, or still in review. A request withdrawn before any decision owes no service
    (sla.assess) and is not one of these."""

    ref_number: str
    origin_tps: str
    reason: str
    submitted_at: datetime
    deadline_at: datetime
    decided_at: datetime | None  # None: still undecided
    request_id: str = ""  # the section head's page links each row to its request


@dataclass(frozen=True)
class Breach:
    """One row of the breaches table: overdue by WORKING time on the office calendar, from the
    deadline to the decision or, still undecided, to the moment the report was made."""

    ref_number: str
    origin_tps: str
    reason: str
    deadline_at: datetime
    decided_at: datetime | None
    overdue: timedelta
    request_id: str = ""

    @property
    def undecided(self) -> bool:
        return self.decided_at is None

    @property
    def overdue_working_hours(self) -> float:
        return self.overdue.total_seconds() / 3600


@dataclass(frozen=True)
class DeadlineBreaches:
    """R4 counted in the month the deadline fell in (the month it was breached)."""

    breached: int  # deadlines of the month that passed without a decision
    undecided: int  # of those, still undecided when the report was made
    decided_late: int  # of those, decided after the deadline (in this month or later)
    max_overdue_working_hours: float | None


@dataclass(frozen=True)
class GateInTimes:
    """SOP 1.a: working time from the complete request to the gate-in of its last line (the
    whole service), against the same three-working-day deadline (R4)."""

    gated_in: int
    within_norm: int
    after_deadline: int
    median_working_hours: float | None
    p90_working_hours: float | None
    median_working_days: float | None
    p90_working_days: float | None


@dataclass(frozen=True)
class DecisionTimes:
    """R4: working time from the request to the Kasubsi's decision, against the norm."""

    decided: int
    within_norm: int
    breaches: int
    median_working_hours: float | None
    p90_working_hours: float | None
    median_working_days: float | None
    p90_working_days: float | None


@dataclass(frozen=True)
class Figures:
    """One row of the report: the whole office, one origin TPS or one reason."""

    requests: int
    rejected_on_arrival: int
    approvals: int
    rejections: int
    cancellations: int
    cancelled_requests: int
    origin_checks: int
    origin_mismatches: int
    destination_checks: int
    destination_mismatches: int
    gated_out: int
    movements_completed: int
    decision_time: DecisionTimes
    gate_in_time: GateInTimes
    deadline_breaches: DeadlineBreaches


@dataclass(frozen=True)
class DayFigures:
    day: date
    approvals: int
    rejections: int
    rejected_on_arrival: int


@dataclass(frozen=True)
class HistogramBin:
    """Decisions whose working days fall in (lower, upper]; the first bin includes 0."""

    lower: float
    upper: float | None  # None: the open-ended last bin
    count: int

    @property
    def within_norm(self) -> bool:
        return self.upper is not None and self.upper <= NORM_WORKING_DAYS


@dataclass(frozen=True)
class MonthlyReport:
    office_code: str
    office_name: str
    month: ReportMonth
    timezone: str
    period_start: datetime
    period_end: datetime
    generated_at: datetime
    complete: bool  # False while the month is still running
    totals: Figures
    by_tps: dict[str, Figures]
    by_reason: dict[str, Figures]
    rejections_by_rule: dict[str, int]
    days: tuple[DayFigures, ...]
    histogram: tuple[HistogramBin, ...]
    breaches: tuple[Breach, ...]  # by deadline, then reference
    load_run_requests_excluded: int = 0  # issue 16.11: filed by load runs, in no figure
