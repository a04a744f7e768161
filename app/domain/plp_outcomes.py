"""The outcomes that settle a mismatch: the manifest officer's follow-up of a refused release
(M2, SOP 10.c.2.b) and the P2 section's conclusion on a discrepancy (M4, SOP 10.f.2.b) or on
a seal alert (S1)."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from app.domain.actor import Actor
from app.domain.errors import IllegalTransitionError, InvalidInputError, RuleViolationError
from app.domain.lines import PlpLine
from app.domain.messages import Message, msg
from app.domain.plp_parts import Investigation
from app.domain.plp_state import StateChanges
from app.domain.status import NEXT, PlpStatus

S = PlpStatus


class FollowUp(StrEnum):
    PRESENTED_AGAIN = "presented_again"  # the goods go back to the origin supervisor
    CUT_TO_MATCHING = "cut_to_matching"  # only the matching lines stay approved
    CANCELLED = "cancelled"  # the PLP ends here


class Conclusion(StrEnum):
    MAY_ENTER = "may_enter"
    ENFORCEMENT = "enforcement"  # penindakan: the goods are held at the destination


class OutcomeSteps(StateChanges):
    """Mixed into PlpRequest: the fields below are the aggregate's."""

    lines: list[PlpLine]
    investigation: Investigation | None
    seal_alert: bool
    out_of_hours_alert: bool
    decision_revision: int  # each cut is a new decision response to the TPS
    revised_at: datetime | None

    def follow_up(
        self,
        actor: Actor,
        at: datetime,
        note: str,
        outcome: FollowUp = FollowUp.PRESENTED_AGAIN,
        matching: list[int] | None = None,
    ) -> None:
        """M2 mismatch: the manifest officer's outcome."""
        self._require_status(S.RELEASE_REFUSED, "follow up the refused release")
        if outcome is FollowUp.CANCELLED:
            for line in self.lines:
                if line.moves:
                    line.cancelled = True
            self._move(
                S.CANCELLED, actor, at, "release_followed_up", outcome=outcome.value, note=note
            )
            return
        cut: list[int] = []
        if outcome is FollowUp.CUT_TO_MATCHING:
            cut = self._cut(matching or [], note)
            self.decision_revision += 1
            self.revised_at = at
        elif matching:
            raise _m2(
                msg(
                    "problems.m2.line_nos_for_cut",
                    "`line_nos` names the matching lines of a cut (`cut_to_matching`) only",
                )
            )
        self._move(
            S.APPROVED,
            actor,
            at,
            "release_followed_up",
            outcome=outcome.value,
            note=note,
            cut_lines=cut,
        )

    def conclude_investigation(
        self,
        actor: Actor,
        at: datetime,
        note: str,
        outcome: Conclusion = Conclusion.MAY_ENTER,
        document_number: str | None = None,
        document_date: date | None = None,
    ) -> None:
        """M4 mismatch, S1 or H1 alert: entry may proceed, or enforcement holds the goods."""
        alert = self.seal_alert or self.out_of_hours_alert
        if self.status not in (S.DISCREPANCY, S.HELD) and not alert:
            raise IllegalTransitionError(self.id, self.status, "conclude the investigation")
        if outcome is Conclusion.ENFORCEMENT and not (document_number and document_date):
            raise InvalidInputError(
                msg(
                    "problems.m4.enforcement_document",
                    "enforcement needs its document (number and date of the penindakan note)",
                ).with_prefix("M4: "),
                "document_number",
                rule="M4",
            )
        if self.status is S.HELD and outcome is Conclusion.ENFORCEMENT:
            raise IllegalTransitionError(self.id, self.status, "hold the goods again")
        target = self.status
        if outcome is Conclusion.ENFORCEMENT:
            target = S.HELD
        elif self.status in (S.DISCREPANCY, S.HELD):
            target = S.ENTERED
        if target is not self.status and target not in NEXT[self.status]:
            raise RuleViolationError(
                "M4",
                msg(
                    "problems.m4.cannot_hold",
                    "goods that are {status} can no longer be held",
                    status=self.status,
                ),
            )
        self.investigation = Investigation(
            actor.username, at, note, outcome.value, document_number, document_date
        )
        self.seal_alert = False
        self.out_of_hours_alert = False
        self._move(
            target,
            actor,
            at,
            "investigation_concluded",
            outcome=outcome.value,
            note=note,
            document_number=document_number,
            document_date=document_date.isoformat() if document_date else None,
        )

    def _cut(self, matching: list[int], note: str) -> list[int]:
        moving = {ln.line_no: ln for ln in self.lines if ln.moves}
        if not matching:
            raise _m2(
                msg("problems.m2.cut_names_lines", "a cut names the lines that match in `line_nos`")
            )
        if unknown := sorted(set(matching) - set(moving)):
            raise _m2(
                msg(
                    "problems.m2.not_approved_lines",
                    "lines {lines} are not approved lines of this request",
                    lines=unknown,
                )
            )
        cut = sorted(set(moving) - set(matching))
        if not cut:
            raise _m2(
                msg(
                    "problems.m2.all_match",
                    "every approved line matches: the goods are presented again, not cut",
                )
            )
        for n in cut:
            moving[n].approved = False
            moving[
                n
            ].reject_reason = f"M2: not matched at the origin gate, cut from the PLP: {note}"
        return cut


def _m2(detail: Message) -> InvalidInputError:
    return InvalidInputError(detail.with_prefix("M2: "), "line_nos", rule="M2")
