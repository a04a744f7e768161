"""Issue 16.7: polled responses go out in the order they were numbered when they became
deliverable, not by clock time, each once; on PostgreSQL, a response numbered by a writer that
commits after a later number was delivered is still delivered (nothing is skipped), and two
polls at once share the waiting responses without handing one out twice."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from sqlalchemy import text

from app.adapters.sql.database import Database
from app.adapters.sql.queries.response_query import SqlResponseFeed
from app.domain.ports.responses import ResponseKind
from bench.harness import container_numbers, seed_bench_manifest
from tests.integration.soap.soap_support import PORTS, loadplp, ref, zeep_client
from tests.integration.soap.test_soap_operations import approve, request_of
from tests.support import Api, make_api, now

TPKA = {"Username": "tpka", "Password": "tpka-demo"}
POLL = {"UserName": "tpka", "Password": "tpka-demo", "Kd_asp": "TPKA"}
QUEUE_ONE = text(
    "INSERT INTO response_queue (tps_code, kind, request_id, item) "
    "VALUES ('TPKA', 'plp', :rid, '') RETURNING seq"
)


def test_delivery_responses_go_out_in_sequence_order_not_clock_order(api_any_db: Api) -> None:
    soap = zeep_client("http://testserver", PORTS[0], api_any_db.client)
    clock, start = api_any_db.client.app.state.services.clock, now()
    decided = []
    for at, container in ((start + timedelta(minutes=30), "CSQU1001743"), (start, "OOLU1002480")):
        clock.set(at)  # the second decision is stamped before the first
        r = ref()
        sent = soap.UploadMohonPLP(fStream=loadplp(r, [(container, "20")]), **TPKA)
        assert sent == f"Proses Berhasil {r}"
        approve(api_any_db, request_of(api_any_db, r)["id"])
        decided.append(r)

    answer = soap.GetResponPLP(**POLL)

    assert re.findall(r"<REF_NUMBER>(.*?)</REF_NUMBER>", answer) == decided
    assert soap.GetResponPLP(**POLL) == "Data tidak ditemukan"


@pytest.fixture
def pg(pg_url: str) -> Iterator[tuple[Api, Database]]:
    seed_bench_manifest(pg_url, container_numbers(8, "RDQ"))
    database = Database(pg_url)
    with make_api(pg_url) as client:
        yield Api(client), database
    database.dispose()


def _requests(api: Api, count: int) -> list[str]:
    """Requests under review (they owe no response yet) the queue rows can name."""
    ids = []
    for number, size in container_numbers(8, "RDQ")[:count]:
        goods = [{"number": number, "size": size}]
        r = api.submit(**{"bc11_number": "009999", "containers": goods})
        assert r.status_code == 201, r.text
        ids.append(r.json()["id"])
    return ids


def _poll(database: Database, limit: int = 100) -> list[str]:
    with database.session() as session:
        taken = SqlResponseFeed(session).take_undelivered(
            "TPKA", ResponseKind.DECISION, now(), limit
        )
        session.commit()
    return [r.id for r in taken]


def _drain(database: Database) -> None:
    while _poll(database):
        pass


@pytest.mark.postgres
def test_delivery_pg_a_response_committed_after_a_later_number_was_delivered_is_not_skipped(
    pg: tuple[Api, Database],
) -> None:
    api, database = pg
    early, late = _requests(api, 2)
    _drain(database)
    with database.session() as writer_a, database.session() as writer_b:
        seq_early = writer_a.execute(QUEUE_ONE, {"rid": early}).scalar_one()  # not committed
        seq_late = writer_b.execute(QUEUE_ONE, {"rid": late}).scalar_one()
        writer_b.commit()

        first = _poll(database)
        writer_a.commit()
    second, third = _poll(database), _poll(database)

    assert seq_early < seq_late
    assert (first, second, third) == ([late], [early], [])


@pytest.mark.postgres
def test_delivery_pg_two_polls_at_once_hand_each_response_out_once(
    pg: tuple[Api, Database],
) -> None:
    api, database = pg
    _drain(database)
    ids = _requests(api, 6)
    with database.session() as session:
        for rid in ids:
            session.execute(QUEUE_ONE, {"rid": rid})
        session.commit()
    barrier = threading.Barrier(2)

    def poll(_: int) -> list[str]:
        barrier.wait()
        taken = []
        while batch := _poll(database, limit=1):
            taken += batch
        return taken

    with ThreadPoolExecutor(2) as pool:
        first, second = pool.map(poll, range(2))

    assert sorted(first + second) == sorted(ids)
    assert not set(first) & set(second)
