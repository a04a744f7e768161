"""F1: probe what TPS Online depends on; consecutive failures open an outage, recovery ends it.

A failed database cannot store the outage it causes: the streak is kept in memory and, once
the database answers again, the outage is recorded from its first failure (and measured by
the watchdog's rule) before it is ended, so a long one still leaves a reconciliation.
"""

from __future__ import annotations

import logging

from sqlalchemy.exc import SQLAlchemyError

from app.domain.errors import PlpError
from app.domain.health import FailureStreak
from app.domain.ports.health import DependencyProbe
from app.domain.services import outages
from app.jobs.context import JobContext

log = logging.getLogger("plp.jobs.health")


class HealthMonitor:
    """Keeps, per dependency, the streak of failed checks since the last good one."""

    def __init__(self, ctx: JobContext, probes: list[DependencyProbe]) -> None:
        self._ctx, self._probes = ctx, probes
        self._streaks: dict[str, FailureStreak] = {}
        self._recorded: set[str] = set()  # streaks whose outages are stored
        # After a restart an outage this monitor opened may still be open: check once.
        self._suspect = {p.name for p in probes}

    def run(self) -> None:
        for probe in self._probes:
            error = probe.check()
            if error is None:
                self._healthy(probe.name)
            else:
                self._failed(probe.name, error)

    def observe(self) -> None:
        """Count failures without storing anything: the database is not there to store them.
        Streaks are kept until the database is back, to be recorded then from their start."""
        now = self._ctx.clock.now()
        for probe in self._probes:
            error, old = probe.check(), self._streaks.get(probe.name)
            if error is not None:
                self._streaks[probe.name] = old.then(error) if old else FailureStreak(now, 1, error)
            self._suspect.add(probe.name)

    def forget(self) -> None:
        """Another instance leads; should this one lead later, it checks what is open first."""
        self._streaks.clear()
        self._recorded.clear()
        self._suspect = {p.name for p in self._probes}

    def _failed(self, name: str, error: str) -> None:
        now = self._ctx.clock.now()
        old = self._streaks.get(name)
        streak = old.then(error) if old else FailureStreak(now, 1, error)
        self._streaks[name] = streak
        log.warning("health check of %s failed (%d in a row): %s", name, streak.count, error)
        due = streak.count >= self._ctx.settings.health_failures
        if due and name not in self._recorded and self._open(name, streak):
            self._recorded.add(name)

    def _healthy(self, name: str) -> None:
        streak = self._streaks.pop(name, None)
        due = streak is not None and streak.count >= self._ctx.settings.health_failures
        if due and name not in self._recorded and streak is not None:
            # Down too long to be ignored, but the outage could not be stored then (database).
            self._open(name, streak)
            outages.switch_overdue(self._ctx.uow(), self._ctx.clock, self._ctx.calendars)
        if due or name in self._suspect:
            ended = outages.close_from_monitor(name, self._ctx.uow(), self._ctx.clock)
            if ended:
                self._ctx.reference.invalidate()
                log.info("%s answers again: %d outage(s) ended", name, len(ended))
        self._recorded.discard(name)
        self._suspect.discard(name)

    def _open(self, name: str, streak: FailureStreak) -> bool:
        cause = f"health check of {name} failed {streak.count} times: {streak.last_error}"
        offices = self._ctx.settings.health_offices or [
            o.code for o in self._ctx.reference.all_offices()
        ]
        try:
            opened = outages.open_from_monitor(
                offices, name, streak.first_failed_at, cause[:500], self._ctx.uow(), self._ctx.clock
            )
        except (PlpError, SQLAlchemyError) as exc:
            log.warning("could not record the outage of %s yet: %s", name, exc)
            return False
        for outage in opened:
            log.warning("outage %s opened at office %s: %s", outage.id, outage.office_code, cause)
        return True
