"""Where a read's CPU goes: the app called in process through ASGI (no server, no sockets),
sequentially, with the same stored data as bench/reads.py; prints µs per call and, with
--profile, cProfile's top functions. Run: .venv/bin/python -m bench.profile_reads --db sqlite"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from bench.harness import Databases, container_numbers
from bench.reads import _body

PATHS = {
    "live": (None, "/health/live"),
    "get": ("tpka", "/api/v1/plp-requests/{id}"),
    "queue": ("manifest", "/api/v1/queue"),
    "list": ("tpka", "/api/v1/plp-requests"),
}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--db", default="sqlite", choices=["sqlite", "postgres"])
    p.add_argument("--calls", type=int, default=2000)
    p.add_argument("--stored", type=int, default=200)
    p.add_argument("--cases", default=",".join(PATHS))
    p.add_argument("--profile", action="store_true")
    p.add_argument(
        "--access-log", metavar="FILE", help="log as `serve` does (INFO, JSON), to this file"
    )
    args = p.parse_args()
    dbs = Databases(Path(tempfile.mkdtemp(prefix="plp-profile-reads-")))
    try:
        numbers = container_numbers(args.stored * 10, "RDS")
        url = dbs.copy(args.db, dbs.template(args.db, numbers))
        asyncio.run(run(url, numbers, args))
    finally:
        dbs.drop_all()


async def run(url: str, numbers: list[tuple[str, str]], args: argparse.Namespace) -> None:
    os.environ |= {"PLP_DATABASE_URL": url, "PLP_MODE": "demo", "PLP_RUN_SCHEDULER": "false"}
    os.environ.setdefault("PLP_LOG_LEVEL", "WARNING")  # the access log would flood the terminal
    from app.main import create_app

    if args.access_log:  # as `plp-online serve` configures it, stderr going to the file
        from app.adapters import log_format

        sys.stderr = open(args.access_log, "w")  # noqa: SIM115 - for the whole run
        log_format.configure("INFO", "json")

    app = create_app()
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        tokens = {a: await _login(client, a) for a in ("tpka", "manifest")}
        ids = []
        for n in range(args.stored):
            containers = [{"number": c, "size": s} for c, s in numbers[n * 10 : n * 10 + 10]]
            r = await client.post(
                "/api/v1/plp-requests",
                json=_body(n, containers),
                headers={"Authorization": f"Bearer {tokens['tpka']}"},
            )
            ids.append(r.json()["id"])
    for case in args.cases.split(","):
        account, template = PATHS[case]
        headers = [(b"authorization", f"Bearer {tokens[account]}".encode())] if account else []
        paths = [template.format(id=i) for i in ids]
        await _calls(app, paths, headers, 200)  # warm
        profiler = cProfile.Profile() if args.profile else None
        start, wall = time.process_time(), time.perf_counter()
        if profiler:
            profiler.enable()
        await _calls(app, paths, headers, args.calls)
        if profiler:
            profiler.disable()
        spent, wall = time.process_time() - start, time.perf_counter() - wall
        per_call = f"{spent / args.calls * 1e6:8.0f} µs CPU, {wall / args.calls * 1e6:8.0f} µs"
        print(f"{case:6} {per_call} per call")
        if profiler:
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)
    print("kept answers:", _answer_cache_counts())


def _answer_cache_counts() -> dict[str, float]:
    from app.adapters.metrics import ANSWER_CACHE

    return {
        s.labels["outcome"]: s.value
        for m in ANSWER_CACHE.collect()
        for s in m.samples
        if s.name.endswith("_total")
    }


async def _calls(app: Any, paths: list[str], headers: list[tuple[bytes, bytes]], n: int) -> None:
    """Calls the ASGI app directly: httpx's own client costs more than a bare route."""
    for i in range(n):
        path = paths[i % len(paths)]
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": "GET",
            "scheme": "http",
            "path": path,
            "raw_path": path.encode(),
            "query_string": b"",
            "root_path": "",
            "headers": [(b"host", b"t"), *headers],
            "client": ("127.0.0.1", 1),
            "server": ("t", 80),
            "state": {},
        }
        status: list[int] = []

        async def receive() -> dict[str, Any]:
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message: dict[str, Any], status: list[int] = status) -> None:
            if message["type"] == "http.response.start":
                status.append(message["status"])

        await app(scope, receive, send)
        if status[0] != 200:
            raise RuntimeError(f"{path}: {status[0]}")


async def _login(client: httpx.AsyncClient, username: str) -> str:
    r = await client.post(
        "/api/v1/auth/token", data={"username": username, "password": f"{username}-demo"}
    )
    r.raise_for_status()
    return str(r.json()["access_token"])


if __name__ == "__main__":
    main()
