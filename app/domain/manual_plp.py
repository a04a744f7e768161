"""PLP requests handled on paper while the manual procedure is in force (F2), kept for F3/L2."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime

from app.domain.errors import IllegalTransitionError, RuleViolationError
from app.domain.lines import ContainerSpec, PackageSpec, line_key
from app.domain.messages import msg
from app.domain.plp_parts import DataType, PlpHeader
from app.domain.reasons import PlpReason

PLP_NUMBER = re.compile(r"[0-9]{1,6}")


def paper_plp_number(letter_number: str) -> str | None:
    """F3: an approval on paper is the PLP, and its number the NO_PLP it keeps: the legacy six
    digits, zero-padded as the office's online numbers are. None if it cannot be one."""
    number = letter_number.strip()
    return number.zfill(6) if PLP_NUMBER.fullmatch(number) else None


@dataclass(frozen=True)
class ManualDecision:
    """R3 on paper: the Kasubsi's signed answer, as an officer transcribes it."""

    approved: bool
    decided_at: datetime
    letter_number: str  # the number of the approval or rejection letter
    letter_date: date
    reason: str | None
    recorded_by: str

    def __post_init__(self) -> None:
        if not self.approved and not (self.reason and self.reason.strip()):
            raise RuleViolationError(
                "R3", msg("problems.r3.rejection_needs_reason", "a rejection needs a reason")
            )


@dataclass(frozen=True)
class ManualPlp:
    """One request letter received on paper, with its decision once there is one."""

    id: str
    outage_id: str
    office_code: str
    letter_number: str
    letter_date: date
    received_at: datetime  # R4 counts from here, as for an online arrival
    applicant_tps: str
    origin_tps: str
    origin_gudang: str
    destination_tps: str
    destination_gudang: str
    reason: PlpReason
    bc11_number: str
    bc11_date: date
    applicant_name: str
    containers: tuple[ContainerSpec, ...]
    packages: tuple[PackageSpec, ...]
    recorded_by: str
    recorded_at: datetime
    decision: ManualDecision | None = None
    request_id: str | None = None  # F3: the request it became in the system
    entered_at: datetime | None = None
    entered_by: str | None = None

    @property
    def line_keys(self) -> frozenset[str]:
        specs: list[ContainerSpec | PackageSpec] = [*self.containers, *self.packages]
        return frozenset(line_key(spec) for spec in specs)

    def decide(self, decision: ManualDecision) -> ManualPlp:
        if self.decision is not None:
            raise RuleViolationError(
                "R3",
                msg(
                    "problems.r3.manual_decided",
                    "manual PLP {manual_id} is already decided",
                    manual_id=self.id,
                ),
            )
        if self.request_id is not None:
            raise IllegalTransitionError(self.id, "entered", "record a paper decision")
        return replace(self, decision=decision)

    def header(self) -> PlpHeader:
        """L2: the request as the system would have received it, marked TIPE_DATA 2."""
        return PlpHeader(
            office_code=self.office_code,
            ref_number=f"MANUAL-{self.id}",
            letter_number=self.letter_number,
            letter_date=self.letter_date,
            origin_tps=self.origin_tps,
            origin_gudang=self.origin_gudang,
            destination_tps=self.destination_tps,
            destination_gudang=self.destination_gudang,
            reason=self.reason,
            bc11_number=self.bc11_number,
            bc11_date=self.bc11_date,
            applicant_name=self.applicant_name,
            data_type=DataType.MANUAL,
        )
