"""Ports of the PLP request aggregate: its repository and the yearly number series."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Protocol

from app.domain.eligibility import EligibilityFacts, TpsInfo
from app.domain.events import AuditEvent
from app.domain.lines import PlpLine
from app.domain.plp_parts import PlpHeader
from app.domain.plp_request import PlpRequest
from app.domain.queues import ListFilter, Page, QueueSpec


@dataclass(frozen=True)
class PriorSubmission:
    """A request stored under the same applicant and reference number."""

    request_id: str
    fingerprint: str


class PlpRequestRepository(Protocol):
    def add(self, request: PlpRequest) -> None:
        """Store a new request; DuplicateSubmissionError if a unique rule stops it."""

    def get(self, request_id: str, for_update: bool = True) -> PlpRequest | None: ...

    def audit_trail(self, request_id: str) -> list[AuditEvent]: ...

    def get_with_audit(self, request_id: str) -> tuple[PlpRequest, list[AuditEvent]] | None:
        """A request (not for update) and its audit trail, read together."""

    def save(self, request: PlpRequest) -> None:
        """Store changes; ConflictError if someone else changed it since it was read."""

    def gather_facts(
        self, header: PlpHeader, applicant_tps: str, lines: list[PlpLine], facts_base: TpsPair
    ) -> tuple[EligibilityFacts, PriorSubmission | None]:
        """One read of everything the eligibility rules and idempotency need."""

    def find_by_plp_number(
        self, office_code: str, plp_number: str, plp_date: date
    ) -> str | None: ...

    def find_by_ref(self, tps_code: str, ref_number: str) -> str | None: ...

    def holder_of_plp_number(self, office_code: str, plp_number: str, year: int) -> str | None:
        """F3: the request that carries this PLP number in the office and year, if any."""

    def find_cancellation_ref(self, tps_code: str, ref_number: str) -> str | None:
        """L1: the request a cancellation reference of the TPS was used for, if any."""

    def list(self, filters: ListFilter) -> Page: ...

    def queue(self, spec: QueueSpec) -> Page: ...


@dataclass(frozen=True)
class TpsPair:
    origin: TpsInfo
    destination: TpsInfo


class NumberSequence(Protocol):
    def next(self, office_code: str, kind: str, year: int) -> int:
        """The next number of a yearly series per office (PLP numbers, cancellations)."""

    def hold(self, office_code: str, kind: str, year: int) -> None:
        """Lock the series until the transaction ends, taking no number: F3 paper numbers are
        checked and stored while no online approval can take the same one."""
