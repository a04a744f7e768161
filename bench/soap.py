"""SOAP UploadMohonPLP (10 containers) against REST submit and the bare insert, in one run, on
PostgreSQL, 2 workers (issue 8: SOAP >= 80% of REST). Run: .venv/bin/python -m bench.soap"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import create_engine, text

from bench import submit
from bench.harness import ROOT, Databases, Server, container_numbers, serve_argv, wrk

SCRIPTS = {"soap": Path(__file__).with_name("soap.lua"), "submit": submit.SCRIPT}
PATHS = {"soap": "/tps/service.asmx"}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--seconds", type=int, default=15)
    p.add_argument("--connections", type=int, default=16)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--rounds", type=int, default=3, help="alternating runs; medians reported")
    args = p.parse_args()
    work = Path(tempfile.mkdtemp(prefix="plp-bench-soap-"))
    measured, warm = container_numbers(250_000, "BNC"), container_numbers(60_000, "WRM")
    for name, numbers in (("measured.txt", measured), ("warm.txt", warm)):
        (work / name).write_text("".join(f"{n} {s}\n" for n, s in numbers))
    dbs = Databases(work)  # drops only the databases it made
    rounds: dict[str, list[dict[str, float]]] = {"soap": [], "submit": [], "bare": []}
    try:
        template = dbs.template("postgres", measured + warm)
        for _ in range(args.rounds):  # alternating, so drifting machine load hits all three
            for target in rounds:
                url = dbs.copy("postgres", template)
                rounds[target].append(run(target, dbs, url, work, args))
    finally:
        dbs.drop_all()
    result = {
        t: {k: statistics.median(r[k] for r in runs) for k in runs[0]} for t, runs in rounds.items()
    }
    s, r, b = result["soap"], result["submit"], result["bare"]
    print(
        f"postgres, {args.workers} workers: SOAP {s['rps']:.1f} req/s p99 {s['p99_ms']:.1f} ms | "
        f"REST {r['rps']:.1f} req/s p99 {r['p99_ms']:.1f} ms | bare {b['rps']:.1f} req/s "
        f"p99 {b['p99_ms']:.1f} ms\n  SOAP/REST = {s['rps'] / r['rps']:.2f} (target >= 0.80), "
        f"SOAP/bare = {s['rps'] / b['rps']:.2f}, REST/bare = {r['rps'] / b['rps']:.2f}, "
        f"p99 SOAP/REST = {s['p99_ms'] / r['p99_ms']:.2f}; SOAP accepted "
        f"{s['soap_accepted']:.0f} of {s['soap_stored']:.0f} stored (warm-up included)"
    )
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    (out / f"soap-{stamp}.json").write_text(json.dumps(result, indent=2))


def run(
    target: str, dbs: Databases, url: str, work: Path, args: argparse.Namespace
) -> dict[str, float]:
    if target != "soap":
        return submit.run(target, "postgres", dbs, url, work, args)
    env = {
        "PLP_DATABASE_URL": url,
        "PLP_MODE": "demo",
        "PLP_RUN_SCHEDULER": "false",
        "PLP_LOG_LEVEL": "warning",
    }
    server = Server(serve_argv(args.workers), env, work / "postgres-soap.log")
    try:
        for name, seconds, run_id in (("warm.txt", 3, "W"), ("measured.txt", args.seconds, "M")):
            result = wrk(
                server.url + PATHS["soap"],
                SCRIPTS["soap"],
                seconds,
                args.connections,
                args.threads,
                {"BENCH_CONTAINERS": str(work / name), "BENCH_RUN": run_id},
            )
            if run_id == "W":
                dbs.analyze(url)
    finally:
        server.stop()
    engine = create_engine(url)
    with engine.connect() as conn:  # a GAGAL answer is HTTP 200 too: count what was accepted
        stored, accepted = conn.execute(
            text(
                "SELECT count(*), count(*) FILTER (WHERE status = 'IN_REVIEW') "
                "FROM plp_request WHERE channel = 'soap'"
            )
        ).one()
    engine.dispose()
    return vars(result) | {"soap_stored": stored, "soap_accepted": accepted}


if __name__ == "__main__":
    main()
