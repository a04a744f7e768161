"""The conformance pack's simulator moves (issue 17), carried out through the procedure's own
use cases by simulated officers (`sim-<role>`, as the auto-officer's) and the test clock, and
each recorded once as the simulator's message of the scenario (evidence.py's contract)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from app.domain import commands as c
from app.domain.actor import Actor, Role
from app.domain.conformance.data import ScenarioData
from app.domain.conformance.director import Move, MoveKind
from app.domain.conformance.model import Action, Direction, Observed, ScenarioSpec
from app.domain.conformance.run import ConformanceRun
from app.domain.errors import NotFoundError, PlpError
from app.domain.lines import ContainerSpec
from app.domain.plp_parts import PlpHeader
from app.domain.plp_request import LineDecision, PlpRequest
from app.domain.ports.conformance import ConformanceRuns, PushRedelivery, TestClock
from app.domain.ports.reference import OfficeCalendarLookup, ReferenceData
from app.domain.ports.unit_of_work import UnitOfWork
from app.domain.reasons import PlpReason
from app.domain.seals import ContainerSeals, StatedSeal
from app.domain.services import outages, procedure, submission
from app.domain.services.submission import SubmissionContext
from app.domain.simulation import AutoMode, AutoStep, SimulationPolicy, StepKind, next_step

log = logging.getLogger("plp.conformance")
K = MoveKind
APPROVING = SimulationPolicy(decisions=AutoMode.APPROVE)
RECOMMENDATIONS = (StepKind.RECOMMEND_MANIFEST, StepKind.RECOMMEND_P2)
ADMIN = Actor("sim-admin", Role.ADMIN, simulated=True)
OUT_OF_HOURS_STEP = timedelta(minutes=30)


@dataclass(frozen=True)
class ProcedureMoves:
    runs: ConformanceRuns
    make_uow: Callable[[], UnitOfWork]
    clock: TestClock
    reference: ReferenceData
    calendars: OfficeCalendarLookup
    submission: SubmissionContext
    pushes: PushRedelivery | None = None
    clock_moved: Callable[[], None] = lambda: None  # the scheduled jobs look at the new time
    # the office's mode changed (F1/F3): read again now, not at the cache's next refresh
    modes_changed: Callable[[], None] = lambda: None

    def carry_out(
        self, run: ConformanceRun, spec: ScenarioSpec, data: ScenarioData, move: Move
    ) -> str | None:
        ref = move.params.get("ref_number", "")
        result = "done"
        try:
            handler = _HANDLERS[move.kind]
            result = handler(self, run, data, move) or "done"
        except (PlpError, KeyError) as exc:  # the client's state did not allow it: evidence
            result = f"not possible: {exc}"
            log.info("conformance run %s, %s: %s", run.id, move.name, result)
        details = dict(move.params)
        details |= {"move": move.name, "clock": self.clock.now().isoformat(), "result": result}
        self.runs.record(
            run.id,
            spec.id,
            Observed(
                seq=0,
                at=datetime.now(UTC),
                direction=Direction.SIMULATOR,
                protocol=run.protocol,
                operation=move.kind.value,
                action=Action.OTHER,
                ref_number=ref or None,
                containers=tuple(x for x in move.params.get("containers", "").split(",") if x),
                result=result[:200],
                details=details,
            ),
        )
        return None

    # --- helpers used by the handlers ---

    def request_of(self, tps: str, ref: str) -> PlpRequest:
        with self.make_uow() as uow:
            request_id = uow.plp_requests.find_by_ref(tps, ref)
            request = uow.plp_requests.get(request_id, for_update=False) if request_id else None
        if request is None:
            raise NotFoundError(f"no request of TPS {tps} with REF_NUMBER {ref}")
        return request

    def recommend_all(self, request: PlpRequest) -> PlpRequest:
        """Every recommendation the request needs (R1/R2), favourable, as the auto-officer."""
        for _ in range(3):
            step = next_step(APPROVING, request, self.clock.now())
            if step is None or step.kind not in RECOMMENDATIONS:
                return request
            kind = "manifest" if step.kind is StepKind.RECOMMEND_MANIFEST else "p2"
            cmd = c.RecommendPlp(step.actor(request), request.id, kind, True, "conformance")
            request = procedure.recommend(cmd, self.make_uow(), self.clock)
        return request

    def decide(self, request: PlpRequest, cmd_of: Callable[[Actor], c.DecidePlp]) -> None:
        request = self.recommend_all(request)
        actor = AutoStep(StepKind.DECIDE, True, "").actor(request)
        procedure.decide(cmd_of(actor), self.make_uow(), self.clock, self.reference)

    def move_clock(self, to: datetime) -> None:
        self.clock.set(to)
        self.clock_moved()


def _owner(run: ConformanceRun, data: ScenarioData) -> str:
    """The TPS that filed the scenario's request: the partner for an inbound PLP (PLP-12)."""
    return data.origin_tps if data.origin_tps != run.tps else run.tps


def _approve(m: ProcedureMoves, run: ConformanceRun, data: ScenarioData, move: Move) -> str:
    request = m.request_of(_owner(run, data), move.params["ref_number"])
    m.decide(request, lambda a: c.DecidePlp(a, request.id, True))
    return "approved"


def _reject_lines(m: ProcedureMoves, run: ConformanceRun, data: ScenarioData, move: Move) -> str:
    request = m.request_of(_owner(run, data), move.params["ref_number"])
    rejected = set(move.params.get("containers", "").split(","))
    reason = move.params.get("reason") or "ditolak"
    lines = tuple(
        LineDecision(ln.line_no, False, reason)
        for ln in request.lines
        if ln.container and ln.container.number in rejected
    )
    m.decide(request, lambda a: c.DecidePlp(a, request.id, True, None, lines))
    return f"approved with {len(lines)} line(s) rejected"


def _reject_all(m: ProcedureMoves, run: ConformanceRun, data: ScenarioData, move: Move) -> str:
    request = m.request_of(_owner(run, data), move.params["ref_number"])
    reason = move.params.get("reason") or "ditolak"
    m.decide(request, lambda a: c.DecidePlp(a, request.id, False, reason))
    return "rejected"


def _release(m: ProcedureMoves, run: ConformanceRun, data: ScenarioData, move: Move) -> str:
    request = m.request_of(_owner(run, data), move.params["ref_number"])
    containers = move.params.get("containers", "").split(",")
    seals = move.params.get("seals", "").split(",")
    pairs = tuple(
        ContainerSeals(ct, (seal,)) for ct, seal in zip(containers, seals, strict=False) if ct
    )
    actor = AutoStep(StepKind.CHECK_ORIGIN, True, "").actor(request)
    cmd = c.RecordOriginCheck(actor, request.id, True, note="conformance", seals=pairs)
    procedure.check_at_origin(cmd, m.make_uow(), m.clock)
    return "released"


def _file_as_partner(m: ProcedureMoves, run: ConformanceRun, data: ScenarioData, move: Move) -> str:
    partner = Actor(
        f"sim-tps-{data.origin_tps.lower()}", Role.TPS_OPERATOR, data.origin_tps, simulated=True
    )
    header = PlpHeader(
        office_code=data.office,
        ref_number=move.params["ref_number"],
        letter_number=f"{data.bc11_number}/PLP/{data.origin_tps}",
        letter_date=m.clock.now().date(),
        origin_tps=data.origin_tps,
        origin_gudang=data.origin_gudang,
        destination_tps=data.destination_tps,
        destination_gudang=data.destination_gudang,
        reason=PlpReason.YOR_SOR,
        bc11_number=data.bc11_number,
        bc11_date=data.bc11_date,
        applicant_name="SIMULATOR",
        yor_origin=float(data.yor_origin),
        vessel_name=data.vessel,
        call_sign=data.call_sign,
        voyage=data.voyage,
        arrival_date=data.arrival_date,
        reason_code=data.reason_code,
    )
    goods = tuple(ContainerSpec(x.number, x.size, x.iso_type) for x in data.containers)
    submission.submit(c.SubmitPlp(partner, header, goods), m.make_uow(), m.submission)
    return "filed"


def _partner_gate_out(
    m: ProcedureMoves, run: ConformanceRun, data: ScenarioData, move: Move
) -> str:
    request = m.request_of(data.origin_tps, move.params["ref_number"])
    partner = Actor(
        f"sim-tps-{data.origin_tps.lower()}", Role.TPS_OPERATOR, data.origin_tps, simulated=True
    )
    seals = tuple(StatedSeal(ct, ns) for ct, ns in request.released_seals.items())
    cmd = c.RecordGateOut(partner, request.id, m.clock.now(), seals=seals)
    procedure.gate_out(cmd, m.make_uow(), m.clock)
    return "gated out"


def _decide_cancellation(
    m: ProcedureMoves, run: ConformanceRun, data: ScenarioData, move: Move
) -> str:
    request = m.request_of(run.tps, move.params["ref_number"])
    waiting = request.pending_cancellation
    if waiting is None:
        return "no cancellation waiting"
    approve = move.params.get("decision", "approve") == "approve"
    actor = AutoStep(StepKind.DECIDE_CANCELLATION, approve, "").actor(request)
    reason = None if approve else "ditolak"
    cmd = c.DecideCancellation(actor, request.id, waiting.number, approve, reason)
    procedure.decide_cancellation(cmd, m.make_uow(), m.clock)
    return "cancellation approved" if approve else "cancellation rejected"


def _declare_outage(m: ProcedureMoves, run: ConformanceRun, data: ScenarioData, move: Move) -> str:
    cmd = c.DeclareOutage(ADMIN, data.office, "conformance scenario: TPS Online disrupted")
    outage = outages.declare(cmd, m.make_uow(), m.clock)
    m.modes_changed()
    return f"outage {outage.id}"


def _end_outage(m: ProcedureMoves, run: ConformanceRun, data: ScenarioData, move: Move) -> str:
    with m.make_uow() as uow:
        current = uow.outages.open_for(data.office)
    if current is None:
        return "no outage open"
    outages.end(c.EndOutage(ADMIN, current.id), m.make_uow(), m.clock)
    m.modes_changed()
    return "outage ended"


def _advance_clock(m: ProcedureMoves, run: ConformanceRun, data: ScenarioData, move: Move) -> str:
    now = m.clock.now()
    if "working_hours" in move.params:
        calendar = m.calendars.calendar(data.office)
        hours = float(move.params["working_hours"])
        target = calendar.add_working_time(now, timedelta(hours=hours))
    else:
        target = now + timedelta(hours=float(move.params.get("hours", "1")))
    m.move_clock(target)
    if outages.switch_overdue(m.make_uow(), m.clock, m.calendars):  # F1 now, not at the job's
        m.modes_changed()
    return f"clock at {target.isoformat()}"


def _set_clock(m: ProcedureMoves, run: ConformanceRun, data: ScenarioData, move: Move) -> str:
    at = move.params.get("at", "")
    if at == "out_of_hours":
        calendar = m.calendars.calendar(data.office)
        target = m.clock.now()
        for _ in range(24 * 14 * 2):  # half-hour steps over two weeks: a weekend comes
            if not calendar.is_working_time(target):
                break
            target += OUT_OF_HOURS_STEP
    else:
        target = datetime.fromisoformat(at)
    m.move_clock(target)
    return f"clock at {target.isoformat()}"


def _redeliver(m: ProcedureMoves, run: ConformanceRun, data: ScenarioData, move: Move) -> str:
    """The decision pushed to the client's callback again, same event id (a poll's answer is
    repeated by the tap)."""
    if m.pushes is None:
        return "no push delivery here"
    request = m.request_of(run.tps, move.params["ref_number"])
    count = m.pushes.redeliver(request.id, m.clock.now())
    return f"{count} push deliver{'y' if count == 1 else 'ies'} queued again"


_HANDLERS: dict[MoveKind, Callable[[ProcedureMoves, ConformanceRun, ScenarioData, Move], str]] = {
    K.APPROVE: _approve,
    K.REJECT_LINES: _reject_lines,
    K.REJECT_ALL: _reject_all,
    K.RELEASE: _release,
    K.FILE_AS_PARTNER: _file_as_partner,
    K.PARTNER_GATE_OUT: _partner_gate_out,
    K.DECIDE_CANCELLATION: _decide_cancellation,
    K.DECLARE_OUTAGE: _declare_outage,
    K.END_OUTAGE: _end_outage,
    K.ADVANCE_CLOCK: _advance_clock,
    K.SET_CLOCK: _set_clock,
    K.REDELIVER: _redeliver,
}
