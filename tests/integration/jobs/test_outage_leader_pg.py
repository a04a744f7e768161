"""F1 with several instances on PostgreSQL: one leader, and one switch whatever happens."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import func, select

from app.adapters.sql.database import Database
from app.adapters.sql.leader import LeaderLock
from app.adapters.sql.tables.outage_tables import OfficeEventRow
from app.domain.outage import TpsNotice
from app.jobs import watchdog
from app.jobs.context import JobContext
from app.jobs.runner import JobRunner
from tests.fakes import FixedClock
from tests.integration.jobs.test_outage_watchdog import RecordingSink, declare, job_context, wib

pytestmark = pytest.mark.postgres
MONDAY_1130 = wib(2026, 11, 30, 11, 30)


@pytest.fixture
def instances(pg_url: str) -> Iterator[list[JobContext]]:
    """Two scheduler instances: own engines, own sinks, one database, one fixed time."""
    clock = FixedClock(wib(2026, 11, 27, 15))
    contexts = [job_context(pg_url, clock), job_context(pg_url, clock)]
    declare(contexts[0])
    clock.set(MONDAY_1130)
    yield contexts
    for ctx in contexts:
        ctx.database.dispose()


def at_once(jobs: list[Callable[[], object]]) -> None:
    barrier = threading.Barrier(len(jobs))
    errors: list[BaseException] = []

    def go(job: Callable[[], object]) -> None:
        barrier.wait()
        try:
            job()
        except BaseException as exc:  # reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=go, args=(job,)) for job in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert not errors, errors


def switches(ctx: JobContext) -> int:
    with ctx.database.session() as s:
        where = OfficeEventRow.action == "switched_to_manual"
        return int(s.execute(select(func.count()).where(where)).scalar_one())  # type: ignore[arg-type]


def notices(contexts: list[JobContext]) -> list[TpsNotice]:
    found: list[TpsNotice] = []
    for ctx in contexts:
        assert isinstance(ctx.notifications, RecordingSink)
        found += ctx.notifications.notices
    return found


def test_f1_two_schedulers_at_the_same_moment_switch_once(instances: list[JobContext]) -> None:
    runners = [JobRunner(ctx, probes=[]) for ctx in instances]
    try:
        at_once([r.run_watchdog for r in runners] * 2)  # each instance fires twice as well
    finally:
        for r in runners:
            r.stop()

    assert switches(instances[0]) == 1
    assert sorted(n.tps_code for n in notices(instances)) == ["CFSB", "KOJA", "TPKA"]


def test_f1_two_leaders_by_mistake_still_switch_once(instances: list[JobContext]) -> None:
    # Without the leader lock only the conditional update stands between them and a double switch.
    at_once([lambda ctx=ctx: watchdog.run(ctx) for ctx in instances * 4])

    assert switches(instances[0]) == 1
    assert len(notices(instances)) == 3


def test_f1_one_instance_leads_until_it_lets_go(instances: list[JobContext]) -> None:
    first, second = (LeaderLock(ctx.database) for ctx in instances)
    try:
        assert first.is_leader() and first.is_leader()
        assert not second.is_leader()
        first.release()
        assert second.is_leader()
        assert not first.is_leader()
    finally:
        first.release()
        second.release()


def test_f1_two_running_schedulers_switch_once(instances: list[JobContext]) -> None:
    for ctx in instances:
        ctx.settings = ctx.settings.model_copy(update={"watchdog_seconds": 1})
    runners = [JobRunner(ctx, probes=[]) for ctx in instances]
    for r in runners:
        r.start()
    try:
        deadline = time.monotonic() + 15
        while switches(instances[0]) == 0 and time.monotonic() < deadline:
            time.sleep(0.2)
        time.sleep(2.5)  # both keep running: neither may switch again
    finally:
        for r in runners:
            r.stop()

    assert switches(instances[0]) == 1
    assert len(notices(instances)) == 3


def test_f1_with_the_database_down_no_one_can_tell_who_leads() -> None:
    unreachable = Database("postgresql://postgres@127.0.0.1:1/none")
    lock = LeaderLock(unreachable)

    assert lock.check() is None and not lock.is_leader()
    unreachable.dispose()
