"""Conformance runs (issue 17, demo and test mode only): open a run for one TPS account and one
protocol, start and finish its scenarios, observe the account's messages, let the director's
moves be carried out, grade, and assemble the report.

The catalogue, the scenarios' data, the director and the grading are pure functions of
`app/domain/conformance/`; this module keeps their state through the `ConformanceRuns` port.
"""

from __future__ import annotations

import logging
import secrets
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Protocol as TypingProtocol

from app.domain.account import Account
from app.domain.actor import Actor, Role
from app.domain.conformance import catalogue, director, grading
from app.domain.conformance.data import ScenarioData, scenario_data
from app.domain.conformance.model import (
    Fault,
    Observed,
    Outcome,
    Protocol,
    RunReport,
    ScenarioResult,
    ScenarioSpec,
)
from app.domain.conformance.run import ActiveScenario, ConformanceRun, ScenarioState
from app.domain.eligibility import TpsInfo
from app.domain.errors import ConflictError, ForbiddenError, InvalidInputError, NotFoundError
from app.domain.ports.conformance import ConformanceRuns, ScenarioGoods
from app.domain.ports.reference import Clock

log = logging.getLogger("plp.conformance")
# The simulator's moves and the fault decisions of one process take turns: a poll arriving
# while an approval is being made waits for its record, so a fault keyed to the approval
# (PLP-05, PLP-13) cannot miss the answer that carries it.
_MOVING = threading.RLock()
NEEDS_TEST_MODE = "conformance runs exist only in demo and test mode (PLP_MODE=demo or test)"


class MoveExecutor(TypingProtocol):
    """Carries out one of the director's moves through the procedure's use cases; returns the
    name of the DJBC quirk it reproduced, if any."""

    def carry_out(
        self, run: ConformanceRun, spec: ScenarioSpec, data: ScenarioData, move: director.Move
    ) -> str | None: ...


class Directory(TypingProtocol):
    def by_username(self, username: str) -> Account | None: ...


class TpsList(TypingProtocol):
    def tps(self, code: str) -> TpsInfo | None: ...

    def all_tps(self) -> list[TpsInfo]: ...


@dataclass(frozen=True)
class ConformanceDesk:
    """What the run use cases need; `enabled` is false in production mode."""

    runs: ConformanceRuns
    goods: ScenarioGoods
    accounts: Directory
    reference: TpsList
    clock: Clock
    enabled: bool
    executor: MoveExecutor | None = None
    new_id: Callable[[], str] = lambda: secrets.token_hex(8)


# --- the run ---------------------------------------------------------------------------------


def open_run(
    desk: ConformanceDesk, actor: Actor, protocol: Protocol, quirks: bool, account: str | None
) -> ConformanceRun:
    """A TPS account opens a run for itself; an admin for any TPS account."""
    _require_enabled(desk)
    username = _account_for(actor, account)
    owner = desk.accounts.by_username(username)
    if owner is None or owner.role is not Role.TPS_OPERATOR or not owner.tps_code:
        raise InvalidInputError(f"no TPS operator account {username!r}", field="account")
    tps = desk.reference.tps(owner.tps_code)
    if tps is None:
        raise InvalidInputError(f"TPS {owner.tps_code} is not in the reference data", "account")
    partner = _partner(desk.reference, tps)
    now = desk.clock.now()
    run = ConformanceRun(desk.new_id(), username, tps.code, protocol, quirks, now)
    states = []
    for spec in catalogue.listed(protocol, quirks):
        data = _data(run, spec, tps, partner)
        desk.goods.seed(data, now)
        states.append(ScenarioState(run.id, spec.id, data.as_dict()))
    desk.runs.add(run, states)
    log.info("conformance run %s opened for %s over %s", run.id, username, protocol.value)
    return run


def get_run(desk: ConformanceDesk, actor: Actor, run_id: str) -> ConformanceRun:
    _require_enabled(desk)
    run = desk.runs.get(run_id)
    # another account's run is answered as unknown: its existence is not the caller's business
    if run is None or not _may_see(actor, run):
        raise NotFoundError(f"no conformance run {run_id!r}")
    return run


def scenarios(desk: ConformanceDesk, run: ConformanceRun) -> list[ScenarioState]:
    return desk.runs.scenarios(run.id)


def finish_run(desk: ConformanceDesk, actor: Actor, run_id: str) -> ConformanceRun:
    """The running scenario is graded; scenarios never started stay not attempted."""
    run = get_run(desk, actor, run_id)
    if run.running:
        finish_scenario(desk, actor, run_id, run.running)
    desk.runs.finish(run_id, desk.clock.now())
    return get_run(desk, actor, run_id)


# --- a scenario ------------------------------------------------------------------------------


def start_scenario(
    desk: ConformanceDesk, actor: Actor, run_id: str, scenario_id: str
) -> ScenarioState:
    run = get_run(desk, actor, run_id)
    state = _state(desk, run, scenario_id)
    if run.finished_at is not None:
        raise ConflictError(f"conformance run {run_id} is finished: open a new run")
    if not desk.runs.claim(run_id, scenario_id):
        current = (desk.runs.get(run_id) or run).running
        raise ConflictError(
            f"scenario {current} of run {run_id} is running: finish it before starting "
            f"{scenario_id}"
        )
    state = state.started(desk.clock.now())
    desk.runs.save_scenario(state)
    with _MOVING:
        carry_out_moves(desk, replace(run, running=scenario_id), state)
    return desk.runs.scenario(run_id, scenario_id) or state


def finish_scenario(
    desk: ConformanceDesk, actor: Actor, run_id: str, scenario_id: str
) -> ScenarioState:
    run = get_run(desk, actor, run_id)
    state = _state(desk, run, scenario_id)
    if state.outcome is not Outcome.RUNNING:
        raise ConflictError(
            f"scenario {scenario_id} of run {run_id} is not running (it is "
            f"{state.outcome.value}): start it first"
        )
    spec = catalogue.scenario(scenario_id)
    data = scenario_data_of(desk, run, spec)
    messages = desk.runs.messages(run_id, scenario_id)
    checks = grading.grade(spec, data, messages)
    now = desk.clock.now()
    outcome = grading.outcome(tuple(checks), started=True, finished=True)
    state = state.graded(outcome, tuple(checks), now)
    desk.runs.save_scenario(state)
    desk.runs.release(run_id, scenario_id)
    if desk.executor is not None:  # the service as it was (an outage ended), after grading
        for move in director.closing_moves(spec):
            desk.executor.carry_out(run, spec, data, move)
    return state


def scenario_data_of(
    desk: ConformanceDesk, run: ConformanceRun, spec: ScenarioSpec
) -> ScenarioData:
    """Deterministic per run and scenario: recomputed, never stored but as the client saw it."""
    tps = desk.reference.tps(run.tps)
    if tps is None:
        raise NotFoundError(f"TPS {run.tps} is no longer in the reference data")
    return _data(run, spec, tps, _partner(desk.reference, tps))


# --- observation and faults ------------------------------------------------------------------


def fault_for(desk: ConformanceDesk, active: ActiveScenario, incoming: Observed) -> Fault | None:
    """The fault the scenario injects into this incoming message, if any."""
    run = desk.runs.get(active.run_id)
    if run is None or run.running != active.scenario_id:
        return None
    spec = catalogue.scenario(active.scenario_id)
    if not spec.faults:
        return None
    data = scenario_data_of(desk, run, spec)
    with _MOVING:
        earlier = desk.runs.messages(run.id, active.scenario_id)
    return director.fault_for(spec, data, incoming, earlier)


def observe(desk: ConformanceDesk, active: ActiveScenario, message: Observed) -> Observed:
    """Keep a message of the running scenario as evidence (before its answer leaves, so a
    report asked for after the answer shows it)."""
    return desk.runs.record(active.run_id, active.scenario_id, message)


def act(desk: ConformanceDesk, active: ActiveScenario) -> None:
    """The simulator's moves the evidence so far calls for. One thread at a time: two answers
    leaving together must not approve the same request twice (another instance may still try;
    the procedure then refuses the second, which is recorded as not possible)."""
    with _MOVING:
        run = desk.runs.get(active.run_id)
        state = desk.runs.scenario(active.run_id, active.scenario_id)
        if run is not None and state is not None and state.outcome is Outcome.RUNNING:
            carry_out_moves(desk, run, state)


def note_quirk(desk: ConformanceDesk, active: ActiveScenario, quirk: str) -> None:
    """A DJBC quirk reproduced for the running scenario is named in its result."""
    state = desk.runs.scenario(active.run_id, active.scenario_id)
    if state is not None and quirk not in state.quirks:
        desk.runs.save_scenario(replace(state, quirks=(*state.quirks, quirk)))


def carry_out_moves(desk: ConformanceDesk, run: ConformanceRun, state: ScenarioState) -> None:
    """The director's next moves, each once (its name is kept in `done`)."""
    if desk.executor is None:
        return
    spec = catalogue.scenario(state.scenario_id)
    data = scenario_data_of(desk, run, spec)
    for _ in range(8):  # a move may enable the next (approve, then release); bounded
        messages = desk.runs.messages(run.id, state.scenario_id)
        moves = [
            m
            for m in director.next_moves(spec, data, messages, state.done)
            if m.name not in state.done
        ]
        if not moves:
            return
        for move in moves:
            quirk = desk.executor.carry_out(run, spec, data, move)
            quirks = (*state.quirks, quirk) if quirk and quirk not in state.quirks else state.quirks
            state = replace(state, done=state.done | {move.name}, quirks=quirks)
            desk.runs.save_scenario(state)


# --- the report ------------------------------------------------------------------------------


def report(desk: ConformanceDesk, actor: Actor, run_id: str) -> RunReport:
    run = get_run(desk, actor, run_id)
    results = []
    for state in desk.runs.scenarios(run_id):
        spec = catalogue.scenario(state.scenario_id)
        own = desk.runs.messages(run_id, state.scenario_id)
        results.append(
            ScenarioResult(
                spec,
                state.outcome,
                state.checks,
                own,
                state.started_at,
                state.finished_at,
                dict(state.data),
                state.quirks,
            )
        )
    return RunReport(
        run.id,
        run.account,
        run.tps,
        run.protocol,
        run.quirks,
        run.opened_at,
        tuple(results),
        run.finished_at,
    )


def messages_of(desk: ConformanceDesk, run: ConformanceRun, scenario_id: str) -> Sequence[Observed]:
    return desk.runs.messages(run.id, scenario_id)


# --- helpers ---------------------------------------------------------------------------------


def _require_enabled(desk: ConformanceDesk) -> None:
    if not desk.enabled:
        raise NotFoundError(NEEDS_TEST_MODE)


def _account_for(actor: Actor, account: str | None) -> str:
    if actor.role is Role.ADMIN:
        if not account:
            raise InvalidInputError("an admin names the TPS account the run is for", "account")
        return account
    if not actor.is_tps:
        raise ForbiddenError("a conformance run is opened by a TPS account, or by an admin")
    if account and account != actor.username:
        raise ForbiddenError("a TPS account opens conformance runs for itself only")
    return actor.username


def _may_see(actor: Actor, run: ConformanceRun) -> bool:
    return actor.role is Role.ADMIN or actor.username == run.account


def _state(desk: ConformanceDesk, run: ConformanceRun, scenario_id: str) -> ScenarioState:
    state = desk.runs.scenario(run.id, scenario_id)
    if state is None:
        raise NotFoundError(f"run {run.id} has no scenario {scenario_id!r}")
    return state


def _partner(reference: TpsList, tps: TpsInfo) -> TpsInfo:
    """The TPS the simulator plays (PLP-12's origin, the destination of the client's PLPs):
    another TPS of the same office, the first by code."""
    others = sorted(
        (t for t in reference.all_tps() if t.office_code == tps.office_code and t.code != tps.code),
        key=lambda t: t.code,
    )
    if not others:
        raise ConflictError(f"office {tps.office_code} has no other TPS to move goods to")
    return others[0]


def _gudang(tps: TpsInfo) -> str:
    return sorted(tps.gudangs)[0] if tps.gudangs else tps.code


def _data(run: ConformanceRun, spec: ScenarioSpec, tps: TpsInfo, partner: TpsInfo) -> ScenarioData:
    """`on` is the day the run opened (the test clock's): the same goods after a restart."""
    return scenario_data(
        run.id,
        spec,
        tps.code,
        _gudang(tps),
        partner.code,
        _gudang(partner),
        on=run.opened_at.date(),
        office=tps.office_code,
    )
