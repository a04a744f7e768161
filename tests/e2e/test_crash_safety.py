"""Crash safety: under a running load of REST and SOAP submissions the server is killed with
SIGKILL and restarted, several times, on SQLite and on PostgreSQL. Afterwards every submission
that got a success answer is stored exactly once, with its lines and its 'submitted' event."""

from __future__ import annotations

import itertools
import random
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import create_engine, text

from app.adapters.sql.database import normalise_url
from bench.harness import container_numbers, seed_bench_manifest
from tests.conftest import fresh_sqlite
from tests.e2e.instances import Instance, serve
from tests.integration.soap.soap_support import TNS, envelope, loadplp
from tests.reporting import report
from tests.support import plp_body

pytestmark = pytest.mark.e2e
KILLS = 3
GOODS = 3000


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        url = fresh_sqlite(request.getfixturevalue("sqlite_template"), tmp_path)
    else:
        make: Callable[[], str] = request.getfixturevalue("make_pg_database")
        url = make()
    seed_bench_manifest(url, container_numbers(GOODS, "CRS"))
    return url


class Load:
    """Submitters that keep going through the crashes: what they tried and what was acked."""

    def __init__(self, server: Instance) -> None:
        self.server, self.stop = server, threading.Event()
        self.goods = iter(container_numbers(GOODS, "CRS"))
        self.lock = threading.Lock()
        self.tried: list[str] = []
        self.acked: dict[str, str] = {}  # ref -> channel

    def next_goods(self) -> tuple[str, str]:
        with self.lock:
            return next(self.goods)

    def rest(self, n: int) -> None:
        with httpx.Client(timeout=10) as http:
            token = self._login(http)
            for i in itertools.count():
                if self.stop.is_set():
                    return
                number, size = self.next_goods()
                body = plp_body(bc11_number="009999", containers=[{"number": number, "size": size}])
                body["ref_number"] = f"RST{n}-{i}"
                self._send(
                    body["ref_number"],
                    "rest",
                    lambda b=body: http.post(
                        f"{self.server.url}/api/v1/plp-requests",
                        json=b,
                        headers={"Authorization": f"Bearer {token}"},
                    ),
                    lambda r: r.status_code in (200, 201),
                )

    def soap(self, n: int) -> None:
        with httpx.Client(timeout=10) as http:
            for i in itertools.count():
                if self.stop.is_set():
                    return
                ref_number = f"SOP{n}-{i}"
                document = loadplp(ref_number, [self.next_goods()], bc11=("009999", "20261120"))
                call = envelope(
                    "UploadMohonPLP",
                    [("fStream", document), ("Username", "tpka"), ("Password", "tpka-demo")],
                )
                self._send(
                    ref_number,
                    "soap",
                    lambda c=call: http.post(
                        f"{self.server.url}/tps/service.asmx",
                        content=c,
                        headers={"Content-Type": "text/xml", "SOAPAction": f"{TNS}UploadMohonPLP"},
                    ),
                    lambda r: r.status_code == 200 and "Proses Berhasil" in r.text,
                )

    def _send(self, ref_number: str, channel: str, send: Any, ok: Any) -> None:
        with self.lock:
            self.tried.append(ref_number)
        try:
            answer = send()
        except httpx.HTTPError:  # the server died under this request: no answer, no promise
            time.sleep(0.05)
            return
        if ok(answer):
            with self.lock:
                self.acked[ref_number] = channel

    def _login(self, http: httpx.Client) -> str:
        while True:
            try:
                form = {"username": "tpka", "password": "tpka-demo"}
                r = http.post(f"{self.server.url}/api/v1/auth/token", data=form)
                return str(r.json()["access_token"])
            except httpx.HTTPError:
                time.sleep(0.1)


@pytest.fixture
def server(database_url: str, tmp_path: Path) -> Iterator[Instance]:
    instance = serve(database_url, tmp_path / "server.log").start()
    yield instance
    instance.stop()


def test_every_acknowledged_submission_survives_sigkill_exactly_once(
    server: Instance, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    load = Load(server)
    workers = [threading.Thread(target=load.rest, args=(n,)) for n in range(2)]
    workers += [threading.Thread(target=load.soap, args=(n,)) for n in range(2)]
    for w in workers:
        w.start()
    try:
        for _ in range(KILLS):
            time.sleep(random.uniform(0.8, 1.6))
            server.kill()
            server.start()  # same port, same database; waits until ready
        time.sleep(0.8)
    finally:
        load.stop.set()
        for w in workers:
            w.join(timeout=30)

    found = stored(database_url)
    acked = load.acked
    missing = [ref for ref in acked if found.get(ref, (0, 0, 0))[0] != 1]
    broken = {ref: f for ref, f in found.items() if f != (1, 1, 1)}
    report(
        capsys,
        f"crash safety ({database_url.split(':')[0]}): {KILLS} SIGKILLs, {len(load.tried)} tried, "
        f"{len(acked)} acknowledged ({sum(c == 'soap' for c in acked.values())} SOAP), "
        f"{sum(ref in found for ref in acked)} found, {len(found)} stored",
    )
    assert len(acked) > 20 and {"rest", "soap"} <= set(acked.values())
    assert missing == []
    assert broken == {}  # every stored request: once, one line, one 'submitted' event


def stored(url: str) -> dict[str, tuple[int, int, int]]:
    """ref -> (requests, lines, 'submitted' events) of everything in the database."""
    sql = text(
        "SELECT r.ref_number, count(DISTINCT r.id), "
        "(SELECT count(*) FROM plp_line l WHERE l.request_id = min(r.id)), "
        "(SELECT count(*) FROM audit_event e WHERE e.request_id = min(r.id) "
        " AND e.action = 'submitted') "
        "FROM plp_request r WHERE r.ref_number LIKE 'RST%' OR r.ref_number LIKE 'SOP%' "
        "GROUP BY r.ref_number"
    )
    engine = create_engine(normalise_url(url))
    with engine.connect() as conn:
        rows = {r[0]: (int(r[1]), int(r[2]), int(r[3])) for r in conn.execute(sql)}
    engine.dispose()
    return rows
