"""Value objects a PLP request is made of: its header and the records of each step."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from app.domain.messages import Message
from app.domain.reasons import ApplicantSide, PlpReason
from app.domain.seals import ContainerSeals


class DataType(StrEnum):
    """TIPE_DATA of the legacy interface."""

    NEW = "1"
    MANUAL = "2"  # F3/L2: a manual PLP entered afterwards by reconciliation


@dataclass(frozen=True)
class PlpHeader:
    """What the applicant states in the request letter (LOADPLP HEADER)."""

    office_code: str
    ref_number: str
    letter_number: str
    letter_date: date
    origin_tps: str
    origin_gudang: str
    destination_tps: str
    destination_gudang: str
    reason: PlpReason
    bc11_number: str
    bc11_date: date
    applicant_name: str
    yor_origin: float | None = None
    sor_origin: float | None = None
    yor_destination: float | None = None
    vessel_name: str | None = None
    call_sign: str | None = None
    voyage: str | None = None
    arrival_date: date | None = None
    reason_code: str | None = None  # KD_ALASAN_PLP as sent over the legacy interface
    data_type: DataType = DataType.NEW
    # R5, STAGNATION (SOP 5.a.6): the head of office's letter judging that stagnation may occur
    judgement_number: str | None = None
    judgement_date: date | None = None

    def side_of(self, tps_code: str) -> ApplicantSide | None:
        if tps_code == self.origin_tps:
            return ApplicantSide.ORIGIN
        if tps_code == self.destination_tps:
            return ApplicantSide.DESTINATION
        return None


@dataclass(frozen=True)
class Finding:
    """One failed eligibility rule, for the whole request or for one line. `detail` is the
    English every wire contract carries; `key` and `params` word it in another language
    (issue 18; findings stored before them have none and keep their English)."""

    rule: str
    detail: str
    line_no: int | None = None
    key: str | None = None
    params: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:  # stored as JSON lists: back to pairs
        object.__setattr__(self, "params", tuple((str(k), str(v)) for k, v in self.params))

    @classmethod
    def of(cls, rule: str, message: Message, line_no: int | None = None) -> Finding:
        params = tuple((k, str(v)) for k, v in message.params.items())
        return cls(rule, message.text, line_no, message.key, params)

    def worded(self, tr: Callable[..., str]) -> str:
        return tr(self.key, **dict(self.params)) if self.key else self.detail


@dataclass(frozen=True)
class Recommendation:
    """R1/R2: a researching officer's advice to the Kasubsi."""

    kind: str  # "manifest" or "p2"
    by: str
    at: datetime
    approve: bool
    note: str


@dataclass(frozen=True)
class Decision:
    """R3: the Kasubsi Manifes's final answer."""

    by: str
    at: datetime
    approved: bool
    plp_number: str | None
    plp_date: date | None
    reason: str | None


@dataclass(frozen=True)
class OriginCheck:
    """M2: the origin supervisor's match of the goods against the approval; on a release the
    seals put on per container (S1) and/or the escort."""

    by: str
    at: datetime
    matched: bool
    seal_numbers: tuple[str, ...]  # every number of `seals`, as stored before S1
    note: str
    seals: tuple[ContainerSeals, ...] = ()
    escorted: bool = False
    escort: str | None = None  # who escorts (an officer, a unit), when stated


@dataclass(frozen=True)
class DestinationCheck:
    """M4: the destination supervisor's match on arrival, with each container's seals found."""

    by: str
    at: datetime
    matched: bool
    seal_opened: bool
    note: str
    seals: tuple[ContainerSeals, ...] = ()


@dataclass(frozen=True)
class Investigation:
    """M4 mismatch or S1 alert: the P2 section's conclusion, `may_enter` or `enforcement`
    (penindakan, with its document, the goods held at the destination)."""

    by: str
    at: datetime
    note: str
    outcome: str = "may_enter"
    document_number: str | None = None
    document_date: dt.date | None = None


class CancellationState(StrEnum):
    """L1: a cancellation of an approved PLP waits for the Kasubsi's decision."""

    PENDING = "PENDING"
    APPROVED = "APPROVED"  # persetujuan pembatalan: the named lines are cancelled
    REFUSED = "REFUSED"  # the PLP stays as it was


@dataclass(frozen=True)
class Cancellation:
    """L1: the applicant withdraws an undecided request (at once) or asks to cancel an
    approval before gate-out (decided by the Kasubsi). Each cancellation is a record of its
    own; stored ones from before the decision existed read as approved."""

    by: str
    at: datetime
    reason: str
    number: str  # NO_BATAL_PLP
    date: dt.date  # TGL_BATAL_PLP ("dt.": the field's name hides the type below it)
    ref_number: str | None
    letter_number: str | None
    letter_date: dt.date | None
    line_nos: tuple[int, ...] = ()  # the lines it names
    state: CancellationState = CancellationState.APPROVED
    decided_by: str | None = None
    decided_at: datetime | None = None
    decision_reason: str | None = None
    to_destination: bool = False  # the destination was told of the approval: it gets the answer

    @property
    def pending(self) -> bool:
        return self.state is CancellationState.PENDING

    @property
    def approved(self) -> bool:
        return self.state is CancellationState.APPROVED
