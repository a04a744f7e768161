"""Orders the use cases carry out, as the API and the SOAP adapter build them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from app.domain.actor import Actor
from app.domain.lines import ContainerSpec, PackageSpec
from app.domain.plp_parts import PlpHeader
from app.domain.plp_request import LineDecision


@dataclass(frozen=True)
class SubmitPlp:
    actor: Actor
    header: PlpHeader
    containers: tuple[ContainerSpec, ...] = ()
    packages: tuple[PackageSpec, ...] = ()


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
    seal_numbers: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class FollowUpRelease:
    actor: Actor
    request_id: str
    note: str


@dataclass(frozen=True)
class RecordGateOut:
    actor: Actor
    request_id: str
    at: datetime
    line_nos: tuple[int, ...] = ()


@dataclass(frozen=True)
class RecordDestinationCheck:
    actor: Actor
    request_id: str
    matched: bool
    seal_opened: bool = True
    note: str = ""


@dataclass(frozen=True)
class ConcludeInvestigation:
    actor: Actor
    request_id: str
    note: str


@dataclass(frozen=True)
class RecordGateIn:
    actor: Actor
    request_id: str
    at: datetime
    line_nos: tuple[int, ...] = ()


@dataclass(frozen=True)
class CancelPlp:
    actor: Actor
    request_id: str
    reason: str
    ref_number: str | None = None
    letter_number: str | None = None
    letter_date: date | None = None
    line_nos: tuple[int, ...] = field(default_factory=tuple)
