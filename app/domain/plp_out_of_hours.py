"""H1 on the PLP request aggregate: the notice of an out-of-hours move, and the flag of a move
reported without one."""

from __future__ import annotations

from datetime import datetime

from app.domain.actor import Actor, Role
from app.domain.errors import InvalidInputError, RuleViolationError
from app.domain.lines import PlpLine
from app.domain.messages import msg
from app.domain.out_of_hours import OutOfHoursNotice
from app.domain.plp_state import StateChanges
from app.domain.status import PlpStatus

S = PlpStatus
# Art. 4(5)a: the notice attaches the approved request, so it comes after the approval ...
NOTIFIABLE = frozenset({S.APPROVED, S.RELEASED, S.RELEASE_REFUSED})
# ... and before the goods have left: after that it announces nothing
MOVED = frozenset({S.GATED_OUT, S.DISCREPANCY, S.ENTERED, S.GATED_IN, S.HELD})
ADDRESSED_TO = Role.KASUBSI_MANIFEST.value  # art. 4(4): or the duty officer
COPIED_TO = (Role.P2_SECTION.value,)  # the enforcement sections


class OutOfHoursSteps(StateChanges):
    """Mixed into PlpRequest: the fields below are the aggregate's."""

    lines: list[PlpLine]
    out_of_hours_notice_at: datetime | None
    out_of_hours_alert: bool

    def record_out_of_hours_notice(self, actor: Actor, notice: OutOfHoursNotice) -> None:
        """H1: the origin TPS's notice, addressed to the manifest section head and copied to
        the P2 section, for a move still to come."""
        if self.status in MOVED:
            last = max((ln.gated_out_at for ln in self.lines if ln.gated_out_at), default=None)
            after = (
                msg(
                    "problems.h1.gated_out_at",
                    "the goods already gated out at {at}: a notice after the move covers nothing",
                    at=last.isoformat(),
                )
                if last
                else msg(
                    "problems.h1.gated_out",
                    "the goods already gated out: a notice after the move covers nothing",
                )
            )
            raise RuleViolationError("H1", after)
        if self.status not in NOTIFIABLE:
            raise InvalidInputError(f"request is {self.status}: only an approved PLP may move")
        self.out_of_hours_notice_at = notice.notified_at
        self._log(
            actor,
            notice.notified_at,
            "out_of_hours_notified",
            self.status,
            self.status,
            notice_id=notice.id,
            planned_start=notice.planned_start.isoformat(),
            planned_end=notice.planned_end.isoformat(),
            attachments={a.kind.value: a.sha256 for a in notice.attachments},
            addressed_to=ADDRESSED_TO,
            copied_to=list(COPIED_TO),
        )

    def flag_unnoticed_move(self, actor: Actor, at: datetime) -> None:
        """H1: goods reported gated out out of hours with no notice covering that time. The
        report is recorded; the P2 section is told and concludes on it (M4's conclusion)."""
        self.out_of_hours_alert = True
        moved = [ln.line_no for ln in self.lines if ln.gated_out_at == at]
        self._log(
            actor,
            at,
            "out_of_hours_move",
            self.status,
            self.status,
            rule="H1",
            time=at.isoformat(),
            lines=moved,
            copied_to=list(COPIED_TO),
        )
