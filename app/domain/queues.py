"""Lists and work queues: what each role waits for (R1-R3, M1-M5), as criteria adapters query."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from app.domain.actor import Actor, Role
from app.domain.status import PlpStatus

S = PlpStatus


class Condition(StrEnum):
    MANIFEST_REC_MISSING = "manifest_rec_missing"
    P2_REC_MISSING = "p2_rec_missing"  # only requests routed to P2 (R1)
    RECOMMENDATIONS_COMPLETE = "recommendations_complete"  # R3
    ORIGIN_SUPERVISED = "origin_supervised"  # and not lapsed (T1): it cannot be released
    DESTINATION_SUPERVISED = "destination_supervised"
    TPS_MOVES_OUT = "tps_moves_out"  # the applicant or the origin TPS records gate-out (not lapsed)
    TPS_MOVES_IN = "tps_moves_in"  # the applicant or the destination TPS records gate-in
    APPROVAL_LAPSED = "approval_lapsed"  # T1: flagged by the transit watch
    TRANSIT_OVERDUE = "transit_overdue"  # T1: flagged by the transit watch
    SEAL_ALERT = "seal_alert"  # S1: a gate report stated a seal that differs from the release
    OUT_OF_HOURS_NOTICE = "out_of_hours_notice"  # H1: the origin TPS announced the move
    OUT_OF_HOURS_MOVE = "out_of_hours_move"  # H1: moved out of hours without the notice
    CANCELLATION_PENDING = "cancellation_pending"  # L1: the applicant asks to cancel an approval


@dataclass(frozen=True)
class Clause:
    status: PlpStatus
    condition: Condition | None = None


QUEUES: dict[Role, tuple[Clause, ...]] = {
    Role.MANIFEST_OFFICER: (
        Clause(S.IN_REVIEW, Condition.MANIFEST_REC_MISSING),
        Clause(S.RELEASE_REFUSED),  # M2 mismatch: follow-up
    ),
    Role.P2_OFFICER: (Clause(S.IN_REVIEW, Condition.P2_REC_MISSING),),
    Role.KASUBSI_MANIFEST: (
        Clause(S.IN_REVIEW, Condition.RECOMMENDATIONS_COMPLETE),
        # H1: the notice is addressed to the section head, until the goods have left
        Clause(S.APPROVED, Condition.OUT_OF_HOURS_NOTICE),
        Clause(S.RELEASED, Condition.OUT_OF_HOURS_NOTICE),
        # L1: the cancellation of an approval waits for the Kasubsi's decision
        Clause(S.APPROVED, Condition.CANCELLATION_PENDING),
        Clause(S.RELEASE_REFUSED, Condition.CANCELLATION_PENDING),
        Clause(S.RELEASED, Condition.CANCELLATION_PENDING),
    ),
    Role.ORIGIN_SUPERVISOR: (Clause(S.APPROVED, Condition.ORIGIN_SUPERVISED),),
    Role.DESTINATION_SUPERVISOR: (Clause(S.GATED_OUT, Condition.DESTINATION_SUPERVISED),),
    Role.P2_SECTION: (
        # T1: flagged by the transit watch, until the approval is cancelled or the goods arrive
        Clause(S.APPROVED, Condition.APPROVAL_LAPSED),
        Clause(S.RELEASE_REFUSED, Condition.APPROVAL_LAPSED),
        Clause(S.RELEASED, Condition.APPROVAL_LAPSED),
        Clause(S.RELEASED, Condition.TRANSIT_OVERDUE),
        Clause(S.GATED_OUT, Condition.TRANSIT_OVERDUE),
        Clause(S.ENTERED, Condition.TRANSIT_OVERDUE),
        Clause(S.DISCREPANCY),  # M4: investigate
        Clause(S.HELD),  # M4 enforcement: until the P2 section lets the goods enter
        Clause(S.RELEASED, Condition.SEAL_ALERT),  # S1: part of the goods gated out
        Clause(S.GATED_OUT, Condition.SEAL_ALERT),
        Clause(S.ENTERED, Condition.SEAL_ALERT),
        Clause(S.GATED_IN, Condition.SEAL_ALERT),
        Clause(S.APPROVED, Condition.OUT_OF_HOURS_NOTICE),  # H1: its copy of the notice
        Clause(S.RELEASED, Condition.OUT_OF_HOURS_NOTICE),
        Clause(S.RELEASED, Condition.OUT_OF_HOURS_MOVE),  # H1: until the P2 section concludes
        Clause(S.GATED_OUT, Condition.OUT_OF_HOURS_MOVE),
        Clause(S.ENTERED, Condition.OUT_OF_HOURS_MOVE),
        Clause(S.GATED_IN, Condition.OUT_OF_HOURS_MOVE),
    ),
    Role.TPS_OPERATOR: (
        Clause(S.RELEASED, Condition.TPS_MOVES_OUT),
        Clause(S.ENTERED, Condition.TPS_MOVES_IN),
    ),
}


@dataclass(frozen=True)
class Scope:
    """The requests an account may see: its office, its TPS, or all (admin)."""

    office_code: str | None = None
    tps_code: str | None = None
    supervised_tps: frozenset[str] = frozenset()

    @classmethod
    def of(cls, actor: Actor) -> Scope:
        if actor.role is Role.TPS_OPERATOR:
            return cls(tps_code=actor.tps_code or "-")
        if actor.role in (Role.ADMIN, Role.SYSTEM):
            return cls()
        return cls(office_code=actor.office_code or "-", supervised_tps=actor.supervised_tps)


@dataclass(frozen=True)
class ListFilter:
    scope: Scope
    statuses: tuple[PlpStatus, ...] = ()
    tps_code: str | None = None  # origin or destination
    reason: str | None = None
    submitted_from: date | None = None
    submitted_to: date | None = None
    limit: int = 50
    after: tuple[datetime, str] | None = None  # cursor: (submitted_at, id) of the last item
    # the applicant's REF_NUMBER; a TPS finds only the references it filed itself, as another
    # TPS's numbers are that TPS's keys, not its own
    ref_number: str | None = None


class QueueSort(StrEnum):
    URGENCY = "urgency"  # R4: earliest deadline first, so breached and at-risk requests lead
    OLDEST = "oldest"  # submitted first
    NEWEST = "newest"  # submitted last


# Conditions that tie a queue to one account's TPS; a section head sees the office's whole queue.
_ACCOUNT_BOUND = frozenset(
    {
        Condition.ORIGIN_SUPERVISED,
        Condition.DESTINATION_SUPERVISED,
        Condition.TPS_MOVES_OUT,
        Condition.TPS_MOVES_IN,
    }
)


@dataclass(frozen=True)
class QueueSpec:
    scope: Scope
    clauses: tuple[Clause, ...]
    limit: int = 50
    after: tuple[datetime, str] | None = None  # cursor: the sort key and id of the last item
    sort: QueueSort = QueueSort.URGENCY
    tps_code: str | None = None  # origin or destination
    reason: str | None = None
    sla: str | None = None  # an SlaState value (R4); the database narrows, the service decides
    now: datetime | None = None  # needed with `sla`

    @classmethod
    def for_actor(cls, actor: Actor, limit: int, after: tuple[datetime, str] | None) -> QueueSpec:
        return cls(Scope.of(actor), QUEUES.get(actor.role, ()), limit, after)

    @classmethod
    def office_wide(cls, role: Role, office_code: str, limit: int) -> QueueSpec:
        """Everything waiting for a role at an office, whichever account of the role holds it."""
        clauses = tuple(
            Clause(c.status, None if c.condition in _ACCOUNT_BOUND else c.condition)
            for c in QUEUES.get(role, ())
        )
        return cls(Scope(office_code=office_code), clauses, limit)

    def cursor_key(self, item: PlpSummary) -> tuple[datetime, str]:
        if self.sort is QueueSort.URGENCY:
            return item.deadline_at or item.submitted_at, item.id
        return item.submitted_at, item.id


@dataclass(frozen=True)
class PlpSummary:
    """One row of a list or queue."""

    id: str
    ref_number: str
    status: PlpStatus
    office_code: str
    applicant_tps: str
    origin_tps: str
    destination_tps: str
    reason: str
    channel: str
    submitted_at: datetime
    deadline_at: datetime | None
    plp_number: str | None
    line_count: int
    # R5, queues only: the code of each research aid that did not pass; None: not computed
    research_open: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Page:
    items: list[PlpSummary] = field(default_factory=list)
    next_after: tuple[datetime, str] | None = None
