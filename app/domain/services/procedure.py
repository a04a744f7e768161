"""The steps after arrival: research, decision, movement, cancellation (SOP 10, L1)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from enum import StrEnum
from typing import TypeVar
from zoneinfo import ZoneInfo

from app.domain import commands as c
from app.domain.actor import Actor
from app.domain.authorization import Action, require
from app.domain.errors import (
    ConflictError,
    InvalidInputError,
    PlpNotFoundError,
    RuleViolationError,
)
from app.domain.gate_report import JournalLine, Outcome
from app.domain.messages import msg
from app.domain.plp_outcomes import Conclusion, FollowUp
from app.domain.plp_parts import Cancellation
from app.domain.plp_request import PlpRequest
from app.domain.ports.reference import Clock, ReferenceData
from app.domain.ports.unit_of_work import UnitOfWork
from app.domain.seals import SealStage
from app.domain.services import goods_reports, out_of_hours, stock_moves
from app.domain.transit import DEFAULT_TERMS

E = TypeVar("E", bound=StrEnum)


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
            number = _next_plp_number(uow, request.header.office_code, when.year)
        by_line = {d.line_no: d for d in cmd.lines}
        office = reference.office(request.header.office_code)
        terms = office.transit_terms if office else DEFAULT_TERMS  # T1
        request.decide(cmd.actor, now, cmd.approve, cmd.reason, by_line, number, when, terms)

    return _change(uow, cmd.request_id, cmd.actor, Action.DECIDE, apply)


def _next_plp_number(uow: UnitOfWork, office_code: str, year: int) -> str:
    """The office's next PLP number of the year that no paper PLP kept (F3): numbers are
    unique per office and year, and a reconciled paper PLP keeps the one it was given."""
    while True:
        number = f"{uow.sequences.next(office_code, 'PLP', year):06d}"
        if uow.plp_requests.holder_of_plp_number(office_code, number, year) is None:
            return number


def check_at_origin(cmd: c.RecordOriginCheck, uow: UnitOfWork, clock: Clock) -> PlpRequest:
    """M2: the origin supervisor releases the goods under seal or refuses release. A release
    starts the move: out of working hours only with the origin TPS's notice (H1)."""

    def apply(request: PlpRequest) -> None:
        now = clock.now()
        request.check_at_origin(
            cmd.actor,
            now,
            cmd.matched,
            (*cmd.seals, *cmd.seal_numbers),
            cmd.note,
            cmd.escorted,
            cmd.escort,
        )
        if cmd.matched:  # after M2/T1: their errors come first; a refusal moves nothing
            out_of_hours.check_release(request, now, uow)

    return _change(uow, cmd.request_id, cmd.actor, Action.CHECK_ORIGIN, apply)


def follow_up(cmd: c.FollowUpRelease, uow: UnitOfWork, clock: Clock) -> PlpRequest:
    """M2 mismatch: the manifest officer's outcome: presented again, cut, or cancelled."""
    outcome = _choice(FollowUp, cmd.outcome, "outcome")
    return _change(
        uow,
        cmd.request_id,
        cmd.actor,
        Action.FOLLOW_UP,
        lambda r: r.follow_up(cmd.actor, clock.now(), cmd.note, outcome, list(cmd.line_nos)),
    )


def gate_out(cmd: c.RecordGateOut, uow: UnitOfWork, clock: Clock) -> PlpRequest:
    """M3: the gate-out time at the origin TPS; out of working hours without a notice it is
    recorded and flagged (H1)."""

    def apply(request: PlpRequest) -> None:
        request.gate_out(cmd.actor, cmd.at, clock.now(), list(cmd.line_nos))
        out_of_hours.flag_gate_out(request, cmd.actor, cmd.at, uow)
        request.report_seals(cmd.actor, cmd.at, SealStage.GATE_OUT, cmd.seals)  # S1
        stock_moves.follow_plp(request, uow)

    return _moved(
        cmd,
        "3",
        uow,
        clock,
        lambda: _change(uow, cmd.request_id, cmd.actor, Action.GATE_OUT, apply),
    )


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
            cmd.actor, clock.now(), cmd.matched, cmd.seal_opened, cmd.note, cmd.seals
        ),
    )


def conclude_investigation(
    cmd: c.ConcludeInvestigation, uow: UnitOfWork, clock: Clock
) -> PlpRequest:
    """M4 mismatch or S1 alert: the P2 section lets the goods enter or holds them."""
    outcome = _choice(Conclusion, cmd.outcome, "outcome")
    return _change(
        uow,
        cmd.request_id,
        cmd.actor,
        Action.INVESTIGATE,
        lambda r: r.conclude_investigation(
            cmd.actor, clock.now(), cmd.note, outcome, cmd.document_number, cmd.document_date
        ),
    )


def gate_in(cmd: c.RecordGateIn, uow: UnitOfWork, clock: Clock) -> PlpRequest:
    """M5: the gate-in time at the destination TPS ends the online procedure."""

    def apply(request: PlpRequest) -> None:
        _gate_in(request, cmd, clock)
        stock_moves.follow_plp(request, uow)

    return _moved(
        cmd, "5", uow, clock, lambda: _change(uow, cmd.request_id, cmd.actor, Action.GATE_IN, apply)
    )


def _moved(
    cmd: c.RecordGateOut | c.RecordGateIn,
    kd_dok: str,
    uow: UnitOfWork,
    clock: Clock,
    record: Callable[[], PlpRequest],
) -> PlpRequest:
    """A gate time the TPS reports is a physical fact: refused by a rule (M1-M6, T1), the
    goods it names are still journaled, flagged with the rule, as a refused gate report is."""
    try:
        return record()
    except RuleViolationError as exc:
        with uow:
            request = uow.plp_requests.get(cmd.request_id, for_update=False)
        if request is not None:
            goods_reports.flag(_journal_lines(request, cmd, kd_dok, clock), exc, uow)
        raise


def _journal_lines(
    request: PlpRequest, cmd: c.RecordGateOut | c.RecordGateIn, kd_dok: str, clock: Clock
) -> list[JournalLine]:
    decision, header = request.decision, request.header
    named = [ln for ln in request.lines if not cmd.line_nos or ln.line_no in cmd.line_nos]
    return [
        JournalLine(
            clock.now(),
            cmd.actor.tps_code or "",
            kd_dok,
            "3",  # the PLP approval authorises the move
            (decision.plp_number if decision and decision.plp_number else "") or "-",
            decision.plp_date if decision else None,
            line.key,
            f"REST/{request.id}",  # the REST step has no REF_NUMBER of its own
            cmd.at,
            Outcome.ACCEPTED,
            bc11_number=header.bc11_number,
            bc11_date=header.bc11_date,
        )
        for line in named
    ]


def _gate_in(request: PlpRequest, cmd: c.RecordGateIn, clock: Clock) -> None:
    request.gate_in(cmd.actor, cmd.at, clock.now(), list(cmd.line_nos))
    request.report_seals(cmd.actor, cmd.at, SealStage.GATE_IN, cmd.seals)  # S1


def cancel(cmd: c.CancelPlp, uow: UnitOfWork, clock: Clock, reference: ReferenceData) -> PlpRequest:
    """L1: the applicant withdraws an undecided request, or asks to cancel an approval before
    gate-out (pending until the Kasubsi decides); each cancellation gets its own number. A
    reference names one cancellation: sent again for the same PLP it changes nothing."""
    with uow:
        request = uow.plp_requests.get(cmd.request_id)
        if request is None:
            raise PlpNotFoundError(cmd.request_id)
        require(cmd.actor, Action.CANCEL, request)
        if cmd.ref_number and _reference_used(request, cmd.ref_number, uow):
            return request  # the same cancellation again: nothing changes
        now = clock.now()
        when = local_date(now, request.header.office_code, reference)
        seq = uow.sequences.next(request.header.office_code, "BATAL", when.year)  # rolled back
        cancellation = Cancellation(  # with the transaction when a rule refuses
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
        uow.plp_requests.save(request)
        uow.commit()
    return request


def _reference_used(request: PlpRequest, ref_number: str, uow: UnitOfWork) -> bool:
    """L1: a cancellation reference is used once: on this PLP it is a replay, on another a
    refusal (naming no other TPS's data)."""
    if any(x.ref_number == ref_number for x in request.cancellations):
        return True
    if uow.plp_requests.find_cancellation_ref(request.applicant_tps, ref_number) is not None:
        raise ConflictError(
            msg(
                "problems.l1.ref_used_elsewhere",
                "cancellation reference {ref} is already used for another PLP",
                ref=ref_number,
            ).with_prefix("L1: "),
            rule="L1",
        )
    return False


def decide_cancellation(cmd: c.DecideCancellation, uow: UnitOfWork, clock: Clock) -> PlpRequest:
    """L1: the Kasubsi Manifes approves (the goods are free, as a cancellation always made
    them) or refuses (the PLP stays active) a pending cancellation."""

    def apply(request: PlpRequest) -> None:
        request.decide_cancellation(cmd.actor, clock.now(), cmd.number, cmd.approve, cmd.reason)

    return _change(uow, cmd.request_id, cmd.actor, Action.DECIDE_CANCELLATION, apply)


def _choice(kind: type[E], value: str, field: str) -> E:
    try:
        return kind(value)
    except ValueError:
        allowed = ", ".join(k.value for k in kind)
        raise InvalidInputError(f"{field} {value!r} is not one of {allowed}", field) from None


def local_date(at: datetime, office_code: str, reference: ReferenceData) -> date:
    """The date in the office's time zone: PLP numbers and dates follow the office's day."""
    office = reference.office(office_code)
    zone = ZoneInfo(office.timezone if office else "Asia/Jakarta")
    return at.astimezone(zone).date()
