"""T1: lapsed approvals and overdue transits are flagged, once each, for the P2 section and both
TPS (an audit event, the P2 queue, a push event written with the change)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from app.domain.plp_request import PlpRequest
from app.domain.ports.reference import Clock
from app.domain.ports.transit import TransitWatch
from app.domain.ports.unit_of_work import UnitOfWork

BATCH = 500  # a backlog is worked off over runs; each run stays short


@dataclass(frozen=True)
class TransitFlags:
    lapsed: int
    overdue: int


def flag(make_uow: Callable[[], UnitOfWork], clock: Clock) -> TransitFlags:
    """The transit watch: each due request is read locked and flagged by the aggregate, which
    says no when another instance flagged it first (safe to run twice, or on two instances)."""
    now = clock.now()
    lapsed = _flag_due(
        make_uow(), lambda w: w.lapsing(now, BATCH), lambda r: r.flag_lapsed_approval(now)
    )
    overdue = _flag_due(
        make_uow(), lambda w: w.overdue(now, BATCH), lambda r: r.flag_overdue_transit(now)
    )
    return TransitFlags(lapsed, overdue)


def _flag_due(
    uow: UnitOfWork,
    due: Callable[[TransitWatch], list[str]],
    flag_one: Callable[[PlpRequest], bool],
) -> int:
    flagged = 0
    with uow:
        for request_id in due(uow.transit_watch):
            request = uow.plp_requests.get(request_id)
            if request is not None and flag_one(request):
                uow.plp_requests.save(request)
                flagged += 1
        uow.commit()
    return flagged
