"""The read path against a bare FastAPI app, in one run, on SQLite and PostgreSQL, 2 workers
each (issue 13): `/health/live`, one stored request (`GET /api/v1/plp-requests/{id}`, 10
containers and its audit trail), the manifest officer's work queue and the TPS's list (pages
of the API's default 50, with each request's SLA), each against the small JSON GET of a bare
FastAPI app (`bench/bare_get.py`) served the same way, in alternating rounds.
Run: .venv/bin/python -m bench.reads"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import httpx

from bench.harness import ROOT, Databases, Server, container_numbers, login, serve_argv, wrk

SCRIPT = Path(__file__).with_name("reads.lua")
BARE = "bare"
# label -> (account reading, path template, target share of the bare app's throughput)
CASES: dict[str, tuple[str | None, str, float | None]] = {
    BARE: (None, "/health/live", None),
    "live": (None, "/health/live", 0.80),
    "get": ("tpka", "/api/v1/plp-requests/{id}", 0.40),
    "queue": ("manifest", "/api/v1/queue{limit}", 0.40),
    "list": ("tpka", "/api/v1/plp-requests{limit}", None),
}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--seconds", type=int, default=10)
    p.add_argument("--connections", type=int, default=16)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--databases", default="sqlite,postgres")
    p.add_argument("--rounds", type=int, default=3, help="alternating runs; medians reported")
    p.add_argument("--stored", type=int, default=200, help="requests filed before measuring")
    p.add_argument("--limit", type=int, help="page size of the queue and the list (default: 50)")
    p.add_argument("--cases", default=",".join(CASES), help="which cases (bare always runs)")
    args = p.parse_args()
    work = Path(tempfile.mkdtemp(prefix="plp-bench-reads-"))
    numbers = container_numbers(args.stored * 10, "RDS")
    cases = [BARE, *(c for c in args.cases.split(",") if c != BARE)]
    dbs = Databases(work)
    results: dict[str, dict[str, object]] = {}
    try:
        for kind in args.databases.split(","):
            url = dbs.copy(kind, dbs.template(kind, numbers))
            results[kind] = measure(kind, url, dbs, numbers, cases, work, args)
            report(kind, results[kind])
    finally:
        dbs.drop_all()
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    settings = {k: v for k, v in vars(args).items() if k != "databases"}
    (out / f"reads-{stamp}.json").write_text(
        json.dumps({"settings": settings, "results": results}, indent=2)
    )


def measure(
    kind: str,
    url: str,
    dbs: Databases,
    numbers: list[tuple[str, str]],
    cases: list[str],
    work: Path,
    args: argparse.Namespace,
) -> dict[str, object]:
    # The production defaults (INFO, JSON access log), written to the servers' log files.
    env = {"PLP_DATABASE_URL": url, "PLP_MODE": "demo", "PLP_RUN_SCHEDULER": "false"}
    env |= {"PLP_TOKEN_MINUTES": "600"}
    ours = Server(serve_argv(args.workers), env, work / f"{kind}-ours.log")
    bare = None
    try:
        ids = file_requests(ours.url, numbers, args.stored)
        dbs.analyze(url)  # what autovacuum would have done in production
        bare = Server(
            [*serve_argv(args.workers), "--factory", "bench.bare_get:create"],
            env,
            work / f"{kind}-bare.log",
        )
        tokens = {"-": "-"} | {a: login(ours.url, a) for a, _, _ in CASES.values() if a}
        plans = {}
        for case in cases:
            account, template, _ = CASES[case]
            limit = f"?limit={args.limit}" if args.limit else ""  # the API's default, 50
            paths = (
                [template.format(id=i) for i in ids]
                if "{id}" in template
                else [template.format(limit=limit)]
            )
            listed = work / f"{kind}-{case}.txt"
            listed.write_text("".join(p + "\n" for p in paths))
            server = bare if case == BARE else ours
            lua = {"BENCH_TOKEN": tokens[account or "-"], "BENCH_PATHS": str(listed)}
            plans[case] = (server.url, lua)
            check(server.url, paths[0], tokens[account or "-"])
            wrk(server.url, SCRIPT, 2, args.connections, args.threads, lua)  # warm-up
        rounds: dict[str, list[dict[str, float]]] = {case: [] for case in cases}
        for _ in range(args.rounds):  # alternating, so drifting machine load hits every case
            for case, (base, lua) in plans.items():
                before = kept_answers(ours.url)
                result = wrk(base, SCRIPT, args.seconds, args.connections, args.threads, lua)
                if result.non_2xx:
                    print(f"warning: {kind} {case}: {result.non_2xx} non-2xx", file=sys.stderr)
                after = kept_answers(ours.url)
                served = {k: after.get(k, 0.0) - before.get(k, 0.0) for k in after}
                rounds[case].append(
                    vars(result)
                    | {"kept": served.get("hit", 0.0)}
                    | {"reads": sum(served.values())}
                )
    finally:
        ours.stop()
        if bare is not None:
            bare.stop()
    medians = {
        case: {k: statistics.median(r[k] for r in runs) for k in runs[0]}
        for case, runs in rounds.items()
    }
    floor = medians[BARE]["rps"]
    return {
        "medians": medians,
        "ratios": {case: m["rps"] / floor for case, m in medians.items() if case != BARE},
        "rounds": rounds,
    }


def file_requests(base: str, numbers: list[tuple[str, str]], count: int) -> list[str]:
    """`count` accepted requests of 10 containers each, filed through the API by tpka."""
    headers = {"Authorization": f"Bearer {login(base, 'tpka')}"}
    ids = []
    with httpx.Client(base_url=base, headers=headers, timeout=30) as client:
        for n in range(count):
            containers = [{"number": c, "size": s} for c, s in numbers[n * 10 : n * 10 + 10]]
            r = client.post("/api/v1/plp-requests", json=_body(n, containers))
            r.raise_for_status()
            if r.json()["status"] != "IN_REVIEW":
                raise RuntimeError(f"bench request refused: {r.text}")
            ids.append(r.json()["id"])
    return ids


def _body(n: int, containers: list[dict[str, str]]) -> dict[str, object]:
    return {
        "office_code": "040300",
        "ref_number": f"READS-{n}",
        "letter_number": "B/PLP/2026",
        "letter_date": "2026-11-25",
        "origin_tps": "TPKA",
        "origin_gudang": "TPKA",
        "destination_tps": "CFSB",
        "destination_gudang": "CFB1",
        "reason": "NO_LCL_SPACE",
        "bc11_number": "009999",
        "bc11_date": "2026-11-20",
        "applicant_name": "BENCH",
        "containers": containers,
    }


def kept_answers(base: str) -> dict[str, float]:
    """plp_answer_cache_total by outcome, summed over the workers (issue 13's kept answers)."""
    found = re.findall(
        r'^plp_answer_cache_total\{outcome="(\w+)"\} (\S+)$',
        httpx.get(base + "/metrics").text,
        re.M,
    )
    return {outcome: float(value) for outcome, value in found}


def check(base: str, path: str, token: str) -> None:
    r = httpx.get(base + path, headers={"Authorization": f"Bearer {token}"})
    r.raise_for_status()


def report(kind: str, result: dict[str, object]) -> None:
    medians: dict[str, dict[str, float]] = result["medians"]  # type: ignore[assignment]
    floor = medians[BARE]
    print(f"{kind}: bare app {floor['rps']:8.1f} req/s  p99 {floor['p99_ms']:6.1f} ms")
    for case, m in medians.items():
        if case == BARE:
            continue
        ratio, target = m["rps"] / floor["rps"], CASES[case][2]
        verdict = (
            ""
            if target is None
            else f"  target {target:.2f}: " + ("met" if ratio >= target else "NOT met")
        )
        kept = f"  kept answers {m['kept'] / m['reads']:.0%}" if m.get("reads") else ""
        line = f"  {case:6} {m['rps']:8.1f} req/s  p99 {m['p99_ms']:6.1f} ms  {ratio:.2f}"
        print(line + verdict + kept)


if __name__ == "__main__":
    main()
