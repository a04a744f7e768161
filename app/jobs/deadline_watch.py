"""R4: mark requests past their three-working-day deadline, once each, as an audit event."""

from __future__ import annotations

import logging

from app.domain.services import sla_watch
from app.jobs.context import JobContext

log = logging.getLogger("plp.jobs.deadline_watch")


def run(ctx: JobContext) -> int:
    marked = sla_watch.mark_breached(ctx.uow(), ctx.clock)
    if marked:
        log.info("deadline watch: %d requests breached their R4 deadline", marked)
    return marked
