"""Several instances on one PostgreSQL: two `plp-online serve` processes without scheduler and
two `python -m app.jobs` schedulers. A load walks requests through the procedure alternating
instances, with competing steps sent to both at once; every request ends in one consistent
state, and the scheduled jobs run once per tick, by the leader only, until it dies."""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import create_engine, text

from app.adapters.sql.database import normalise_url
from bench.harness import container_numbers, seed_bench_manifest
from tests.e2e.instances import Instance, scheduler, serve
from tests.reporting import report
from tests.support import now, plp_body

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]
WALKERS, WALKS = 6, 4  # threads, requests each
PLP = "/api/v1/plp-requests"
NO_SCHEDULER = {"PLP_RUN_SCHEDULER": "false"}
FAST_JOBS = {"PLP_WATCHDOG_SECONDS": "1", "PLP_HEALTH_SECONDS": "1", "PLP_PUSH_SECONDS": "1"}


class Client:
    """Logins per instance and account; every answer kept to check for 5xx."""

    def __init__(self, urls: list[str]) -> None:
        self.urls, self.http = urls, httpx.Client(timeout=30)
        self.tokens: dict[tuple[str, str], str] = {}
        self.statuses: list[int] = []

    def call(self, n: int, account: str, path: str, body: Any = None) -> httpx.Response:
        url = self.urls[n % len(self.urls)]
        if (url, account) not in self.tokens:
            form = {"username": account, "password": f"{account}-demo"}
            token = self.http.post(f"{url}/api/v1/auth/token", data=form).json()
            self.tokens[(url, account)] = token["access_token"]
        headers = {"Authorization": f"Bearer {self.tokens[(url, account)]}"}
        if body is None:
            r = self.http.get(url + path, headers=headers)
        else:
            r = self.http.post(url + path, json=body, headers=headers)
        self.statuses.append(r.status_code)
        return r

    def both(self, *calls: Callable[[], httpx.Response]) -> list[httpx.Response]:
        with ThreadPoolExecutor(len(calls)) as pool:
            return list(pool.map(lambda c: c(), calls))


def walk(client: Client, goods: tuple[str, str], n: int) -> tuple[str, str]:
    """One request through the procedure, each step on the other instance; the decision and
    the gate-out and a cancellation sent to both instances at once. Returns (id, expected
    status)."""
    body = plp_body(bc11_number="009999", containers=[{"number": goods[0], "size": goods[1]}])
    rid = client.call(n, "tpka", PLP, body).json()["id"]
    step = f"{PLP}/{rid}"
    client.call(n + 1, "manifest", f"{step}/recommendations/manifest", {"approve": True})
    decisions = client.both(
        lambda: client.call(n, "kasubsi", f"{step}/decision", {"approve": True}),
        lambda: client.call(n + 1, "kasubsi", f"{step}/decision", {"approve": True}),
    )
    assert sorted(d.status_code for d in decisions) == [200, 409], [d.text for d in decisions]
    check = {"matched": True, "escorted": True}
    client.call(n, "supervisor-asal", f"{step}/origin-check", check)
    out_at = (now() + timedelta(seconds=1)).isoformat()
    gate_out, cancel = client.both(
        lambda: client.call(n + 1, "tpka", f"{step}/gate-out", {"at": out_at}),
        lambda: client.call(n, "tpka", f"{step}/cancellation", {"reason": "moved by road"}),
    )
    # L1: a released PLP's cancellation waits for the Kasubsi, so the goods move either way;
    # second, the cancellation is too late (409), first, the gate-out ends it as refused
    assert gate_out.status_code == 200 and cancel.status_code in (200, 409), cancel.text
    client.call(n, "supervisor-tujuan", f"{step}/destination-check", {"matched": True})
    in_at = (now() + timedelta(seconds=2)).isoformat()
    assert client.call(n + 1, "cfsb", f"{step}/gate-in", {"at": in_at}).status_code == 200
    return rid, "GATED_IN"


@pytest.fixture
def cluster(make_pg_database: Callable[[], str], tmp_path: Path) -> Iterator[dict[str, Any]]:
    url = make_pg_database()
    seed_bench_manifest(url, container_numbers(WALKERS * WALKS, "MIN"))
    web = [serve(url, tmp_path / f"web{i}.log", **NO_SCHEDULER) for i in range(2)]
    jobs = [scheduler(url, tmp_path / f"jobs{i}.log", **FAST_JOBS) for i in range(2)]
    try:
        for instance in (*web, *jobs):
            instance.start(wait_ready=False)
        for instance in web:
            instance.wait_ready()
        yield {"url": url, "web": web, "jobs": jobs}
    finally:
        for instance in (*web, *jobs):
            instance.stop()


def test_two_instances_and_two_schedulers_share_one_postgresql(
    cluster: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    client = Client([w.url for w in cluster["web"]])
    goods = container_numbers(WALKERS * WALKS, "MIN")
    started = time.monotonic()

    def walker(w: int) -> list[tuple[str, str]]:
        return [walk(client, goods[w * WALKS + i], w + i) for i in range(WALKS)]

    with client.http, ThreadPoolExecutor(WALKERS) as pool:
        expected = dict(pair for walked in pool.map(walker, range(WALKERS)) for pair in walked)
        for rid, status in expected.items():
            stored = client.call(0, "kasubsi", f"{PLP}/{rid}").json()
            assert stored["status"] == status
            assert_trail_replays(stored)
    assert all(s < 500 for s in client.statuses)
    assert stored_count(cluster["url"]) == len(expected)
    runs = job_runs(cluster["url"])
    elapsed = time.monotonic() - started
    report(
        capsys,
        f"multi-instance: {len(expected)} requests walked over 2 instances in {elapsed:.1f} s, "
        f"{len(client.statuses)} calls, {sum(s == 409 for s in client.statuses)} conflicts; "
        f"job runs {dict(_per_job(runs))}",
    )
    assert_one_leader_one_run_per_tick(runs)
    scraped = httpx.get(f"{cluster['web'][1].url}/metrics").text
    assert 'plp_job_last_run_age_seconds{job="watchdog"}' in scraped  # what an alert watches
    leader = _leader(cluster["jobs"], runs)
    leader.kill()
    assert_the_other_takes_over(cluster["url"], leader)


def assert_trail_replays(stored: dict[str, Any]) -> None:
    status = None
    for event in stored["audit"]:
        if event["from_status"] is not None:
            assert event["from_status"] == status, stored["audit"]
        status = event["to_status"] or status
    assert status == stored["status"]
    decided = [e for e in stored["audit"] if e["action"] == "decided"]
    assert len(decided) == 1 and [e["action"] for e in stored["audit"]].count("submitted") == 1


def stored_count(url: str) -> int:
    return int(_query(url, "SELECT count(*) FROM plp_request")[0][0])


def job_runs(url: str) -> list[tuple[str, str, Any, Any]]:
    sql = "SELECT job, instance, started_at, finished_at FROM job_run ORDER BY started_at"
    return [tuple(r) for r in _query(url, sql)]  # type: ignore[misc]


def assert_one_leader_one_run_per_tick(runs: list[tuple[str, str, Any, Any]]) -> None:
    """One instance ran every job; a job's runs never overlap and come once a second."""
    assert len({instance for _, instance, _, _ in runs}) == 1, runs
    for job in ("watchdog", "deadline-watch", "transit-watch"):
        mine = [r for r in runs if r[0] == job]
        assert len(mine) >= 3, runs
        for before, after in itertools.pairwise(mine):
            assert after[2] >= before[3] - timedelta(milliseconds=5)
        span = (mine[-1][2] - mine[0][2]).total_seconds()
        assert len(mine) <= span / 1.0 + 2  # twice as many would mean both schedulers ran


def assert_the_other_takes_over(url: str, dead: Instance) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        others = {i for _, i, _, _ in job_runs(url)} - {_instance_of(dead)}
        if others:
            return
        time.sleep(0.5)
    raise AssertionError("no scheduler took over after the leader was killed")


def _leader(jobs: list[Instance], runs: list[tuple[str, str, Any, Any]]) -> Instance:
    name = runs[0][1]
    return next(j for j in jobs if _instance_of(j) == name)


def _instance_of(instance: Instance) -> str:
    import socket

    assert instance.process is not None
    return f"{socket.gethostname()}:{instance.process.pid}"


def _per_job(runs: list[tuple[str, str, Any, Any]]) -> Iterator[tuple[str, int]]:
    for job in sorted({r[0] for r in runs}):
        yield job, sum(r[0] == job for r in runs)


def _query(url: str, sql: str) -> list[Any]:
    engine = create_engine(normalise_url(url))
    with engine.connect() as conn:
        rows = list(conn.execute(text(sql)))
    engine.dispose()
    return rows
