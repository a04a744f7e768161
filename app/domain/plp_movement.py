"""The movement of an approved request (SOP 10.b-10.g, M1-M6) and its cancellation (L1):
the steps of the PLP request aggregate after the decision."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from app.domain.actor import SYSTEM_ACTOR, Actor
from app.domain.errors import (
    ConflictError,
    IllegalTransitionError,
    InvalidInputError,
    RuleViolationError,
)
from app.domain.lines import PlpLine
from app.domain.messages import Message, msg
from app.domain.plp_outcomes import OutcomeSteps
from app.domain.plp_parts import (
    Cancellation,
    CancellationState,
    Decision,
    DestinationCheck,
    Investigation,
    OriginCheck,
)
from app.domain.plp_seals import SealSteps
from app.domain.seals import ContainerSeals, release_seals
from app.domain.status import NEXT, PlpStatus
from app.domain.transit import require_valid_approval, transit_due

S = PlpStatus
_MOVED_OUT = frozenset({S.GATED_OUT, S.DISCREPANCY, S.ENTERED, S.GATED_IN, S.HELD})
CLOCK_SKEW = timedelta(minutes=5)  # M6: a TPS clock a little ahead is not "the future"


class MovementSteps(SealSteps, OutcomeSteps):
    """M1-M6 and L1, mixed into PlpRequest: the fields below are the aggregate's."""

    lines: list[PlpLine]
    decision: Decision | None
    origin_check: OriginCheck | None
    destination_check: DestinationCheck | None
    investigation: Investigation | None
    cancellations: list[Cancellation]
    approval_lapses_at: datetime | None  # T1 (transit_watch.py)
    transit_hours: int | None
    transit_due_at: datetime | None

    @property
    def moving_lines(self) -> list[PlpLine]:
        return [line for line in self.lines if line.moves]

    @property
    def cancellation(self) -> Cancellation | None:
        """L1: the latest cancellation, whatever its state."""
        return self.cancellations[-1] if self.cancellations else None

    @property
    def pending_cancellation(self) -> Cancellation | None:
        """L1: the cancellation waiting for the Kasubsi, if any (one at a time)."""
        latest = self.cancellation
        return latest if latest is not None and latest.pending else None

    def check_at_origin(
        self,
        actor: Actor,
        at: datetime,
        matched: bool,
        seals: tuple[str | ContainerSeals, ...],
        note: str,
        escorted: bool = False,
        escort: str | None = None,
    ) -> None:
        """M2: match, seal and/or escort, and release; or refuse release and hand back to the
        manifest officer. `seals` per container, or the flat numbers of old clients (S1)."""
        self._require_status(S.APPROVED, "record the origin check")
        require_valid_approval(self.approval_lapses_at, at, "release")
        if not matched and not note.strip():
            raise RuleViolationError(
                "M2",
                msg("problems.m2.refusal_needs_note", "a refused release needs a note saying why"),
            )
        per_container = tuple(s for s in seals if isinstance(s, ContainerSeals))
        flat = tuple(s for s in seals if isinstance(s, str))
        put_on: tuple[ContainerSeals, ...] = ()
        if matched:
            put_on = release_seals(self.lines, per_container, flat, escorted)
        numbers = tuple(n for s in put_on for n in s.numbers)
        escort = (escort or None) if matched and escorted else None
        self.origin_check = OriginCheck(
            actor.username, at, matched, numbers, note, put_on, matched and escorted, escort
        )
        self._start_chain(actor, at, put_on)
        target = S.RELEASED if matched else S.RELEASE_REFUSED
        self._move(
            target,
            actor,
            at,
            "origin_checked",
            matched=matched,
            seals=[{"container": s.container, "numbers": list(s.numbers)} for s in put_on],
            escorted=matched and escorted,
            escort=escort,
            note=note,
        )

    def gate_out(self, actor: Actor, at: datetime, now: datetime, line_nos: list[int]) -> None:
        """M3 with M1/M6: the gate-out time of released lines; all out makes it GATED_OUT."""
        if self.status in _MOVED_OUT:
            raise IllegalTransitionError(self.id, self.status, "record a gate-out again")
        if self.status is not S.RELEASED:
            rule = "M1" if self.status in (S.IN_REVIEW, S.REJECTED, S.CANCELLED) else "M2"
            raise RuleViolationError(
                rule,
                msg(
                    "problems.m1.not_released",
                    "request is {status}: goods are not released",
                    status=self.status,
                ),
            )
        _require_plausible("gate-out", at, now, self._approved_at())
        released_at = self._released_at()  # M6: the goods leave once released (M2), not before
        after = msg("problems.m6.after_release", "the release (M2)")
        _require_plausible("gate-out", at, now, released_at, after=after)
        require_valid_approval(self.approval_lapses_at, at, "gate-out")  # after M6: a time first
        lines = self._pick(line_nos, lambda ln: ln.gated_out_at is None, "gated out")
        for line in lines:
            line.gated_out_at = at
        self._schedule_transit()
        self._log(
            actor,
            at,
            "gated_out",
            self.status,
            self.status,
            lines=[ln.line_no for ln in lines],
            time=at.isoformat(),
        )
        if self.pending_cancellation is not None:  # L1: the approval stood; the goods moved
            why = f"L1: the goods gated out at {at.isoformat()} before the decision"
            self._settle_cancellation(SYSTEM_ACTOR, at, False, why)
        if all(ln.gated_out_at for ln in self.moving_lines):
            self._move(S.GATED_OUT, actor, at, "all_gated_out")

    def check_at_destination(
        self,
        actor: Actor,
        at: datetime,
        matched: bool,
        seal_opened: bool,
        note: str,
        seals: tuple[ContainerSeals, ...] | None = None,
    ) -> None:
        """M4 with S1: entry once the goods match and every container's seals are verified
        against the release (or the move was escorted) and opened; else a discrepancy for the
        P2 section. `seals` None: the old body, without the seals found."""
        self._require_status(S.GATED_OUT, "record the destination check")
        if not matched and not note.strip():
            raise RuleViolationError(
                "M4",
                msg(
                    "problems.m4.discrepancy_needs_note", "a discrepancy needs a note describing it"
                ),
            )
        if matched and not seal_opened and self.released_seals:
            raise InvalidInputError(
                msg(
                    "problems.m4.seals_left_closed",
                    "entry opens the seals; seals left closed are a discrepancy: send "
                    "`matched: false` with a note",
                ).with_prefix("M4: "),
                "seal_opened",
                rule="M4",
            )
        found = self._verify_at_destination(actor, at, matched, seals)
        if found and not note.strip():
            note = "; ".join(f"{d['container']}: {d['found']}" for d in found)
        entered = matched and not found
        self.destination_check = DestinationCheck(
            actor.username, at, entered, seal_opened, note, tuple(seals or ())
        )
        self._move(
            S.ENTERED if entered else S.DISCREPANCY,
            actor,
            at,
            "destination_checked",
            matched=entered,
            seal_opened=seal_opened,
            note=note,
            seal_discrepancies=found,
        )

    def gate_in(self, actor: Actor, at: datetime, now: datetime, line_nos: list[int]) -> None:
        """M5 with M6: the gate-in time at the destination; all in ends the online procedure."""
        if self.status is S.GATED_IN:
            raise IllegalTransitionError(self.id, self.status, "record a gate-in again")
        if self.status is not S.ENTERED:
            rule = "M6" if self.status in (S.APPROVED, S.RELEASED) else "M4"
            raise RuleViolationError(
                rule,
                msg(
                    "problems.m4.not_entered",
                    "request is {status}: goods have not entered",
                    status=self.status,
                ),
            )
        lines = self._pick(line_nos, lambda ln: ln.gated_in_at is None, "gated in")
        for line in lines:
            assert line.gated_out_at is not None
            after = msg("problems.m6.after_gate_out", "its gate-out")
            _require_plausible("gate-in", at, now, line.gated_out_at, after=after)
        for line in lines:
            line.gated_in_at = at
        self._schedule_transit()  # a late arrival is recorded; its T1 flag stays
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
        """L1: cancel lines (default: all) before any gate-out. An undecided request is
        withdrawn at once (no live line left cancels it); an approval's cancellation waits
        for the Kasubsi (`decide_cancellation`), the PLP staying active until then."""
        if any(ln.gated_out_at for ln in self.lines) or self.status in _MOVED_OUT:
            raise RuleViolationError(
                "L1", msg("problems.l1.gated_out", "goods have already gated out: cannot cancel")
            )
        if S.CANCELLED not in NEXT[self.status]:
            raise IllegalTransitionError(self.id, self.status, "cancel")
        if (waiting := self.pending_cancellation) is not None:
            raise RuleViolationError(
                "L1",
                msg(
                    "problems.l1.waiting",
                    "cancellation {number} waits for the Kasubsi's decision",
                    number=waiting.number,
                ),
            )
        lines = self._pick(line_nos, lambda ln: ln.approved is not False, "cancelled")
        numbers = [ln.line_no for ln in lines]
        if self.status is not S.IN_REVIEW:
            self.cancellations.append(
                replace(
                    cancellation,
                    line_nos=tuple(numbers),
                    state=CancellationState.PENDING,
                    to_destination=True,
                )
            )
            self._log(
                actor,
                at,
                "cancellation_requested",
                self.status,
                self.status,
                lines=numbers,
                reason=cancellation.reason,
                number=cancellation.number,
            )
            return numbers
        withdrawn = replace(
            cancellation,
            line_nos=tuple(numbers),
            state=CancellationState.APPROVED,
            decided_by=actor.username,
            decided_at=at,
        )
        self.cancellations.append(withdrawn)
        self._cancel_lines(actor, at, withdrawn)
        return numbers

    def decide_cancellation(
        self, actor: Actor, at: datetime, number: str, approve: bool, reason: str | None
    ) -> Cancellation:
        """L1: the Kasubsi approves the pending cancellation (its lines are cancelled; none
        live left cancels the PLP) or refuses it with a reason (the PLP stays as it was)."""
        found = next((c for c in self.cancellations if c.number == number), None)
        if found is None:
            raise InvalidInputError(
                msg(
                    "problems.l1.no_cancellation",
                    "request {request_id} has no cancellation {number}",
                    request_id=self.id,
                    number=number,
                ).with_prefix("L1: "),
                "number",
                rule="L1",
            )
        if not found.pending:
            raise ConflictError(
                msg(
                    "problems.l1.already_decided",
                    "cancellation {number} was already decided ({state})",
                    number=number,
                    state=found.state,
                ).with_prefix("L1: "),
                rule="L1",
            )
        if not approve and not (reason and reason.strip()):
            raise InvalidInputError(
                msg(
                    "problems.l1.refusal_needs_reason", "a refused cancellation needs a reason"
                ).with_prefix("L1: "),
                "reason",
                "L1",
            )
        return self._settle_cancellation(actor, at, approve, reason)

    def _settle_cancellation(
        self, actor: Actor, at: datetime, approve: bool, reason: str | None
    ) -> Cancellation:
        waiting = self.pending_cancellation
        assert waiting is not None
        state = CancellationState.APPROVED if approve else CancellationState.REFUSED
        decided = replace(
            waiting, state=state, decided_by=actor.username, decided_at=at, decision_reason=reason
        )
        self.cancellations[-1] = decided
        if approve:
            self._cancel_lines(actor, at, decided)
        else:
            self._log(
                actor,
                at,
                "cancellation_refused",
                self.status,
                self.status,
                lines=list(decided.line_nos),
                number=decided.number,
                reason=reason,
            )
        return decided

    def _cancel_lines(self, actor: Actor, at: datetime, cancellation: Cancellation) -> None:
        """The goods of the named lines are free again (E5); no live line left ends the PLP."""
        named = set(cancellation.line_nos)
        for line in self.lines:
            if line.line_no in named:
                line.cancelled = True
        left = [ln for ln in self.lines if not ln.cancelled and ln.approved is not False]
        self._move(
            self.status if left else S.CANCELLED,
            actor,
            at,
            "cancelled",
            lines=sorted(named),
            reason=cancellation.reason,
            number=cancellation.number,
            decision_reason=cancellation.decision_reason,
        )

    def _schedule_transit(self) -> None:
        due = transit_due(self.moving_lines, self.transit_hours, self.transit_due_at)
        self.transit_due_at = due

    def _approved_at(self) -> datetime:
        assert self.decision is not None
        return self.decision.at

    def _released_at(self) -> datetime:
        assert self.origin_check is not None  # RELEASED: the origin check matched
        return self.origin_check.at

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


def _require_plausible(
    what: str, at: datetime, now: datetime, earliest: datetime, after: Message | None = None
) -> None:
    """M6: movement times are neither in the future nor before what must precede them."""
    after = after or msg("problems.m6.after_approval", "the approval")
    time = at.isoformat()
    if at > now + CLOCK_SKEW:
        raise RuleViolationError(
            "M6",
            msg("problems.m6.future", "{what} time {time} is in the future", what=what, time=time),
        )
    if at < earliest:
        raise RuleViolationError(
            "M6",
            msg(
                "problems.m6.before",
                "{what} time {time} is before {after}",
                what=what,
                time=time,
                after=after,
            ),
        )
    if at == earliest and what == "gate-in":
        raise RuleViolationError(
            "M6",
            msg(
                "problems.m6.not_after",
                "gate-in time {time} is not after {after}",
                time=time,
                after=after,
            ),
        )
