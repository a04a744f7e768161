"""Idempotency under a retry storm: the same submission sent 50 times at once, over REST and
over SOAP, on SQLite and PostgreSQL, creates one request and answers every copy alike."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from app.adapters.sql.database import normalise_url
from tests.integration.soap.soap_support import loadplp, post, ref, result_of
from tests.reporting import report
from tests.support import Api, containers, make_api, plp_body

COPIES = 50


@pytest.fixture
def api(db_url: str) -> Iterator[Api]:
    with make_api(db_url) as client:
        yield Api(client)


def storm(send: Any, api: Api) -> list[Any]:
    """Every copy at once, with the reference caches just expired: each request then reloads
    them while holding its transaction's connection (two connections at once)."""
    barrier = threading.Barrier(COPIES)
    services = api.client.app.state.services

    def one(_: int) -> Any:
        if barrier.wait() == 0:
            services.reference.invalidate()
            services.closed_days.invalidate()
        return send()

    with ThreadPoolExecutor(COPIES) as pool:
        return list(pool.map(one, range(COPIES)))


def stored(db_url: str, ref_number: str) -> tuple[int, int]:
    """(requests, 'submitted' audit events) under the reference."""
    engine = create_engine(normalise_url(db_url))
    with engine.connect() as conn:
        found = conn.execute(
            text(
                "SELECT count(DISTINCT r.id), count(e.id) FROM plp_request r "
                "LEFT JOIN audit_event e ON e.request_id = r.id AND e.action = 'submitted' "
                "WHERE r.ref_number = :ref"
            ),
            {"ref": ref_number},
        ).one()
    engine.dispose()
    return int(found[0]), int(found[1])


def test_fifty_identical_rest_submissions_at_once_create_one_request(
    api: Api, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    body = plp_body(containers=containers("TCLU1003595", "FCIU1003961"))
    token = api.auth("tpka")

    answers = storm(lambda: api.client.post("/api/v1/plp-requests", json=body, headers=token), api)

    statuses = sorted(a.status_code for a in answers)
    assert statuses == [200] * (COPIES - 1) + [201], statuses
    assert len({a.json()["id"] for a in answers}) == 1
    assert {a.json()["status"] for a in answers} == {"IN_REVIEW"}
    assert sum(a.headers.get("Idempotent-Replayed") == "true" for a in answers) == COPIES - 1
    assert stored(db_url, body["ref_number"]) == (1, 1)
    report(capsys, f"retry storm: REST {COPIES} sent, 1 created")


def test_fifty_identical_soap_uploads_at_once_create_one_request(
    api: Api, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    ref_number = ref()
    document = loadplp(ref_number, [("CAIU1004337", "40"), ("TSTU1004708", "20")])
    params = [("fStream", document), ("Username", "tpka"), ("Password", "tpka-demo")]

    answers = storm(lambda: post(api.client, "UploadMohonPLP", params), api)

    results = {result_of(a, "UploadMohonPLP") for a in answers}
    assert {a.status_code for a in answers} == {200}
    assert results == {f"Proses Berhasil {ref_number}"} or all(
        r.startswith("Proses Berhasil") for r in results
    ), results
    assert stored(db_url, ref_number) == (1, 1)
    report(capsys, f"retry storm: SOAP {COPIES} sent, 1 created")


def test_a_storm_mixing_rest_and_soap_under_one_reference_creates_one_request(
    api: Api, db_url: str
) -> None:
    """The same reference from two channels: one request; the other copies replay or 409."""
    body = plp_body(containers=containers("MSKU1005070"))
    document = loadplp(body["ref_number"], [("MSKU1005070", "20")])
    params = [("fStream", document), ("Username", "tpka"), ("Password", "tpka-demo")]
    token = api.auth("tpka")
    flip = iter(range(COPIES))

    def send() -> Any:
        if next(flip) % 2:
            return api.client.post("/api/v1/plp-requests", json=body, headers=token)
        return post(api.client, "UploadMohonPLP", params)

    answers = storm(send, api)

    assert {a.status_code for a in answers} <= {200, 201, 409}
    assert stored(db_url, body["ref_number"]) == (1, 1)
