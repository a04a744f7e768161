"""The F1 watchdog (and the R4 deadline watch) must not scan plp_request: their run time with
10 open outages and 1,000,000 stored requests stays within 2x of the time with 1,000.

    .venv/bin/python bench/watchdog.py                      # SQLite files in a temp folder
    .venv/bin/python bench/watchdog.py --url postgresql://postgres@127.0.0.1:5432/test
    .venv/bin/python bench/watchdog.py --big 100000         # a quicker look

With --url, a database is created next to the one named (and dropped afterwards).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app.adapters.calendars import OfficeCalendars
from app.adapters.notifications import LogNotificationSink
from app.adapters.sql import migrate
from app.adapters.sql.database import Database, normalise_url
from app.adapters.sql.repositories.closed_day_repository import SqlClosedDays
from app.adapters.sql.repositories.reference_data_repository import SqlReferenceData
from app.config import Settings
from app.domain.actor import Actor, Role
from app.domain.commands import DeclareOutage
from app.domain.services import outages
from app.jobs import deadline_watch, watchdog
from app.jobs.context import JobContext

NOW = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)  # Wednesday 10:00 WIB
OFFICES = [f"9{n:05d}" for n in range(10)]
COLUMNS = """id, version, status, office_code, ref_number, applicant_tps, side, channel, data_type,
letter_number, letter_date, origin_tps, origin_gudang, destination_tps, destination_gudang,
reason, bc11_number, bc11_date, applicant_name, submitted_at, deadline_at, fingerprint,
needs_p2, line_count, findings"""
# Row n: one request in ten still in review (deadline ahead), the others done long ago.
VALUES = """printf('%032d', n), 1, CASE WHEN n % 10 = 0 THEN 'IN_REVIEW' ELSE 'GATED_IN' END,
'{office}', 'REF' || n, 'TPKA', 'origin', 'rest', '1', 'L' || n, '2026-01-01', 'TPKA', 'TPKA',
'CFSB', 'CFB1', 'NO_LCL_SPACE', '000001', '2026-01-01', 'BENCH', {submitted}, {deadline},
'f', {false}, 1, '[]'"""


class Quiet(LogNotificationSink):
    def deliver(self, notices: list[object]) -> None:  # type: ignore[override]
        pass


@contextmanager
def database(url: str | None, folder: Path) -> Iterator[str]:
    if url is None:
        yield f"sqlite:///{folder / f'bench-{uuid.uuid4().hex[:8]}.db'}"
        return
    admin = create_engine(normalise_url(url), isolation_level="AUTOCOMMIT")
    name = f"plp_bench_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(normalise_url(url)).set(database=name).render_as_string(False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def fill(db: Database, rows: int) -> None:
    migrate.upgrade(db.engine)
    with db.engine.begin() as conn:
        for code in OFFICES:
            conn.execute(
                text(
                    "INSERT INTO office (code, name, timezone, calendar, "
                    "observes_collective_leave, mode, manual_since) VALUES (:c, :c, "
                    "'Asia/Jakarta', 'standard', true, 'online', NULL)"
                ),
                {"c": code},
            )
        conn.execute(
            text("INSERT INTO tps VALUES ('TPKA', 'TPKA', :c, 'terminal', NULL, NULL)"),
            {"c": OFFICES[0]},
        )
        conn.execute(text(insert_sql(db.is_sqlite, rows)))
    # A freshly loaded table is vacuumed and analysed before anyone measures anything on it.
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE" if not db.is_sqlite else "ANALYZE"))


def insert_sql(sqlite: bool, rows: int) -> str:
    if sqlite:
        # Only integers and constants of this file go into the SQL: nothing comes from outside.
        counter = f"SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < {rows:d}"  # noqa: S608
        source = f"WITH RECURSIVE s(n) AS ({counter})"
        submitted, deadline = "'2026-01-01 00:00:00'", "'2026-12-31 00:00:00'"
        values = VALUES.format(office=OFFICES[0], submitted=submitted, deadline=deadline, false=0)
        return f"INSERT INTO plp_request ({COLUMNS}) {source} SELECT {values} FROM s"  # noqa: S608
    submitted, deadline = "TIMESTAMPTZ '2026-01-01'", "TIMESTAMPTZ '2026-12-31'"
    values = VALUES.format(office=OFFICES[0], submitted=submitted, deadline=deadline, false="false")
    values = values.replace("printf('%032d', n)", "lpad(n::text, 32, '0')")
    values = values.replace("'REF' || n", "'REF' || n::text").replace("'L' || n", "'L' || n::text")
    series = f"generate_series(1, {rows}) n"
    return f"INSERT INTO plp_request ({COLUMNS}) SELECT {values} FROM {series}"  # noqa: S608


def context(url: str, db: Database) -> JobContext:
    reference = SqlReferenceData(db)
    calendars = OfficeCalendars(reference.office, SqlClosedDays(db).for_office)
    clock = type("Fixed", (), {"now": lambda self: NOW})()
    return JobContext(
        Settings(mode="test", database_url=url), db, clock, calendars, reference, Quiet()
    )


def median_ms(job: Callable[[], object], runs: int) -> float:
    job()  # warm caches: the steady state is what runs every minute
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        job()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def measure(url: str | None, folder: Path, rows: int, runs: int) -> tuple[float, float]:
    with database(url, folder) as db_url:
        db = Database(db_url)
        started = time.perf_counter()
        fill(db, rows)
        print(f"  {rows:>9,} requests stored in {time.perf_counter() - started:.1f} s")
        ctx = context(db_url, db)
        admin = Actor("bench", Role.ADMIN)
        for code in OFFICES:  # 10 open outages, an hour old: measured, not yet due
            cmd = DeclareOutage(admin, code, "bench", NOW - timedelta(hours=1))
            outages.declare(cmd, ctx.uow(), ctx.clock)
        result = (
            median_ms(lambda: watchdog.run(ctx), runs),
            median_ms(lambda: deadline_watch.run(ctx), runs),
        )
        db.dispose()
        return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a PostgreSQL URL; default: SQLite files")
    parser.add_argument("--small", type=int, default=1_000)
    parser.add_argument("--big", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        results = {n: measure(args.url, Path(folder), n, args.runs) for n in (args.small, args.big)}
    (w_small, d_small), (w_big, d_big) = results[args.small], results[args.big]
    print(f"watchdog       {w_small:8.2f} ms -> {w_big:8.2f} ms   ratio {w_big / w_small:.2f}")
    print(f"deadline watch {d_small:8.2f} ms -> {d_big:8.2f} ms   ratio {d_big / d_small:.2f}")
    verdict = "OK" if w_big <= 2 * w_small else "TOO SLOW"
    print(f"{verdict}: the watchdog must stay within 2x with {args.big:,} requests")


if __name__ == "__main__":
    main()
