"""L3: folds the streamed rows of a month into the report, keeping counters, not requests
(only the deadlines the month breached are kept one by one, to list them with their overdue)."""

from __future__ import annotations

import math
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from app.domain.calendar import WorkingCalendar
from app.domain.report import (
    ALL_GATED_IN,
    ALL_GATED_OUT,
    CANCELLED,
    DESTINATION_CHECKED,
    NORM_WORKING_DAYS,
    ORIGIN_CHECKED,
    SUBMITTED,
    Breach,
    DayFigures,
    DeadlineBreaches,
    DeadlineEvent,
    DecisionEvent,
    DecisionTimes,
    EventCount,
    Figures,
    GateInEvent,
    GateInTimes,
    HistogramBin,
    MonthlyReport,
    Outcome,
    ReportMonth,
)
from app.domain.status import PlpStatus

# (action, new status or None for any) -> the figure it adds to
_FIGURE_OF: dict[tuple[str, str | None], str] = {
    (SUBMITTED, None): "requests",
    (CANCELLED, None): "cancellations",
    (CANCELLED, PlpStatus.CANCELLED): "cancelled_requests",  # no live line left (L1)
    (ORIGIN_CHECKED, None): "origin_checks",
    (ORIGIN_CHECKED, PlpStatus.RELEASE_REFUSED): "origin_mismatches",  # M2
    (DESTINATION_CHECKED, None): "destination_checks",
    (DESTINATION_CHECKED, PlpStatus.DISCREPANCY): "destination_mismatches",  # M4
    (ALL_GATED_OUT, None): "gated_out",
    (ALL_GATED_IN, None): "movements_completed",  # M5 ends the online procedure
}
_OUTCOME_FIGURE = {
    Outcome.APPROVED: "approvals",
    Outcome.REJECTED: "rejections",
    Outcome.REJECTED_ON_ARRIVAL: "rejected_on_arrival",
}
BIN_WIDTH, LAST_BIN_FROM = 0.5, 5.0  # working days; the last bin holds everything longer
R3 = "R3"  # the Kasubsi's rejections, listed with the eligibility rules


def nearest_rank(values: list[float], percent: float) -> float | None:
    """The smallest value with at least `percent` % of the values at or below it."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(1, math.ceil(percent / 100 * len(ordered))) - 1]


def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


@dataclass(frozen=True)
class _Timed:
    """A span against the norm: working hours, working days, and past the deadline or not."""

    hours: float
    days: float
    late: bool


@dataclass
class _Durations:
    hours: list[float] = field(default_factory=list)
    days: list[float] = field(default_factory=list)
    late: int = 0

    def add(self, timed: _Timed) -> None:
        self.hours.append(timed.hours)
        self.days.append(timed.days)
        self.late += timed.late

    def summary(self) -> dict[str, float | None]:
        return {
            "median_working_hours": _median(self.hours),
            "p90_working_hours": nearest_rank(self.hours, 90),
            "median_working_days": _median(self.days),
            "p90_working_days": nearest_rank(self.days, 90),
        }


@dataclass
class _Tally:
    counts: Counter[str] = field(default_factory=Counter)
    decisions: _Durations = field(default_factory=_Durations)
    gate_ins: _Durations = field(default_factory=_Durations)
    overdue_hours: list[float] = field(default_factory=list)
    breached_undecided: int = 0

    def figures(self) -> Figures:
        c, d, g = self.counts, self.decisions, self.gate_ins
        decided, gated_in, breached = len(d.hours), len(g.hours), len(self.overdue_hours)
        decision_time = DecisionTimes(
            decided=decided, within_norm=decided - d.late, breaches=d.late, **d.summary()
        )
        gate_in_time = GateInTimes(
            gated_in=gated_in,
            within_norm=gated_in - g.late,
            after_deadline=g.late,
            **g.summary(),
        )
        deadline_breaches = DeadlineBreaches(
            breached=breached,
            undecided=self.breached_undecided,
            decided_late=breached - self.breached_undecided,
            max_overdue_working_hours=max(self.overdue_hours, default=None),
        )
        names = set(_FIGURE_OF.values()) | set(_OUTCOME_FIGURE.values())
        return Figures(
            **{name: c[name] for name in names},
            decision_time=decision_time,
            gate_in_time=gate_in_time,
            deadline_breaches=deadline_breaches,
        )


class MonthlyReportBuilder:
    """Totals, per origin TPS and per reason; per day; the decision-time histogram."""

    def __init__(
        self, office_code: str, office_name: str, month: ReportMonth, cal: WorkingCalendar
    ) -> None:
        self.office_code, self.office_name, self.month = office_code, office_name, month
        self._calendar = cal
        self._zone = ZoneInfo(cal.timezone)
        self._total = _Tally()
        self._tps: defaultdict[str, _Tally] = defaultdict(_Tally)
        self._reason: defaultdict[str, _Tally] = defaultdict(_Tally)
        self._per_day: defaultdict[date, Counter[str]] = defaultdict(Counter)
        self._rules: Counter[str] = Counter()
        self._breaches: list[Breach] = []

    def _tallies(self, origin_tps: str, reason: str) -> tuple[_Tally, ...]:
        return self._total, self._tps[origin_tps], self._reason[reason]

    def add_counts(self, rows: Iterable[EventCount]) -> None:
        for row in rows:
            figures = [  # a mismatch is also a check: each row may add to two figures
                figure
                for (action, status), figure in _FIGURE_OF.items()
                if action == row.action and status in (None, row.to_status)
            ]
            for tally in self._tallies(row.origin_tps, row.reason):
                for figure in figures:
                    tally.counts[figure] += row.count

    def add_decisions(self, rows: Iterable[DecisionEvent]) -> None:
        for row in rows:
            figure = _OUTCOME_FIGURE[row.outcome]
            self._per_day[row.at.astimezone(self._zone).date()][figure] += 1
            timed = None
            if row.outcome is not Outcome.REJECTED_ON_ARRIVAL:
                timed = self._time(row.submitted_at, row.at, row.deadline_at)
            for tally in self._tallies(row.origin_tps, row.reason):
                tally.counts[figure] += 1
                if timed is not None:
                    tally.decisions.add(timed)

    def add_gate_ins(self, rows: Iterable[GateInEvent]) -> None:
        """SOP 1.a: the time through gate-in, beside the time to decision."""
        for row in rows:
            timed = self._time(row.submitted_at, row.at, row.deadline_at)
            if timed is None:
                continue
            for tally in self._tallies(row.origin_tps, row.reason):
                tally.gate_ins.add(timed)

    def add_deadlines(self, rows: Iterable[DeadlineEvent], now: datetime) -> None:
        """R4 breaches in the month the deadline fell in; the undecided are overdue until now."""
        for row in rows:
            end = row.decided_at if row.decided_at is not None else now
            if end <= row.deadline_at:  # decided in time, or not yet due
                continue
            overdue = self._calendar.working_time_between(row.deadline_at, end)
            breach = Breach(
                row.ref_number,
                row.origin_tps,
                row.reason,
                row.deadline_at,
                row.decided_at,
                overdue,
                row.request_id,
            )
            self._breaches.append(breach)
            for tally in self._tallies(row.origin_tps, row.reason):
                tally.overdue_hours.append(breach.overdue_working_hours)
                tally.breached_undecided += breach.undecided

    def _time(self, start: datetime, end: datetime, deadline: datetime | None) -> _Timed | None:
        """Working hours used; the same as working days, 3 x the share of the request's own
        three-day allowance (so 3.00 is its deadline whatever the mix of short Fridays and
        holidays); and whether the end came after the deadline (R4)."""
        if deadline is None:  # no service was owed (none is, for arrivals refused)
            return None
        used = self._calendar.working_time_between(start, end)
        allowance = self._calendar.working_time_between(start, deadline)
        if allowance.total_seconds() <= 0:
            return None
        share = used / allowance
        return _Timed(used.total_seconds() / 3600, NORM_WORKING_DAYS * share, end > deadline)

    def add_rule_counts(self, rows: Iterable[tuple[str, int]]) -> None:
        for rule, count in rows:
            self._rules[rule] += count

    def build(self, now: datetime) -> MonthlyReport:
        start, end = self.month.bounds(self._calendar.timezone)
        totals = self._total.figures()
        rules = dict(self._rules)
        if totals.rejections:
            rules[R3] = totals.rejections
        return MonthlyReport(
            office_code=self.office_code,
            office_name=self.office_name,
            month=self.month,
            timezone=self._calendar.timezone,
            period_start=start,
            period_end=end,
            generated_at=now,
            complete=end <= now,
            totals=totals,
            by_tps={k: t.figures() for k, t in sorted(self._tps.items())},
            by_reason={k: t.figures() for k, t in sorted(self._reason.items())},
            rejections_by_rule=dict(sorted(rules.items())),
            days=tuple(self._day(d) for d in self.month.days()),
            histogram=histogram(self._total.decisions.days),
            breaches=tuple(sorted(self._breaches, key=lambda b: (b.deadline_at, b.ref_number))),
        )

    def _day(self, day: date) -> DayFigures:
        c = self._per_day.get(day, Counter())
        return DayFigures(day, c["approvals"], c["rejections"], c["rejected_on_arrival"])


def histogram(days: list[float]) -> tuple[HistogramBin, ...]:
    """Bins of half a working day up to 5, then one open bin; 3.00 (the deadline) is within."""
    edges = [i * BIN_WIDTH for i in range(int(LAST_BIN_FROM / BIN_WIDTH) + 1)]
    counts = [0] * len(edges)
    for value in days:
        index = max(0, math.ceil(value / BIN_WIDTH) - 1)
        counts[min(index, len(edges) - 1)] += 1
    pairs = zip(edges[:-1], counts[:-1], strict=True)
    bins = [HistogramBin(lo, lo + BIN_WIDTH, n) for lo, n in pairs]
    return (*bins, HistogramBin(LAST_BIN_FROM, None, counts[-1]))
