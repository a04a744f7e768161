"""The unit of work: one session, one transaction for every repository; leaving without
commit rolls back."""

from __future__ import annotations

from types import TracebackType

from sqlalchemy.exc import DataError, DBAPIError, OperationalError
from sqlalchemy.orm import Session

from app.adapters.notifications import BufferedNotifications, LogNotificationSink, NotificationSink
from app.adapters.sql.database import Database
from app.adapters.sql.queries.documents_query import SqlCustomsDocuments
from app.adapters.sql.queries.response_query import SqlResponseFeed
from app.adapters.sql.queries.sla_query import SqlSlaWatch
from app.adapters.sql.queries.transit_query import SqlTransitWatch
from app.adapters.sql.repositories.gate_journal_repository import SqlGateJournal
from app.adapters.sql.repositories.manual_plp_repository import SqlManualPlps, SqlReconciliations
from app.adapters.sql.repositories.number_sequence_repository import SqlNumberSequence
from app.adapters.sql.repositories.out_of_hours_repository import SqlOutOfHoursNotices
from app.adapters.sql.repositories.outage_repository import (
    SqlOfficeEvents,
    SqlOfficeModes,
    SqlOutages,
)
from app.adapters.sql.repositories.outbox_repository import SqlOutbox
from app.adapters.sql.repositories.publishing_plp_repository import PublishingPlpRequestRepository
from app.adapters.sql.repositories.stock_repository import SqlGoodsStock
from app.domain.calendar import WorkingCalendar
from app.domain.errors import DependencyUnavailableError, InvalidInputError, PlpError
from app.domain.ports.documents import CustomsDocuments
from app.domain.ports.gate_journal import GateJournal
from app.domain.ports.out_of_hours import OutOfHoursNotices
from app.domain.ports.outage import (
    ManualPlpRepository,
    OfficeEvents,
    OfficeModes,
    OutageRepository,
    ReconciliationRepository,
    SlaWatch,
    TpsNotifications,
)
from app.domain.ports.plp import NumberSequence, PlpRequestRepository
from app.domain.ports.reference import OfficeCalendarLookup
from app.domain.ports.responses import ResponseFeed
from app.domain.ports.stock import GoodsStock
from app.domain.ports.transit import TransitWatch


class SqlUnitOfWork:
    """One session, one transaction for every repository of the procedure: leaving without
    commit rolls back; database errors leave it as what they mean to the caller
    (domain_error); notices go to the sink only after a commit."""

    plp_requests: PlpRequestRepository
    sequences: NumberSequence
    outages: OutageRepository
    offices: OfficeModes
    office_events: OfficeEvents
    manual_plps: ManualPlpRepository
    reconciliations: ReconciliationRepository
    out_of_hours: OutOfHoursNotices
    sla_watch: SlaWatch
    transit_watch: TransitWatch
    notifications: TpsNotifications
    responses: ResponseFeed
    stock: GoodsStock
    gate_journal: GateJournal
    documents: CustomsDocuments
    session: Session

    def __init__(
        self,
        database: Database,
        calendars: OfficeCalendarLookup | None = None,
        read_only: bool = False,
        sink: NotificationSink | None = None,
    ) -> None:
        self._database, self._read_only = database, read_only
        self._calendars = calendars or _NoCalendars()
        self._sink = sink or LogNotificationSink()
        self._buffer = BufferedNotifications()

    def __enter__(self) -> SqlUnitOfWork:
        database = self._database
        # read-only: never written, never committed; on PostgreSQL without a transaction
        s = self.session = database.statement_session() if self._read_only else database.session()
        self.outbox = SqlOutbox(s)  # push events commit with their change
        self.plp_requests = PublishingPlpRequestRepository(s, self.outbox)
        self.sequences = SqlNumberSequence(s)
        self.outages = SqlOutages(s)
        self.offices = SqlOfficeModes(s)
        self.office_events = SqlOfficeEvents(s)
        self.manual_plps = SqlManualPlps(s)
        self.reconciliations = SqlReconciliations(s)
        self.out_of_hours = SqlOutOfHoursNotices(s, self._calendars)
        self.sla_watch = SqlSlaWatch(s)
        self.transit_watch = SqlTransitWatch(s)
        self.notifications = self._buffer = BufferedNotifications(self.outbox)
        self.responses = SqlResponseFeed(s)
        self.stock = SqlGoodsStock(s)
        self.gate_journal = SqlGateJournal(s)
        self.documents = SqlCustomsDocuments(s)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._buffer.pending.clear()  # what was not committed is never announced
        try:
            self.session.close()  # rolls back what was not committed
        finally:
            if exc is not None and (error := domain_error(exc)) is not None:
                raise error from exc

    def commit(self) -> None:
        if self._read_only:
            raise RuntimeError("a read-only unit of work writes nothing and is never committed")
        self.session.commit()
        sent, self._buffer.pending = self._buffer.pending, []
        if sent:
            self._sink.deliver(sent)

    def rollback(self) -> None:
        self._buffer.pending.clear()
        self.session.rollback()


class _NoCalendars:
    """A unit of work built without the office calendars (repository tests) cannot say what
    is out of hours (H1); the caller is told so rather than given a wrong answer."""

    def calendar(self, office_code: str) -> WorkingCalendar:
        raise RuntimeError("this unit of work was built without the office calendars")


def domain_error(exc: BaseException) -> PlpError | None:
    """What a database error means to the caller: a database that does not answer is
    DependencyUnavailableError (503, or a SOAP/H2H service error); a value it cannot take (a
    NUL character in text, on PostgreSQL) is InvalidInputError (422), not an internal error."""
    if isinstance(exc, OperationalError) or (
        isinstance(exc, DBAPIError) and exc.connection_invalidated
    ):
        return DependencyUnavailableError("the database does not answer")
    if isinstance(exc, DataError):
        return InvalidInputError(f"the database cannot take a value: {_reason(exc)}")
    return None


def _reason(exc: DataError) -> str:
    """The database's own words, with its detail line (e.g. which escape it cannot convert)."""
    reason = str(exc.orig).splitlines()[0] if exc.orig else "invalid value"
    detail = getattr(getattr(exc.orig, "diag", None), "message_detail", None)
    return f"{reason} ({detail})" if detail else reason
