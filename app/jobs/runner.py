"""The scheduler: the watchdog, the deadline and transit watches every minute, the health monitor.

`plp-online serve` runs it in the web process; `python -m app.jobs` runs it alone. Where
several run, only the holder of the PostgreSQL advisory lock works; each job is safe to run
twice anyway (conditional updates). max_instances=1: no overlap; coalesce: one catch-up run.
"""

from __future__ import annotations

import logging
import threading
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
from app.adapters.sql.repositories.job_run_repository import SqlJobRuns
from app.domain.ports.health import DependencyProbe
from app.jobs import auto_officer, deadline_watch, transit_watch, watchdog
from app.jobs.context import JobContext
from app.jobs.delivery import PushDelivery
from app.jobs.health_monitor import HealthMonitor

log = logging.getLogger("plp.jobs")
# APScheduler logs every run at INFO: three lines a minute would drown what matters.
logging.getLogger("apscheduler").setLevel(logging.WARNING)
_running = threading.local()  # the id of the job this scheduler thread runs (job_run rows)


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
        self.runs = SqlJobRuns(ctx.database)  # issue 8: one row per run, by the leader only
        self._client: httpx.Client | None = None
        self.monitor = HealthMonitor(ctx, self._probes() if probes is None else probes)
        self.scheduler: BaseScheduler = (
            BlockingScheduler(timezone=UTC) if blocking else BackgroundScheduler(timezone=UTC)
        )
        every, health = ctx.settings.watchdog_seconds, ctx.settings.health_seconds
        self._add("watchdog", self.run_watchdog, every)
        self._add("deadline-watch", self.run_deadline_watch, every)
        self._add("transit-watch", self.run_transit_watch, every)
        self._add("health-monitor", self.monitor_health, health)
        self.push = PushDelivery(ctx)  # issue 5: callbacks of TPS accounts, from the outbox
        self._add("push-delivery", self.deliver_push, ctx.settings.push_seconds)
        if ctx.settings.allows_test_controls:  # simulation mode: never in production
            self._add("auto-officer", self.run_auto_officer, ctx.settings.auto_officer_seconds)

    def run_watchdog(self) -> None:
        self._as_leader(lambda: watchdog.run(self.ctx))

    def run_deadline_watch(self) -> None:
        self._as_leader(lambda: deadline_watch.run(self.ctx))

    def run_transit_watch(self) -> None:
        self._as_leader(lambda: transit_watch.run(self.ctx))

    def deliver_push(self) -> None:
        self._as_leader(self.push.run)

    def run_auto_officer(self) -> None:
        self._as_leader(lambda: auto_officer.run(self.ctx))

    def monitor_health(self) -> None:
        leads = self.leader.check()
        if leads is None:  # the database is down: no one can lead, so every instance watches
            self.monitor.observe()
        elif leads:
            with self.runs.record("health-monitor"):
                self.monitor.run()
        else:
            self.monitor.forget()  # the leader watches; a streak kept here would go stale

    def start(self) -> None:
        log.info("scheduler started: watchdog every %ss", self.ctx.settings.watchdog_seconds)
        self.scheduler.start()  # a BlockingScheduler returns only when shut down

    def stop(self) -> None:
        if self.scheduler.running:
            self.scheduler.shutdown(wait=True)
        self.push.close()
        self.leader.release()
        if self._client is not None:
            self._client.close()

    def run_soon(self) -> None:
        """After the test clock moved: the time-based jobs run now, not at their next tick."""
        if not self.scheduler.running:
            return
        jobs = ("watchdog", "deadline-watch", "transit-watch", "push-delivery", "auto-officer")
        for job_id in jobs:
            if self.scheduler.get_job(job_id) is not None:  # auto-officer: demo and test only
                self.scheduler.modify_job(job_id, next_run_time=datetime.now(UTC))

    def _as_leader(self, job: Callable[[], object]) -> None:
        if self.leader.is_leader():
            with self.runs.record(getattr(_running, "job", None) or "unscheduled"):
                job()

    def _add(self, job_id: str, func: Callable[[], None], seconds: float) -> None:
        def tagged() -> None:
            _running.job = job_id
            func()

        self.scheduler.add_job(
            tagged, "interval", seconds=seconds, id=job_id, max_instances=1, coalesce=True
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
