"""Orders the use cases carry out, as every channel builds them: the PLP procedure, outages,
the manual procedure, reconciliation and out-of-hours moves."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from app.domain.actor import Actor
from app.domain.lines import ContainerSpec, PackageSpec
from app.domain.out_of_hours import AttachmentKind
from app.domain.plp_parts import PlpHeader
from app.domain.plp_request import LineDecision
from app.domain.reasons import PlpReason
from app.domain.seals import ContainerSeals, StatedSeal


@dataclass(frozen=True)
class SubmitPlp:
    actor: Actor
    header: PlpHeader
    containers: tuple[ContainerSpec, ...] = ()
    packages: tuple[PackageSpec, ...] = ()
    load_run: str | None = None  # issue 16.11: filed by a load run (demo and test mode only)


@dataclass(frozen=True)
class RecommendPlp:
    actor: Actor
    request_id: str
    kind: str  # "manifest" or "p2"
    approve: bool
    note: str = ""


@dataclass(frozen=True)
class DecidePlp:
    actor: Actor
    request_id: str
    approve: bool
    reason: str | None = None
    lines: tuple[LineDecision, ...] = ()


@dataclass(frozen=True)
class RecordOriginCheck:
    actor: Actor
    request_id: str
    matched: bool
    seal_numbers: tuple[str, ...] = ()  # old clients: allowed for a one-container request
    note: str = ""
    seals: tuple[ContainerSeals, ...] = ()  # S1: per container
    escorted: bool = False
    escort: str | None = None


@dataclass(frozen=True)
class FollowUpRelease:
    actor: Actor
    request_id: str
    note: str
    outcome: str = "presented_again"  # or cut_to_matching, cancelled
    line_nos: tuple[int, ...] = ()  # cut_to_matching: the lines that match


@dataclass(frozen=True)
class RecordGateOut:
    actor: Actor
    request_id: str
    at: datetime
    line_nos: tuple[int, ...] = ()
    seals: tuple[StatedSeal, ...] = ()  # S1: the customs seals the TPS saw


@dataclass(frozen=True)
class RecordDestinationCheck:
    actor: Actor
    request_id: str
    matched: bool
    seal_opened: bool = True
    note: str = ""
    seals: tuple[ContainerSeals, ...] | None = None  # S1: as found; None: the old body


@dataclass(frozen=True)
class ConcludeInvestigation:
    actor: Actor
    request_id: str
    note: str
    outcome: str = "may_enter"  # or enforcement
    document_number: str | None = None  # enforcement: the penindakan document
    document_date: date | None = None


@dataclass(frozen=True)
class RecordGateIn:
    actor: Actor
    request_id: str
    at: datetime
    line_nos: tuple[int, ...] = ()
    seals: tuple[StatedSeal, ...] = ()  # S1: the customs seals the TPS saw


@dataclass(frozen=True)
class CancelPlp:
    actor: Actor
    request_id: str
    reason: str
    ref_number: str | None = None
    letter_number: str | None = None
    letter_date: date | None = None
    line_nos: tuple[int, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class DecideCancellation:
    """L1: the Kasubsi's answer to a pending cancellation of an approved PLP."""

    actor: Actor
    request_id: str
    number: str  # NO_BATAL_PLP
    approve: bool
    reason: str | None = None


@dataclass(frozen=True)
class DeclareOutage:
    actor: Actor
    office_code: str
    cause: str
    started_at: datetime | None = None  # default: now


@dataclass(frozen=True)
class EndOutage:
    actor: Actor
    outage_id: str


@dataclass(frozen=True)
class PaperDecision:
    approved: bool
    decided_at: datetime
    letter_number: str
    letter_date: date
    reason: str | None = None


@dataclass(frozen=True)
class RecordManualPlp:
    actor: Actor
    office_code: str
    letter_number: str
    letter_date: date
    received_at: datetime
    applicant_tps: str
    origin_tps: str
    origin_gudang: str
    destination_tps: str
    destination_gudang: str
    reason: PlpReason
    bc11_number: str
    bc11_date: date
    applicant_name: str
    containers: tuple[ContainerSpec, ...] = ()
    packages: tuple[PackageSpec, ...] = ()
    decision: PaperDecision | None = None


@dataclass(frozen=True)
class DecideManualPlp:
    actor: Actor
    manual_id: str
    decision: PaperDecision


@dataclass(frozen=True)
class EnterManualPlp:
    actor: Actor
    reconciliation_id: str
    manual_id: str


@dataclass(frozen=True)
class CloseReconciliation:
    actor: Actor
    reconciliation_id: str


@dataclass(frozen=True)
class UploadedFile:
    filename: str
    content_type: str
    content: bytes


@dataclass(frozen=True)
class NotifyOutOfHours:
    actor: Actor
    request_id: str
    planned_start: datetime
    planned_end: datetime
    files: dict[AttachmentKind, UploadedFile] = field(default_factory=dict)
    max_bytes: int = 1024 * 1024


class Movement(StrEnum):
    GATE_OUT = "gate-out"  # M3, at the origin TPS
    GATE_IN = "gate-in"  # M5, at the destination TPS


@dataclass(frozen=True)
class Goods:
    """Containers (NO_CONT) and house B/L or AWB (NO_BL_AWB, TGL_BL_AWB) a message lists."""

    containers: tuple[str, ...] = ()
    packages: tuple[tuple[str, date | None], ...] = ()


@dataclass(frozen=True)
class ReportMovement:
    actor: Actor
    movement: Movement
    plp_number: str
    plp_date: date
    at: datetime
    goods: Goods
    office_code: str | None = None  # KODE_KANTOR; else the reporting TPS's office
    seals: tuple[StatedSeal, ...] = ()  # S1: NO_SEGEL_BC of the listed goods


@dataclass(frozen=True)
class CancelByPlpNumber:
    actor: Actor
    plp_number: str
    plp_date: date
    reason: str
    ref_number: str
    letter_number: str | None = None
    letter_date: date | None = None
    goods: Goods = Goods()
    office_code: str | None = None
