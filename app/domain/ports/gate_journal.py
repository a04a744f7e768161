"""Port of the gate-report journal: every goods item a TPS reported, accepted or flagged."""

from __future__ import annotations

from typing import Protocol

from app.domain.gate_report import JournalLine


class GateJournal(Protocol):
    def add(self, line: JournalLine) -> None: ...

    def accepted(self, tps_code: str, ref_number: str) -> list[JournalLine]:
        """The lines of an earlier report under this reference that were accepted."""
