"""R4: requests still in review past their deadline are marked breached, once each."""

from __future__ import annotations

from app.domain.ports.reference import Clock
from app.domain.ports.unit_of_work import UnitOfWork

BATCH = 500  # a backlog is worked off over runs; each run stays short


def mark_breached(uow: UnitOfWork, clock: Clock) -> int:
    """The deadline watch: an audit event `sla_breached` per newly breached request."""
    now, marked = clock.now(), 0
    with uow:
        for request_id in uow.sla_watch.overdue(now, BATCH):
            request = uow.plp_requests.get(request_id)
            if request is not None and request.mark_sla_breached(now):
                uow.plp_requests.save(request)
                marked += 1
        uow.commit()
    return marked
