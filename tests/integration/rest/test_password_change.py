"""A TPS account changes its own password (TPS Online GantiPassword, and the H2H and REST
equivalents): from then on only the new password authenticates, on every channel."""

from __future__ import annotations

from tests.integration.soap.soap_support import post, result_of
from tests.support import Api

NEW = "tpka-new-password"


def soap_answer(api: Api, password: str) -> str:
    reply = post(api.client, "GetResponPLP", [("UserName", "tpka"), ("Password", password)])
    return reply.text


def test_gantipassword_over_soap_sets_the_password_of_every_channel(api: Api) -> None:
    params = [("UserName", "tpka"), ("Password", "tpka-demo")]
    short = post(
        api.client, "GantiPassword", [*params, ("PasswordBaru", "a"), ("PasswordKonfirmasi", "a")]
    )
    differ = post(
        api.client,
        "GantiPassword",
        [*params, ("PasswordBaru", NEW), ("PasswordKonfirmasi", "x" * 9)],
    )
    changed = post(
        api.client, "GantiPassword", [*params, ("PasswordBaru", NEW), ("PasswordKonfirmasi", NEW)]
    )
    rest_old = api.client.post(
        "/api/v1/auth/token", data={"username": "tpka", "password": "tpka-demo"}
    )
    rest_new = api.client.post("/api/v1/auth/token", data={"username": "tpka", "password": NEW})

    assert result_of(short, "GantiPassword").startswith("Gagal")
    assert "confirmation" in result_of(differ, "GantiPassword")
    assert result_of(changed, "GantiPassword").startswith("Berhasil")
    assert "Fault" in soap_answer(api, "tpka-demo") and "Fault" not in soap_answer(api, NEW)
    assert rest_old.status_code == 401 and rest_new.status_code == 200


def test_the_rest_password_change_needs_the_current_password(api: Api) -> None:
    wrong = api.post(
        "/api/v1/auth/password",
        "tpka",
        {"password": "nope", "new_password": NEW, "confirmation": NEW},
    )
    changed = api.post(
        "/api/v1/auth/password",
        "tpka",
        {"password": "tpka-demo", "new_password": NEW, "confirmation": NEW},
    )
    after = api.client.get("/api/v1/auth/me", headers=api.auth("tpka"))  # the old session

    assert wrong.status_code == 401
    assert changed.status_code == 204, changed.text
    assert after.status_code == 401


def test_the_h2h_password_change_answers_in_its_envelope(api: Api) -> None:
    url = "/h2h/v1/openapi-auth/user"
    body = {"username": "tpka", "password": "tpka-demo", "passwordBaru": NEW}
    differ = api.client.post(f"{url}/ganti-password", json=body | {"passwordKonfirmasi": "x"})
    changed = api.client.post(f"{url}/ganti-password", json=body | {"passwordKonfirmasi": NEW})
    old = api.client.post(f"{url}/login", json={"username": "tpka", "password": "tpka-demo"})
    new = api.client.post(f"{url}/login", json={"username": "tpka", "password": NEW})

    assert differ.status_code == 400 and differ.json()["status"] == "failed"
    assert changed.status_code == 200 and changed.json()["status"] == "success"
    assert old.status_code == 401 and new.status_code == 200
