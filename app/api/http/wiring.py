"""The adapters one running app uses, built once from settings."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from app.adapters.calendars import OfficeCalendars
from app.adapters.clock import AdjustableClock, SystemClock
from app.adapters.notifications import LogNotificationSink, NotificationSink
from app.adapters.security import CredentialCache, TokenService
from app.adapters.sql.database import Database
from app.adapters.sql.ops_uow import SqlOperationsUnitOfWork
from app.adapters.sql.repositories.closed_day_repository import SqlClosedDays
from app.adapters.sql.repositories.reference_data_repository import SqlReferenceData
from app.adapters.sql.repositories.secret_repository import jwt_secret
from app.api.h2h.tokens import H2hTokens
from app.config import Settings
from app.domain.services.submission import SubmissionContext


@dataclass
class Services:
    settings: Settings
    database: Database
    reference: SqlReferenceData
    calendars: OfficeCalendars
    clock: SystemClock | AdjustableClock
    tokens: TokenService
    closed_days: SqlClosedDays  # admin-added closed days, feeding `calendars`
    h2h_tokens: H2hTokens  # issue 7: the DJBC H2H login's tokens, same signing key
    credentials: CredentialCache = field(default_factory=CredentialCache)
    notifications: NotificationSink = field(default_factory=LogNotificationSink)
    # Called after the test-only clock moves, so the scheduled jobs look at the new time at once.
    clock_listeners: list[Callable[[], None]] = field(default_factory=list)

    @classmethod
    def build(cls, settings: Settings, database: Database | None = None) -> Services:
        database = database or Database(settings.database_url, settings.db_pool_size)
        reference = SqlReferenceData(database)
        closed_days = SqlClosedDays(database)
        calendars = OfficeCalendars(reference.office, closed_days.for_office)
        clock = AdjustableClock() if settings.allows_test_controls else SystemClock()
        secret = settings.jwt_secret or jwt_secret(database)
        return cls(
            settings,
            database,
            reference,
            calendars,
            clock,
            TokenService(secret, settings.token_minutes),
            closed_days,
            H2hTokens(secret, settings.token_minutes * 60),
        )

    def uow(self, read_only: bool = False) -> SqlOperationsUnitOfWork:
        return SqlOperationsUnitOfWork(self.database, self.calendars, read_only, self.notifications)

    def submission_context(self) -> SubmissionContext:
        return SubmissionContext(self.reference, self.clock, self.calendars)
