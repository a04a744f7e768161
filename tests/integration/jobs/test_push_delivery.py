"""The push delivery job against respx-mocked callback endpoints: success, 500 then success,
timeouts, a dead endpoint, the signature, and at-least-once after a crash between send and
mark (issue 5)."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import httpx
import pytest
import respx
from sqlalchemy import select

from app.adapters.http.push_sender import HttpPushSender, push_client
from app.adapters.sql.repositories.outbox_repository import D, SqlPushDeliveries
from app.jobs.context import JobContext
from app.jobs.delivery import PushDelivery
from tests.support import Api, containers, make_api

CALLBACK = "http://tps-a.test/plp/events"
OTHER = "http://tps-b.test/plp/events"


@dataclass
class World:
    api: Api
    ctx: JobContext
    job: PushDelivery
    secret: str

    def clock_forward(self, **parts: float) -> None:
        self.ctx.clock.advance(timedelta(**parts))  # type: ignore[attr-defined]

    def rows(self) -> list[Any]:
        with self.ctx.database.session() as s:
            return list(s.execute(select(D).order_by(D.c.id)))

    def decide(self, approve: bool = True, goods: tuple[str, ...] = ("MSKU1001373",)) -> str:
        rid = self.api.submit(containers=containers(*goods)).json()["id"]
        self.api.step(rid, "recommendations/manifest", "manifest", approve=True)
        body = {"approve": approve} | ({} if approve else {"reason": "documents incomplete"})
        r = self.api.post(f"/api/v1/plp-requests/{rid}/decision", "kasubsi", body)
        assert r.status_code == 200, r.text
        return str(rid)


def world_on(url: str, tmp: Any) -> Iterator[World]:
    with make_api(url) as client:
        api = Api(client)
        services = client.app.state.services
        settings = services.settings.model_copy(update={"push_timeout_seconds": 0.5})
        ctx = JobContext(
            settings,
            services.database,
            services.clock,
            services.calendars,
            services.reference,
            services.notifications,
        )
        r = api.client.put(
            "/api/v1/callbacks/decision", json={"url": CALLBACK}, headers=api.auth("tpka")
        )
        assert r.status_code == 200, r.text
        job = PushDelivery(ctx)
        yield World(api, ctx, job, r.json()["secret"])
        job.close()


@pytest.fixture
def world(sqlite_url: str, tmp_path: Any) -> Iterator[World]:
    yield from world_on(sqlite_url, tmp_path)


def test_success_sends_a_signed_event_once(world: World) -> None:
    rid = world.decide()
    with respx.mock:
        route = respx.post(CALLBACK).mock(return_value=httpx.Response(204))
        assert world.job.run(wait_for_sends=True) == 1
        assert world.job.run(wait_for_sends=True) == 0

    assert route.call_count == 1
    sent = route.calls.last.request
    stamp, body = sent.headers["X-PLP-Timestamp"], sent.content
    expected = hmac.new(world.secret.encode(), stamp.encode() + b"." + body, hashlib.sha256)
    assert sent.headers["X-PLP-Signature"] == "v1=" + expected.hexdigest()
    assert abs(int(stamp) - time.time()) < 60  # real time: receivers check freshness
    event = json.loads(body)
    assert sent.headers["X-PLP-Event-Id"] == event["id"]
    assert sent.headers["X-PLP-Event-Type"] == event["type"] == "decision"
    assert sent.headers["X-PLP-Delivery-Attempt"] == "1"
    assert event["data"]["request_id"] == rid and event["data"]["approved"] is True
    assert event["data"]["plp_number"] and event["tps_code"] == "TPKA"
    [row] = world.rows()
    assert (row.status, row.attempts, row.last_status) == ("delivered", 1, 204)


def test_500_then_success_retries_after_the_backoff(world: World) -> None:
    world.decide(approve=False)
    with respx.mock:
        route = respx.post(CALLBACK).mock(side_effect=[httpx.Response(500), httpx.Response(200)])
        world.job.run(wait_for_sends=True)
        [failed] = world.rows()
        world.job.run(wait_for_sends=True)  # not due yet: nothing sent
        calls_before_due = route.call_count
        world.clock_forward(seconds=10)  # first retry: within 2.5-5 s (jitter)
        world.job.run(wait_for_sends=True)

    assert (failed.status, failed.attempts, failed.last_status) == ("pending", 1, 500)
    assert failed.next_attempt_at > failed.created_at
    assert calls_before_due == 1 and route.call_count == 2
    ids = {c.request.headers["X-PLP-Event-Id"] for c in route.calls}
    assert len(ids) == 1  # the same event id on the retry
    assert route.calls.last.request.headers["X-PLP-Delivery-Attempt"] == "2"
    assert world.rows()[0].status == "delivered"


def test_timeouts_are_retried_and_a_dead_endpoint_does_not_hold_others(world: World) -> None:
    r = world.api.client.put(
        "/api/v1/callbacks/decision", json={"url": OTHER}, headers=world.api.auth("cfsb")
    )
    assert r.status_code == 200
    world.decide()  # approved: TPKA (applicant) and CFSB (destination) are both told
    world.decide(goods=("TGHU1002113",))
    with respx.mock:
        slow = respx.post(CALLBACK).mock(side_effect=httpx.ReadTimeout("slow"))
        fine = respx.post(OTHER).mock(return_value=httpx.Response(200))
        assert world.job.run(wait_for_sends=True) == 4

    by_url = {u: [row for row in world.rows() if row.url == u] for u in (CALLBACK, OTHER)}
    assert [row.status for row in by_url[OTHER]] == ["delivered", "delivered"]
    assert fine.call_count == 2
    assert slow.call_count == 1  # the first unanswered call put the second back, untried
    timed_out, put_back = by_url[CALLBACK]
    assert timed_out.attempts == 1 and "timeout" in timed_out.last_error
    assert put_back.attempts == 0 and put_back.next_attempt_at == timed_out.next_attempt_at


def test_a_dead_endpoint_is_dead_after_24_hours_and_an_admin_redelivers(world: World) -> None:
    world.decide()
    with respx.mock:
        respx.post(CALLBACK).mock(side_effect=httpx.ConnectError("refused"))
        for _ in range(40):  # 5 s doubling to 1 h: 24 h is over within 40 tries
            world.job.run(wait_for_sends=True)
            world.clock_forward(hours=1)
    [dead] = world.rows()
    listed = world.api.get("/api/v1/admin/push-deliveries?status=dead", "admin").json()

    assert dead.status == "dead" and dead.attempts > 5
    assert [d["id"] for d in listed] == [dead.id]
    again = world.api.post(f"/api/v1/admin/push-deliveries/{dead.id}/redeliver", "admin")
    assert again.status_code == 200 and again.json()["status"] == "pending"
    with respx.mock:
        route = respx.post(CALLBACK).mock(return_value=httpx.Response(200))
        world.job.run(wait_for_sends=True)
    assert route.calls.last.request.headers["X-PLP-Event-Id"] == dead.event_id
    assert world.rows()[0].status == "delivered"


def test_a_crash_between_send_and_mark_resends_with_the_same_event_id(world: World) -> None:
    world.decide()
    client = push_client(1.0, 4)
    with respx.mock:
        route = respx.post(CALLBACK).mock(return_value=httpx.Response(200))
        with world.ctx.database.session() as s:  # a worker claims and sends, then dies
            [claimed] = SqlPushDeliveries(s).claim(
                world.ctx.clock.now(), timedelta(minutes=5), 10, frozenset()
            )
        HttpPushSender(client).send(
            claimed.url, claimed.event_id, claimed.event_type, claimed.body, claimed.secret, 1
        )
        leased = world.job.run(wait_for_sends=True)  # the lease still holds: not sent again
        world.clock_forward(minutes=6)
        resent = world.job.run(wait_for_sends=True)
        after = world.job.run(wait_for_sends=True)
    client.close()

    assert (leased, resent, after) == (0, 1, 0)
    assert [c.request.headers["X-PLP-Event-Id"] for c in route.calls] == [claimed.event_id] * 2
    [row] = world.rows()
    assert row.status == "delivered" and row.attempts == 2


def test_events_commit_with_their_change_only(world: World) -> None:
    rid = world.api.submit().json()["id"]
    refused = world.api.post(f"/api/v1/plp-requests/{rid}/decision", "kasubsi", {"approve": True})
    assert refused.status_code == 409  # R3: no recommendation yet: nothing changed, no event
    assert world.rows() == []
    world.api.step(rid, "recommendations/manifest", "manifest", approve=True)
    world.api.post(f"/api/v1/plp-requests/{rid}/decision", "kasubsi", {"approve": True})
    [row] = world.rows()
    assert row.request_id == rid and row.event_type == "decision" and row.tps_code == "TPKA"
