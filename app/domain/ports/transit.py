"""Port of the T1 transit watch: the requests it must flag, read without scanning history."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol


class TransitWatch(Protocol):
    def lapsing(self, now: datetime, limit: int) -> list[str]:
        """T1: approvals still waiting for gate-out past their validity, not yet flagged."""

    def overdue(self, now: datetime, limit: int) -> list[str]:
        """T1: requests with goods on the road past their transit time, not yet flagged."""
