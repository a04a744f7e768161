"""Memory per worker after 100,000 requests: `plp-online serve --workers 2` on PostgreSQL, a
wrk mix of list, read and queue calls, RSS of each worker before and after.
Run: .venv/bin/python -m bench.memory [--requests 100000]"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import httpx

from bench.harness import Databases, Server, container_numbers, login, serve_argv, wrk
from bench.lists import SCRIPT, seed


def workers_of(pid: int) -> list[int]:
    """The worker processes uvicorn forked (children of the server, recursively)."""
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            child = int(stat.parent.name)
            children += [child, *workers_of(child)]
    return children


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--requests", type=int, default=100_000)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--connections", type=int, default=16)
    args = p.parse_args()
    work = Path(tempfile.mkdtemp(prefix="plp-bench-mem-"))
    dbs = Databases(work)  # drops only the databases it made
    try:
        url = dbs.copy("postgres", dbs.template("postgres", container_numbers(10, "MEM")))
        seed(url, 10_000)
        env = {"PLP_DATABASE_URL": url, "PLP_MODE": "demo", "PLP_RUN_SCHEDULER": "false"}
        env |= {"PLP_LOG_LEVEL": "warning", "PLP_TOKEN_MINUTES": "600"}
        server = Server(serve_argv(args.workers), env, work / "memory.log")
        try:
            run(server, args)
        finally:
            server.stop()
    finally:
        dbs.drop_all()


def run(server: Server, args: argparse.Namespace) -> None:
    token = login(server.url, "kasubsi")
    first = httpx.get(
        f"{server.url}/api/v1/plp-requests?limit=1", headers={"Authorization": f"Bearer {token}"}
    ).json()["items"][0]["id"]
    paths = ["/api/v1/plp-requests?limit=50", f"/api/v1/plp-requests/{first}", "/api/v1/queue"]
    pids = [p for p in workers_of(server.process.pid) if rss_mib(p) > 30]
    before = {pid: rss_mib(pid) for pid in pids}
    done, rounds = 0, 0
    while done < args.requests:
        path = paths[rounds % len(paths)]
        lua = {"BENCH_TOKEN": token, "BENCH_PATH": path}
        done += wrk(server.url + path, SCRIPT, 5, args.connections, 2, lua).requests
        rounds += 1
    after = {pid: rss_mib(pid) for pid in pids}
    print(f"{done:,} requests over {args.workers} workers (list, read, queue):")
    for pid in pids:
        print(f"  worker {pid}: RSS {before[pid]:.0f} MiB before, {after[pid]:.0f} MiB after")
    print(f"  mean per worker after: {sum(after.values()) / max(1, len(after)):.0f} MiB")


if __name__ == "__main__":
    main()
