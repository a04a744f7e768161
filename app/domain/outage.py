"""Outages of TPS Online and the office events around them (F1-F3, SOP 8.c)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from app.domain.actor import Actor
from app.domain.calendar import WorkingCalendar

MANUAL_AFTER = timedelta(hours=6)  # F1: "lebih dari 6 (enam) jam kerja", SOP 8.c
MONITOR = "health-monitor"  # who records what the health monitor finds


class OutageSource(StrEnum):
    DECLARED = "declared"  # by an officer or an admin through the API
    MONITOR = "monitor"  # by the health monitor after consecutive failed probes


@dataclass(frozen=True)
class Outage:
    """A disruption of TPS Online at one office: from its start until someone ends it."""

    id: str
    office_code: str
    started_at: datetime
    cause: str
    source: OutageSource
    recorded_by: str
    dependency: str | None = None  # the probe that failed, for monitor outages
    ended_at: datetime | None = None
    ended_by: str | None = None
    switched_at: datetime | None = None  # F1: when the office went to the manual procedure

    @property
    def is_open(self) -> bool:
        return self.ended_at is None

    def working_time(self, calendar: WorkingCalendar, now: datetime) -> timedelta:
        """F1: the outage's length in working hours of its office, up to its end or now."""
        return calendar.working_time_between(self.started_at, self.ended_at or now)

    def switch_due_at(self, calendar: WorkingCalendar) -> datetime:
        return calendar.add_working_time(self.started_at, MANUAL_AFTER)

    def is_due(self, calendar: WorkingCalendar, now: datetime) -> bool:
        """F1: open, not yet switched, and down for 6 working hours by now."""
        if not self.is_open or self.switched_at is not None:
            return False
        return self.working_time(calendar, now) >= MANUAL_AFTER


@dataclass(frozen=True)
class OfficeEvent:
    """The audit trail of an office: outages, switches, manual PLPs, reconciliations."""

    office_code: str
    at: datetime
    actor: str
    role: str
    channel: str
    action: str
    outage_id: str | None = None
    detail: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def by(
        cls,
        actor: Actor,
        office_code: str,
        at: datetime,
        action: str,
        outage_id: str | None,
        **detail: Any,
    ) -> OfficeEvent:
        role, channel = actor.role.value, actor.channel.value
        return cls(office_code, at, actor.username, role, channel, action, outage_id, detail)


class NoticeKind(StrEnum):
    MANUAL_PROCEDURE = "manual_procedure"  # F1/F2: file on paper from now on
    ONLINE_RESUMED = "online_resumed"  # F3: file online again


@dataclass(frozen=True)
class TpsNotice:
    """A message to every TPS of an office; delivered only if its transaction commits."""

    tps_code: str
    office_code: str
    at: datetime
    kind: NoticeKind
    message: str
