"""Registering a callback URL (issue 5, SSRF): inward addresses in any spelling and credentials
are refused as problem details in test and production mode, production takes https only, demo
mode takes the mock TPS's loopback receiver, and PLP_CALLBACK_ALLOWED_NETWORKS opens a network."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from app.main import create_app
from tests.support import Api, now

HOSTILE = [
    "http://127.0.0.1:5432/",
    "http://0x7f000001/",
    "http://2130706433/",
    "http://127.1/",
    "http://0177.0.0.1/",
    "http://[::1]/",
    "http://[::ffff:127.0.0.1]/",
    "http://localhost:8000/",
    "http://0.0.0.0:8000/",
    "http://10.0.0.5/",
    "http://192.168.1.1/",
    "http://169.254.169.254/latest/meta-data/",
    "http://[fd00:ec2::254]/",
    "http://[fe80::1]/",
    "http://224.0.0.1/",
    "http://240.0.0.1/",
]


def api_on(url: str, mode: str = "test", **settings: Any) -> Iterator[Api]:
    secret = {"jwt_secret": "s" * 40} if mode == "production" else {}
    app = create_app(
        Settings(mode=mode, database_url=url, run_scheduler=False, **secret, **settings)  # type: ignore[arg-type]
    )
    if mode != "production":
        app.state.services.clock.set(now())
    with TestClient(app, raise_server_exceptions=False) as client:
        yield Api(client)


@pytest.fixture
def test_mode(sqlite_url: str) -> Iterator[Api]:
    yield from api_on(sqlite_url)


def register(api: Api, url: str, event: str = "decision") -> Any:
    return api.client.put(f"/api/v1/callbacks/{event}", json={"url": url}, headers=api.auth("tpka"))


def refused(r: Any, because: str) -> None:
    assert r.status_code == 422, r.text
    assert r.headers["content-type"] == "application/problem+json"
    body = r.json()
    assert because in body["detail"], body
    assert body["errors"] == [{"field": "url", "message": body["detail"]}]


@pytest.mark.parametrize("url", HOSTILE)
def test_inward_urls_are_refused_in_test_mode(test_mode: Api, url: str) -> None:
    r = register(test_mode, url)
    refused(r, "callback URLs may not point to")
    assert "public host" in r.json()["detail"]
    assert test_mode.get("/api/v1/callbacks", "tpka").json()["callbacks"] == []


@pytest.mark.parametrize("url", ["http://user:pass@tps.example.id/cb", "http://u@tps.example.id/"])
def test_credentials_in_the_url_are_refused(test_mode: Api, url: str) -> None:
    refused(register(test_mode, url), "may not carry credentials")


def test_a_public_host_is_registered(test_mode: Api) -> None:
    r = register(test_mode, "http://tps.example.id/plp/events")
    assert r.status_code == 200 and r.json()["url"] == "http://tps.example.id/plp/events"


def test_production_takes_https_only_and_refuses_inward_urls(sqlite_url: str) -> None:
    for api in api_on(sqlite_url, "production"):
        refused(register(api, "http://tps.example.id/cb"), "must use https")
        refused(register(api, "https://127.0.0.1/cb"), "loopback")
        refused(register(api, "https://0x7f000001/cb"), "loopback")
        refused(register(api, "https://user:pass@tps.example.id/cb"), "credentials")
        assert register(api, "https://tps.example.id/cb").status_code == 200


def test_demo_takes_the_loopback_receiver_but_no_other_inward_url(api: Api) -> None:
    assert register(api, "http://127.0.0.1:8765/tpka").status_code == 200
    assert register(api, "http://localhost:8765/tpka", "cancellation").status_code == 200
    refused(register(api, "http://10.0.0.5/cb"), "private")
    refused(register(api, "http://169.254.169.254/"), "cloud metadata")
    refused(register(api, "http://u:p@127.0.0.1:8765/tpka"), "credentials")


def test_allowed_networks_open_a_network_and_nothing_more(sqlite_url: str) -> None:
    networks = "127.0.0.0/8, 10.20.0.0/16"
    for api in api_on(sqlite_url, callback_allowed_networks=networks):
        assert register(api, "http://127.0.0.1:8765/tpka").status_code == 200
        assert register(api, "http://10.20.1.2/cb", "cancellation").status_code == 200
        refused(register(api, "http://10.21.0.1/cb"), "private")
        refused(register(api, "http://[::1]:8765/"), "loopback")
        refused(register(api, "http://169.254.169.254/"), "cloud metadata")


def test_allowed_networks_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLP_CALLBACK_ALLOWED_NETWORKS", "127.0.0.0/8,fd00::/8")
    assert [str(n) for n in Settings().callback_allowed_networks] == ["127.0.0.0/8", "fd00::/8"]
    monkeypatch.setenv("PLP_CALLBACK_ALLOWED_NETWORKS", "10.0.0.1/8")
    with pytest.raises(ValueError, match="host bits set"):
        Settings()
