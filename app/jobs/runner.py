"""The scheduler: the watchdog and the deadline watch every minute, the health monitor.

`plp-online serve` runs it in the web process; `python -m app.jobs` runs it alone. Where
several run, only the holder of the PostgreSQL advisory lock works; each job is safe to run
twice anyway (conditional updates). max_instances=1: no overlap; coalesce: one catch-up run.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

import httpx
from apscheduler.schedulers.background import BackgroundScheduler  # type: ignore[import-untyped]
from apscheduler.schedulers.base import BaseScheduler  # type: ignore[import-untyped]
from apscheduler.schedulers.blocking import BlockingScheduler  # type: ignore[import-untyped]

from app.adapters.http.health_probe import health_client, http_probes
from app.adapters.sql.database_probe import DatabaseProbe
from app.adapters.sql.leader import LeaderLock
from app.domain.health import DependencyProbe
from app.jobs import deadline_watch, watchdog
from app.jobs.context import JobContext
from app.jobs.health_monitor import HealthMonitor

log = logging.getLogger("plp.jobs")
# APScheduler logs every run at INFO: three lines a minute would drown what matters.
logging.getLogger("apscheduler").setLevel(logging.WARNING)


class JobRunner:
    """The jobs of one instance; each run first asks whether this instance leads."""

    def __init__(
        self,
        ctx: JobContext,
        blocking: bool = False,
        probes: list[DependencyProbe] | None = None,
        leader: LeaderLock | None = None,
    ) -> None:
        self.ctx = ctx
        self.leader = leader or LeaderLock(ctx.database)
        self._client: httpx.Client | None = None
        self.monitor = HealthMonitor(ctx, self._probes() if probes is None else probes)
        self.scheduler: BaseScheduler = (
            BlockingScheduler(timezone=UTC) if blocking else BackgroundScheduler(timezone=UTC)
        )
        every, health = ctx.settings.watchdog_seconds, ctx.settings.health_seconds
        self._add("watchdog", self.run_watchdog, every)
        self._add("deadline-watch", self.run_deadline_watch, every)
        self._add("health-monitor", self.monitor_health, health)

    def run_watchdog(self) -> None:
        self._as_leader(lambda: watchdog.run(self.ctx))

    def run_deadline_watch(self) -> None:
        self._as_leader(lambda: deadline_watch.run(self.ctx))

    def monitor_health(self) -> None:
        leads = self.leader.check()
        if leads is None:  # the database is down: no one can lead, so every instance watches
            self.monitor.observe()
        elif leads:
            self.monitor.run()
        else:
            self.monitor.forget()  # the leader watches; a streak kept here would go stale

    def start(self) -> None:
        log.info("scheduler started: watchdog every %ss", self.ctx.settings.watchdog_seconds)
        self.scheduler.start()  # a BlockingScheduler returns only when shut down

    def stop(self) -> None:
        if self.scheduler.running:
            self.scheduler.shutdown(wait=True)
        self.leader.release()
        if self._client is not None:
            self._client.close()

    def run_soon(self) -> None:
        """After the test clock moved: the time-based jobs run now, not at their next tick."""
        if not self.scheduler.running:
            return
        for job_id in ("watchdog", "deadline-watch"):
            self.scheduler.modify_job(job_id, next_run_time=datetime.now(UTC))

    def _as_leader(self, job: Callable[[], object]) -> None:
        if self.leader.is_leader():
            job()

    def _add(self, job_id: str, func: Callable[[], None], seconds: int) -> None:
        self.scheduler.add_job(
            func, "interval", seconds=seconds, id=job_id, max_instances=1, coalesce=True
        )

    def _probes(self) -> list[DependencyProbe]:
        settings = self.ctx.settings
        probes: list[DependencyProbe] = []
        if settings.health_urls:
            self._client = health_client(settings.health_timeout_seconds)
            probes += http_probes(settings.health_urls, self._client)
        if settings.health_check_database:
            probes.append(DatabaseProbe(self.ctx.database))
        return probes


@contextmanager
def in_process(ctx: JobContext | None, clock_listeners: list[Callable[[], None]]) -> Iterator[None]:
    """The scheduler inside the web app's lifespan; None runs nothing (PLP_RUN_SCHEDULER=false)."""
    if ctx is None:
        yield
        return
    runner = JobRunner(ctx)
    runner.start()
    clock_listeners.append(runner.run_soon)
    try:
        yield
    finally:
        clock_listeners.remove(runner.run_soon)
        runner.stop()
