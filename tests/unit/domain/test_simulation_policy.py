"""The auto-officer's policy (issue 5): which step it takes next, how rules decide, who the
simulated officer is, and a run through the same use cases as people use."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from app.domain import commands as c
from app.domain.actor import Channel, Role
from app.domain.services import procedure, simulation
from app.domain.simulation import AutoMode, SimulationPolicy, StepKind, next_step
from app.domain.status import PlpStatus
from tests.unit.builders import OFFICE, T0, TPKA
from tests.unit.world import World

RULES = SimulationPolicy.preset("rules")
APPROVE = SimulationPolicy.preset("approve")


class FakeSimulationStore:
    def __init__(self, world: World) -> None:
        self.world, self.own = world, {}

    def policies(self) -> dict[str, SimulationPolicy]:
        return dict(self.own)

    def put_policy(self, office_code: str, policy: SimulationPolicy, by: str, at: datetime) -> None:
        self.own[office_code] = policy

    def remove_policy(self, office_code: str) -> bool:
        return self.own.pop(office_code, None) is not None

    def waiting(self, decision_offices: object, check_offices: object, limit: int) -> list[str]:
        return self.world.repo.stored_ids

    def reset_tps(self, tps_code: str) -> dict[str, int]:
        return {}


def officer(world: World, default: SimulationPolicy) -> simulation.AutoOfficer:
    store = FakeSimulationStore(world)
    return simulation.AutoOfficer(
        store, lambda: world.uow, world.clock, world.reference, default, lambda: [OFFICE]
    )


def test_r1_r3_steps_come_in_order_then_the_origin_check() -> None:
    world = World()
    rid = world.in_review(reason="YOR_SOR", yor_origin=85)
    kinds = []
    for _ in range(5):
        step = next_step(RULES, world.stored(rid), world.clock.now())
        if step is None:
            break
        kinds.append(step.kind)
        world_step(world, rid, step.kind)
    assert kinds == [
        StepKind.RECOMMEND_MANIFEST,
        StepKind.RECOMMEND_P2,
        StepKind.DECIDE,
        StepKind.CHECK_ORIGIN,
    ]


def world_step(world: World, rid: str, kind: StepKind) -> None:
    if kind is StepKind.RECOMMEND_MANIFEST:
        world.recommend(rid)
    elif kind is StepKind.RECOMMEND_P2:
        world.recommend(rid, "p2")
    elif kind is StepKind.DECIDE:
        world.decide(rid)
    else:
        world.check_origin(rid)


def test_rules_reject_yor_sor_below_the_threshold_a_listed_reason_or_a_marker() -> None:
    world = World()
    low = world.stored(world.in_review(reason="YOR_SOR", yor_origin=70))
    listed = world.stored(world.in_review(numbers=("CSQU1001743",), reason="STAGNATION"))
    marked = world.stored(world.in_review(numbers=("TSTU1001000",), letter_number="SIM-REJECT 1"))
    policy = replace(RULES, reject_reasons=("STAGNATION",))

    verdicts = [simulation_verdict(policy, r) for r in (low, listed, marked)]

    assert [ok for ok, _ in verdicts] == [False, False, False]
    assert "70 is below 80" in verdicts[0][1]
    assert all(ok for ok, _ in (simulation_verdict(APPROVE, r) for r in (low, listed, marked)))


def simulation_verdict(policy: SimulationPolicy, request: object) -> tuple[bool, str]:
    from app.domain.simulation import decision_verdict

    return decision_verdict(policy, request)  # type: ignore[arg-type]


def test_delays_and_human_modes_hold_the_auto_officer_back() -> None:
    world = World()
    request = world.stored(world.in_review())
    delayed = replace(APPROVE, decision_delay_seconds=600)
    now = request.submitted_at

    assert next_step(SimulationPolicy(), request, now) is None
    assert next_step(delayed, request, now + timedelta(minutes=9)) is None
    assert next_step(delayed, request, now + timedelta(minutes=10)) is not None
    assert next_step(replace(APPROVE, checks=AutoMode.HUMAN), request, now) is not None


def test_mismatch_markers_refuse_release_or_note_a_discrepancy_under_rules_only() -> None:
    world = World()
    origin = world.stored(world.approved(letter_number="SIM-MISMATCH-ORIGIN"))
    step = next_step(RULES, origin, T0 + timedelta(days=1))
    assert step is not None and (step.kind, step.approve) == (StepKind.CHECK_ORIGIN, False)
    approving = next_step(APPROVE, origin, T0 + timedelta(days=1))
    assert approving is not None and approving.approve


def test_the_simulated_officer_has_the_steps_role_and_says_it_is_simulated() -> None:
    world = World()
    request = world.stored(world.approved())
    step = next_step(RULES, request, T0 + timedelta(days=1))
    assert step is not None
    actor = step.actor(request)
    assert (actor.username, actor.role, actor.channel) == (
        "sim-origin_supervisor",
        Role.ORIGIN_SUPERVISOR,
        Channel.SYSTEM,
    )
    assert actor.simulated and actor.supervised_tps == {"TPKA", "CFSB"}
    assert actor.office_code == OFFICE


def test_a_run_takes_every_due_step_through_the_use_cases() -> None:
    world = World()
    rid = world.in_review(reason="YOR_SOR", yor_origin=85)
    steps = simulation.run(officer(world, RULES))
    request = world.stored(rid)
    assert steps == 4 and request.status is PlpStatus.RELEASED
    assert request.decision is not None and request.decision.by == "sim-kasubsi_manifest"
    assert simulation.run(officer(world, SimulationPolicy.preset("off"))) == 0


def test_l1_the_simulated_kasubsi_decides_a_pending_cancellation() -> None:
    world = World()
    kept = world.approved(numbers=("CSQU1001743",))
    gone = world.approved(numbers=("TSTU1001000",))
    world.cancel(kept, TPKA, ref_number="B-1")  # reason without the marker: approved ...
    cmd = c.CancelPlp(TPKA, gone, "SIM-REJECT please", "B-2")
    procedure.cancel(cmd, world.uow, world.clock, world.reference)

    steps = {rid: next_step(RULES, world.stored(rid), world.clock.now()) for rid in (kept, gone)}
    assert [(s.kind, s.approve) for s in steps.values() if s] == [
        (StepKind.DECIDE_CANCELLATION, True),
        (StepKind.DECIDE_CANCELLATION, False),  # ... under RULES the marker refuses it
    ]
    simulation.run(officer(world, RULES))

    assert world.stored(kept).status is PlpStatus.CANCELLED
    refused = world.stored(gone)
    assert refused.cancellation is not None and not refused.cancellation.approved
    assert refused.cancellation.decided_by == "sim-kasubsi_manifest"
