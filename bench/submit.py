"""Submit throughput and p99 against the bare 11-row insert, in one run, on SQLite and
PostgreSQL, 2 workers each (issue 2). Run: .venv/bin/python -m bench.submit"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from bench.harness import ROOT, Databases, Server, container_numbers, login, serve_argv, wrk

SCRIPT = Path(__file__).with_name("submit.lua")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--seconds", type=int, default=15)
    p.add_argument("--connections", type=int, default=16)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--databases", default="sqlite,postgres")
    p.add_argument("--rounds", type=int, default=3, help="alternating runs; medians reported")
    args = p.parse_args()
    work = Path(tempfile.mkdtemp(prefix="plp-bench-"))
    # Enough that neither side wraps around in 15 s: a wrapped bare insert fails fast (unique
    # line keys) and would count as throughput.
    measured = container_numbers(300_000, "BNC")
    warm = container_numbers(40_000, "WRM")
    for name, numbers in (("measured.txt", measured), ("warm.txt", warm)):
        (work / name).write_text("".join(f"{n} {s}\n" for n, s in numbers))
    dbs = Databases(work)
    results = {}
    try:
        for kind in args.databases.split(","):
            template = dbs.template(kind, measured + warm)
            rounds: dict[str, list[dict[str, float]]] = {"submit": [], "bare": []}
            for _ in range(args.rounds):  # alternating, so drifting machine load hits both
                for target in rounds:
                    url = dbs.copy(kind, template)
                    rounds[target].append(run(target, kind, dbs, url, work, args))
            results[kind] = {t: median_of(r) for t, r in rounds.items()}
            report(kind, results[kind])
    finally:
        dbs.drop_all()
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    (out / f"submit-{stamp}.json").write_text(json.dumps(results, indent=2))


def run(
    target: str, kind: str, dbs: Databases, url: str, work: Path, args: argparse.Namespace
) -> dict[str, float]:
    env = {
        "PLP_DATABASE_URL": url,
        "PLP_MODE": "demo",
        "PLP_RUN_SCHEDULER": "false",
        "PLP_TOKEN_MINUTES": "600",
        "PLP_LOG_LEVEL": "warning",
    }
    if target == "submit":
        argv, path = serve_argv(args.workers), "/api/v1/plp-requests"
    else:  # the same command and app, plus the bare route
        argv = [*serve_argv(args.workers), "--factory", "bench.bare_app:create"]
        path = "/bare"
    server = Server(argv, env, work / f"{kind}-{target}.log")
    try:
        token = login(server.url, "tpka") if target == "submit" else "-"
        lua = {"BENCH_TOKEN": token}
        wrk(
            server.url + path,
            SCRIPT,
            3,
            args.connections,
            args.threads,
            lua | {"BENCH_CONTAINERS": str(work / "warm.txt"), "BENCH_RUN": "W"},
        )
        dbs.analyze(url)
        result = wrk(
            server.url + path,
            SCRIPT,
            args.seconds,
            args.connections,
            args.threads,
            lua | {"BENCH_CONTAINERS": str(work / "measured.txt"), "BENCH_RUN": "M"},
        )
    finally:
        server.stop()
    if result.non_2xx:
        print(f"warning: {kind} {target}: {result.non_2xx} non-2xx answers", file=sys.stderr)
    return vars(result)


def median_of(runs: list[dict[str, float]]) -> dict[str, float]:
    return {key: statistics.median(r[key] for r in runs) for key in runs[0]}


def report(kind: str, r: dict[str, dict[str, float]]) -> None:
    s, b = r["submit"], r["bare"]
    print(
        f"{kind:9} submit {s['rps']:7.1f} req/s p99 {s['p99_ms']:6.1f} ms | "
        f"bare insert {b['rps']:7.1f} req/s p99 {b['p99_ms']:6.1f} ms | "
        f"submit/bare = {s['rps'] / b['rps']:.2f}"
    )


if __name__ == "__main__":
    main()
