"""Push delivery never reaches inward (issue 5, SSRF): a callback host that resolves to a
loopback, private or metadata address is refused at send time and the delivery is dead; with
the network allowed, the connection goes to the address that was resolved and checked; and a
TPS reads "refused", "failed" or an HTTP status class, never the remote's error text.

Resolution is faked by the resolver the job takes: no network, no internet needed."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from ipaddress import ip_address, ip_network
from typing import Any

import httpx
import pytest
import respx
from sqlalchemy import select

from app.adapters.sql.repositories.outbox_repository import D
from app.domain.callback_address import Address
from app.jobs.context import JobContext
from app.jobs.delivery import PushDelivery
from plp_mock_tps.receiver import CallbackReceiver
from tests.support import Api, containers, make_api

HOST = "tps-a.test"


@dataclass
class Lookups:
    """A resolver: HOST answers `answers`; every question is kept."""

    answers: list[str]
    asked: list[str]

    def __call__(self, host: str, port: int) -> list[Address]:
        self.asked.append(host)
        if host != HOST:
            raise OSError(f"no such host: {host}")
        return [ip_address(a) for a in self.answers]


@dataclass
class World:
    api: Api
    receiver: CallbackReceiver
    secret: str

    def job(self, lookups: Lookups, mode: str = "test", networks: str = "") -> PushDelivery:
        services = self.api.client.app.state.services
        allowed = [ip_network(n) for n in networks.split(",") if n]
        update = {"mode": mode, "push_timeout_seconds": 0.5, "callback_allowed_networks": allowed}
        settings = services.settings.model_copy(update=update)
        ctx = JobContext(
            settings,
            services.database,
            services.clock,
            services.calendars,
            services.reference,
            services.notifications,
        )
        return PushDelivery(ctx, resolve=lookups)

    def register(self, url: str) -> None:
        r = self.api.client.put(
            "/api/v1/callbacks/decision", json={"url": url}, headers=self.api.auth("tpka")
        )
        assert r.status_code == 200, r.text
        self.secret = r.json().get("secret") or self.secret
        self.receiver.secrets["tpka"] = self.secret

    def decide(self) -> None:
        rid = self.api.submit(containers=containers("MSKU1001373")).json()["id"]
        self.api.step(rid, "recommendations/manifest", "manifest", approve=True)
        r = self.api.post(f"/api/v1/plp-requests/{rid}/decision", "kasubsi", {"approve": True})
        assert r.status_code == 200, r.text

    def deliver(self, job: PushDelivery) -> None:
        try:
            job.run(wait_for_sends=True)
        finally:
            job.close()

    def rows(self) -> list[Any]:
        with self.api.client.app.state.services.database.session() as s:
            return list(s.execute(select(D).order_by(D.c.id)))

    def seen_by_tps(self) -> list[dict[str, Any]]:
        return list(self.api.get("/api/v1/callbacks/deliveries", "tpka").json())

    def seen_by_admin(self) -> list[dict[str, Any]]:
        return list(self.api.get("/api/v1/admin/push-deliveries", "admin").json())


@pytest.fixture
def world(sqlite_url: str) -> Iterator[World]:
    """The app in demo mode (which registers names and loopback), a receiver on 127.0.0.1."""
    receiver = CallbackReceiver().start()
    with make_api(sqlite_url) as client:
        yield World(Api(client), receiver, "")
    receiver.stop()


@pytest.mark.parametrize(
    "answers", [["127.0.0.1"], ["10.0.0.7"], ["::ffff:127.0.0.1"], ["169.254.169.254"], []]
)
def test_a_name_that_resolves_inward_is_refused_at_send_time(
    world: World, answers: list[str]
) -> None:
    world.register(f"http://{HOST}:{world.receiver.port}/tpka")
    world.decide()
    lookups = Lookups(answers, [])
    world.deliver(world.job(lookups))

    [row] = world.rows()
    assert lookups.asked == [HOST]
    assert world.receiver.events == {} and world.receiver.invalid == 0  # nothing connected
    assert (row.status, row.attempts, row.last_status) == ("dead", 1, None)
    assert row.last_error.startswith("refused: ")
    [mine] = world.seen_by_tps()
    assert (mine["status"], mine["last_error"]) == ("dead", "refused")
    [full] = world.seen_by_admin()
    assert full["last_error"] == row.last_error  # an admin reads the detail


def test_a_stored_inward_url_is_refused_before_any_lookup(world: World) -> None:
    world.register(world.receiver.url("tpka"))  # 127.0.0.1: demo mode took it
    world.decide()
    lookups = Lookups(["127.0.0.1"], [])
    world.deliver(world.job(lookups))  # the job runs in test mode

    [row] = world.rows()
    assert lookups.asked == [] and world.receiver.events == {}
    assert row.status == "dead" and row.last_error.startswith("refused: ")
    assert world.seen_by_tps()[0]["last_error"] == "refused"


def test_with_the_network_allowed_the_checked_address_is_the_one_connected(world: World) -> None:
    world.register(f"http://{HOST}:{world.receiver.port}/tpka")  # a name no DNS knows
    world.decide()
    lookups = Lookups(["127.0.0.1"], [])
    world.deliver(world.job(lookups, networks="127.0.0.0/8"))

    [row] = world.rows()
    assert (row.status, row.last_status) == ("delivered", 204)
    assert lookups.asked == [HOST]
    [event] = world.receiver.events.values()  # signed, and verified by the receiver
    assert event.event_type == "decision" and world.receiver.invalid == 0


def test_demo_mode_delivers_to_the_loopback_receiver(world: World) -> None:
    world.register(world.receiver.url("tpka"))
    world.decide()
    world.deliver(world.job(Lookups([], []), mode="demo"))
    assert world.rows()[0].status == "delivered" and len(world.receiver.events) == 1


REMOTE_TEXT: list[tuple[Callable[[], Any], str, str]] = [
    (lambda: httpx.ConnectError("[Errno 111] Connection refused"), "failed", "Errno 111"),
    (
        lambda: httpx.ConnectError(
            "[SSL: WRONG_VERSION_NUMBER] wrong version number (_ssl.c:1006)"
        ),
        "failed",
        "WRONG_VERSION_NUMBER",
    ),
    (
        lambda: httpx.RemoteProtocolError("illegal status line: bytearray(b'SSH-2.0-OpenSSH_9.6')"),
        "failed",
        "OpenSSH",
    ),
    (lambda: httpx.ReadTimeout("timed out"), "failed", "ReadTimeout"),
    (lambda: httpx.Response(503, text="redis down at 10.0.0.3"), "HTTP 5xx", "503"),
    (lambda: httpx.Response(401), "HTTP 4xx", "401"),
    (lambda: httpx.Response(302, headers={"Location": "http://10.0.0.3/"}), "HTTP 3xx", "302"),
]


@pytest.mark.parametrize(("outcome", "tps_reads", "detail"), REMOTE_TEXT)
def test_a_tps_reads_no_remote_error_text(
    world: World, outcome: Callable[[], Any], tps_reads: str, detail: str
) -> None:
    url = f"http://{HOST}/plp/events"
    world.register(url)
    world.decide()
    with respx.mock:
        thing = outcome()
        route = respx.post(url)
        if isinstance(thing, httpx.Response):
            route.mock(return_value=thing)
        else:
            route.mock(side_effect=thing)
        world.deliver(world.job(Lookups(["93.184.216.34"], []), mode="demo"))

    [mine] = world.seen_by_tps()
    assert mine["last_error"] == tps_reads
    text = json.dumps(mine)
    for leak in ("Errno", "SSL", "SSH", "Timeout", "10.0.0.3", "redis", "Connect", "Protocol"):
        assert leak not in text
    [full] = world.seen_by_admin()
    assert detail in full["last_error"]
