"""Reference data the procedure reads: customs offices and their mode of service."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from app.domain.transit import DEFAULT_TRANSIT_HOURS, TransitTerms


class OfficeMode(StrEnum):
    ONLINE = "online"
    MANUAL = "manual"  # F1/F2: the manual procedure is in force


@dataclass(frozen=True)
class OfficeInfo:
    """A customs office (KD_KANTOR) and how it serves PLP."""

    code: str
    name: str
    timezone: str
    calendar: str = "standard"  # "standard" (section 5) or "24x7"
    observes_collective_leave: bool = True
    mode: OfficeMode = OfficeMode.ONLINE
    manual_since: datetime | None = None
    approval_validity_hours: int | None = None  # T1: None, an approval never lapses
    transit_hours: int = DEFAULT_TRANSIT_HOURS  # T1: gate-out to gate-in, elapsed hours

    @property
    def transit_terms(self) -> TransitTerms:
        return TransitTerms(self.approval_validity_hours, self.transit_hours)
