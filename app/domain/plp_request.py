"""The PLP request aggregate: one request letter, its lines, and every step of SOP 10."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from app.domain.actor import SYSTEM_ACTOR, Actor, Channel
from app.domain.errors import InvalidInputError, RuleViolationError
from app.domain.events import AuditEvent
from app.domain.lines import PlpLine
from app.domain.messages import msg
from app.domain.plp_movement import MovementSteps
from app.domain.plp_out_of_hours import OutOfHoursSteps
from app.domain.plp_parts import (
    Cancellation,
    Decision,
    DestinationCheck,
    Finding,
    Investigation,
    OriginCheck,
    PlpHeader,
    Recommendation,
)
from app.domain.reasons import ApplicantSide, needs_p2_review
from app.domain.research import ResearchAid
from app.domain.seals import SealRecord
from app.domain.status import ACTIVE, PlpStatus
from app.domain.transit import DEFAULT_TERMS, TransitTerms
from app.domain.transit_watch import TransitSteps

S = PlpStatus
# A request's id is 32 lowercase hex digits (a UUID4): a reader's key in any other form is a
# REF_NUMBER. A reference of this very form is read through the list's ref_number filter.
_REQUEST_ID = re.compile(r"[0-9a-f]{32}")


def new_request_id() -> str:
    return uuid.uuid4().hex


def is_request_id(key: str) -> bool:
    return _REQUEST_ID.fullmatch(key) is not None


@dataclass(frozen=True)
class LineDecision:
    """R3: the Kasubsi's answer for one line (FL_SETUJU Y/T) and why a line is refused."""

    line_no: int
    approved: bool
    reason: str | None = None


@dataclass
class PlpRequest(MovementSteps, TransitSteps, OutOfHoursSteps):
    """A request to move goods between two TPS supervised by one customs office."""

    id: str
    header: PlpHeader
    lines: list[PlpLine]
    applicant_tps: str
    side: ApplicantSide
    channel: Channel
    submitted_at: datetime
    fingerprint: str
    status: PlpStatus = S.IN_REVIEW
    deadline_at: datetime | None = None
    findings: tuple[Finding, ...] = ()
    manifest_rec: Recommendation | None = None
    p2_rec: Recommendation | None = None
    decision: Decision | None = None
    origin_check: OriginCheck | None = None
    destination_check: DestinationCheck | None = None
    investigation: Investigation | None = None
    cancellations: list[Cancellation] = field(default_factory=list)  # L1, oldest first
    version: int = 0
    sla_breached_at: datetime | None = None  # R4: when the breach was recorded
    approval_lapses_at: datetime | None = None  # T1: the terms fixed at approval ...
    transit_hours: int | None = None
    transit_due_at: datetime | None = None  # ... the earliest goods on the road are due
    approval_lapsed_at: datetime | None = None  # T1: when the watch flagged the request
    transit_overdue_at: datetime | None = None
    # R5, computed on arrival for accepted requests; None: not computed (refused on arrival,
    # or stored before the aids existed)
    research_aids: tuple[ResearchAid, ...] | None = None
    seal_chain: list[SealRecord] = field(default_factory=list)  # S1, from the release on
    seal_alert: bool = False  # S1: a seal discrepancy awaits the P2 section
    out_of_hours_notice_at: datetime | None = None  # H1: the latest notice of the origin TPS
    out_of_hours_alert: bool = False  # H1: moved out of hours without notice, for the P2 section
    decision_revision: int = 0  # M2 follow-up: each cut is a new decision response
    revised_at: datetime | None = None  # when the decision was last cut
    load_run: str | None = None  # issue 16.11: filed by a load run, left out of the report
    new_events: list[AuditEvent] = field(default_factory=list, compare=False)

    @property
    def needs_p2(self) -> bool:
        return needs_p2_review(self.header.reason)

    @property
    def missing_recommendations(self) -> list[str]:
        """R1/R2: the recommendations the Kasubsi still waits for."""
        missing = [] if self.manifest_rec else ["manifest"]
        return [*missing, "p2"] if self.needs_p2 and not self.p2_rec else missing

    def blocks_goods(self, line: PlpLine) -> bool:
        """E5: a line keeps its goods out of other requests while the request is open and the
        line still counts (not cancelled, not refused)."""
        return self.status in ACTIVE and not line.cancelled and line.approved is not False

    def accept(self, actor: Actor, deadline_at: datetime | None) -> None:
        """Record the arrival of a complete and correct request (R1/R2 routing, R4 deadline)."""
        self.deadline_at = deadline_at
        routed_to = ["manifest_officer", "p2_officer"] if self.needs_p2 else ["manifest_officer"]
        self._log(actor, self.submitted_at, "submitted", None, S.IN_REVIEW, routed_to=routed_to)

    def refuse(self, actor: Actor, findings: Iterable[Finding]) -> None:
        """E1-E6, A1/A2: a request failing eligibility is kept, rejected, with every finding."""
        self.findings = tuple(findings)
        self._log(actor, self.submitted_at, "submitted", None, S.IN_REVIEW)
        for line in self.lines:
            line.approved = False
            line.reject_reason = _reasons_for(line.line_no, self.findings)
        self._move(
            S.REJECTED,
            actor,
            self.submitted_at,
            "rejected_on_arrival",
            findings=[_finding_detail(f) for f in self.findings],
        )

    def recommend(self, kind: str, actor: Actor, at: datetime, approve: bool, note: str) -> None:
        """R1/R2: the manifest officer (always) and the P2 officer (R1 only) advise."""
        if kind not in ("manifest", "p2"):
            raise InvalidInputError(f"unknown recommendation kind {kind!r}", "kind")
        self._require_status(S.IN_REVIEW, f"give a {kind} recommendation")
        if kind == "p2" and not self.needs_p2:
            raise RuleViolationError(
                "R2",
                msg(
                    "problems.r2.not_routed",
                    "reason {reason} is not routed to P2",
                    reason=self.header.reason,
                ),
            )
        if (self.manifest_rec if kind == "manifest" else self.p2_rec) is not None:
            raise RuleViolationError(
                "R1" if kind == "p2" else "R2",
                msg("problems.r1.already_recommended", "{kind} already recommended", kind=kind),
            )
        rec = Recommendation(kind, actor.username, at, approve, note)
        if kind == "manifest":
            self.manifest_rec = rec
        else:
            self.p2_rec = rec
        self._log(
            actor, at, f"{kind}_recommended", S.IN_REVIEW, S.IN_REVIEW, approve=approve, note=note
        )

    def decide(
        self,
        actor: Actor,
        at: datetime,
        approve: bool,
        reason: str | None,
        line_decisions: Mapping[int, LineDecision],
        plp_number: str | None,
        plp_date: date | None,
        terms: TransitTerms = DEFAULT_TERMS,
    ) -> None:
        """R3: the Kasubsi approves (some or all lines, with a PLP number) or rejects; T1: an
        approval takes the office's transit terms."""
        self._require_status(S.IN_REVIEW, "decide")
        if missing := self.missing_recommendations:
            raise RuleViolationError(
                "R3",
                msg(
                    "problems.r3.waiting",
                    "waiting for the {missing} recommendation",
                    missing=" and ".join(missing),
                ),
            )
        verdicts = _line_verdicts(self.lines, approve, reason, line_decisions)
        # a line cancelled before the decision (L1) cannot carry an approval alone
        approved = any(verdicts[ln.line_no][0] for ln in self.lines if not ln.cancelled)
        if approve and not approved:
            raise RuleViolationError(
                "R3", msg("problems.r3.approve_one", "an approval must approve at least one line")
            )
        for line in self.lines:
            line.approved, line.reject_reason = verdicts[line.line_no]
        number, when = (plp_number, plp_date) if approved else (None, None)
        self.decision = Decision(actor.username, at, approved, number, when, reason)
        if approved:
            self.fix_transit_terms(terms, at)
        self._move(
            S.APPROVED if approved else S.REJECTED,
            actor,
            at,
            "decided",
            plp_number=number,
            reason=reason,
            rejected_lines=[n for n, (ok, _) in verdicts.items() if not ok],
        )
        self.mark_sla_breached(at)  # R4: a late decision is a breach the watch may not have seen

    def mark_sla_breached(self, at: datetime) -> bool:
        """R4: a request still waiting, or decided, past its deadline is breached; logged once."""
        stop = self.decision.at if self.decision else (at if self.status is S.IN_REVIEW else None)
        deadline = self.deadline_at
        if stop is None or deadline is None or self.sla_breached_at or stop <= deadline:
            return False
        self.sla_breached_at = at
        detail = {"deadline_at": deadline.isoformat()}
        self._log(SYSTEM_ACTOR, at, "sla_breached", self.status, self.status, **detail)
        return True


def _line_verdicts(
    lines: list[PlpLine], approve: bool, reason: str | None, decisions: Mapping[int, LineDecision]
) -> dict[int, tuple[bool, str | None]]:
    unknown = sorted(set(decisions) - {ln.line_no for ln in lines})
    if unknown:
        raise RuleViolationError(
            "R3", msg("problems.r3.no_lines", "no lines {lines} in this request", lines=unknown)
        )
    verdicts: dict[int, tuple[bool, str | None]] = {}
    for line in lines:
        d = decisions.get(line.line_no)
        ok = approve if d is None else approve and d.approved
        why = None if ok else ((d.reason if d else None) or reason)
        if not ok and not (why and why.strip()):
            raise RuleViolationError(
                "R3",
                msg(
                    "problems.r3.line_needs_reason",
                    "line {line_no} ({label}) needs a reason",
                    line_no=line.line_no,
                    label=line.label,
                ),
            )
        verdicts[line.line_no] = (ok, why)
    return verdicts


def _reasons_for(line_no: int, findings: tuple[Finding, ...]) -> str:
    own = [f"{f.rule}: {f.detail}" for f in findings if f.line_no == line_no]
    shared = [f"{f.rule}: {f.detail}" for f in findings if f.line_no is None]
    return "; ".join(own or shared) or "refused with the request: other lines fail the rules"


def _finding_detail(f: Finding) -> dict[str, Any]:
    return {"rule": f.rule, "line_no": f.line_no, "detail": f.detail}
