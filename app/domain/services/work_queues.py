"""Work queues with their SLA (R4): filtered by state, and counted per queue for an office."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from datetime import datetime

from app.domain.actor import OFFICER_ROLES, Actor, Role
from app.domain.office_access import require_office_role
from app.domain.ports.reference import OfficeCalendarLookup
from app.domain.ports.unit_of_work import UnitOfWork
from app.domain.queues import QUEUES, Clause, Page, PlpSummary, QueueSort, QueueSpec, Scope
from app.domain.sla import MeasuredPage, SlaMeter, SlaState, assess, clock_of_summary
from app.domain.status import PlpStatus

_SCAN = 500  # rows read per round trip while judging or counting a queue
NO_SLA = "none"  # refused on arrival or cancelled before a decision: no service owed
SUMMARY_ROLES = OFFICER_ROLES | {Role.ADMIN}
_CALENDAR_DECIDES = {SlaState.ON_TRACK.value, SlaState.AT_RISK.value}


@dataclass(frozen=True)
class QueueCount:
    """How much waits for a role, and where it stands against its deadline."""

    role: Role
    waiting: int
    by_sla: dict[str, int]


def sla_state(item: PlpSummary, calendars: OfficeCalendarLookup, now: datetime) -> str:
    status = assess(clock_of_summary(item), calendars.calendar(item.office_code), now)
    return status.state.value if status else NO_SLA


def queue_page(spec: QueueSpec, uow: UnitOfWork, calendars: OfficeCalendarLookup) -> Page:
    """The database narrows an SLA filter; on track and at risk need the office calendar, so
    the rows it keeps are judged here, reading on until the page is full."""
    if spec.sla not in _CALENDAR_DECIDES:
        with uow:
            return uow.plp_requests.queue(spec)
    assert spec.now is not None  # the route sets the time with the filter
    found: list[PlpSummary] = []
    after = spec.after
    with uow:
        while len(found) <= spec.limit:
            page = uow.plp_requests.queue(replace(spec, after=after, limit=_SCAN))
            found += [i for i in page.items if sla_state(i, calendars, spec.now) == spec.sla]
            if page.next_after is None:
                break
            after = page.next_after
    items = found[: spec.limit]
    more = len(found) > spec.limit
    return Page(items, spec.cursor_key(items[-1]) if more and items else None)


def measured_queue(spec: QueueSpec, uow: UnitOfWork, meter: SlaMeter) -> MeasuredPage:
    """A page of the caller's queue with the SLA each request shows."""
    page = queue_page(spec, uow, meter.calendars)
    return MeasuredPage(page, meter.of_rows(page.items))


def queue_summary(
    actor: Actor,
    office_code: str,
    uow: UnitOfWork,
    calendars: OfficeCalendarLookup,
    now: datetime,
) -> list[QueueCount]:
    """A TPS operator counts its own queue; officers and admins every role's queue of the
    office, whichever account of the role will take each request."""
    specs: list[tuple[Role, QueueSpec]]
    if actor.role is Role.TPS_OPERATOR:
        specs = [(actor.role, QueueSpec.for_actor(actor, _SCAN, None))]
    else:
        require_office_role(actor, office_code, SUMMARY_ROLES, "see the office's work queues")
        specs = [(role, QueueSpec.office_wide(role, office_code, _SCAN)) for role in QUEUES]
    with uow:
        return [_count(role, spec, uow, calendars, now) for role, spec in specs]


def sla_risks(
    office_code: str, uow: UnitOfWork, calendars: OfficeCalendarLookup, now: datetime, limit: int
) -> list[PlpSummary]:
    """R4: requests of the office waiting for a decision past or near their deadline, most
    urgent first."""
    waiting = QueueSpec(Scope(office_code=office_code), (Clause(PlpStatus.IN_REVIEW),), limit)
    found: list[PlpSummary] = []
    for state in (SlaState.BREACHED, SlaState.AT_RISK):
        spec = replace(waiting, sla=state.value, now=now, sort=QueueSort.URGENCY)
        found += queue_page(spec, uow, calendars).items
    return found[:limit]


def _count(
    role: Role, spec: QueueSpec, uow: UnitOfWork, calendars: OfficeCalendarLookup, now: datetime
) -> QueueCount:
    states: Counter[str] = Counter()
    after = None
    while True:
        page = uow.plp_requests.queue(replace(spec, after=after))
        states.update(sla_state(i, calendars, now) for i in page.items)
        if page.next_after is None:
            break
        after = page.next_after
    buckets = [s.value for s in SlaState] + [NO_SLA]
    return QueueCount(role, sum(states.values()), {b: states[b] for b in buckets})
