"""F3/L2 rekonsiliasi PLP: after a manual period every paper PLP must exist in the system."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from app.domain.actor import Channel
from app.domain.manual_plp import ManualPlp, paper_plp_number
from app.domain.plp_parts import DataType
from app.domain.plp_request import PlpRequest


class ReconciliationStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


@dataclass(frozen=True)
class Reconciliation:
    """The reconciliation of one manual period: from the switch (F1) to the outage's end (F3)."""

    id: str
    outage_id: str
    office_code: str
    period_from: datetime
    period_to: datetime
    opened_at: datetime
    status: ReconciliationStatus = ReconciliationStatus.OPEN
    closed_at: datetime | None = None
    closed_by: str | None = None


@dataclass(frozen=True)
class ReconciliationItem:
    """One paper PLP of the period and what the system holds for it."""

    manual: ManualPlp
    request: PlpRequest | None
    mismatches: tuple[str, ...]

    @property
    def matched(self) -> bool:
        return not self.mismatches


def compare(manual: ManualPlp, request: PlpRequest | None) -> tuple[str, ...]:
    """L2: what differs between the paper record and the request entered for it."""
    if request is None:
        return ("not entered into the system yet",)
    h = request.header
    found: list[str] = []
    if h.data_type is not DataType.MANUAL or request.channel is not Channel.MANUAL:
        found.append("the request is not marked manual (TIPE_DATA 2)")
    paper = (manual.letter_number, manual.letter_date, manual.origin_tps, manual.destination_tps)
    if (h.letter_number, h.letter_date, h.origin_tps, h.destination_tps) != paper:
        found.append("letter or TPS differ")
    if frozenset(line.key for line in request.lines) != manual.line_keys:
        found.append("containers or packages differ")
    found += _decision_mismatch(manual, request)
    return tuple(found)


def _decision_mismatch(manual: ManualPlp, request: PlpRequest) -> list[str]:
    paper = manual.decision
    if paper is None:
        return []  # decided online after the system came back: nothing on paper to compare
    if request.decision is None:
        return ["the paper decision is not in the system"]
    if request.decision.approved != paper.approved:
        return ["the decision differs from the paper one"]
    number = paper_plp_number(paper.letter_number)  # None: recorded before F3 kept numbers
    kept = (request.decision.plp_number, request.decision.plp_date)
    if paper.approved and number is not None and kept != (number, paper.letter_date):
        return ["the PLP number or date differs from the paper approval (F3)"]
    return []
