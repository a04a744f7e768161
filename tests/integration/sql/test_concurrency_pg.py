"""Races on PostgreSQL: exactly one of two concurrent commands wins, the other gets a conflict."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from app.adapters.clock import SystemClock
from app.adapters.sql.database import Database
from app.adapters.sql.repositories.reference_data_repository import SqlReferenceData
from app.adapters.sql.unit_of_work import SqlUnitOfWork
from app.domain import commands as c
from app.domain.actor import Actor, Role
from app.domain.errors import PlpError
from app.domain.services import procedure
from tests.support import Api, containers, make_api, plp_body

pytestmark = pytest.mark.postgres
ROUNDS = 15
PLP = "/api/v1/plp-requests"
KASUBSI = Actor("kasubsi", Role.KASUBSI_MANIFEST, office_code="040300")


@pytest.fixture
def pg(pg_url: str) -> Iterator[tuple[Api, Database]]:
    database = Database(pg_url)
    with make_api(pg_url) as client:
        yield Api(client), database
    database.dispose()


def _race(*commands: Callable[[], Any]) -> list[str]:
    """Run the commands at the same moment; each outcome is 'ok' or the error's class name."""
    barrier = threading.Barrier(len(commands))

    def run(command: Callable[[], Any]) -> str:
        barrier.wait()
        try:
            command()
        except PlpError as exc:
            return type(exc).__name__
        return "ok"

    with ThreadPoolExecutor(len(commands)) as pool:
        return sorted(pool.map(run, commands))


def test_r3_two_kasubsi_decisions_at_once_exactly_one_wins(pg: tuple[Api, Database]) -> None:
    api, database = pg
    reference = SqlReferenceData(database)
    for _ in range(ROUNDS):
        rid = api.submit().json()["id"]
        api.step(rid, "recommendations/manifest", "manifest", approve=True)

        def decide(approve: bool, rid: str = rid) -> Callable[[], Any]:
            cmd = c.DecidePlp(KASUBSI, rid, approve, None if approve else "refused")
            return lambda: procedure.decide(cmd, SqlUnitOfWork(database), SystemClock(), reference)

        outcomes = _race(decide(True), decide(False))

        assert outcomes == ["IllegalTransitionError", "ok"]
        final = api.get(f"/api/v1/plp-requests/{rid}", "kasubsi").json()
        assert [e["action"] for e in final["audit"]].count("decided") == 1
        freed = api.step(rid, "cancellation", "tpka", reason="free the goods for the next round")
        waiting = freed.json().get("cancellation")  # a rejection: nothing to cancel
        if (
            waiting and waiting["state"] == "PENDING"
        ):  # L1: an approval's cancellation needs the Kasubsi
            path = f"/api/v1/plp-requests/{rid}/cancellations/{waiting['number']}/decision"
            assert api.post(path, "kasubsi", {"approve": True}).status_code == 200


def test_r3_two_decisions_over_http_one_200_one_409(pg: tuple[Api, Database]) -> None:
    api, _ = pg
    rid = api.submit().json()["id"]
    api.step(rid, "recommendations/manifest", "manifest", approve=True)
    token = api.auth("kasubsi")

    def decide() -> int:
        r = api.client.post(
            f"/api/v1/plp-requests/{rid}/decision", json={"approve": True}, headers=token
        )
        return int(r.status_code)

    with ThreadPoolExecutor(2) as pool:
        statuses = sorted(pool.map(lambda _: decide(), range(2)))

    assert statuses == [200, 409]


def test_e5_two_requests_for_the_same_container_at_once_one_is_rejected(
    pg: tuple[Api, Database],
) -> None:
    api, _ = pg
    token = api.auth("tpka")
    for number in ("TSTU1001000", "CSQU1001743", "OOLU1002480", "HLXU1002859"):
        bodies = [plp_body(containers=containers(number)) for _ in range(2)]

        with ThreadPoolExecutor(2) as pool:
            results = list(pool.map(lambda b: api.client.post(PLP, json=b, headers=token), bodies))

        assert sorted(r.status_code for r in results) == [201, 201]
        statuses = sorted(r.json()["status"] for r in results)
        assert statuses == ["IN_REVIEW", "REJECTED"]
        rejected = next(r.json() for r in results if r.json()["status"] == "REJECTED")
        assert [f["rule"] for f in rejected["findings"]] == ["E5"]


def test_the_same_submission_sent_ten_times_at_once_creates_one_request(
    pg: tuple[Api, Database],
) -> None:
    api, _ = pg
    token = api.auth("tpka")
    body = plp_body(containers=containers("SEGU1003220"))

    with ThreadPoolExecutor(10) as pool:
        results = list(
            pool.map(lambda _: api.client.post(PLP, json=body, headers=token), range(10))
        )

    assert sorted(r.status_code for r in results) == [200] * 9 + [201]
    assert len({r.json()["id"] for r in results}) == 1
    listed = api.get(PLP, "tpka", params={"limit": 200}).json()["items"]
    assert [i["ref_number"] for i in listed].count(body["ref_number"]) == 1
