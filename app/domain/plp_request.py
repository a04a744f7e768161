"""The PLP request aggregate: one request letter, its lines, and every step of SOP 10."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from app.domain.actor import SYSTEM_ACTOR, Actor, Channel
from app.domain.errors import IllegalTransitionError, InvalidInputError, RuleViolationError
from app.domain.events import AuditEvent
from app.domain.lines import PlpLine
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
from app.domain.status import ACTIVE, NEXT, PlpStatus

S = PlpStatus
_MOVED_OUT = frozenset({S.GATED_OUT, S.DISCREPANCY, S.ENTERED, S.GATED_IN})
CLOCK_SKEW = timedelta(minutes=5)  # M6: a TPS clock a little ahead is not "the future"


@dataclass(frozen=True)
class LineDecision:
    """R3: the Kasubsi's answer for one line (FL_SETUJU Y/T) and why a line is refused."""

    line_no: int
    approved: bool
    reason: str | None = None


@dataclass
class PlpRequest:
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
    cancellation: Cancellation | None = None
    version: int = 0
    sla_breached_at: datetime | None = None  # R4: when the breach was recorded
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

    @property
    def moving_lines(self) -> list[PlpLine]:
        return [line for line in self.lines if line.moves]

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
            raise RuleViolationError("R2", f"reason {self.header.reason} is not routed to P2")
        if (self.manifest_rec if kind == "manifest" else self.p2_rec) is not None:
            raise RuleViolationError("R1" if kind == "p2" else "R2", f"{kind} already recommended")
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
    ) -> None:
        """R3: the Kasubsi approves (some or all lines, with a PLP number) or rejects."""
        self._require_status(S.IN_REVIEW, "decide")
        if missing := self.missing_recommendations:
            raise RuleViolationError(
                "R3", f"waiting for the {' and '.join(missing)} recommendation"
            )
        verdicts = _line_verdicts(self.lines, approve, reason, line_decisions)
        # a line cancelled before the decision (L1) cannot carry an approval alone
        approved = any(verdicts[ln.line_no][0] for ln in self.lines if not ln.cancelled)
        if approve and not approved:
            raise RuleViolationError("R3", "an approval must approve at least one line")
        for line in self.lines:
            line.approved, line.reject_reason = verdicts[line.line_no]
        number, when = (plp_number, plp_date) if approved else (None, None)
        self.decision = Decision(actor.username, at, approved, number, when, reason)
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

    def check_at_origin(
        self, actor: Actor, at: datetime, matched: bool, seals: tuple[str, ...], note: str
    ) -> None:
        """M2: match, seal and release; or refuse release and hand back to the manifest officer."""
        self._require_status(S.APPROVED, "record the origin check")
        if not matched and not note.strip():
            raise RuleViolationError("M2", "a refused release needs a note saying why")
        self.origin_check = OriginCheck(actor.username, at, matched, seals, note)
        target = S.RELEASED if matched else S.RELEASE_REFUSED
        self._move(
            target, actor, at, "origin_checked", matched=matched, seals=list(seals), note=note
        )

    def follow_up(self, actor: Actor, at: datetime, note: str) -> None:
        """M2 mismatch: the manifest officer settles it and sends the goods back for a check."""
        self._require_status(S.RELEASE_REFUSED, "follow up the refused release")
        self._move(S.APPROVED, actor, at, "release_followed_up", note=note)

    def gate_out(self, actor: Actor, at: datetime, now: datetime, line_nos: list[int]) -> None:
        """M3 with M1/M6: the gate-out time of released lines; all out makes it GATED_OUT."""
        if self.status in _MOVED_OUT:
            raise IllegalTransitionError(self.id, self.status, "record a gate-out again")
        if self.status is not S.RELEASED:
            rule = "M1" if self.status in (S.IN_REVIEW, S.REJECTED, S.CANCELLED) else "M2"
            raise RuleViolationError(rule, f"request is {self.status}: goods are not released")
        _require_plausible("gate-out", at, now, self._approved_at())
        lines = self._pick(line_nos, lambda ln: ln.gated_out_at is None, "gated out")
        for line in lines:
            line.gated_out_at = at
        self._log(
            actor,
            at,
            "gated_out",
            self.status,
            self.status,
            lines=[ln.line_no for ln in lines],
            time=at.isoformat(),
        )
        if all(ln.gated_out_at for ln in self.moving_lines):
            self._move(S.GATED_OUT, actor, at, "all_gated_out")

    def check_at_destination(
        self, actor: Actor, at: datetime, matched: bool, seal_opened: bool, note: str
    ) -> None:
        """M4: match and open the seal; or note the discrepancy for the P2 section."""
        self._require_status(S.GATED_OUT, "record the destination check")
        if not matched and not note.strip():
            raise RuleViolationError("M4", "a discrepancy needs a note describing it")
        self.destination_check = DestinationCheck(actor.username, at, matched, seal_opened, note)
        target = S.ENTERED if matched else S.DISCREPANCY
        self._move(
            target,
            actor,
            at,
            "destination_checked",
            matched=matched,
            seal_opened=seal_opened,
            note=note,
        )

    def conclude_investigation(self, actor: Actor, at: datetime, note: str) -> None:
        """M4 mismatch: the P2 section closes its investigation and entry may proceed."""
        self._require_status(S.DISCREPANCY, "conclude the investigation")
        self.investigation = Investigation(actor.username, at, note)
        self._move(S.ENTERED, actor, at, "investigation_concluded", note=note)

    def gate_in(self, actor: Actor, at: datetime, now: datetime, line_nos: list[int]) -> None:
        """M5 with M6: the gate-in time at the destination; all in ends the online procedure."""
        if self.status is S.GATED_IN:
            raise IllegalTransitionError(self.id, self.status, "record a gate-in again")
        if self.status is not S.ENTERED:
            rule = "M6" if self.status in (S.APPROVED, S.RELEASED) else "M4"
            raise RuleViolationError(rule, f"request is {self.status}: goods have not entered")
        lines = self._pick(line_nos, lambda ln: ln.gated_in_at is None, "gated in")
        for line in lines:
            assert line.gated_out_at is not None
            _require_plausible("gate-in", at, now, line.gated_out_at, after="its gate-out")
        for line in lines:
            line.gated_in_at = at
        self._log(
            actor,
            at,
            "gated_in",
            self.status,
            self.status,
            lines=[ln.line_no for ln in lines],
            time=at.isoformat(),
        )
        if all(ln.gated_in_at for ln in self.moving_lines):
            self._move(S.GATED_IN, actor, at, "all_gated_in")

    def cancel(
        self, actor: Actor, at: datetime, cancellation: Cancellation, line_nos: list[int]
    ) -> list[int]:
        """L1: cancel lines (default: all) before any gate-out; no live line left cancels all."""
        if any(ln.gated_out_at for ln in self.lines):
            raise RuleViolationError("L1", "goods have already gated out: cannot cancel")
        if S.CANCELLED not in NEXT[self.status]:
            raise IllegalTransitionError(self.id, self.status, "cancel")
        lines = self._pick(line_nos, lambda ln: ln.approved is not False, "cancelled")
        for line in lines:
            line.cancelled = True
        self.cancellation = cancellation
        numbers = [ln.line_no for ln in lines]
        left = [ln for ln in self.lines if not ln.cancelled and ln.approved is not False]
        target = self.status if left else S.CANCELLED
        self._move(
            target,
            actor,
            at,
            "cancelled",
            lines=numbers,
            reason=cancellation.reason,
            number=cancellation.number,
        )
        return numbers

    def _approved_at(self) -> datetime:
        assert self.decision is not None
        return self.decision.at

    def _pick(self, line_nos: list[int], open_: Any, verb: str) -> list[PlpLine]:
        candidates = [ln for ln in self.lines if not ln.cancelled and open_(ln)]
        if verb != "cancelled":
            candidates = [ln for ln in candidates if ln.moves]
        if not line_nos:
            return candidates
        by_no = {ln.line_no: ln for ln in candidates}
        unknown = sorted(set(line_nos) - set(by_no))
        if unknown:
            raise IllegalTransitionError(self.id, self.status, f"{verb} lines {unknown} again")
        return [by_no[n] for n in sorted(set(line_nos))]

    def _require_status(self, status: PlpStatus, action: str) -> None:
        if self.status is not status:
            raise IllegalTransitionError(self.id, self.status, action)

    def _move(
        self, target: PlpStatus, actor: Actor, at: datetime, action: str, **detail: Any
    ) -> None:
        if target is not self.status and target not in NEXT[self.status]:
            raise IllegalTransitionError(self.id, self.status, action)
        before, self.status = self.status, target
        self._log(actor, at, action, before, target, **detail)

    def _log(
        self,
        actor: Actor,
        at: datetime,
        action: str,
        before: PlpStatus | None,
        after: PlpStatus | None,
        **detail: Any,
    ) -> None:
        self.new_events.append(AuditEvent.by(actor, at, action, before, after, **detail))


def _require_plausible(
    what: str, at: datetime, now: datetime, earliest: datetime, after: str = "the approval"
) -> None:
    """M6: movement times are neither in the future nor before what must precede them."""
    if at > now + CLOCK_SKEW:
        raise RuleViolationError("M6", f"{what} time {at.isoformat()} is in the future")
    if at < earliest:
        raise RuleViolationError("M6", f"{what} time {at.isoformat()} is before {after}")
    if at == earliest and what == "gate-in":
        raise RuleViolationError("M6", f"gate-in time {at.isoformat()} is not after {after}")


def _line_verdicts(
    lines: list[PlpLine], approve: bool, reason: str | None, decisions: Mapping[int, LineDecision]
) -> dict[int, tuple[bool, str | None]]:
    unknown = sorted(set(decisions) - {ln.line_no for ln in lines})
    if unknown:
        raise RuleViolationError("R3", f"no lines {unknown} in this request")
    verdicts: dict[int, tuple[bool, str | None]] = {}
    for line in lines:
        d = decisions.get(line.line_no)
        ok = approve if d is None else approve and d.approved
        why = None if ok else ((d.reason if d else None) or reason)
        if not ok and not (why and why.strip()):
            raise RuleViolationError("R3", f"line {line.line_no} ({line.label}) needs a reason")
        verdicts[line.line_no] = (ok, why)
    return verdicts


def _reasons_for(line_no: int, findings: tuple[Finding, ...]) -> str:
    own = [f"{f.rule}: {f.detail}" for f in findings if f.line_no == line_no]
    shared = [f"{f.rule}: {f.detail}" for f in findings if f.line_no is None]
    return "; ".join(own or shared) or "refused with the request: other lines fail the rules"


def _finding_detail(f: Finding) -> dict[str, Any]:
    return {"rule": f.rule, "line_no": f.line_no, "detail": f.detail}
