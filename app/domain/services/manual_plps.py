"""F2: officers record the PLP requests and decisions handled on paper, so nothing is lost."""

from __future__ import annotations

import uuid
from datetime import datetime

from app.domain.actor import Actor
from app.domain.commands import DecideManualPlp, PaperDecision, RecordManualPlp
from app.domain.errors import InvalidInputError, NotFoundError, RuleViolationError
from app.domain.manual_plp import ManualDecision, ManualPlp, paper_plp_number
from app.domain.messages import msg
from app.domain.office_access import DECIDE_ROLES, RECORD_ROLES, require_office_role
from app.domain.outage import OfficeEvent, Outage
from app.domain.plp_movement import CLOCK_SKEW
from app.domain.ports.reference import Clock, ReferenceData
from app.domain.ports.unit_of_work import UnitOfWork


def record(
    cmd: RecordManualPlp, uow: UnitOfWork, clock: Clock, reference: ReferenceData
) -> ManualPlp:
    """Keep a paper request (and its decision, if taken) of the current manual period."""
    require_office_role(cmd.actor, cmd.office_code, RECORD_ROLES, "record a manual PLP")
    if cmd.decision is not None:
        require_office_role(cmd.actor, cmd.office_code, DECIDE_ROLES, "record a paper decision")
    _check_codes(cmd, reference)
    now = clock.now()
    with uow:
        period = uow.outages.in_manual_period(cmd.office_code)
        if period is None:
            raise RuleViolationError(
                "F2",
                msg(
                    "problems.f2.not_manual",
                    "office {office} is not on the manual procedure: file online",
                    office=cmd.office_code,
                ),
            )
        _check_received(cmd.received_at, period, now)
        manual = ManualPlp(
            uuid.uuid4().hex,
            period.id,
            cmd.office_code,
            cmd.letter_number,
            cmd.letter_date,
            cmd.received_at,
            cmd.applicant_tps,
            cmd.origin_tps,
            cmd.origin_gudang,
            cmd.destination_tps,
            cmd.destination_gudang,
            cmd.reason,
            cmd.bc11_number,
            cmd.bc11_date,
            cmd.applicant_name,
            cmd.containers,
            cmd.packages,
            cmd.actor.username,
            now,
        )
        if cmd.decision is not None:
            manual = manual.decide(_decision(cmd.decision, manual, cmd.actor, now))
        uow.manual_plps.add(manual)
        _event(uow, cmd.actor, manual, now, "manual_plp_recorded")
        uow.commit()
    return manual


def decide(cmd: DecideManualPlp, uow: UnitOfWork, clock: Clock) -> ManualPlp:
    """R3 on paper: the Kasubsi's decision on a recorded manual request."""
    now = clock.now()
    with uow:
        manual = uow.manual_plps.get(cmd.manual_id)
        if manual is None:
            raise NotFoundError(f"manual PLP {cmd.manual_id} not found")
        require_office_role(cmd.actor, manual.office_code, DECIDE_ROLES, "record a paper decision")
        manual = manual.decide(_decision(cmd.decision, manual, cmd.actor, now))
        uow.manual_plps.save(manual)
        _event(uow, cmd.actor, manual, now, "manual_plp_decided")
        uow.commit()
    return manual


def of_outage(actor: Actor, outage_id: str, uow: UnitOfWork) -> list[ManualPlp]:
    with uow:
        outage = uow.outages.get(outage_id)
        if outage is None:
            raise NotFoundError(f"outage {outage_id} not found")
        require_office_role(actor, outage.office_code, RECORD_ROLES, "read paper PLPs")
        return uow.manual_plps.of_outage(outage_id)


def _decision(d: PaperDecision, manual: ManualPlp, actor: Actor, now: datetime) -> ManualDecision:
    if d.decided_at < manual.received_at or d.decided_at > now + CLOCK_SKEW:
        raise InvalidInputError(
            "the decision must follow the letter's receipt and not be in the future", "decided_at"
        )
    number = plp_number_of_approval(d.letter_number) if d.approved else d.letter_number
    return ManualDecision(d.approved, d.decided_at, number, d.letter_date, d.reason, actor.username)


def plp_number_of_approval(letter_number: str) -> str:
    """F3: the number of a paper approval is the PLP number it keeps, so it must be one."""
    number = paper_plp_number(letter_number)
    if number is None:
        raise InvalidInputError(
            msg(
                "problems.f3.not_a_number",
                "the paper approval's number {letter} becomes the PLP number (NO_PLP): "
                "write the PLP number it was approved under, up to 6 digits",
                letter=repr(letter_number),
            ).with_prefix("F3: "),
            "letter_number",
            rule="F3",
        )
    return number


def _check_received(received_at: datetime, period: Outage, now: datetime) -> None:
    # Letters that came before the outage went through TPS Online, and none come from the future.
    if received_at < period.started_at or received_at > now + CLOCK_SKEW:
        raise InvalidInputError(
            "received_at must fall between the outage's start and now", "received_at"
        )


def _check_codes(cmd: RecordManualPlp, reference: ReferenceData) -> None:
    if not cmd.containers and not cmd.packages:
        raise InvalidInputError("a request needs at least one container or package line")
    if cmd.applicant_tps not in (cmd.origin_tps, cmd.destination_tps):
        raise InvalidInputError("the applicant must be the origin or the destination TPS")
    sides = (
        (cmd.origin_tps, cmd.origin_gudang, "origin"),
        (cmd.destination_tps, cmd.destination_gudang, "destination"),
    )
    for code, gudang, side in sides:
        tps = reference.tps(code)
        if tps is None or tps.office_code != cmd.office_code:
            raise InvalidInputError(f"TPS {code} is not under office {cmd.office_code}", side)
        if gudang not in tps.gudangs:
            raise InvalidInputError(f"gudang {gudang} is not in TPS {code}", f"{side}_gudang")


def _event(uow: UnitOfWork, actor: Actor, manual: ManualPlp, at: datetime, action: str) -> None:
    detail = {"manual_plp_id": manual.id, "letter_number": manual.letter_number}
    if manual.decision is not None:
        detail["approved"] = str(manual.decision.approved).lower()
    uow.office_events.add(
        OfficeEvent.by(actor, manual.office_code, at, action, manual.outage_id, **detail)
    )
