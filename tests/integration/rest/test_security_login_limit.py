"""Login brute force is slowed: per account and per client address, over REST and SOAP, shared
by every instance on one database, with 429 + Retry-After."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from app.main import create_app
from tests.integration.soap.soap_support import post
from tests.reporting import report
from tests.support import now

TOKEN = "/api/v1/auth/token"


def _client(url: str, address: str = "203.0.113.7", **limits: Any) -> TestClient:
    settings = Settings(mode="demo", database_url=url, run_scheduler=False, **limits)
    return TestClient(create_app(settings), client=(address, 50000))


@pytest.fixture
def client(db_url: str) -> Iterator[TestClient]:
    with _client(db_url, login_max_failures=3, login_max_failures_client=5) as c:
        yield c


def _login(client: TestClient, username: str, password: str) -> Any:
    return client.post(TOKEN, data={"username": username, "password": password})


def test_an_account_is_locked_after_its_failures_even_with_the_right_password(
    client: TestClient, capsys: pytest.CaptureFixture[str]
) -> None:
    tried = [_login(client, "cfsb", f"guess-{i}").status_code for i in range(3)]
    locked = _login(client, "cfsb", "cfsb-demo")
    other = _login(client, "koja", "koja-demo")

    assert tried == [401, 401, 401]
    assert locked.status_code == 429
    assert locked.headers["content-type"] == "application/problem+json"
    assert 0 < int(locked.headers["Retry-After"]) <= 900
    assert "too many failed logins" in locked.json()["detail"]
    assert other.status_code == 200
    report(capsys, f"login limit: {len(tried) + 2} REST cases tried")


def test_an_address_guessing_many_accounts_is_locked(client: TestClient) -> None:
    names = ["a1", "a2", "a3", "a4", "a5"]  # unknown accounts count as failures too
    tried = [_login(client, name, "x").status_code for name in names]

    refused = _login(client, "koja", "koja-demo")

    assert tried == [401] * 5
    assert refused.status_code == 429


def test_a_success_clears_the_account_count_not_the_address_count(client: TestClient) -> None:
    for i in range(2):
        _login(client, "tpka", f"guess-{i}")
    assert _login(client, "tpka", "tpka-demo").status_code == 200
    assert [_login(client, "tpka", f"again-{i}").status_code for i in range(2)] == [401, 401]
    assert _login(client, "koja", "x").status_code == 401
    assert _login(client, "tpka", "tpka-demo").status_code == 429  # address: 5, account: 2


def test_the_limit_is_shared_by_every_instance_on_the_database(db_url: str) -> None:
    limits = {"login_max_failures": 4, "login_max_failures_client": 100}
    with _client(db_url, **limits) as one, _client(db_url, **limits) as two:
        outcomes = [_login(c, "p2", "nope").status_code for c in (one, two, one, two)]
        blocked = _login(two, "p2", "p2-demo")
    assert outcomes == [401] * 4 and blocked.status_code == 429


def test_the_window_ends(sqlite_url: str) -> None:
    clock = {"now": datetime.now(UTC)}
    with _client(sqlite_url, login_max_failures=2, login_window_seconds=60) as c:
        c.app.state.services.login_limit.now = lambda: clock["now"]
        for _ in range(2):
            _login(c, "cfsb", "x")
        assert _login(c, "cfsb", "cfsb-demo").status_code == 429
        clock["now"] += timedelta(seconds=61)
        assert _login(c, "cfsb", "cfsb-demo").status_code == 200


def test_soap_credentials_are_limited_with_a_fault_and_retry_after(client: TestClient) -> None:
    client.app.state.services.clock.set(now())  # type: ignore[attr-defined]
    working = _poll(client, "tpka", "tpka-demo")  # verified: cached from now on
    guesses = [_poll(client, "cfsb", f"guess-{i}") for i in range(3)]
    locked = _poll(client, "cfsb", "cfsb-demo")
    still_working = _poll(client, "tpka", "tpka-demo")

    assert working.status_code == 200
    assert [g.status_code for g in guesses] == [500] * 3
    assert all("password salah" in g.text for g in guesses)
    assert locked.status_code == 429 and "<soap:Fault>" in locked.text
    assert "too many failed logins" in locked.text and int(locked.headers["Retry-After"]) > 0
    assert still_working.status_code == 200  # a client already logged in is not cut off


def test_rest_and_soap_failures_add_up(client: TestClient) -> None:
    _login(client, "koja", "x")
    _poll(client, "koja", "y")
    _login(client, "koja", "z")
    assert _login(client, "koja", "koja-demo").status_code == 429
    assert _poll(client, "koja", "koja-demo").status_code == 429


def test_huge_usernames_are_counted_without_growing_the_key(client: TestClient) -> None:
    name = "n" * 5000
    assert [_login(client, name, "x").status_code for _ in range(3)] == [401] * 3
    assert _login(client, name, "x").status_code == 429


def _poll(client: TestClient, username: str, password: str) -> Any:
    params = [("UserName", username), ("Password", password), ("Kd_asp", "TPKA")]
    return post(client, "GetResponPLP", params)


def test_concurrent_wrong_passwords_are_counted_atomically(db_url: str) -> None:
    """16 guesses at once against a limit of 10: at most 10 are told the password is wrong."""
    with _client(db_url, login_max_failures=10, login_max_failures_client=100) as c:
        with ThreadPoolExecutor(max_workers=16) as pool:
            statuses = list(
                pool.map(lambda i: _login(c, "kasubsi", f"g{i}").status_code, range(16))
            )
        after = _login(c, "kasubsi", "kasubsi-demo").status_code
    assert statuses.count(401) <= 10 and statuses.count(429) >= 6
    assert set(statuses) <= {401, 429} and after == 429


def test_an_attacker_cannot_lock_out_an_officer_logging_in_elsewhere(db_url: str) -> None:
    limits = {"login_max_failures": 3, "login_free_failures": 10}
    with _client(db_url, "198.51.100.66", **limits) as attacker:
        tried = [_login(attacker, "kasubsi", f"guess-{i}").status_code for i in range(5)]
        with _client(db_url, "203.0.113.10", **limits) as officer:
            officer_login = _login(officer, "kasubsi", "kasubsi-demo")
    assert tried == [401, 401, 401, 429, 429]
    assert officer_login.status_code == 200


def test_failures_of_a_pair_wait_twice_as_long_each_time(sqlite_url: str) -> None:
    clock = {"now": datetime.now(UTC)}
    limits = {"login_free_failures": 2, "login_first_delay_seconds": 30, "login_max_failures": 9}
    with _client(sqlite_url, **limits) as c:
        c.app.state.services.login_limit.now = lambda: clock["now"]
        assert [_login(c, "cfsb", "x").status_code for _ in range(2)] == [401, 401]
        first = _login(c, "cfsb", "cfsb-demo")  # the right password, inside the delay
        clock["now"] += timedelta(seconds=31)
        third = _login(c, "cfsb", "x")
        second = _login(c, "cfsb", "x")
        clock["now"] += timedelta(seconds=61)
        right = _login(c, "cfsb", "cfsb-demo")
    assert first.status_code == 429 and 25 <= int(first.headers["Retry-After"]) <= 30
    assert third.status_code == 401
    assert second.status_code == 429 and 55 <= int(second.headers["Retry-After"]) <= 60
    assert right.status_code == 200


def test_production_trusts_no_proxy_unless_told() -> None:
    secret = "s" * 40
    assert Settings(mode="production", jwt_secret=secret).trusted_proxies == ""
    assert Settings(mode="demo").trusted_proxies == "127.0.0.1"
    told = Settings(mode="production", jwt_secret=secret, forwarded_allow_ips="10.0.0.5")
    assert told.trusted_proxies == "10.0.0.5"
