"""Deactivating an account, giving it a new password or a new API key ends every session of it
(REST tokens, remembered SOAP logins, H2H tokens) on every instance within a second; H2H
refresh tokens are good for one use, and a reused one ends the login it came from."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.adapters import account_admin
from app.adapters.sql.database import Database
from app.adapters.sql.repositories.account_repository import SqlAccountDirectory
from app.config import Settings
from app.main import create_app
from tests.integration.h2h.test_h2h_support import AUTH, H2h
from tests.integration.soap.soap_support import post
from tests.reporting import report
from tests.support import Api, now

ME = "/api/v1/auth/me"
POLL_H2H = "/get-respon-plp"


def _instance(url: str) -> TestClient:
    app = create_app(Settings(mode="demo", database_url=url, run_scheduler=False))
    app.state.services.clock.set(now())
    return TestClient(app, client=("203.0.113.20", 50000))


@pytest.fixture
def two(db_url: str) -> Iterator[tuple[Api, Api]]:
    with _instance(db_url) as one, _instance(db_url) as other:
        yield Api(one), Api(other)


def _until(condition: Callable[[], bool], timeout: float = 15.0) -> float:
    """Seconds until the condition held (generous timeout: CI machines are busy)."""
    start = time.monotonic()
    while not condition():
        if time.monotonic() - start > timeout:
            raise AssertionError("the condition did not hold in time")
        time.sleep(0.05)
    return time.monotonic() - start


def _soap_poll(api: Api, username: str, password: str) -> Any:
    params = [("UserName", username), ("Password", password), ("Kd_asp", "TPKA")]
    return post(api.client, "GetResponPLP", params)


def _deactivate(api: Api, username: str) -> None:
    r = api.client.put(
        f"/api/v1/admin/accounts/{username}/active",
        json={"active": False},
        headers=api.auth("admin"),
    )
    assert r.status_code == 204, r.text


def test_deactivation_ends_rest_and_soap_sessions_on_every_instance(
    two: tuple[Api, Api], capsys: pytest.CaptureFixture[str]
) -> None:
    one, other = two
    token = one.auth("koja")
    assert one.client.get(ME, headers=token).status_code == 200
    assert _soap_poll(one, "koja", "koja-demo").status_code == 200  # remembered from now on

    _deactivate(other, "koja")

    waited = _until(lambda: one.client.get(ME, headers=token).status_code == 401)
    refused = one.client.get(ME, headers=token)
    _until(lambda: _soap_poll(one, "koja", "koja-demo").status_code == 500)
    assert "log in again" in refused.json()["detail"]
    assert "password salah" in _soap_poll(one, "koja", "koja-demo").text
    report(capsys, f"sessions: a deactivation reached the other instance in {waited:.2f} s")


def test_a_new_password_ends_the_sessions_begun_with_the_old_one(db_url: str) -> None:
    with _instance(db_url) as client:
        api = Api(client)
        token = api.auth("cfsb")
        assert _soap_poll(api, "cfsb", "cfsb-demo").status_code == 200

        account_admin.set_password(client.app.state.services.database, "cfsb", "new-secret-1")

        _until(lambda: client.get(ME, headers=token).status_code == 401)
        _until(lambda: _soap_poll(api, "cfsb", "cfsb-demo").status_code == 500)
        assert _soap_poll(api, "cfsb", "new-secret-1").status_code == 200
        fresh = client.post(
            "/api/v1/auth/token", data={"username": "cfsb", "password": "new-secret-1"}
        )
        assert fresh.status_code == 200
        bearer = {"Authorization": f"Bearer {fresh.json()['access_token']}"}
        assert client.get(ME, headers=bearer).status_code == 200


def test_a_new_api_key_ends_the_h2h_and_rest_sessions(api: Api) -> None:
    session = H2h(api, "tpka")  # its first API key is issued here: nothing to end yet
    token = api.auth("tpka")
    assert session.get(POLL_H2H, kodeTps="TPKA").status_code == 200

    r = api.post("/api/v1/admin/accounts/tpka/api-key", "admin")  # a new key replaces it
    new_key = r.json()["api_key"]

    _until(lambda: api.client.get(ME, headers=token).status_code == 401)
    with_new_key = session.headers | {"beacukai-api-key": new_key}
    old_token = api.client.get(
        "/h2h/v1/openapi-tpsonline" + POLL_H2H, params={"kodeTps": "TPKA"}, headers=with_new_key
    )
    assert old_token.status_code == 401
    assert old_token.json()["detail"] == "Token sudah kedaluwarsa. Silakan login kembali."


def test_a_refresh_token_works_once_and_its_reuse_ends_the_login(api: Api) -> None:
    session = H2h(api, "tpka")
    first = session.item["refresh_token"]

    r1 = api.client.post(f"{AUTH}/user/update-token", json={"refresh_token": first})
    second = r1.json()["item"]["refresh_token"]
    replayed = api.client.post(f"{AUTH}/user/update-token", json={"refresh_token": first})
    after_replay = api.client.post(f"{AUTH}/user/update-token", json={"refresh_token": second})

    assert r1.status_code == 200 and second != first
    assert replayed.status_code == 401 and replayed.json()["status"] == "failed"
    assert after_replay.status_code == 401  # the family is revoked: a thief's copy dies too
    other_login = H2h(api, "tpka")  # a new login is a new family
    again = api.client.post(
        f"{AUTH}/user/update-token", json={"refresh_token": other_login.item["refresh_token"]}
    )
    assert again.status_code == 200


def test_a_deactivated_account_cannot_refresh(api: Api) -> None:
    session = H2h(api, "tpka")
    _deactivate(api, "tpka")
    r = api.client.post(
        f"{AUTH}/user/update-token", json={"refresh_token": session.item["refresh_token"]}
    )
    assert r.status_code == 401


def test_a_version_a_session_was_given_is_never_refused_as_newer_than_the_remembered_one(
    database: Database,
) -> None:
    """A token issued right after a password change carries the new version; the version this
    process remembered from before the change must not refuse it (half a second of 401s)."""
    clock = {"t": 100.0}
    directory = SqlAccountDirectory(database, clock=lambda: clock["t"])
    before = directory.credential_version("koja")
    account_admin.set_password(database, "koja", "koja-new-password")
    assert before is not None
    assert directory.credential_version("koja") == before  # remembered, within half a second
    assert directory.credential_version("koja", seen=before + 1) == before + 1  # read again
    assert directory.credential_version("koja", seen=before) == before + 1


def test_credential_versions_are_remembered_for_less_than_a_second(database: Database) -> None:
    clock = {"t": 100.0}
    directory = SqlAccountDirectory(database, clock=lambda: clock["t"])
    before = directory.credential_version("koja")

    account_admin.set_active(database, "koja", False)
    remembered = directory.credential_version("koja")
    clock["t"] += 0.6
    seen = directory.credential_version("koja")

    assert before is not None and remembered == before
    assert seen is None  # inactive: no session may go on
    assert directory.max_age < 1.0
