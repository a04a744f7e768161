"""The unit of work of the whole procedure: PLP requests plus outages, paper PLPs and H1."""

from __future__ import annotations

from types import TracebackType

from sqlalchemy.orm import Session

from app.adapters.notifications import BufferedNotifications, LogNotificationSink, NotificationSink
from app.adapters.sql.database import Database
from app.adapters.sql.queries.sla_query import SqlSlaWatch
from app.adapters.sql.repositories.manual_plp_repository import SqlManualPlps, SqlReconciliations
from app.adapters.sql.repositories.out_of_hours_repository import SqlOutOfHoursNotices
from app.adapters.sql.repositories.outage_repository import (
    SqlOfficeEvents,
    SqlOfficeModes,
    SqlOutages,
)
from app.adapters.sql.unit_of_work import SqlUnitOfWork
from app.domain.out_of_hours import OutOfHoursNotices
from app.domain.outage_ports import (
    ManualPlpRepository,
    OfficeCalendarLookup,
    OfficeEvents,
    OfficeModes,
    OutageRepository,
    ReconciliationRepository,
    SlaWatch,
    TpsNotifications,
)
from app.domain.ports import NumberSequence, PlpRequestRepository


class SqlOperationsUnitOfWork:
    """Wraps the PLP unit of work: one session for every repository, its commit and rollback;
    notices go to the sink only after a commit."""

    plp_requests: PlpRequestRepository
    sequences: NumberSequence
    outages: OutageRepository
    offices: OfficeModes
    office_events: OfficeEvents
    manual_plps: ManualPlpRepository
    reconciliations: ReconciliationRepository
    out_of_hours: OutOfHoursNotices
    sla_watch: SlaWatch
    notifications: TpsNotifications
    session: Session

    def __init__(
        self,
        database: Database,
        calendars: OfficeCalendarLookup,
        read_only: bool = False,
        sink: NotificationSink | None = None,
    ) -> None:
        self._inner = SqlUnitOfWork(database, read_only)
        self._calendars = calendars
        self._sink = sink or LogNotificationSink()
        self._buffer = BufferedNotifications()

    def __enter__(self) -> SqlOperationsUnitOfWork:
        inner = self._inner.__enter__()
        s = self.session = inner.session
        self.plp_requests, self.sequences = inner.plp_requests, inner.sequences
        self.outages = SqlOutages(s)
        self.offices = SqlOfficeModes(s)
        self.office_events = SqlOfficeEvents(s)
        self.manual_plps = SqlManualPlps(s)
        self.reconciliations = SqlReconciliations(s)
        self.out_of_hours = SqlOutOfHoursNotices(s, self._calendars)
        self.sla_watch = SqlSlaWatch(s)
        self.notifications = self._buffer = BufferedNotifications(inner.outbox)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._buffer.pending.clear()  # what was not committed is never announced
        self._inner.__exit__(exc_type, exc, tb)

    def commit(self) -> None:
        self._inner.commit()
        sent, self._buffer.pending = self._buffer.pending, []
        if sent:
            self._sink.deliver(sent)

    def rollback(self) -> None:
        self._buffer.pending.clear()
        self._inner.rollback()
