"""The health monitor's view of a dependency: probes and streaks of failed checks (F1)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class FailureStreak:
    """Consecutive failed checks: the outage starts at the first of them."""

    first_failed_at: datetime
    count: int
    last_error: str

    def then(self, error: str) -> FailureStreak:
        return FailureStreak(self.first_failed_at, self.count + 1, error)
