"""Simulation mode (demo and test only): the auto-officer takes the officers' steps its office's
policy allows, through the same use cases, as audit events marked simulated."""

from __future__ import annotations

import logging

from app.adapters.sql.repositories.simulation_repository import SqlSimulationStore
from app.domain.services import simulation
from app.domain.simulation import SimulationPolicy
from app.jobs.context import JobContext

log = logging.getLogger("plp.jobs.auto_officer")


def officer(ctx: JobContext) -> simulation.AutoOfficer:
    return simulation.AutoOfficer(
        SqlSimulationStore(ctx.database),
        ctx.uow,
        ctx.clock,
        ctx.reference,
        SimulationPolicy.preset(ctx.settings.auto_officer),
        lambda: [o.code for o in ctx.reference.all_offices()],
    )


def run(ctx: JobContext) -> int:
    steps = simulation.run(officer(ctx))
    if steps:
        log.info("auto-officer: %d simulated steps", steps)
    return steps
