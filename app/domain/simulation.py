"""Simulation mode (issue 5, demo and test only): the auto-officer's policy per office and the
next step it takes on a request. Pure rules; the use cases are in services/simulation.py.

An automatic step is taken by an actor with the officer role the step needs (so the same
RASCI checks apply as to a person) and `simulated=True` (so the audit trail says so).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from app.domain.actor import Actor, Channel, Role
from app.domain.plp_request import PlpRequest
from app.domain.reasons import PlpReason
from app.domain.research import not_passed
from app.domain.status import PlpStatus


class AutoMode(StrEnum):
    HUMAN = "human"  # leave it to people
    APPROVE = "approve"  # approve / match everything, after the delay
    RULES = "rules"  # decide by the policy's rules, after the delay


@dataclass(frozen=True)
class SimulationPolicy:
    """What the simulated officers of one office do; rules apply in RULES mode only."""

    decisions: AutoMode = AutoMode.HUMAN  # manifest and P2 recommendations, Kasubsi decision
    decision_delay_seconds: float = 0.0  # from arrival
    checks: AutoMode = AutoMode.HUMAN  # origin (M2) and destination (M4) supervisors
    check_delay_seconds: float = 0.0  # from the approval / the gate-out
    reject_yor_below: float | None = 80.0  # YOR_SOR with a stated YOR/SOR below: rejected
    reject_reasons: tuple[str, ...] = ()  # these reasons are always rejected
    reject_marker: str = "SIM-REJECT"  # in the letter number: rejected
    origin_mismatch_marker: str = "SIM-MISMATCH-ORIGIN"  # in the letter number: M2 mismatch
    destination_mismatch_marker: str = "SIM-MISMATCH-DESTINATION"  # M4 discrepancy

    @classmethod
    def preset(cls, name: str) -> SimulationPolicy:
        """`off`, `approve` or `rules` for both decisions and checks (PLP_AUTO_OFFICER)."""
        mode = AutoMode.HUMAN if name == "off" else AutoMode(name)
        return cls(decisions=mode, checks=mode)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self) | {"reject_reasons": list(self.reject_reasons)}

    @classmethod
    def of(cls, data: dict[str, Any]) -> SimulationPolicy:
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        policy = replace(cls(), **values)
        return replace(
            policy,
            decisions=AutoMode(policy.decisions),
            checks=AutoMode(policy.checks),
            reject_reasons=tuple(policy.reject_reasons),
        )


class StepKind(StrEnum):
    RECOMMEND_MANIFEST = "recommend_manifest"
    RECOMMEND_P2 = "recommend_p2"
    DECIDE = "decide"
    CHECK_ORIGIN = "check_origin"
    CHECK_DESTINATION = "check_destination"
    DECIDE_CANCELLATION = "decide_cancellation"  # L1


ROLE_OF_STEP = {
    StepKind.RECOMMEND_MANIFEST: Role.MANIFEST_OFFICER,
    StepKind.RECOMMEND_P2: Role.P2_OFFICER,
    StepKind.DECIDE: Role.KASUBSI_MANIFEST,
    StepKind.CHECK_ORIGIN: Role.ORIGIN_SUPERVISOR,
    StepKind.CHECK_DESTINATION: Role.DESTINATION_SUPERVISOR,
    StepKind.DECIDE_CANCELLATION: Role.KASUBSI_MANIFEST,
}


@dataclass(frozen=True)
class AutoStep:
    kind: StepKind
    approve: bool  # recommend/approve, or the goods match
    note: str

    def actor(self, request: PlpRequest) -> Actor:
        """The simulated officer: the step's role, scoped to the request's office and TPS."""
        role, h = ROLE_OF_STEP[self.kind], request.header
        return Actor(
            f"sim-{role.value}",
            role,
            office_code=h.office_code,
            supervised_tps=frozenset({h.origin_tps, h.destination_tps}),
            channel=Channel.SYSTEM,
            simulated=True,
        )


def next_step(policy: SimulationPolicy, request: PlpRequest, now: datetime) -> AutoStep | None:
    """The one step the auto-officer takes now, or None (a human's turn, or not yet due)."""
    status = request.status
    waiting = request.pending_cancellation
    if waiting is not None and policy.decisions is not AutoMode.HUMAN:  # L1: before any check
        if now < waiting.at + _seconds(policy.decision_delay_seconds):
            return None
        return cancellation_verdict(policy, waiting.reason)
    if status is PlpStatus.IN_REVIEW and policy.decisions is not AutoMode.HUMAN:
        if now < request.submitted_at + _seconds(policy.decision_delay_seconds):
            return None
        approve, note = decision_verdict(policy, request)
        if request.manifest_rec is None:
            return AutoStep(StepKind.RECOMMEND_MANIFEST, approve, note)
        if request.needs_p2 and request.p2_rec is None:
            return AutoStep(StepKind.RECOMMEND_P2, approve, note)
        return AutoStep(StepKind.DECIDE, approve, note)
    if policy.checks is AutoMode.HUMAN:
        return None
    delay = _seconds(policy.check_delay_seconds)
    decided = request.decision
    lapsed = request.approval_has_lapsed(now)  # T1: no release of a lapsed approval
    if status is PlpStatus.APPROVED and decided and now >= decided.at + delay and not lapsed:
        return _check(policy, request, StepKind.CHECK_ORIGIN, policy.origin_mismatch_marker)
    if status is PlpStatus.GATED_OUT:
        out = max((ln.gated_out_at for ln in request.moving_lines if ln.gated_out_at), default=now)
        if now >= out + delay:
            marker = policy.destination_mismatch_marker
            return _check(policy, request, StepKind.CHECK_DESTINATION, marker)
    return None


def decision_verdict(policy: SimulationPolicy, request: PlpRequest) -> tuple[bool, str]:
    """APPROVE: yes; RULES: no if the letter carries the marker, the reason is excluded, a
    YOR_SOR request states a YOR/SOR below the policy's threshold, or a research aid did not
    pass (R5: the officer follows the aid, quoting it)."""
    if policy.decisions is AutoMode.APPROVE:
        return True, "simulated: approve everything"
    h = request.header
    if policy.reject_marker and policy.reject_marker in h.letter_number:
        return False, f"simulated rule: letter number carries {policy.reject_marker}"
    reason = str(h.reason)
    if reason in policy.reject_reasons:
        return False, f"simulated rule: reason {reason} is rejected"
    limit = policy.reject_yor_below
    if reason == PlpReason.YOR_SOR and limit is not None:
        stated = max(v for v in (h.yor_origin, h.sor_origin, -1.0) if v is not None)
        if stated < limit:
            return False, f"simulated rule: YOR/SOR {stated:g} is below {limit:g}"
    if failed := not_passed(request.research_aids):
        return False, f"simulated rule: R5 {failed[0].code}: {failed[0].message}"[:200]
    return True, "simulated rule: no rule against it"


def cancellation_verdict(policy: SimulationPolicy, reason: str) -> AutoStep:
    """L1: the simulated Kasubsi approves a cancellation; in RULES mode one whose reason
    carries the reject marker is refused."""
    kind = StepKind.DECIDE_CANCELLATION
    marker = policy.reject_marker
    if policy.decisions is AutoMode.RULES and marker and marker in reason:
        return AutoStep(kind, False, f"simulated rule: the reason carries {marker}")
    return AutoStep(kind, True, "simulated: cancellation approved")


def _check(policy: SimulationPolicy, request: PlpRequest, kind: StepKind, marker: str) -> AutoStep:
    if policy.checks is AutoMode.RULES and marker and marker in request.header.letter_number:
        return AutoStep(kind, False, f"simulated rule: letter number carries {marker}")
    return AutoStep(kind, True, "simulated: goods match")


def _seconds(value: float) -> timedelta:
    return timedelta(seconds=value)
