"""What goes into the push outbox, for whom, and how the delivery job claims it (issue 5)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select, text

from app.adapters.sql.repositories.outbox_repository import D, SqlPushDeliveries
from app.jobs import watchdog
from app.jobs.context import JobContext
from tests.support import Api, containers, make_api

EVENTS = ("decision", "cancellation", "manual_procedure", "discrepancy")


def subscribe(api: Api, user: str) -> None:
    for event in EVENTS:
        r = api.client.put(
            f"/api/v1/callbacks/{event}",
            json={"url": f"http://{user}.test/{event}"},
            headers=api.auth(user),
        )
        assert r.status_code == 200, r.text


def outbox(api: Api) -> list[Any]:
    with api.client.app.state.services.database.session() as s:
        return list(s.execute(select(D).order_by(D.c.id)))


@pytest.fixture
def api(db_url: str) -> Iterator[Api]:
    with make_api(db_url) as client:
        api = Api(client)
        subscribe(api, "tpka")
        subscribe(api, "cfsb")
        yield api


def approved(api: Api, goods: str) -> str:
    rid = str(api.submit(containers=containers(goods)).json()["id"])
    api.step(rid, "recommendations/manifest", "manifest", approve=True)
    api.step(rid, "decision", "kasubsi", approve=True)
    return rid


def test_a_secret_is_shown_once_and_callbacks_are_listed(api: Api) -> None:
    again = api.client.put(
        "/api/v1/callbacks/decision", json={"url": "https://x.test/a"}, headers=api.auth("tpka")
    )
    listed = api.get("/api/v1/callbacks", "tpka").json()
    wrong_role = api.client.put(
        "/api/v1/callbacks/decision", json={"url": "https://x.test/a"}, headers=api.auth("kasubsi")
    )
    assert again.json()["secret"] is None
    assert {c["event_type"] for c in listed["callbacks"]} == set(EVENTS)
    assert listed["secret_created_at"] and wrong_role.status_code == 403


def test_rejection_on_arrival_goes_to_the_applicant_only(api: Api) -> None:
    api.submit(containers=containers("OOLU1006187"))  # E3
    [row] = outbox(api)
    body = json.loads(row.body)
    assert (row.tps_code, row.event_type) == ("TPKA", "decision")
    assert body["data"]["approved"] is False
    assert [f["rule"] for f in body["data"]["findings"]] == ["E3"]


def test_approval_cancellation_and_discrepancy_reach_both_tps(api: Api) -> None:
    rid = approved(api, "MSKU1001373")
    number = api.step(rid, "cancellation", "tpka", reason="wrong gudang").json()["cancellation"]
    path = f"/api/v1/plp-requests/{rid}/cancellations/{number['number']}/decision"
    api.post(path, "kasubsi", {"approve": True})  # L1: the decision is pushed, not the ask
    other = approved(api, "TGHU1002113")
    api.step(other, "origin-check", "supervisor-asal", matched=False, note="seal broken")
    kinds = [(r.event_type, r.tps_code) for r in outbox(api)]
    assert kinds == [
        ("decision", "TPKA"),
        ("decision", "CFSB"),
        ("cancellation", "TPKA"),
        ("cancellation", "CFSB"),
        ("decision", "TPKA"),
        ("decision", "CFSB"),
        ("discrepancy", "TPKA"),
        ("discrepancy", "CFSB"),
    ]
    discrepancy = json.loads(outbox(api)[-1].body)["data"]
    assert discrepancy["gate"] == "origin" and discrepancy["note"] == "seal broken"


def test_f1_the_switch_to_the_manual_procedure_is_pushed_to_every_tps(api: Api) -> None:
    services = api.client.app.state.services
    declared = api.post("/api/v1/outages", "kasubsi", {"office_code": "040300", "cause": "down"})
    assert declared.status_code == 201, declared.text
    services.clock.advance(timedelta(days=3))
    ctx = JobContext(
        services.settings,
        services.database,
        services.clock,
        services.calendars,
        services.reference,
        services.notifications,
    )
    watchdog.run(ctx)
    rows = [r for r in outbox(api) if r.event_type == "manual_procedure"]
    assert sorted(r.tps_code for r in rows) == ["CFSB", "TPKA"]
    assert json.loads(rows[0].body)["data"]["kind"] == "manual_procedure"


@pytest.mark.postgres
def test_a_claim_skips_rows_another_worker_holds(pg_url: str) -> None:
    with make_api(pg_url) as client:
        api = Api(client)
        subscribe(api, "tpka")
        api.submit(containers=containers("OOLU1006187"))
        api.submit(containers=containers("HLXU1006556"))
        database = client.app.state.services.database
        now = client.app.state.services.clock.now()
        first = outbox(api)[0].id
        held, release = threading.Event(), threading.Event()

        def hold() -> None:  # another worker's open claim transaction on the first row
            with database.engine.connect() as conn, conn.begin():
                conn.execute(
                    text("SELECT id FROM push_delivery WHERE id = :i FOR UPDATE"), {"i": first}
                )
                held.set()
                release.wait(10)

        worker = threading.Thread(target=hold)
        worker.start()
        held.wait(10)
        started = time.monotonic()
        with database.session() as s:
            claimed = SqlPushDeliveries(s).claim(now, timedelta(minutes=1), 10, frozenset())
        waited = time.monotonic() - started
        release.set()
        worker.join()

    assert [c.id for c in claimed] == [first + 1]
    assert waited < 5  # skipped, not waited for
