"""F1-F3: outages declared or detected, the switch to the manual procedure, the way back."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

from app.domain.actor import SYSTEM_ACTOR, Actor
from app.domain.commands import DeclareOutage, EndOutage
from app.domain.errors import ConflictError, InvalidInputError, NotFoundError
from app.domain.messages import msg
from app.domain.office_access import MONITOR_ACTOR, OUTAGE_ROLES, require_office_role
from app.domain.outage import MONITOR, NoticeKind, OfficeEvent, Outage, OutageSource, TpsNotice
from app.domain.plp_movement import CLOCK_SKEW
from app.domain.ports.reference import Clock, OfficeCalendarLookup
from app.domain.ports.unit_of_work import UnitOfWork
from app.domain.reconciliation import Reconciliation

MANUAL_MESSAGE = (
    "TPS Online has been down for more than 6 working hours: PLP requests of office {office} "
    "are handled on paper (manual procedure) from {since} until further notice"
)
ONLINE_MESSAGE = "TPS Online is back at office {office}: file PLP requests online again"


def declare(cmd: DeclareOutage, uow: UnitOfWork, clock: Clock) -> Outage:
    """An officer or admin records that TPS Online is down at an office (F1)."""
    require_office_role(cmd.actor, cmd.office_code, OUTAGE_ROLES, "declare an outage")
    now = clock.now()
    started = cmd.started_at or now
    if started > now + CLOCK_SKEW:
        raise InvalidInputError(
            msg("problems.f1.future_start", "an outage cannot start in the future"), "started_at"
        )
    outage = Outage(
        uuid.uuid4().hex,
        cmd.office_code,
        started,
        cmd.cause,
        OutageSource.DECLARED,
        cmd.actor.username,
    )
    with uow:
        _require_office(uow, cmd.office_code)
        if (current := uow.outages.open_for(cmd.office_code)) is not None:
            since = current.started_at.isoformat(timespec="minutes")
            raise ConflictError(
                msg(
                    "problems.f1.down_already",
                    "office {office} is down since {since} already",
                    office=cmd.office_code,
                    since=since,
                ),
                "F1",
            )
        _add(uow, outage, cmd.actor, now, "outage_declared")
        uow.commit()
    return outage


def end(cmd: EndOutage, uow: UnitOfWork, clock: Clock) -> tuple[Outage, Reconciliation | None]:
    """F3: the system is back; a manual period ends with a reconciliation to do (L2)."""
    with uow:
        outage = uow.outages.get(cmd.outage_id)
        if outage is None:
            raise NotFoundError(f"outage {cmd.outage_id} not found")
        require_office_role(cmd.actor, outage.office_code, OUTAGE_ROLES, "end an outage")
        result = _finish(uow, outage, cmd.actor, clock.now())
        uow.commit()
    return result


def switch_overdue(uow: UnitOfWork, clock: Clock, calendars: OfficeCalendarLookup) -> list[Outage]:
    """F1, the watchdog: offices down for 6 working hours go to the manual procedure, once."""
    now, switched = clock.now(), []
    with uow:
        for outage in uow.outages.open_unswitched():
            calendar = calendars.calendar(outage.office_code)
            if not outage.is_due(calendar, now):
                continue
            # The conditional update decides: a second watchdog finds the office manual already.
            if not uow.offices.switch_to_manual(outage.office_code, now):
                continue
            uow.outages.mark_switched(outage.id, now)
            hours = outage.working_time(calendar, now).total_seconds() / 3600
            _event(uow, SYSTEM_ACTOR, outage, now, "switched_to_manual", working_hours=hours)
            since = now.astimezone(ZoneInfo(calendar.timezone)).isoformat(timespec="minutes")
            _notify(uow, outage.office_code, now, NoticeKind.MANUAL_PROCEDURE, since)
            switched.append(replace(outage, switched_at=now))
        uow.commit()
    return switched


def open_from_monitor(
    office_codes: list[str],
    dependency: str,
    started_at: datetime,
    cause: str,
    uow: UnitOfWork,
    clock: Clock,
) -> list[Outage]:
    """The health monitor found a dependency down: an outage for each office without one."""
    opened = []
    with uow:
        for code in office_codes:
            if uow.offices.get(code) is None or uow.outages.open_for(code) is not None:
                continue
            outage = Outage(
                uuid.uuid4().hex,
                code,
                started_at,
                cause,
                OutageSource.MONITOR,
                MONITOR,
                dependency,
            )
            _add(uow, outage, MONITOR_ACTOR, clock.now(), "outage_detected")
            opened.append(outage)
        uow.commit()
    return opened


def close_from_monitor(
    dependency: str, uow: UnitOfWork, clock: Clock
) -> list[tuple[Outage, Reconciliation | None]]:
    """The dependency answers again: end the outages the monitor opened for it."""
    with uow:
        now = clock.now()
        ended = [_finish(uow, o, MONITOR_ACTOR, now) for o in uow.outages.open_from(dependency)]
        uow.commit()
    return ended


def _finish(
    uow: UnitOfWork, outage: Outage, actor: Actor, now: datetime
) -> tuple[Outage, Reconciliation | None]:
    if not uow.outages.end(outage.id, now, actor.username):
        raise ConflictError(
            msg(
                "problems.f3.ended_already",
                "outage {outage_id} has already ended",
                outage_id=outage.id,
            ),
            rule="F3",
        )
    ended = replace(outage, ended_at=now, ended_by=actor.username)
    _event(uow, actor, outage, now, "outage_ended")
    if outage.switched_at is None:
        return ended, None
    uow.offices.return_online(outage.office_code)
    reconciliation = Reconciliation(
        uuid.uuid4().hex, outage.id, outage.office_code, outage.switched_at, now, now
    )
    uow.reconciliations.add(reconciliation)
    _event(uow, actor, outage, now, "returned_online", reconciliation_id=reconciliation.id)
    _notify(uow, outage.office_code, now, NoticeKind.ONLINE_RESUMED, "")
    return ended, reconciliation


def _add(uow: UnitOfWork, outage: Outage, actor: Actor, now: datetime, action: str) -> None:
    uow.outages.add(outage)
    _event(
        uow,
        actor,
        outage,
        now,
        action,
        started_at=outage.started_at.isoformat(),
        cause=outage.cause,
        dependency=outage.dependency,
    )


def _event(
    uow: UnitOfWork,
    actor: Actor,
    outage: Outage,
    at: datetime,
    action: str,
    **detail: object,
) -> None:
    uow.office_events.add(
        OfficeEvent.by(actor, outage.office_code, at, action, outage.id, **detail)
    )


def _notify(uow: UnitOfWork, office: str, at: datetime, kind: NoticeKind, since: str) -> None:
    template = MANUAL_MESSAGE if kind is NoticeKind.MANUAL_PROCEDURE else ONLINE_MESSAGE
    message = template.format(office=office, since=since)
    for tps in uow.offices.tps_codes(office):
        uow.notifications.send(TpsNotice(tps, office, at, kind, message))


def _require_office(uow: UnitOfWork, office_code: str) -> None:
    if uow.offices.get(office_code) is None:
        raise NotFoundError(f"office {office_code} not found")
