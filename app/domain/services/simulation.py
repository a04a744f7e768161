"""Simulation mode use cases (demo and test only): the auto-officer, its policies, and a test
TPS resetting its own data. The auto-officer calls the same use cases as people do."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from app.domain import commands as c
from app.domain.actor import Actor, Role
from app.domain.errors import (
    ConflictError,
    ForbiddenError,
    IllegalTransitionError,
    NotFoundError,
    RuleViolationError,
)
from app.domain.plp_request import PlpRequest
from app.domain.ports.reference import Clock, ReferenceData
from app.domain.ports.simulation import SimulationStore
from app.domain.ports.unit_of_work import UnitOfWork
from app.domain.seals import ContainerSeals, SealStage
from app.domain.services import procedure
from app.domain.simulation import AutoStep, SimulationPolicy, StepKind, next_step

log = logging.getLogger("plp.simulation")
BATCH = 200  # requests looked at per run; the next run takes the rest
STEPS_PER_REQUEST = 6  # at most: two recommendations, the decision, the origin check (or L1's)


@dataclass(frozen=True)
class AutoOfficer:
    """The ports the auto-officer needs; `default` is the policy of offices without one."""

    store: SimulationStore
    make_uow: Callable[[], UnitOfWork]
    clock: Clock
    reference: ReferenceData
    default: SimulationPolicy
    offices: Callable[[], list[str]]  # codes of every office


def effective_policies(officer: AutoOfficer) -> dict[str, SimulationPolicy]:
    """Every office's policy: its own, else the default."""
    own = officer.store.policies()
    return {code: own.get(code, officer.default) for code in officer.offices()}


def run(officer: AutoOfficer) -> int:
    """One pass: every waiting request of an automatic office advances as far as it can now."""
    policies = effective_policies(officer)
    deciding = [o for o, p in policies.items() if p.decisions.value != "human"]
    checking = [o for o, p in policies.items() if p.checks.value != "human"]
    if not deciding and not checking:
        return 0
    steps = 0
    for request_id in officer.store.waiting(deciding, checking, BATCH):
        steps += advance(officer, request_id, policies)
    return steps


def advance(officer: AutoOfficer, request_id: str, policies: dict[str, SimulationPolicy]) -> int:
    done = 0
    for _ in range(STEPS_PER_REQUEST):
        with officer.make_uow() as uow:
            request = uow.plp_requests.get(request_id, for_update=False)
        if request is None:
            return done
        policy = policies.get(request.header.office_code, officer.default)
        step = next_step(policy, request, officer.clock.now())
        if step is None:
            return done
        try:
            _take(officer, step, request, step.actor(request))
        except (ConflictError, IllegalTransitionError) as exc:  # a person acted meanwhile
            log.info("auto-officer left request %s: %s", request_id, exc)
            return done
        except RuleViolationError as exc:
            if exc.rule != "H1":
                raise
            # out of hours without the notice: the release waits for working hours or a notice
            log.info("auto-officer waits to release request %s: %s", request_id, exc.detail)
            return done
        done += 1
    return done


def _take(officer: AutoOfficer, step: AutoStep, request: PlpRequest, actor: Actor) -> None:
    uow, clock, k, request_id = officer.make_uow(), officer.clock, step.kind, request.id
    if k in (StepKind.RECOMMEND_MANIFEST, StepKind.RECOMMEND_P2):
        kind = "manifest" if k is StepKind.RECOMMEND_MANIFEST else "p2"
        cmd_r = c.RecommendPlp(actor, request_id, kind, step.approve, step.note)
        procedure.recommend(cmd_r, uow, clock)
    elif k is StepKind.DECIDE:
        reason = None if step.approve else step.note
        cmd = c.DecidePlp(actor, request_id, step.approve, reason)
        procedure.decide(cmd, uow, clock, officer.reference)
    elif k is StepKind.DECIDE_CANCELLATION:
        waiting = request.pending_cancellation
        assert waiting is not None  # next_step chose this step for it
        reason = None if step.approve else step.note
        cmd_c = c.DecideCancellation(actor, request_id, waiting.number, step.approve, reason)
        procedure.decide_cancellation(cmd_c, uow, clock)
    elif k is StepKind.CHECK_ORIGIN:
        seals, escorted = _simulated_seals(request) if step.approve else ((), False)
        cmd_o = c.RecordOriginCheck(
            actor, request_id, step.approve, note=step.note, seals=seals, escorted=escorted
        )
        procedure.check_at_origin(cmd_o, uow, clock)
    else:
        found = _simulated_found(request)
        cmd_d = c.RecordDestinationCheck(
            actor, request_id, step.approve, step.approve, step.note, found
        )
        procedure.check_at_destination(cmd_d, uow, clock)


def _simulated_found(request: PlpRequest) -> tuple[ContainerSeals, ...]:
    """M4/S1: the seals as released; where a gate report stated another number, the
    simulated supervisor finds that one, the customs seal broken and replaced in transit."""
    history = request.seal_history()
    found = []
    for container, numbers in request.released_seals.items():
        reported = (SealStage.GATE_OUT, SealStage.GATE_IN)
        stated = [r for r in history.get(container, []) if r.stage in reported and r.discrepancy]
        replaced = stated[-1] if stated else None
        if replaced is None:
            found.append(ContainerSeals(container, numbers))
        else:
            found.append(ContainerSeals(container, replaced.numbers, intact=False))
    return tuple(found)


def _simulated_seals(request: PlpRequest) -> tuple[tuple[ContainerSeals, ...], bool]:
    """S1: a seal per container; packages, whose carrier the request does not name, are
    escorted."""
    lines = request.moving_lines
    seals = tuple(
        ContainerSeals(ln.container.number, (f"SIM-SEAL-{ln.line_no}",))
        for ln in lines
        if ln.container
    )
    return seals, any(ln.package for ln in lines)


def set_policy(
    actor: Actor, office_code: str, policy: SimulationPolicy, officer: AutoOfficer
) -> SimulationPolicy:
    """An admin sets an office's policy at run time."""
    _require_admin(actor)
    if officer.reference.office(office_code) is None:
        raise NotFoundError(f"office {office_code} not found")
    officer.store.put_policy(office_code, policy, actor.username, officer.clock.now())
    return policy


def clear_policy(actor: Actor, office_code: str, officer: AutoOfficer) -> SimulationPolicy:
    """Back to the default policy (PLP_AUTO_OFFICER)."""
    _require_admin(actor)
    officer.store.remove_policy(office_code)
    return officer.default


def reset_own_data(actor: Actor, store: SimulationStore) -> dict[str, int]:
    """A test TPS deletes the requests it filed (and what hangs on them) to start again."""
    if actor.role is not Role.TPS_OPERATOR or not actor.tps_code:
        raise ForbiddenError("only a TPS operator account resets its own data")
    return store.reset_tps(actor.tps_code)


def _require_admin(actor: Actor) -> None:
    if actor.role is not Role.ADMIN:
        raise ForbiddenError("only an admin account sets auto-officer policies")
