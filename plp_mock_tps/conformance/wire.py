"""What a TPS system exchanges with DJBC, the same over every protocol of a run (SOAP 1.1,
SOAP 1.2, H2H, REST): the documents it sends, the responses it reads back, and the ways an
exchange fails that a robust client tells apart (no reply, 503, a reply it cannot read)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol


@dataclass(frozen=True)
class Container:
    number: str
    size: str


@dataclass(frozen=True)
class Goods:
    """The goods and numbers the simulator gives a scenario (the run's `data`)."""

    office: str
    tps: str
    gudang: str
    destination_tps: str
    destination_gudang: str
    bc11_number: str
    bc11_date: date
    vessel: str
    voyage: str
    call_sign: str
    arrival_date: date | None
    containers: tuple[Container, ...]
    reason: str = "YOR_SOR"
    yor: float = 72.0
    applicant: str = "MOCK TPS CONFORMANCE"
    letter: str = "CONF/PLP"
    seals: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Submission:
    """One PLP request (LOADPLP / permohonan / REST body) with its REF_NUMBER."""

    goods: Goods
    ref_number: str
    letter_date: date


@dataclass(frozen=True)
class Line:
    container: str
    size: str
    approved: bool


@dataclass(frozen=True)
class Response:
    """A decision on a PLP as the TPS reads it (origin, destination or on demand)."""

    ref_number: str  # empty in a destination's response (it carries no reference)
    plp_number: str
    plp_date: date | None
    lines: tuple[Line, ...]
    reason: str = ""

    @property
    def approved(self) -> tuple[Line, ...]:
        return tuple(ln for ln in self.lines if ln.approved)

    @property
    def rejected(self) -> tuple[Line, ...]:
        return tuple(ln for ln in self.lines if not ln.approved)


@dataclass(frozen=True)
class CancellationResponse:
    ref_number: str
    number: str
    approved: bool


@dataclass(frozen=True)
class GateReport:
    """A PLP gate-out (KD_DOK 3) at the origin or gate-in (KD_DOK 5) at the destination,
    KD_DOK_INOUT 3 (the PLP approval), with the customs seals seen per container (S1)."""

    gate_in: bool
    tps: str
    gudang: str
    ref_number: str
    plp: Response
    at: datetime
    containers: tuple[Line, ...]
    seals: dict[str, tuple[str, ...]]
    office: str


@dataclass(frozen=True)
class Answer:
    """An upload's answer: accepted, or refused with codes (KD_RES, rule ids, H2H codes)."""

    accepted: bool
    codes: tuple[str, ...] = ()
    text: str = ""


class WireError(Exception):
    """The exchange failed before the TPS got an answer it could read."""


class LostError(WireError):
    """No reply: a timeout or the connection closed (the work may have been done)."""


class UnavailableError(WireError):
    """503: nothing was done; try again later."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


# a password change ends the account's sessions; an instance may go on reading the old
# credential version for a moment, so a fresh login is refused once: wait that moment out
SESSION_SETTLE_SECONDS = 1.1


def retry_after(r: Any) -> float | None:
    """A 503's Retry-After in seconds, if it states them."""
    try:
        return float(r.headers.get("Retry-After") or "") or None
    except ValueError:
        return None


class GarbledError(WireError):
    """A reply arrived but cannot be read (cut short or not well-formed)."""


class Wire(Protocol):
    """The TPS's operations over one protocol."""

    protocol: str

    def submit(self, plp: Submission, timeout: float = 30.0) -> Answer: ...

    def poll(self, ref_number: str | None = None) -> list[Response]:
        """The origin's responses; `ref_number`: the one awaited (REST reads by it; the
        services' polls hand over whatever is new for the TPS)."""
        ...

    def on_demand(self, ref_number: str, gudang: str) -> Response | None: ...

    def poll_destination(self) -> list[Response]: ...

    def cancel(self, goods: Goods, plp: Response, ref_number: str) -> Answer: ...

    def poll_cancellation(self, ref_number: str | None = None) -> list[CancellationResponse]: ...

    def gate(self, report: GateReport) -> Answer: ...

    def notify_out_of_hours(self, plp: Response, start: datetime, end: datetime) -> Answer: ...

    def change_password(self, new: str) -> Answer: ...

    def close(self) -> None: ...
