"""T1: flag approvals that lapsed before gate-out and goods overdue at their destination, once
each; the P2 section sees them in its queue and both TPS get a push event."""

from __future__ import annotations

import logging

from app.domain.services import transit_watch
from app.domain.services.transit_watch import TransitFlags
from app.jobs.context import JobContext

log = logging.getLogger("plp.jobs.transit_watch")


def run(ctx: JobContext) -> TransitFlags:
    flags = transit_watch.flag(ctx.uow, ctx.clock)
    if flags.lapsed or flags.overdue:
        log.warning(
            "transit watch: %d approvals lapsed, %d transits overdue (T1)",
            flags.lapsed,
            flags.overdue,
        )
    return flags
