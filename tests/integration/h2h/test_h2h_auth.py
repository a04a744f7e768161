"""Authentication of the H2H surface (note 2): the login and refresh answers, and every call
needing the bearer token AND the beacukai-api-key of the same active account."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.integration.h2h.test_h2h_support import (
    AUTH,
    FETCHED,
    TPS_BASE,
    H2h,
    api_key,
    assert_envelope,
    login,
)
from tests.support import Api

POLL = f"{TPS_BASE}/get-respon-plp?kodeTps=TPKA"


def unauthorized(r: Any, detail: str) -> None:
    assert_envelope(r, 401, 401, "Unauthorized.", detail)
    assert r.headers["WWW-Authenticate"] == "Bearer"


def test_login_answers_tokens_under_item_and_they_open_the_surface(api: Api) -> None:
    r = login(api, "tpka")
    item = r.json()["item"]
    assert r.status_code == 200 and r.json()["status"] == "success"
    assert item["expires_in"] == 30 * 60 and item["refresh_expires_in"] == 8 * 3600
    assert (item["preferred_username"], item["token_type"]) == ("tpka", "Bearer")
    headers = {"Authorization": f"Bearer {item['access_token']}"}
    headers["beacukai-api-key"] = api_key(api, "tpka")
    assert_envelope(api.client.get(POLL, headers=headers), 200, 200, FETCHED)


def test_refresh_gives_new_tokens_and_an_access_token_does_not_refresh(api: Api) -> None:
    session = H2h(api, "tpka")
    refresh = session.item["refresh_token"]
    r = api.client.post(f"{AUTH}/user/update-token", json={"refresh_token": refresh})
    successor = r.json()["item"]["refresh_token"]  # a refresh token is good for one use
    by_bearer = api.client.post(
        f"{AUTH}/user/update-token", headers={"Authorization": f"Bearer {successor}"}
    )
    wrong = api.client.post(
        f"{AUTH}/user/update-token", json={"refreshToken": session.item["access_token"]}
    )

    assert r.status_code == by_bearer.status_code == 200
    fresh = r.json()["item"]["access_token"]
    assert fresh != session.item["access_token"]
    headers = session.headers | {"Authorization": f"Bearer {fresh}"}
    assert_envelope(api.client.get(POLL, headers=headers), 200, 200, FETCHED)
    assert wrong.status_code == 401 and wrong.json()["detail"] == "Token tidak valid."
    refresh_as_access = session.headers | {"Authorization": f"Bearer {refresh}"}
    unauthorized(api.client.get(POLL, headers=refresh_as_access), "Token tidak valid.")


def test_login_refusals_carry_message_and_detail(api: Api) -> None:
    wrong = api.client.post(f"{AUTH}/user/login", json={"username": "tpka", "password": "x"})
    bad_key = login(api, "tpka", **{"beacukai-api-key": "plp_not-a-key"})
    good_key = login(api, "tpka", **{"beacukai-api-key": api_key(api, "tpka")})
    not_json = api.client.post(f"{AUTH}/user/login", content=b"username=tpka")

    assert wrong.status_code == 401
    assert wrong.json() == {
        "status": "failed",
        "message": "Username atau password salah.",
        "detail": "Username atau password salah.",
        "item": None,
    }
    assert bad_key.status_code == 401 and "beacukai-api-key" in bad_key.json()["message"]
    assert good_key.status_code == 200
    assert not_json.status_code == 400 and not_json.json()["status"] == "failed"


@pytest.mark.parametrize(
    ("headers", "detail"),
    [
        ({}, "Token tidak ditemukan. Kirim header Authorization: Bearer <access_token>."),
        (
            {"Authorization": "Bearer"},
            "Token tidak ditemukan. Kirim header Authorization: Bearer <access_token>.",
        ),
        ({"Authorization": "Bearer not.a.jwt"}, "Token tidak valid."),
        (
            {"beacukai-api-key": "KEY"},
            "Token tidak ditemukan. Kirim header Authorization: Bearer <access_token>.",
        ),
        ({"Authorization": "TOKEN"}, "Header beacukai-api-key tidak ditemukan."),
        (
            {"Authorization": "TOKEN", "beacukai-api-key": "plp_wrong"},
            "beacukai-api-key tidak valid untuk akun ini.",
        ),
        (
            {"Authorization": "TOKEN", "beacukai-api-key": "CFSB-KEY"},
            "beacukai-api-key tidak valid untuk akun ini.",
        ),
    ],
    ids=[
        "no-token",
        "empty-bearer",
        "junk-token",
        "key-only",
        "no-key",
        "wrong-key",
        "other-accounts-key",
    ],
)
def test_every_call_needs_the_token_and_the_key_of_one_account(
    api: Api, headers: dict[str, str], detail: str
) -> None:
    session = H2h(api, "tpka")
    sent = {
        name: session.headers["Authorization"] if value == "TOKEN" else value
        for name, value in headers.items()
    }
    if sent.get("beacukai-api-key") == "KEY":
        sent["beacukai-api-key"] = session.headers["beacukai-api-key"]
    if sent.get("beacukai-api-key") == "CFSB-KEY":
        sent["beacukai-api-key"] = api_key(api, "cfsb")
    unauthorized(api.client.get(POLL, headers=sent), detail)


def test_an_expired_token_is_401_and_a_new_login_works(api: Api) -> None:
    session = H2h(api, "tpka")
    tokens = api.client.app.state.h2h.tokens
    old = tokens.issue("tpka", now=datetime.now(UTC) - timedelta(hours=9)).access_token
    expired = session.headers | {"Authorization": f"Bearer {old}"}

    unauthorized(
        api.client.get(POLL, headers=expired), "Token sudah kedaluwarsa. Silakan login kembali."
    )
    assert_envelope(H2h(api, "tpka").get("/get-respon-plp", kodeTps="TPKA"), 200, 200, FETCHED)


def test_rest_and_h2h_tokens_do_not_open_each_others_doors(api: Api) -> None:
    session = H2h(api, "tpka")
    rest_token = api.auth("tpka")["Authorization"]
    with_rest = session.headers | {"Authorization": rest_token}

    unauthorized(api.client.get(POLL, headers=with_rest), "Token tidak valid.")
    h2h_on_rest = api.client.get(
        "/api/v1/plp-requests", headers={"Authorization": session.headers["Authorization"]}
    )
    assert h2h_on_rest.status_code == 401


def test_a_disabled_account_is_refused_even_with_its_token_and_key(api: Api) -> None:
    session = H2h(api, "tpka")
    r = api.client.put(
        "/api/v1/admin/accounts/tpka/active", json={"active": False}, headers=api.auth("admin")
    )
    assert r.status_code == 204
    unauthorized(
        session.get("/get-respon-plp", kodeTps="TPKA"),
        "beacukai-api-key tidak valid untuk akun ini.",
    )
    assert login(api, "tpka").status_code == 401


def test_the_apps_login_limit_covers_the_h2h_login(api: Api) -> None:
    api.client.app.state.services.login_limit.free_failures = 10  # the limit, not the delays
    wrong = {"username": "koja", "password": "wrong"}
    for _ in range(10):  # PLP_LOGIN_MAX_FAILURES
        assert api.client.post(f"{AUTH}/user/login", json=wrong).status_code == 401
    r = login(api, "koja")  # the right password, too late
    assert r.status_code == 429 and r.json()["status"] == "failed"
    assert int(r.headers["Retry-After"]) > 0
