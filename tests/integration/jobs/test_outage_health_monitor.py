"""F1 by the health monitor: consecutive failed probes open outages, recovery ends them."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest

from app.adapters.http.health_probe import HttpHealthProbe
from app.adapters.sql.unit_of_work import SqlUnitOfWork
from app.domain.errors import DependencyUnavailableError
from app.domain.outage import Outage, OutageSource
from app.domain.reference import OfficeMode
from app.domain.services import outage_queries
from app.jobs.context import JobContext
from app.jobs.health_monitor import HealthMonitor
from app.jobs.runner import JobRunner
from tests.fakes import FixedClock
from tests.integration.jobs.test_outage_watchdog import declare, job_context, wib


@dataclass
class FlakyProbe:
    name: str
    error: str | None = None

    def check(self) -> str | None:
        return self.error


class DatabaseDown(JobContext):
    """A context whose database refuses every unit of work while `down` is set."""

    down = False

    def uow(self) -> SqlUnitOfWork:
        if self.down:
            raise DependencyUnavailableError("the database does not answer")
        return super().uow()


@pytest.fixture
def ctx(sqlite_url: str) -> Iterator[DatabaseDown]:
    base = job_context(sqlite_url, FixedClock(wib(2026, 11, 27, 15)))
    context = DatabaseDown(**base.__dict__)
    yield context
    context.database.dispose()


def open_outages(ctx: JobContext) -> list[Outage]:
    return outage_queries.outages(None, True, 10, ctx.uow())


def check(monitor: HealthMonitor, ctx: JobContext, times: int) -> None:
    assert isinstance(ctx.clock, FixedClock)
    for _ in range(times):
        monitor.run()
        ctx.clock.advance(minutes=1)


def test_f1_three_failed_checks_open_an_outage_per_office_from_the_first(
    ctx: JobContext,
) -> None:
    probe = FlakyProbe("ceisa", "ConnectError: refused")
    monitor = HealthMonitor(ctx, [probe])

    check(monitor, ctx, 2)
    after_two = open_outages(ctx)
    check(monitor, ctx, 2)
    opened = open_outages(ctx)
    probe.error = None
    check(monitor, ctx, 1)

    assert after_two == []
    assert sorted(o.office_code for o in opened) == ["040300", "050100"]
    assert {(o.source, o.dependency, o.started_at) for o in opened} == {
        (OutageSource.MONITOR, "ceisa", wib(2026, 11, 27, 15))
    }
    assert "failed 3 times" in opened[0].cause
    assert open_outages(ctx) == []


def test_f1_monitor_leaves_a_declared_outage_alone(ctx: JobContext) -> None:
    declared = declare(ctx)
    probe = FlakyProbe("ceisa", "HTTPStatusError: 503")
    monitor = HealthMonitor(ctx, [probe])

    check(monitor, ctx, 3)
    probe.error = None
    check(monitor, ctx, 1)

    assert [o.id for o in open_outages(ctx)] == [declared]


def test_f1_database_outage_is_recorded_once_it_answers_again(ctx: DatabaseDown) -> None:
    probe = FlakyProbe("database", "OperationalError: connection refused")
    monitor = HealthMonitor(ctx, [probe])
    ctx.down = True
    check(monitor, ctx, 3)  # Friday from 15:00: nothing can be stored

    ctx.down, probe.error = False, None
    ctx.clock.set(wib(2026, 11, 30, 12))  # type: ignore[attr-defined]
    monitor.run()

    assert open_outages(ctx) == []
    past = outage_queries.outages("040300", False, 10, ctx.uow())
    assert [(o.started_at, o.switched_at, o.ended_at) for o in past] == [
        (wib(2026, 11, 27, 15), wib(2026, 11, 30, 12), wib(2026, 11, 30, 12))
    ]
    view = outage_queries.outage(past[0].id, ctx.uow())
    assert view.reconciliation_id is not None  # paper PLPs of the downtime can be reconciled
    office = ctx.reference.office("040300")
    assert office is not None and office.mode is OfficeMode.ONLINE


def probe(handler: httpx.MockTransport) -> HttpHealthProbe:
    return HttpHealthProbe("ceisa", "https://ceisa.example/health", httpx.Client(transport=handler))


def test_f1_http_probe_is_healthy_only_on_2xx() -> None:
    ok = probe(httpx.MockTransport(lambda _r: httpx.Response(200, json={"status": "ok"})))
    failing = probe(httpx.MockTransport(lambda _r: httpx.Response(503)))

    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    down = probe(httpx.MockTransport(refuse))

    assert ok.check() is None
    assert (failing.check() or "").startswith("HTTPStatusError")
    assert down.check() == "ConnectError: connection refused"


class ScriptedLeader:
    """Answers what the test says: True leads, False follows, None cannot tell."""

    def __init__(self) -> None:
        self.answer: bool | None = None

    def check(self) -> bool | None:
        return self.answer

    def is_leader(self) -> bool:
        return self.answer is True

    def release(self) -> None:
        pass


def test_f1_while_no_one_can_lead_every_instance_counts_and_the_next_leader_records(
    ctx: DatabaseDown,
) -> None:
    probe, leader = FlakyProbe("database", "OperationalError: refused"), ScriptedLeader()
    runner = JobRunner(ctx, probes=[probe], leader=leader)  # type: ignore[arg-type]
    ctx.down = True
    for _ in range(3):  # the leader lock cannot be asked: watch, store nothing
        runner.monitor_health()
        ctx.clock.advance(minutes=1)  # type: ignore[attr-defined]

    ctx.down, probe.error, leader.answer = False, None, True
    ctx.clock.set(wib(2026, 11, 30, 12))  # type: ignore[attr-defined]
    runner.monitor_health()
    runner.stop()

    past = outage_queries.outages("040300", False, 10, ctx.uow())
    assert [(o.started_at, o.ended_at) for o in past] == [
        (wib(2026, 11, 27, 15), wib(2026, 11, 30, 12))
    ]


def test_f1_a_follower_keeps_no_streak(ctx: DatabaseDown) -> None:
    probe, leader = FlakyProbe("ceisa", "ConnectError"), ScriptedLeader()
    runner = JobRunner(ctx, probes=[probe], leader=leader)  # type: ignore[arg-type]
    leader.answer = False
    for _ in range(5):
        runner.monitor_health()
    leader.answer = True
    runner.monitor_health()
    runner.stop()

    assert open_outages(ctx) == []  # one failure seen as leader: no outage yet
