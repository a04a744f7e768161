"""A conformance run as stored: one TPS account, one protocol, its scenarios' windows and
results. The catalogue, the director and the grading are pure functions around it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime

from app.domain.conformance.model import Check, Outcome, Protocol


@dataclass(frozen=True)
class ConformanceRun:
    id: str
    account: str
    tps: str
    protocol: Protocol
    quirks: bool
    opened_at: datetime
    finished_at: datetime | None = None
    running: str | None = None  # the scenario started and not finished yet (one at a time)

    @property
    def status(self) -> str:
        return "finished" if self.finished_at else "open"


@dataclass(frozen=True)
class ScenarioState:
    run_id: str
    scenario_id: str
    data: Mapping[str, str] = field(default_factory=dict)
    outcome: Outcome = Outcome.NOT_ATTEMPTED
    started_at: datetime | None = None
    finished_at: datetime | None = None
    checks: tuple[Check, ...] = ()
    done: frozenset[str] = frozenset()  # names of the director's moves already carried out
    quirks: tuple[str, ...] = ()  # DJBC quirks reproduced in this scenario, by name

    def started(self, at: datetime) -> ScenarioState:
        return replace(self, outcome=Outcome.RUNNING, started_at=at, finished_at=None, checks=())

    def graded(self, outcome: Outcome, checks: tuple[Check, ...], at: datetime) -> ScenarioState:
        return replace(self, outcome=outcome, checks=checks, finished_at=at)


@dataclass(frozen=True)
class ActiveScenario:
    """What the observation tap needs of a running scenario, per account."""

    run_id: str
    scenario_id: str
    account: str
    tps: str
    protocol: Protocol
    quirks: bool
