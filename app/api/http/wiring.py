"""The adapters one running app uses, built once from settings, and the dependency that hands
them to every channel's routes."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Annotated, ParamSpec, TypeVar

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool

from app.adapters import metrics
from app.adapters.account_admin import DatabasePasswords
from app.adapters.calendars import OfficeCalendars
from app.adapters.clock import AdjustableClock, SystemClock
from app.adapters.notifications import LogNotificationSink, NotificationSink
from app.adapters.security import Argon2CredentialHashes, CredentialCache, TokenService
from app.adapters.sql.database import Database
from app.adapters.sql.repositories.account_repository import SqlAccountDirectory
from app.adapters.sql.repositories.closed_day_repository import SqlClosedDays
from app.adapters.sql.repositories.idempotency_repository import SqlIdempotencyRecords
from app.adapters.sql.repositories.login_throttle_repository import SqlLoginThrottle
from app.adapters.sql.repositories.reference_data_repository import SqlReferenceData
from app.adapters.sql.repositories.refresh_family_repository import SqlRefreshFamilies
from app.adapters.sql.repositories.secret_repository import jwt_secret
from app.adapters.sql.revision import DatabaseRevision
from app.adapters.sql.unit_of_work import SqlUnitOfWork
from app.api.http.answer_cache import AnswerCache
from app.config import Settings
from app.domain.account import Account
from app.domain.actor import Actor
from app.domain.errors import TooManyLoginsError
from app.domain.login_limit import LoginLimit
from app.domain.services import authentication
from app.domain.services.authentication import Credentials, RefreshedSession
from app.domain.services.submission import SubmissionContext
from app.domain.sla import SlaMeter

HASHES = Argon2CredentialHashes()
P = ParamSpec("P")
T = TypeVar("T")


@dataclass
class Services:
    settings: Settings
    database: Database
    reference: SqlReferenceData
    calendars: OfficeCalendars
    clock: SystemClock | AdjustableClock
    tokens: TokenService
    closed_days: SqlClosedDays  # admin-added closed days, feeding `calendars`
    token_secret: str = field(repr=False)  # the H2H login signs its tokens with it too
    login_limit: LoginLimit
    accounts: SqlAccountDirectory
    refresh_families: SqlRefreshFamilies
    idempotency: SqlIdempotencyRecords
    credentials: CredentialCache = field(default_factory=CredentialCache)
    notifications: NotificationSink = field(default_factory=LogNotificationSink)
    answers: AnswerCache = field(default_factory=lambda: AnswerCache(None, 0))  # none kept
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
        services = cls(
            settings,
            database,
            reference,
            calendars,
            clock,
            TokenService(secret, settings.token_minutes),
            closed_days,
            secret,
            login_limit(database, settings),
            SqlAccountDirectory(database),
            SqlRefreshFamilies(database),
            SqlIdempotencyRecords(database),
        )
        services.answers = AnswerCache(DatabaseRevision(database), settings.answer_cache_mib << 20)
        return services

    @property
    def passwords(self) -> DatabasePasswords:
        return DatabasePasswords(self.database, self.accounts.forget, self.credentials.forget)

    def uow(self, read_only: bool = False) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.database, self.calendars, read_only, self.notifications)

    async def read(self, query: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Runs a read use case. On SQLite it runs on the event loop: an indexed read of a local
        file takes less than the hop to a worker thread and back, and WAL readers never wait on
        a writer. On PostgreSQL a round trip must not hold the loop: the thread pool runs it."""
        if self.database.is_sqlite:
            return query(*args, **kwargs)
        return await run_in_threadpool(query, *args, **kwargs)

    def submission_context(self) -> SubmissionContext:
        return SubmissionContext(self.reference, self.clock, self.calendars)

    @property
    def sla_meter(self) -> SlaMeter:
        return SlaMeter(self.calendars, self.clock)

    def authenticate(self, credentials: Credentials) -> Actor:
        """The caller, for every channel: its account's actor on the channel it came by."""
        return self.login(credentials).actor().via(credentials.channel)

    def login(self, credentials: Credentials) -> Account:
        """The one authentication use case, with the adapters it needs."""
        with _counting_refusals(credentials):
            return authentication.authenticate(credentials, self.accounts, HASHES, self.login_limit)

    def resume(self, username: str, version: int) -> None:
        """A session goes on only while its account and credentials are unchanged."""
        authentication.resume_session(username, version, self.accounts)

    def refresh(self, session: RefreshedSession) -> Account:
        return authentication.refresh_session(session, self.accounts, self.refresh_families)


def login_limit(database: Database, settings: Settings) -> LoginLimit:
    """Counted on the wall clock, not the test clock: a moved service clock must not unlock."""
    return LoginLimit(
        SqlLoginThrottle(database),
        timedelta(seconds=settings.login_window_seconds),
        settings.login_max_failures,
        settings.login_max_failures_client,
        settings.login_free_failures,
        timedelta(seconds=settings.login_first_delay_seconds),
        now=lambda: datetime.now(UTC),
    )


@contextmanager
def _counting_refusals(credentials: Credentials) -> Iterator[None]:
    """Counts the logins the limit refuses, per channel (/metrics)."""
    try:
        yield
    except TooManyLoginsError:
        metrics.LOGIN_THROTTLED.labels(credentials.channel.value).inc()
        raise


# `async def`: it never blocks; a plain `def` dependency costs a thread hop per request.
async def get_services(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


ServicesDep = Annotated[Services, Depends(get_services)]
