"""R4: the three-working-day service level of a request, measured on its office's calendar."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from app.domain.calendar import WorkingCalendar
from app.domain.plp_request import PlpRequest
from app.domain.ports.reference import Clock, OfficeCalendarLookup
from app.domain.queues import Page, PlpSummary
from app.domain.status import PlpStatus

AT_RISK_SHARE = 0.25  # R4: the last quarter of the working time to the deadline
MINUTE = timedelta(minutes=1)  # the SLA is shown in whole working minutes


class SlaState(StrEnum):
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    BREACHED = "breached"
    MET = "met"  # decided by the deadline


@dataclass(frozen=True)
class SlaClock:
    """When the three working days started, when they end, and when the decision stopped them."""

    office_code: str
    started_at: datetime
    deadline_at: datetime | None
    stopped_at: datetime | None  # the Kasubsi's decision (R3)
    running: bool  # still waiting for the decision


@dataclass(frozen=True)
class SlaStatus:
    deadline_at: datetime
    total: timedelta
    used: timedelta
    left: timedelta
    state: SlaState
    # Until when the status stays as shown (its state and whole minutes): None once the
    # decision stopped the clock. A reader may keep an answer exactly as long as it is true.
    shown_until: datetime | None = field(default=None, compare=False)


@dataclass(frozen=True)
class SlaSummary(PlpSummary):
    """A list row that also says when the request was decided, so its SLA can be shown."""

    decided_at: datetime | None = None


def clock_of(request: PlpRequest) -> SlaClock:
    decided = request.decision.at if request.decision else None
    running = request.status is PlpStatus.IN_REVIEW
    return SlaClock(
        request.header.office_code, request.submitted_at, request.deadline_at, decided, running
    )


def clock_of_summary(row: PlpSummary) -> SlaClock:
    decided = row.decided_at if isinstance(row, SlaSummary) else None
    running = row.status is PlpStatus.IN_REVIEW
    return SlaClock(row.office_code, row.submitted_at, row.deadline_at, decided, running)


def assess(clock: SlaClock, calendar: WorkingCalendar, now: datetime) -> SlaStatus | None:
    """None where no service is owed: refused on arrival, or cancelled before a decision."""
    deadline = clock.deadline_at
    if deadline is None or (not clock.running and clock.stopped_at is None):
        return None
    total = calendar.working_time_of_span(clock.started_at, deadline)
    if clock.stopped_at is not None:
        end, used = (
            clock.stopped_at,
            calendar.working_time_of_span(clock.started_at, clock.stopped_at),
        )
    else:
        end, used = now, calendar.working_time_until(clock.started_at, now)
    left = max(timedelta(0), total - used)
    if end > deadline:
        state = SlaState.BREACHED
    elif not clock.running:
        state = SlaState.MET
    elif left <= total * AT_RISK_SHARE:
        state = SlaState.AT_RISK
    else:
        state = SlaState.ON_TRACK
    ticking = clock.stopped_at is None
    until = _shown_until(state, total, used, left, deadline, calendar, now) if ticking else None
    return SlaStatus(deadline, total, used, left, state, until)


def _shown_until(
    state: SlaState,
    total: timedelta,
    used: timedelta,
    left: timedelta,
    deadline: datetime,
    calendar: WorkingCalendar,
    now: datetime,
) -> datetime:
    """When the running clock next changes what is shown: once the working time to the next
    whole minute used or left, or to the last quarter, has passed; at the deadline."""
    spans = [MINUTE - used % MINUTE]
    if left > timedelta(0):
        spans.append(left % MINUTE)
    if state is SlaState.ON_TRACK:
        spans.append(left - total * AT_RISK_SHARE)
    span = min(spans)
    # a span of none changes as soon as working time passes again: until then it holds
    until = calendar.add_working_time(now, span) if span else calendar.next_working_moment(now)
    return until if state is SlaState.BREACHED else min(until, deadline)


def shown_until(statuses: Iterable[SlaStatus | None]) -> datetime | None:
    """Until when every one of these statuses stays as shown; None: for as long as nothing is
    written (no clock of theirs runs)."""
    found = [s.shown_until for s in statuses if s is not None and s.shown_until is not None]
    return min(found) if found else None


@dataclass(frozen=True)
class SlaMeter:
    """R4 as shown now: the SLA of a request or of list rows, each on its office's calendar."""

    calendars: OfficeCalendarLookup
    clock: Clock

    def of_request(self, request: PlpRequest) -> SlaStatus | None:
        return self._assess(clock_of(request), self.clock.now())

    def of_rows(self, rows: Iterable[PlpSummary]) -> dict[str, SlaStatus | None]:
        now = self.clock.now()
        calendars: dict[str, WorkingCalendar] = {}  # a page is mostly one office's
        found = {}
        for row in rows:
            calendar = calendars.get(row.office_code)
            if calendar is None:
                calendar = calendars[row.office_code] = self.calendars.calendar(row.office_code)
            found[row.id] = assess(clock_of_summary(row), calendar, now)
        return found

    def _assess(self, clock: SlaClock, now: datetime) -> SlaStatus | None:
        return assess(clock, self.calendars.calendar(clock.office_code), now)


@dataclass(frozen=True)
class MeasuredPage:
    """A page of list rows with the SLA each shows (R4), by request id."""

    page: Page
    sla: dict[str, SlaStatus | None]

    @property
    def shown_until(self) -> datetime | None:
        return shown_until(self.sla.values())
