"""The steps after arrival: research, decision, movement, cancellation (SOP 10, L1)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from zoneinfo import ZoneInfo

from app.domain import commands as c
from app.domain.actor import Actor
from app.domain.authorization import Action, require
from app.domain.errors import PlpNotFoundError
from app.domain.plp_parts import Cancellation
from app.domain.plp_request import PlpRequest
from app.domain.ports.reference import Clock, ReferenceData
from app.domain.ports.unit_of_work import UnitOfWork
from app.domain.services import out_of_hours, stock_moves


def _change(
    uow: UnitOfWork,
    request_id: str,
    cmd_actor: Actor,
    action: Action,
    mutate: Callable[[PlpRequest], None],
) -> PlpRequest:
    with uow:
        request = uow.plp_requests.get(request_id)
        if request is None:
            raise PlpNotFoundError(request_id)
        require(cmd_actor, action, request)
        mutate(request)
        uow.plp_requests.save(request)
        uow.commit()
    return request


def recommend(cmd: c.RecommendPlp, uow: UnitOfWork, clock: Clock) -> PlpRequest:
    """R1/R2: record the manifest or P2 officer's recommendation."""
    action = Action.RECOMMEND_P2 if cmd.kind == "p2" else Action.RECOMMEND_MANIFEST
    return _change(
        uow,
        cmd.request_id,
        cmd.actor,
        action,
        lambda r: r.recommend(cmd.kind, cmd.actor, clock.now(), cmd.approve, cmd.note),
    )


def decide(cmd: c.DecidePlp, uow: UnitOfWork, clock: Clock, reference: ReferenceData) -> PlpRequest:
    """R3: the Kasubsi's final decision; an approval takes the office's next PLP number."""

    def apply(request: PlpRequest) -> None:
        now = clock.now()
        number, when = None, None
        if cmd.approve:
            when = local_date(now, request.header.office_code, reference)
            seq = uow.sequences.next(request.header.office_code, "PLP", when.year)
            number = f"{seq:06d}"
        by_line = {d.line_no: d for d in cmd.lines}
        request.decide(cmd.actor, now, cmd.approve, cmd.reason, by_line, number, when)

    return _change(uow, cmd.request_id, cmd.actor, Action.DECIDE, apply)


def check_at_origin(cmd: c.RecordOriginCheck, uow: UnitOfWork, clock: Clock) -> PlpRequest:
    """M2: the origin supervisor releases the goods under seal or refuses release."""
    return _change(
        uow,
        cmd.request_id,
        cmd.actor,
        Action.CHECK_ORIGIN,
        lambda r: r.check_at_origin(
            cmd.actor, clock.now(), cmd.matched, cmd.seal_numbers, cmd.note
        ),
    )


def follow_up(cmd: c.FollowUpRelease, uow: UnitOfWork, clock: Clock) -> PlpRequest:
    """M2 mismatch: the manifest officer's follow-up sends the goods back to the gate."""
    return _change(
        uow,
        cmd.request_id,
        cmd.actor,
        Action.FOLLOW_UP,
        lambda r: r.follow_up(cmd.actor, clock.now(), cmd.note),
    )


def gate_out(cmd: c.RecordGateOut, uow: UnitOfWork, clock: Clock) -> PlpRequest:
    """M3: the gate-out time at the origin TPS; out of working hours only with a notice (H1)."""

    def apply(request: PlpRequest) -> None:
        request.gate_out(cmd.actor, cmd.at, clock.now(), list(cmd.line_nos))
        out_of_hours.check_gate_out(request, cmd.at, uow)  # after M1-M6: their errors come first
        stock_moves.follow_plp(request, uow)

    return _change(uow, cmd.request_id, cmd.actor, Action.GATE_OUT, apply)


def check_at_destination(
    cmd: c.RecordDestinationCheck, uow: UnitOfWork, clock: Clock
) -> PlpRequest:
    """M4: the destination supervisor opens the seal or notes a discrepancy."""
    return _change(
        uow,
        cmd.request_id,
        cmd.actor,
        Action.CHECK_DESTINATION,
        lambda r: r.check_at_destination(
            cmd.actor, clock.now(), cmd.matched, cmd.seal_opened, cmd.note
        ),
    )


def conclude_investigation(
    cmd: c.ConcludeInvestigation, uow: UnitOfWork, clock: Clock
) -> PlpRequest:
    """M4 mismatch: the P2 section closes the investigation."""
    return _change(
        uow,
        cmd.request_id,
        cmd.actor,
        Action.INVESTIGATE,
        lambda r: r.conclude_investigation(cmd.actor, clock.now(), cmd.note),
    )


def gate_in(cmd: c.RecordGateIn, uow: UnitOfWork, clock: Clock) -> PlpRequest:
    """M5: the gate-in time at the destination TPS ends the online procedure."""

    def apply(request: PlpRequest) -> None:
        request.gate_in(cmd.actor, cmd.at, clock.now(), list(cmd.line_nos))
        stock_moves.follow_plp(request, uow)

    return _change(uow, cmd.request_id, cmd.actor, Action.GATE_IN, apply)


def cancel(cmd: c.CancelPlp, uow: UnitOfWork, clock: Clock, reference: ReferenceData) -> PlpRequest:
    """L1: the applicant cancels before gate-out; the cancellation gets its own number."""

    def apply(request: PlpRequest) -> None:
        now = clock.now()
        when = local_date(now, request.header.office_code, reference)
        seq = uow.sequences.next(request.header.office_code, "BATAL", when.year)
        cancellation = Cancellation(
            cmd.actor.username,
            now,
            cmd.reason,
            f"{seq:06d}",
            when,
            cmd.ref_number,
            cmd.letter_number,
            cmd.letter_date,
        )
        request.cancel(cmd.actor, now, cancellation, list(cmd.line_nos))

    return _change(uow, cmd.request_id, cmd.actor, Action.CANCEL, apply)


def local_date(at: datetime, office_code: str, reference: ReferenceData) -> date:
    """The date in the office's time zone: PLP numbers and dates follow the office's day."""
    office = reference.office(office_code)
    zone = ZoneInfo(office.timezone if office else "Asia/Jakarta")
    return at.astimezone(zone).date()
