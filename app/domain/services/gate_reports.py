"""Legacy commands that name a PLP by its number and date instead of the request id: the
CoarriCodeco gate reports (M3 gate-out, M5 gate-in) and the BATALPLP cancellation (L1)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from app.domain.actor import Actor
from app.domain.authorization import Action, can_view, require
from app.domain.commands import CancelByPlpNumber, CancelPlp, Goods, Movement, ReportMovement
from app.domain.errors import PlpError, PlpNotFoundError, RuleViolationError
from app.domain.gate_report import JournalLine, Outcome
from app.domain.lines import PlpLine
from app.domain.messages import msg
from app.domain.plp_request import PlpRequest
from app.domain.ports.reference import Clock, ReferenceData
from app.domain.ports.unit_of_work import UnitOfWork
from app.domain.seals import SealStage
from app.domain.services import goods_reports, out_of_hours, procedure, stock_moves


@dataclass(frozen=True)
class LegacyResult:
    request: PlpRequest
    replayed: bool  # the same report or cancellation was already recorded: acknowledged again


def report_movement(
    cmd: ReportMovement,
    uow: UnitOfWork,
    clock: Clock,
    reference: ReferenceData,
    journal: Sequence[JournalLine] = (),
) -> LegacyResult:
    """M3/M5 with M1/M6: the gate time of the listed goods; a resent report is acknowledged.
    The report's `journal` lines are kept with it, or as flagged when it is refused: the
    goods moved whatever we answer."""
    try:
        return _report_movement(cmd, uow, clock, reference, journal)
    except PlpError as exc:
        if journal:
            goods_reports.flag(list(journal), exc, uow)
        raise


def _report_movement(
    cmd: ReportMovement,
    uow: UnitOfWork,
    clock: Clock,
    reference: ReferenceData,
    journal: Sequence[JournalLine],
) -> LegacyResult:
    office = _office(cmd.actor, cmd.office_code, reference)
    out = cmd.movement is Movement.GATE_OUT
    with uow:
        request = _by_number(uow, cmd.actor, office, cmd.plp_number, cmd.plp_date, True)
        require(cmd.actor, Action.GATE_OUT if out else Action.GATE_IN, request)
        line_nos = _line_nos(request, cmd.goods, moving_only=True, rule="M3" if out else "M5")
        lines = [ln for ln in request.moving_lines if not line_nos or ln.line_no in line_nos]
        if lines and all((ln.gated_out_at if out else ln.gated_in_at) == cmd.at for ln in lines):
            return LegacyResult(request, replayed=True)  # legacy clients resend on timeouts
        unnoticed = False
        if out:
            request.gate_out(cmd.actor, cmd.at, clock.now(), line_nos)
            unnoticed = out_of_hours.flag_gate_out(request, cmd.actor, cmd.at, uow)  # H1
        else:
            request.gate_in(cmd.actor, cmd.at, clock.now(), line_nos)
        stage = SealStage.GATE_OUT if out else SealStage.GATE_IN
        request.report_seals(cmd.actor, cmd.at, stage, cmd.seals)  # S1: recorded, then flagged
        stock_moves.follow_plp(request, uow)
        uow.plp_requests.save(request)
        for line in journal:
            uow.gate_journal.add(_unnoticed(line) if unnoticed else line)
        uow.commit()
    return LegacyResult(request, replayed=False)


def _unnoticed(line: JournalLine) -> JournalLine:
    """H1: recorded, and breaking the rule: the journal says so beside the request's flag."""
    why = "moved out of working hours without the origin TPS's notice"
    return replace(line, outcome=Outcome.FLAGGED, rule="H1", message=why)


def cancel_by_number(
    cmd: CancelByPlpNumber, uow: UnitOfWork, clock: Clock, reference: ReferenceData
) -> LegacyResult:
    """L1: ask to cancel the listed goods (all when none or all are listed) of an approved
    PLP; the Kasubsi decides. The reference names one cancellation: resent, it replays."""
    office = _office(cmd.actor, cmd.office_code, reference)
    with uow:
        request = _by_number(uow, cmd.actor, office, cmd.plp_number, cmd.plp_date, False)
    if any(x.ref_number == cmd.ref_number for x in request.cancellations):
        return LegacyResult(request, replayed=True)
    line_nos = _line_nos(request, cmd.goods, moving_only=False, rule="L1")
    open_lines = [ln.line_no for ln in request.lines if not ln.cancelled and ln.approved]
    if sorted(line_nos) == sorted(open_lines):
        line_nos = []  # every open line: the whole PLP, as a cancellation without DETIL
    order = CancelPlp(
        cmd.actor,
        request.id,
        cmd.reason,
        cmd.ref_number,
        cmd.letter_number,
        cmd.letter_date,
        tuple(line_nos),
    )
    return LegacyResult(procedure.cancel(order, uow, clock, reference), replayed=False)


def _office(actor: Actor, office_code: str | None, reference: ReferenceData) -> str:
    if office_code:
        return office_code
    tps = reference.tps(actor.tps_code or "")
    return tps.office_code if tps else ""


def _by_number(
    uow: UnitOfWork, actor: Actor, office: str, number: str, on: date, for_update: bool
) -> PlpRequest:
    label = f"{number} of {on.isoformat()}"  # "PLP request 012345 of 2026-11-25 not found"
    request_id = uow.plp_requests.find_by_plp_number(office, number, on)
    request = uow.plp_requests.get(request_id, for_update) if request_id else None
    if request is None or not can_view(actor, request):
        raise PlpNotFoundError(label)
    return request


def _line_nos(request: PlpRequest, goods: Goods, moving_only: bool, rule: str) -> list[int]:
    """The request's lines the goods name; unknown goods, or goods that may not move, break
    the rule of the step (M1 for a refused or cancelled line)."""
    number = request.decision.plp_number if request.decision else request.id
    found: list[int] = []
    wanted: list[tuple[str, str, date | None]] = [("container", c, None) for c in goods.containers]
    wanted += [("B/L", bl, on) for bl, on in goods.packages]
    for kind, key, on in wanted:
        line = next((ln for ln in request.lines if _names(ln, kind, key, on)), None)
        if line is None:
            raise RuleViolationError(
                rule,
                msg(
                    "problems.m3.not_in_plp",
                    "{kind} {key} is not in PLP {number}",
                    kind=kind,
                    key=key,
                    number=number,
                ),
            )
        if moving_only and not line.moves:
            why = (
                msg("problems.m1.was_cancelled", "was cancelled")
                if line.cancelled
                else msg("problems.m1.was_not_approved", "was not approved")
            )
            raise RuleViolationError(
                "M1",
                msg(
                    "problems.m1.may_not_move",
                    "{kind} {key} {why} in PLP {number}: it may not move",
                    kind=kind,
                    key=key,
                    why=why,
                    number=number,
                ),
            )
        found.append(line.line_no)
    return sorted(set(found))


def _names(line: PlpLine, kind: str, key: str, on: date | None) -> bool:
    if kind == "container":
        return line.container is not None and line.container.number == key
    pkg = line.package
    return pkg is not None and pkg.bl_number == key and (on is None or pkg.bl_date == on)
