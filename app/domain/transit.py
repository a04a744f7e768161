"""T1 transit watch: how long an approval may wait for gate-out, and goods may be on the road.

The SOP sets no figure, so each is an office setting with a default: an approval never lapses,
and goods are due at the destination 24 hours after they left. Both count elapsed hours, not
the office's working hours: TPS gates and the roads between them work around the clock (a move
out of hours needs an H1 notice, not a pause of the clock), and what T1 watches, goods that left
and did not arrive, is as risky at night as by day.

A request keeps the settings in force when it was approved (its terms), as it keeps the R4
deadline set on arrival: an admin changing a setting does not move a running approval's limits.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from app.domain.errors import RuleViolationError
from app.domain.lines import PlpLine
from app.domain.messages import msg
from app.domain.status import PlpStatus

S = PlpStatus
DEFAULT_TRANSIT_HOURS = 24
# T1: an approval whose goods have not all gated out can lapse; goods gated out and not gated in
# are on the road.
WAITING_FOR_GATE_OUT = frozenset({S.APPROVED, S.RELEASE_REFUSED, S.RELEASED})
ON_THE_ROAD = frozenset({S.RELEASED, S.GATED_OUT, S.DISCREPANCY, S.ENTERED})


@dataclass(frozen=True)
class TransitTerms:
    """An office's T1 settings, fixed on a request when it is approved."""

    approval_validity_hours: int | None = None  # None: an approval never lapses
    transit_hours: int = DEFAULT_TRANSIT_HOURS

    def lapses_at(self, approved_at: datetime) -> datetime | None:
        hours = self.approval_validity_hours
        return None if hours is None else approved_at + timedelta(hours=hours)


DEFAULT_TERMS = TransitTerms()


def require_valid_approval(lapses_at: datetime | None, at: datetime, step: str) -> None:
    """T1: an approval is valid strictly before it lapses; what happens then needs a new PLP."""
    if lapses_at is not None and at >= lapses_at:
        lapsed = lapses_at.astimezone(at.tzinfo).replace(microsecond=0)  # as the caller wrote
        raise RuleViolationError(
            "T1",
            msg(
                "problems.t1.lapsed",
                "the approval lapsed at {lapsed}: no {step} at {at}; "
                "cancel this PLP and file a new request",
                lapsed=lapsed.isoformat(),
                step=step,
                at=at.isoformat(),
            ),
        )


def transit_due(
    lines: Iterable[PlpLine], hours: int | None, current: datetime | None
) -> datetime | None:
    """When the earliest goods still on the road are due at the destination; once every line
    has arrived the last due time stays (shown on the request), before any left there is none."""
    moving = list(lines)
    on_road = [ln.gated_out_at for ln in moving if ln.gated_out_at and ln.gated_in_at is None]
    if on_road:
        return min(on_road) + timedelta(hours=DEFAULT_TRANSIT_HOURS if hours is None else hours)
    arrived = bool(moving) and all(ln.gated_in_at for ln in moving)
    return current if arrived else None
