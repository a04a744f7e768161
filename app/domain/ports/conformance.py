"""Ports of the conformance pack: its runs, their scenarios and the observed messages, and the
reference data a scenario gives the client (seeded through the reference-data adapter)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Protocol

from app.domain.conformance.data import ScenarioData
from app.domain.conformance.model import Observed
from app.domain.conformance.run import ActiveScenario, ConformanceRun, ScenarioState


class ConformanceRuns(Protocol):
    """Every call is its own transaction: observations are kept even when the use case fails."""

    def add(self, run: ConformanceRun, scenarios: Sequence[ScenarioState]) -> None: ...

    def get(self, run_id: str) -> ConformanceRun | None: ...

    def scenarios(self, run_id: str) -> list[ScenarioState]: ...

    def scenario(self, run_id: str, scenario_id: str) -> ScenarioState | None: ...

    def save_scenario(self, state: ScenarioState) -> None: ...

    def claim(self, run_id: str, scenario_id: str) -> bool:
        """Mark the scenario as the run's running one, only if none is: False if another is."""

    def release(self, run_id: str, scenario_id: str) -> None:
        """The scenario is no longer running (finished)."""

    def finish(self, run_id: str, at: datetime) -> None: ...

    def record(self, run_id: str, scenario_id: str | None, message: Observed) -> Observed:
        """Store a message; its `seq` is the run's next number (gap-free, multi-instance safe)."""

    def messages(self, run_id: str, scenario_id: str | None = None) -> tuple[Observed, ...]: ...

    def counts(self, run_id: str) -> dict[str, int]:
        """Messages observed per scenario."""

    def active(self) -> list[ActiveScenario]:
        """The running scenarios of every open run."""

    def any_open(self) -> bool: ...


class ScenarioGoods(Protocol):
    """The BC 1.1 manifest and containers of a scenario, discharged at its origin's gudang
    unless the scenario wants them refused (`data.refusal`: E1 no manifest, E7 not there)."""

    def seed(self, data: ScenarioData, at: datetime) -> None: ...


class TestClock(Protocol):
    """The simulator's clock in demo and test mode: the pack compresses time by moving it."""

    def now(self) -> datetime: ...

    def set(self, at: datetime, frozen: bool = False) -> None: ...

    def advance(self, by: timedelta) -> None: ...


class PushRedelivery(Protocol):
    def redeliver(self, request_id: str, at: datetime) -> int:
        """The request's latest decision event queued again for every callback it went to, with
        the same event id (a duplicate delivery); how many deliveries were queued."""
