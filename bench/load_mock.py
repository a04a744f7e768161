"""Mixed TPS traffic through the mock client's load mode (issue 5): N virtual TPS clients file,
read and cancel requests over REST or SOAP against a served app, on SQLite and PostgreSQL.
Run: .venv/bin/python -m bench.load_mock [--seconds 20] [--clients 8] [--protocol soap]"""

from __future__ import annotations

import argparse
import json
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from bench.harness import ROOT, Databases, Server, container_numbers, serve_argv
from plp_mock_tps import Connection, LoadOptions, run_load


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--seconds", type=float, default=20)
    p.add_argument("--clients", type=int, default=8)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--protocol", default="rest")
    p.add_argument("--invalid-share", type=float, default=0.1)
    p.add_argument("--databases", default="sqlite,postgres")
    args = p.parse_args()
    work = Path(tempfile.mkdtemp(prefix="plp-bench-mock-"))
    dbs = Databases(work)
    results = {}
    try:
        for kind in args.databases.split(","):
            # the mock client loads its own goods; the bench manifest only needs to exist
            url = dbs.copy(kind, dbs.template(kind, container_numbers(10, "BLM")))
            env = {"PLP_DATABASE_URL": url, "PLP_MODE": "demo", "PLP_LOG_LEVEL": "warning"}
            server = Server(serve_argv(args.workers), env, work / f"{kind}.log")
            connection = Connection(server.url)
            try:
                options = LoadOptions(
                    clients=args.clients,
                    seconds=args.seconds,
                    protocol=args.protocol,
                    invalid_share=args.invalid_share,
                    tps=("TPKA", "KOJA"),
                )
                results[kind] = run_load(connection, options).as_dict()
            finally:
                connection.close()
                server.stop()
            summary = results[kind]
            print(
                f"{kind}: {summary['throughput_rps']} req/s, p50 {summary['latency_ms']['p50']} ms,"
                f" p99 {summary['latency_ms']['p99']} ms, {summary['unexpected_errors']} errors"
            )
    finally:
        dbs.drop_all()
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    (out / f"load-mock-{stamp}.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
