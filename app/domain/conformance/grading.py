"""Grading a scenario: the evidence against what the client had to do. Every scenario's checks
can fail: each needs the client to have done something, and a silent client fails them all."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from app.domain.conformance import grading_faults as faults
from app.domain.conformance import grading_flows as flows
from app.domain.conformance import grading_movement as movement
from app.domain.conformance import grading_submission as submission
from app.domain.conformance.data import ScenarioData
from app.domain.conformance.model import Check, Observed, Outcome, ScenarioSpec

Grader = Callable[[ScenarioSpec, ScenarioData, Sequence[Observed]], list[Check]]
GRADERS: dict[str, Grader] = {
    "PLP-01": submission.plp01,
    "PLP-02": flows.plp02,
    "PLP-03": flows.plp03,
    "PLP-04": flows.plp04,
    "PLP-05": flows.plp05,
    "PLP-06": faults.plp06,
    "PLP-07": faults.plp07,
    "PLP-08": submission.plp08,
    "PLP-09": faults.plp09,
    "PLP-10": flows.plp10,
    "PLP-11": movement.plp11,
    "PLP-12": movement.plp12,
    "PLP-13": movement.plp13,
    "PLP-14": movement.plp14,
    "PLP-15": submission.plp15,
    "PLP-16": submission.plp16,
    "PLP-17": flows.plp17,
}


def grade(
    spec: ScenarioSpec, data: ScenarioData, messages: Sequence[Observed]
) -> tuple[Check, ...]:
    """The scenario's checks, from its messages (client and simulator records, in seq order)."""
    ordered = sorted(messages, key=lambda m: m.seq)
    return tuple(GRADERS[spec.id](spec, data, ordered))


def outcome(checks: Sequence[Check], started: bool, finished: bool) -> Outcome:
    """Never started: not attempted; started: running until finished; then every check passed,
    and there is at least one, or failed."""
    if not started:
        return Outcome.NOT_ATTEMPTED
    if not finished:
        return Outcome.RUNNING
    return Outcome.PASSED if checks and all(c.passed for c in checks) else Outcome.FAILED
