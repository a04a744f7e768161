"""The T1 transit watch must not scan plp_request: its run time with 1,000,000 stored requests
stays within 2x of the time with 1,000.

    .venv/bin/python bench/transit.py                      # SQLite files in a temp folder
    .venv/bin/python bench/transit.py --url postgresql://postgres@127.0.0.1:5432/test
    .venv/bin/python bench/transit.py --big 100000         # a quicker look

One request in ten is open: approved with a validity ahead, or gated out with its transit time
ahead. The others are history gated in long ago whose due times have all passed, unflagged: a
query reading the due-time columns instead of the partial indexes would meet every one of them.
With --url, a database is created next to the one named (and dropped afterwards).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from sqlalchemy import text

from app.adapters.sql import migrate
from app.adapters.sql.database import Database
from app.jobs import transit_watch
from bench.watchdog import COLUMNS, OFFICES, context, database, median_ms

T1_COLUMNS = f"{COLUMNS}, approval_lapses_at, transit_hours, transit_due_at"
STATUS = "CASE n % 10 WHEN 0 THEN 'APPROVED' WHEN 5 THEN 'GATED_OUT' ELSE 'GATED_IN' END"
# Row n: 0 mod 10 waits for gate-out, 5 mod 10 is on the road, both due after NOW (the bench's
# Wednesday); the rest is history, due long ago.
VALUES = """{id}, 1, {status}, '{office}', 'REF' || {n}, 'TPKA', 'origin', 'rest', '1',
'L' || {n}, '2026-01-01', 'TPKA', 'TPKA', 'CFSB', 'CFB1', 'NO_LCL_SPACE', '000001', '2026-01-01',
'BENCH', {past}, {past}, 'f', {false}, 1, '[]',
CASE WHEN n % 10 = 0 THEN {future} ELSE {past} END, 24,
CASE WHEN n % 10 = 5 THEN {future} ELSE {past} END"""


def insert_sql(sqlite: bool, rows: int) -> str:
    # Only integers and constants of this file go into the SQL: nothing comes from outside.
    if sqlite:
        counter = f"SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < {rows:d}"  # noqa: S608
        source = f"WITH RECURSIVE s(n) AS ({counter})"
        n, row_id, false = "n", "printf('%032d', n)", "0"
        past, future = "'2026-01-02 00:00:00'", "'2026-12-31 00:00:00'"
        tail = "FROM s"
    else:
        source = ""
        n, row_id, false = "n::text", "lpad(n::text, 32, '0')", "false"
        past, future = "TIMESTAMPTZ '2026-01-02'", "TIMESTAMPTZ '2026-12-31'"
        tail = f"FROM generate_series(1, {rows:d}) n"
    values = VALUES.format(
        id=row_id, status=STATUS, office=OFFICES[0], n=n, past=past, future=future, false=false
    )
    return f"INSERT INTO plp_request ({T1_COLUMNS}) {source} SELECT {values} {tail}"


def fill(db: Database, rows: int) -> None:
    migrate.upgrade(db.engine)
    with db.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO office (code, name, timezone, calendar, observes_collective_leave, "
                "mode) VALUES (:c, :c, 'Asia/Jakarta', 'standard', true, 'online')"
            ),
            {"c": OFFICES[0]},
        )
        conn.execute(text(insert_sql(db.is_sqlite, rows)))
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE" if not db.is_sqlite else "ANALYZE"))


def measure(url: str | None, folder: Path, rows: int, runs: int) -> float:
    with database(url, folder) as db_url:
        db = Database(db_url)
        started = time.perf_counter()
        fill(db, rows)
        print(f"  {rows:>9,} requests stored in {time.perf_counter() - started:.1f} s")
        ctx = context(db_url, db)
        result = median_ms(lambda: transit_watch.run(ctx), runs)
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
        small, big = (measure(args.url, Path(folder), n, args.runs) for n in (args.small, args.big))
    print(f"transit watch  {small:8.2f} ms -> {big:8.2f} ms   ratio {big / small:.2f}")
    verdict = "OK" if big <= 2 * small else "TOO SLOW"
    print(f"{verdict}: the transit watch must stay within 2x with {args.big:,} requests")


if __name__ == "__main__":
    main()
