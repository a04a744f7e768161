"""What the jobs need, built by the web app (sharing its clock) or alone by `python -m app.jobs`."""

from __future__ import annotations

from dataclasses import dataclass

from app.adapters.calendars import OfficeCalendars
from app.adapters.clock import SystemClock
from app.adapters.notifications import LogNotificationSink, NotificationSink
from app.adapters.sql.database import Database
from app.adapters.sql.repositories.closed_day_repository import SqlClosedDays
from app.adapters.sql.repositories.reference_data_repository import SqlReferenceData
from app.adapters.sql.unit_of_work import SqlUnitOfWork
from app.config import Settings
from app.domain.ports.reference import Clock


@dataclass
class JobContext:
    settings: Settings
    database: Database
    clock: Clock
    calendars: OfficeCalendars
    reference: SqlReferenceData
    notifications: NotificationSink

    @classmethod
    def from_settings(cls, settings: Settings) -> JobContext:
        """The scheduler on its own runs on the system clock: no API can move it."""
        database = Database(settings.database_url, settings.db_pool_size)
        reference = SqlReferenceData(database)
        calendars = OfficeCalendars(reference.office, SqlClosedDays(database).for_office)
        return cls(settings, database, SystemClock(), calendars, reference, LogNotificationSink())

    def uow(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.database, self.calendars, sink=self.notifications)
