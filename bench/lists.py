"""List and queue p99 with 10,000 and with 1,000,000 stored requests, PostgreSQL, 2 workers
(issue 8: the big database within 2x of the small one). Run by hand, never in the tests:
.venv/bin/python -m bench.lists [--sizes 10000,1000000] [--seconds 10]"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, insert, text

from app.adapters.sql.tables.plp_tables import PlpRequestRow
from bench.harness import ROOT, Databases, Server, container_numbers, login, serve_argv, wrk

REQ = PlpRequestRow.__table__  # type: ignore[attr-defined]
SCRIPT = Path(__file__).with_name("get.lua")
# (label, account, path): what officers and TPS systems poll all day
ENDPOINTS = [
    ("list, TPS", "tpka", "/api/v1/plp-requests?limit=50"),
    ("list, officer", "kasubsi", "/api/v1/plp-requests?limit=50"),
    ("list, status filter", "kasubsi", "/api/v1/plp-requests?status=IN_REVIEW&limit=50"),
    ("queue, manifest", "manifest", "/api/v1/queue?limit=50"),
    ("queue, kasubsi", "kasubsi", "/api/v1/queue?limit=50"),
    ("queue, TPS", "tpka", "/api/v1/queue?limit=50"),
]
# Finished requests pile up over the years; open work does not: the same 800 open requests
# (days old) in every database, whatever its size.
FINISHED = [("GATED_IN", 78), ("CANCELLED", 10), ("REJECTED", 12)]
OPEN = [("IN_REVIEW", 4), ("APPROVED", 1), ("RELEASED", 1), ("GATED_OUT", 1), ("ENTERED", 1)]
OPEN_COUNT = 800
NOW = datetime(2026, 11, 25, 1, tzinfo=UTC)


def seed(url: str, count: int) -> None:
    """`count` requests over two years, inserted with Core in batches."""
    rng = random.Random(8)
    finished = [s for s, weight in FINISHED for _ in range(weight)]
    open_ = [s for s, weight in OPEN for _ in range(weight)]
    start = datetime(2024, 11, 25, tzinfo=UTC)
    engine = create_engine(url)
    with engine.begin() as conn:
        for first in range(0, count, 20_000):
            rows = []
            for n in range(first, min(count, first + 20_000)):
                at = start + timedelta(seconds=n * (730 * 86400 / count))
                status = rng.choice(open_ if n < OPEN_COUNT else finished)
                if n < OPEN_COUNT:
                    at = NOW - timedelta(seconds=rng.uniform(0, 10 * 86400))
                origin = rng.choice(("TPKA", "KOJA"))
                rows.append(_row(n, at, status, origin, rng))
            conn.execute(insert(REQ), rows)
        conn.execute(text("ANALYZE"))
    engine.dispose()


def _row(n: int, at: datetime, status: str, origin: str, rng: random.Random) -> dict[str, object]:
    reviewed = status != "IN_REVIEW" or rng.random() < 0.5
    return {
        "id": uuid.UUID(int=rng.getrandbits(128)).hex,
        "version": 0,
        "status": status,
        "office_code": "040300",
        "ref_number": f"L{n:09d}",
        "applicant_tps": origin,
        "side": "origin",
        "channel": "rest",
        "data_type": "1",
        "letter_number": "B/PLP",
        "letter_date": at.date(),
        "origin_tps": origin,
        "origin_gudang": origin,
        "destination_tps": "CFSB",
        "destination_gudang": "CFB1",
        "reason": "NO_LCL_SPACE",
        "bc11_number": "001234",
        "bc11_date": date(2026, 11, 20),
        "applicant_name": "BENCH",
        "submitted_at": at,
        "deadline_at": at + timedelta(days=5),
        "manifest_rec_at": at + timedelta(hours=2) if reviewed else None,
        "fingerprint": "0" * 64,
        "needs_p2": False,
        "line_count": 1,
        "findings": [],
    }


def measure(url: str, work: Path, args: argparse.Namespace) -> dict[str, float]:
    env = {"PLP_DATABASE_URL": url, "PLP_MODE": "demo", "PLP_RUN_SCHEDULER": "false"}
    env |= {"PLP_LOG_LEVEL": "warning", "PLP_TOKEN_MINUTES": "600"}
    server = Server(serve_argv(args.workers), env, work / "lists.log")
    p99 = {}
    try:
        tokens = {account: login(server.url, account) for _, account, _ in ENDPOINTS}
        for label, account, path in ENDPOINTS:
            lua = {"BENCH_TOKEN": tokens[account], "BENCH_PATH": path}
            wrk(server.url + path, SCRIPT, 2, args.connections, args.threads, lua)  # warm
            result = wrk(
                server.url + path, SCRIPT, args.seconds, args.connections, args.threads, lua
            )
            p99[label] = result.p99_ms
            print(f"  {label:22} {result.rps:8.1f} req/s  p99 {result.p99_ms:7.1f} ms")
    finally:
        server.stop()
    return p99


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--sizes", default="10000,1000000")
    p.add_argument("--seconds", type=int, default=10)
    p.add_argument("--connections", type=int, default=8)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--workers", type=int, default=2)
    args = p.parse_args()
    work = Path(tempfile.mkdtemp(prefix="plp-bench-lists-"))
    dbs = Databases(work)  # drops only the databases it made
    results: dict[int, dict[str, float]] = {}
    try:
        template = dbs.template("postgres", container_numbers(10, "LST"))
        for size in (int(s) for s in args.sizes.split(",")):
            url = dbs.copy("postgres", template)
            seed(url, size)
            print(f"{size:,} stored requests:")
            results[size] = measure(url, work, args)
    finally:
        dbs.drop_all()
    small, big = min(results), max(results)
    for label in results[small]:
        ratio = results[big][label] / results[small][label]
        flag = "ok" if ratio <= 2 else "OVER 2x"
        print(f"{label:22} p99 {big:,} / {small:,} = {ratio:.2f}  {flag}")
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    (out / f"lists-{stamp}.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
