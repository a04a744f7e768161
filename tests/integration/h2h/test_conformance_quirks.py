"""DJBC's quirks reproduced in a quirks run's PLP-17 over H2H (issue 17): a refusal in an HTTP
200, a token that expires early; each named in the scenario's result."""

from __future__ import annotations

import pytest

from app.api.http import conformance_quirks
from tests.integration.h2h.test_h2h_support import api_key
from tests.support import Api

RUNS = "/api/v1/conformance/runs"
H2H = "/h2h/v1"


def quirks_run(api: Api, quirks: bool = True) -> str:
    run = api.post(RUNS, "tpka", {"protocol": "h2h", "quirks": quirks}).json()
    sid = "PLP-17" if quirks else "PLP-01"
    assert api.post(f"{RUNS}/{run['id']}/scenarios/{sid}/start", "tpka").status_code == 200
    return str(run["id"])


def token(api: Api) -> str:
    login = api.client.post(
        f"{H2H}/openapi-auth/user/login", json={"username": "tpka", "password": "tpka-demo"}
    )
    return str(login.json()["item"]["access_token"])


def bad_upload(api: Api, bearer: str) -> object:
    return api.client.post(
        f"{H2H}/openapi-tpsonline/upload-mohon-plp",
        json={"header": {}},
        headers={"Authorization": f"Bearer {bearer}", "beacukai-api-key": api_key(api, "tpka")},
    )


def scenario_of(api: Api, run: str, sid: str) -> dict[str, object]:
    report = api.get(f"{RUNS}/{run}/report.json", "tpka").json()
    return next(s for s in report["scenarios"] if s["id"] == sid)  # type: ignore[no-any-return]


def test_an_h2h_refusal_comes_in_an_http_200_in_a_quirks_run(api: Api) -> None:
    run = quirks_run(api)

    refused = bad_upload(api, token(api))

    assert refused.status_code == 200  # type: ignore[attr-defined]
    assert refused.json()["code"] == 400  # type: ignore[attr-defined]
    kept = scenario_of(api, run, "PLP-17")
    submit = [m for m in kept["messages"] if m["action"] == "submit"]  # type: ignore[attr-defined]
    assert submit[0]["status"] == 200 and submit[0]["details"]["outcome"] == "refused"
    assert [q["name"] for q in kept["quirks"]] == ["error_in_http_200"]  # type: ignore[index]


def test_without_the_switch_the_refusal_keeps_its_status(api: Api) -> None:
    quirks_run(api, quirks=False)
    assert bad_upload(api, token(api)).status_code == 400  # type: ignore[attr-defined]


def test_an_h2h_token_expires_early_in_a_quirks_run(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    run = quirks_run(api)
    bearer = token(api)
    monkeypatch.setattr(conformance_quirks, "TOKEN_SECONDS", -1.0)

    expired = bad_upload(api, bearer)

    assert expired.status_code == 401  # type: ignore[attr-defined]
    assert expired.json()["detail"] == "token_expired"  # type: ignore[attr-defined]
    names = [q["name"] for q in scenario_of(api, run, "PLP-17")["quirks"]]  # type: ignore[index]
    assert "short_token_lifetime" in names


def test_dates_of_an_answer_are_mixed_as_djbc_mixes_them() -> None:
    body = (
        b'{"data":[{"tglPlp":"05-12-2026"},{"tglPlp":"06-12-2026"},{"at":"05-12-2026 10:00:00"}]}'
    )

    mixed = conformance_quirks.mixed_dates(body)

    assert mixed is not None
    assert b'"2026-12-05"' in mixed and b'"06/12/2026"' in mixed
    assert conformance_quirks.mixed_dates(b'{"data": null}') is None
