"""The adapters one running app uses, built once from settings."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.adapters.calendars import OfficeCalendars
from app.adapters.clock import AdjustableClock, SystemClock
from app.adapters.security import CredentialCache, TokenService
from app.adapters.sql.database import Database
from app.adapters.sql.reference_data import SqlReferenceData
from app.adapters.sql.secrets import jwt_secret
from app.adapters.sql.uow import SqlUnitOfWork
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
    credentials: CredentialCache = field(default_factory=CredentialCache)

    @classmethod
    def build(cls, settings: Settings, database: Database | None = None) -> Services:
        database = database or Database(settings.database_url, settings.db_pool_size)
        reference = SqlReferenceData(database)
        calendars = OfficeCalendars(reference.office)
        clock = AdjustableClock() if settings.allows_test_controls else SystemClock()
        secret = settings.jwt_secret or jwt_secret(database)
        return cls(
            settings,
            database,
            reference,
            calendars,
            clock,
            TokenService(secret, settings.token_minutes),
        )

    def uow(self, read_only: bool = False) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.database, read_only)

    def submission_context(self) -> SubmissionContext:
        return SubmissionContext(self.reference, self.clock, self.calendars)
