"""A row per scheduled job run by the leading scheduler: which job, which instance, when.

It proves that where several schedulers run, only the leader works (one run per tick), and
lets /metrics show when each job last ran (an alert when the scheduler has stopped)."""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

from sqlalchemy import Index, delete, func, insert, select
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Field, SQLModel

from app.adapters.sql.database import Database
from app.adapters.sql.tables.reference_tables import utc

log = logging.getLogger("plp.jobs")
KEEP = timedelta(days=1)  # the push job runs every few seconds: keep a day


class JobRunRow(SQLModel, table=True):
    __tablename__ = "job_run"
    __table_args__ = (Index("ix_job_run_job_started", "job", "started_at"),)
    id: int | None = Field(default=None, primary_key=True)
    job: str = Field(max_length=40)
    instance: str = Field(max_length=120)
    started_at: datetime = utc()
    finished_at: datetime = utc()
    ok: bool = True


J = JobRunRow.__table__  # type: ignore[attr-defined]


def instance_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:120]


class SqlJobRuns:
    def __init__(self, database: Database, instance: str | None = None) -> None:
        self._database, self.instance = database, instance or instance_name()

    @contextmanager
    def record(self, job: str) -> Iterator[None]:
        """Around one run; a failed run is recorded too (and its error raised again)."""
        started, ok = datetime.now(UTC), False
        try:
            yield
            ok = True
        finally:
            self._write(job, started, ok)

    def last_runs(self) -> dict[str, datetime]:
        with self._database.read_engine.connect() as conn:
            rows = conn.execute(select(J.c.job, func.max(J.c.finished_at)).group_by(J.c.job))
            return {job: at.replace(tzinfo=at.tzinfo or UTC) for job, at in rows if at}

    def _write(self, job: str, started: datetime, ok: bool) -> None:
        now = datetime.now(UTC)
        row = {"job": job, "instance": self.instance, "started_at": started}
        try:
            with self._database.engine.begin() as conn:
                conn.execute(insert(J), [row | {"finished_at": now, "ok": ok}])
                conn.execute(delete(J).where(J.c.job == job, J.c.started_at < now - KEEP))
        except SQLAlchemyError:  # the database is down: the job itself has said so
            log.warning("could not record the run of %s", job)
