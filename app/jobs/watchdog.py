"""F1: every minute, offices whose outage reached 6 working hours go to the manual procedure."""

from __future__ import annotations

import logging

from app.domain.outage import Outage
from app.domain.services import outages
from app.jobs.context import JobContext

log = logging.getLogger("plp.jobs.watchdog")


def run(ctx: JobContext) -> list[Outage]:
    switched = outages.switch_overdue(ctx.uow(), ctx.clock, ctx.calendars)
    if switched:
        ctx.reference.invalidate()  # this instance refuses online submissions at once
    for outage in switched:
        log.warning(
            "office %s switched to the manual procedure (outage %s: %s)",
            outage.office_code,
            outage.id,
            outage.cause,
        )
    return switched
