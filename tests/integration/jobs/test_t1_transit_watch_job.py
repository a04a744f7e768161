"""T1: the transit watch job on SQLite and PostgreSQL, and with two scheduler instances on
PostgreSQL: each lapsed approval and overdue transit is flagged once, whatever runs it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import text

from app.domain.services.transit_watch import TransitFlags
from app.jobs import transit_watch
from app.jobs.context import JobContext
from app.jobs.runner import JobRunner
from tests.fakes import FixedClock
from tests.integration.jobs.test_outage_leader_pg import at_once
from tests.integration.jobs.test_outage_watchdog import job_context
from tests.integration.rest.test_t1_transit_api import approved, at_now, released, set_terms
from tests.support import Api, make_api, now


def stage(url: str) -> None:
    """Over REST: an approval valid 2 hours, and goods gated out with 3 hours to arrive."""
    with make_api(url) as client:
        api = Api(client)
        for user in ("tpka", "cfsb"):
            api.client.put(
                "/api/v1/callbacks/transit_watch",
                json={"url": f"http://{user}.test/t1"},
                headers=api.auth(user),
            )
        set_terms(api, approval_validity_hours=2, transit_hours=3)
        approved(api, "MSKU1001373")
        moving = released(api, "TGHU1002113")
        assert api.step(moving, "gate-out", "tpka", at=at_now(api)).status_code == 200
        client.app.state.services.database.dispose()


def flags_stored(ctx: JobContext) -> dict[str, int]:
    with ctx.database.engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT action, count(*) FROM audit_event WHERE action IN "
                "('approval_lapsed', 'transit_overdue') GROUP BY action"
            )
        ).all()
        pushed = conn.execute(
            text("SELECT count(*) FROM push_delivery WHERE event_type = 'transit_watch'")
        ).scalar_one()
    return {str(a): int(n) for a, n in rows} | {"pushed": int(pushed)}


@pytest.fixture
def ctx(db_url: str) -> Iterator[JobContext]:
    stage(db_url)
    context = job_context(db_url, FixedClock(now()))
    yield context
    context.database.dispose()


def test_t1_the_job_flags_nothing_before_time_and_each_request_once(ctx: JobContext) -> None:
    assert isinstance(ctx.clock, FixedClock)
    early = transit_watch.run(ctx)
    ctx.clock.advance(hours=2, minutes=1)
    lapsed = transit_watch.run(ctx)
    ctx.clock.advance(hours=1)
    overdue = transit_watch.run(ctx)
    again = transit_watch.run(ctx)

    assert [early, lapsed, overdue, again] == [
        TransitFlags(0, 0),
        TransitFlags(1, 0),
        TransitFlags(0, 1),
        TransitFlags(0, 0),
    ]
    assert flags_stored(ctx) == {"approval_lapsed": 1, "transit_overdue": 1, "pushed": 4}


@pytest.fixture
def instances(pg_url: str) -> Iterator[list[JobContext]]:
    """Two scheduler instances: own engines, one database, one fixed time past both limits."""
    stage(pg_url)
    clock = FixedClock(now() + timedelta(hours=4))
    contexts = [job_context(pg_url, clock), job_context(pg_url, clock)]
    yield contexts
    for context in contexts:
        context.database.dispose()


@pytest.mark.postgres
def test_t1_two_schedulers_at_the_same_moment_flag_once(instances: list[JobContext]) -> None:
    runners = [JobRunner(context, probes=[]) for context in instances]
    try:
        at_once([r.run_transit_watch for r in runners] * 2)  # each instance fires twice too
    finally:
        for r in runners:
            r.stop()

    assert flags_stored(instances[0]) == {"approval_lapsed": 1, "transit_overdue": 1, "pushed": 4}


@pytest.mark.postgres
def test_t1_two_leaders_by_mistake_still_flag_once(instances: list[JobContext]) -> None:
    # Without the leader lock only the row lock and the aggregate's own check stand between them.
    at_once([lambda context=context: transit_watch.run(context) for context in instances * 4])

    assert flags_stored(instances[0]) == {"approval_lapsed": 1, "transit_overdue": 1, "pushed": 4}
