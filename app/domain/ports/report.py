"""Ports of the monthly report (L3)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Protocol

from app.domain.report import DeadlineEvent, DecisionEvent, EventCount, GateInEvent


class MonthlyReportSource(Protocol):
    """What the report reads, between two instants, for one office."""

    def event_counts(
        self, office_code: str, start: datetime, end: datetime
    ) -> Iterable[EventCount]:
        """Counts of COUNTED_ACTIONS, grouped by origin TPS, reason, action and new status."""

    def decisions(
        self, office_code: str, start: datetime, end: datetime
    ) -> Iterable[DecisionEvent]:
        """Every DECISION_ACTIONS event, streamed."""

    def rejections_by_rule(
        self, office_code: str, start: datetime, end: datetime
    ) -> Iterable[tuple[str, int]]:
        """Requests submitted in the period and rejected on arrival, per rule they failed."""

    def gate_ins(self, office_code: str, start: datetime, end: datetime) -> Iterable[GateInEvent]:
        """Every request whose last line gated in (M5) in the period, streamed."""

    def load_run_requests(self, office_code: str, start: datetime, end: datetime) -> int:
        """Requests submitted in the period by load runs (issue 16.11): every other read
        leaves them out."""

    def deadlines(
        self, office_code: str, start: datetime, end: datetime
    ) -> Iterable[DeadlineEvent]:
        """Requests whose deadline fell in the period and that were not decided by it: decided
        later, or still in review (withdrawn ones owe no service). Streamed."""
