"""The conformance pack's vocabulary, shared by the engine (catalogue, grading, the run), the
channels that observe and inject faults, and the report writers (JSON, JUnit XML, HTML).

Texts a person reads (titles, what the simulator does, what the client must do, what a check
expected) are catalogue keys of `app/adapters/locale/*/conformance.po`, rendered per language by
the report; rule IDs and protocol clauses are never translated.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class Protocol(StrEnum):
    SOAP11 = "soap11"
    SOAP12 = "soap12"
    H2H = "h2h"
    REST = "rest"


class Outcome(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    NOT_ATTEMPTED = "not_attempted"
    RUNNING = "running"  # started, not finished yet (a report taken mid-run shows it)


class Fault(StrEnum):
    """What the simulator does to the exchange for a scenario."""

    LATENCY = "latency"  # the reply is held back (seconds in the scenario's parameters)
    DROP_AFTER_COMMIT = "drop_after_commit"  # the work is committed, the reply never arrives
    UNAVAILABLE = "unavailable"  # 503 before anything is done
    TRUNCATED_REPLY = "truncated_reply"  # the reply is cut short (after commit)
    MALFORMED_REPLY = "malformed_reply"  # the reply is not well-formed XML / JSON
    DUPLICATE_DELIVERY = "duplicate_delivery"  # a response (poll or push) is delivered twice
    OUTAGE = "outage"  # the service is down long enough for the manual procedure (F1)


class Action(StrEnum):
    """What a message means in the procedure, whatever the protocol's name for it."""

    SUBMIT = "submit"
    CANCEL = "cancel"
    POLL_RESPONSE = "poll_response"  # the applicant's (origin's) response poll
    POLL_DESTINATION = "poll_destination"  # the destination's response poll
    POLL_CANCELLATION = "poll_cancellation"
    ON_DEMAND = "on_demand"  # a response asked for again by number / reference
    GATE_REPORT = "gate_report"
    OUT_OF_HOURS_NOTICE = "out_of_hours_notice"
    CHANGE_PASSWORD = "change_password"  # noqa: S105 (an action name, not a secret)
    LOGIN = "login"
    LOOKUP = "lookup"  # BC 1.1, SPPB, status and other reads
    PUSH = "push"  # simulator -> client: a callback delivery
    OTHER = "other"


class Direction(StrEnum):
    CLIENT = "client"  # the client under test called the simulator
    SIMULATOR = "simulator"  # the simulator called the client (push) or acted as an officer


@dataclass(frozen=True)
class Observed:
    """One message of the exchange, as kept for evidence (credentials masked, bodies bounded)."""

    seq: int
    at: datetime
    direction: Direction
    protocol: Protocol
    operation: str  # the wire name: UploadMohonPLP, /h2h/v1/..., POST /api/v1/plp-requests
    action: Action
    ref_number: str | None = None
    containers: tuple[str, ...] = ()
    status: int | None = None  # HTTP status the client got (None: dropped)
    result: str = ""  # KD_RES, result string, envelope code or problem type, short
    fault: Fault | None = None
    request: str = ""  # excerpt of what was sent
    reply: str = ""  # excerpt of what was answered
    details: Mapping[str, str] = field(default_factory=dict)  # e.g. gate codes, seals, times


@dataclass(frozen=True)
class ScenarioSpec:
    """One numbered scenario of the pack (`PLP-01`...)."""

    id: str
    key: str  # catalogue prefix: <key>.title, <key>.simulator, <key>.client
    rule: str  # rule IDs and/or protocol clauses it proves, e.g. "R3; TPS Online §2.4"
    protocols: frozenset[Protocol]
    faults: tuple[Fault, ...] = ()
    quirks_only: bool = False  # listed only in runs with the DJBC quirks switch on
    params: Mapping[str, str] = field(default_factory=dict)  # stated limits, e.g. min poll gap


@dataclass(frozen=True)
class Check:
    """One expectation of a scenario, and what the evidence showed."""

    key: str  # catalogue key of what was expected
    passed: bool
    expected: str  # machine-readable summary, not translated (e.g. "REF_NUMBER == X")
    observed: str  # what the evidence showed (e.g. "REF_NUMBER Y at #12")
    rule: str
    evidence: tuple[int, ...] = ()  # seq of the messages that decided it


@dataclass(frozen=True)
class ScenarioResult:
    scenario: ScenarioSpec
    outcome: Outcome
    checks: tuple[Check, ...] = ()
    messages: tuple[Observed, ...] = ()
    started_at: datetime | None = None
    finished_at: datetime | None = None
    data: Mapping[str, str] = field(default_factory=dict)  # the goods/numbers given to the client
    quirks: tuple[str, ...] = ()  # DJBC quirks reproduced during the scenario (names)


@dataclass(frozen=True)
class RunReport:
    run_id: str
    account: str
    tps: str
    protocol: Protocol
    quirks: bool
    opened_at: datetime
    results: tuple[ScenarioResult, ...]
    finished_at: datetime | None = None

    def count(self, outcome: Outcome) -> int:
        return sum(1 for r in self.results if r.outcome is outcome)
