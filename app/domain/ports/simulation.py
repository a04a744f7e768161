"""Ports of simulation mode (demo and test only)."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from app.domain.simulation import SimulationPolicy


class SimulationStore(Protocol):
    """Where policies live and what the auto-officer finds to do (one transaction per call)."""

    def policies(self) -> dict[str, SimulationPolicy]: ...

    def put_policy(
        self, office_code: str, policy: SimulationPolicy, by: str, at: datetime
    ) -> None: ...

    def remove_policy(self, office_code: str) -> bool: ...

    def waiting(
        self, decision_offices: list[str] | None, check_offices: list[str] | None, limit: int
    ) -> list[str]:
        """Requests in review (decision offices) or approved / gated out (check offices),
        oldest first; None means every office, [] none."""

    def reset_tps(self, tps_code: str) -> dict[str, int]:
        """Delete the requests a TPS filed and its push deliveries; counts per table."""
