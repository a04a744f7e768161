"""T1 on the PLP request aggregate: the terms fixed at approval and the two flags of the watch."""

from __future__ import annotations

from datetime import datetime

from app.domain.actor import SYSTEM_ACTOR
from app.domain.plp_state import StateChanges
from app.domain.transit import ON_THE_ROAD, WAITING_FOR_GATE_OUT, TransitTerms


class TransitSteps(StateChanges):
    """Mixed into PlpRequest: the fields below are the aggregate's."""

    approval_lapses_at: datetime | None
    transit_hours: int | None
    transit_due_at: datetime | None
    approval_lapsed_at: datetime | None
    transit_overdue_at: datetime | None

    def fix_transit_terms(self, terms: TransitTerms, approved_at: datetime) -> None:
        """T1: the office's settings when the approval is given bind this request."""
        self.approval_lapses_at = terms.lapses_at(approved_at)
        self.transit_hours = terms.transit_hours

    def approval_has_lapsed(self, now: datetime) -> bool:
        lapses = self.approval_lapses_at
        return lapses is not None and now >= lapses and self.status in WAITING_FOR_GATE_OUT

    def flag_lapsed_approval(self, now: datetime) -> bool:
        """T1: an approval with goods still to gate out, past its validity; flagged once."""
        if self.approval_lapsed_at is not None or not self.approval_has_lapsed(now):
            return False
        assert self.approval_lapses_at is not None
        self.approval_lapsed_at = now
        due = self.approval_lapses_at.isoformat()
        self._log(SYSTEM_ACTOR, now, "approval_lapsed", self.status, self.status, due_at=due)
        return True

    def flag_overdue_transit(self, now: datetime) -> bool:
        """T1: goods gated out and not gated in within the transit time; flagged once, and the
        flag stays when they arrive later (the P2 section asks where they were)."""
        due = self.transit_due_at
        if self.transit_overdue_at is not None or due is None or now < due:
            return False
        if self.status not in ON_THE_ROAD:
            return False
        self.transit_overdue_at = now
        detail = {"due_at": due.isoformat(), "transit_hours": self.transit_hours}
        self._log(SYSTEM_ACTOR, now, "transit_overdue", self.status, self.status, **detail)
        return True
