"""F1 with a fixed clock: the watchdog job on SQLite and PostgreSQL, the real office calendars."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from app.adapters.calendars import OfficeCalendars
from app.adapters.sql.database import Database
from app.adapters.sql.repositories.closed_day_repository import SqlClosedDays
from app.adapters.sql.repositories.reference_data_repository import SqlReferenceData
from app.adapters.sql.tables.outage_tables import OfficeEventRow
from app.config import Settings
from app.domain.actor import Actor, Role
from app.domain.commands import DeclareOutage, EndOutage
from app.domain.outage import NoticeKind, TpsNotice
from app.domain.reference import OfficeMode
from app.domain.services import outages
from app.jobs import watchdog
from app.jobs.context import JobContext
from tests.fakes import FixedClock

WIB = ZoneInfo("Asia/Jakarta")
KASUBSI = Actor("kasubsi", Role.KASUBSI_MANIFEST, office_code="040300")
ADMIN = Actor("admin", Role.ADMIN)


def wib(y: int, mo: int, d: int, h: int, mi: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=WIB)


class RecordingSink:
    def __init__(self) -> None:
        self.notices: list[TpsNotice] = []

    def deliver(self, notices: list[TpsNotice]) -> None:
        self.notices += notices


def job_context(url: str, clock: FixedClock) -> JobContext:
    database = Database(url)
    reference = SqlReferenceData(database, ttl=0)
    calendars = OfficeCalendars(reference.office, SqlClosedDays(database, ttl=0).for_office)
    settings = Settings(mode="test", database_url=url)
    return JobContext(settings, database, clock, calendars, reference, RecordingSink())


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(wib(2026, 11, 27, 15))  # a Friday afternoon at Tanjung Priok


@pytest.fixture
def ctx(db_url: str, clock: FixedClock) -> Iterator[JobContext]:
    context = job_context(db_url, clock)
    yield context
    context.database.dispose()


def declare(ctx: JobContext, office: str = "040300", actor: Actor = KASUBSI) -> str:
    cmd = DeclareOutage(actor, office, "SKP server does not answer")
    return outages.declare(cmd, ctx.uow(), ctx.clock).id


def mode(ctx: JobContext, office: str = "040300") -> OfficeMode:
    office_info = ctx.reference.office(office)
    assert office_info is not None
    return office_info.mode


def switch_events(ctx: JobContext) -> int:
    with ctx.database.session() as s:
        query = select(func.count()).where(OfficeEventRow.action == "switched_to_manual")  # type: ignore[arg-type]
        return int(s.execute(query).scalar_one())


def sent(ctx: JobContext) -> list[TpsNotice]:
    assert isinstance(ctx.notifications, RecordingSink)
    return ctx.notifications.notices


def test_f1_outage_from_friday_1500_switches_monday_1130(
    ctx: JobContext, clock: FixedClock
) -> None:
    declare(ctx)
    # Friday 15:00-17:00 is 2 h; the weekend counts nothing; Monday 07:30-11:30 makes 6 h.
    for moment in (wib(2026, 11, 27, 17), wib(2026, 11, 29, 12), wib(2026, 11, 30, 11, 29)):
        clock.set(moment)
        assert watchdog.run(ctx) == []
        assert mode(ctx) is OfficeMode.ONLINE

    clock.set(wib(2026, 11, 30, 11, 30))
    switched = watchdog.run(ctx)

    assert [o.office_code for o in switched] == ["040300"]
    office = ctx.reference.office("040300")
    assert office is not None and office.mode is OfficeMode.MANUAL
    assert office.manual_since == wib(2026, 11, 30, 11, 30)
    assert switch_events(ctx) == 1
    assert sorted(n.tps_code for n in sent(ctx)) == ["CFSB", "KOJA", "TPKA"]
    assert {n.kind for n in sent(ctx)} == {NoticeKind.MANUAL_PROCEDURE}


def test_f1_watchdog_run_twice_switches_once(ctx: JobContext, clock: FixedClock) -> None:
    declare(ctx)
    clock.set(wib(2026, 11, 30, 14))

    first, second = watchdog.run(ctx), watchdog.run(ctx)

    assert len(first) == 1 and second == []
    assert switch_events(ctx) == 1
    assert len(sent(ctx)) == 3


def test_f1_outage_spanning_ascension_holidays_switches_only_the_next_monday(
    ctx: JobContext, clock: FixedClock
) -> None:
    clock.set(wib(2026, 5, 13, 15))  # Wednesday; Thu 14 Ascension, Fri 15 cuti bersama
    declare(ctx)

    clock.set(wib(2026, 5, 18, 11, 29))
    assert watchdog.run(ctx) == []
    clock.set(wib(2026, 5, 18, 11, 30))
    assert len(watchdog.run(ctx)) == 1


def test_f1_outage_ending_at_5h59_switches_nothing(ctx: JobContext, clock: FixedClock) -> None:
    clock.set(wib(2026, 11, 23, 8))  # Monday: 08:00-12:15 is 4 h 15, 13:00-14:44 is 1 h 44
    outage_id = declare(ctx)
    clock.set(wib(2026, 11, 23, 14, 44))
    assert watchdog.run(ctx) == []

    outages.end(EndOutage(KASUBSI, outage_id), ctx.uow(), clock)
    clock.advance(hours=3)

    assert watchdog.run(ctx) == []
    assert mode(ctx) is OfficeMode.ONLINE
    assert switch_events(ctx) == 0 and sent(ctx) == []


def test_f1_24x7_office_switches_after_6_clock_hours(ctx: JobContext, clock: FixedClock) -> None:
    clock.set(wib(2026, 11, 28, 1))  # a Saturday night: every hour counts at 050100
    declare(ctx, "050100", ADMIN)

    clock.set(wib(2026, 11, 28, 6, 59))
    assert watchdog.run(ctx) == []
    clock.set(wib(2026, 11, 28, 7))
    assert [o.office_code for o in watchdog.run(ctx)] == ["050100"]
    assert mode(ctx, "050100") is OfficeMode.MANUAL
    assert [n.tps_code for n in sent(ctx)] == ["JGE1"]


def test_f3_end_of_a_switched_outage_returns_online_and_opens_a_reconciliation(
    ctx: JobContext, clock: FixedClock
) -> None:
    outage_id = declare(ctx)
    clock.set(wib(2026, 11, 30, 12))
    watchdog.run(ctx)
    clock.advance(timedelta(hours=2))

    ended, reconciliation = outages.end(EndOutage(KASUBSI, outage_id), ctx.uow(), clock)

    assert mode(ctx) is OfficeMode.ONLINE
    assert ended.ended_at == clock.now()
    assert reconciliation is not None
    assert reconciliation.period_from == wib(2026, 11, 30, 12)
    assert reconciliation.period_to == clock.now()
    kinds = [n.kind for n in sent(ctx)]
    assert kinds.count(NoticeKind.ONLINE_RESUMED) == 3
