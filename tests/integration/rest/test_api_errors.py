"""Every error a user can cause: a clear 4xx problem, and nothing changed."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.support import Api, containers, plp_body

PLP = "/api/v1/plp-requests"


def _count(api: Api) -> int:
    return len(api.get(PLP, "admin", params={"limit": 200}).json()["items"])


def _problem(r: Any, status: int) -> dict[str, Any]:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = r.json()
    assert body["status"] == status
    assert body["detail"]
    return body


@pytest.mark.parametrize(
    ("content", "field"),
    [
        (b'{"office_code": "040300", ', "body"),
        (b"[1, 2, 3]", "body"),
        (b"", "body"),
    ],
)
def test_malformed_json_is_refused_and_stores_nothing(api: Api, content: bytes, field: str) -> None:
    before = _count(api)

    r = api.client.post(
        PLP, content=content, headers=api.auth("tpka") | {"Content-Type": "application/json"}
    )

    assert _problem(r, 422)["errors"]
    assert _count(api) == before


@pytest.mark.parametrize(
    ("content", "position", "where"),
    [
        (b'{"office_code": "040300", ', 26, "line 1, column 27"),
        (b'{\n  "office_code": "040300",\n  "reason": }', 41, "line 3, column 13"),
    ],
)
def test_malformed_json_names_the_position_not_a_field(
    api: Api, content: bytes, position: int, where: str
) -> None:
    r = api.client.post(
        PLP, content=content, headers=api.auth("tpka") | {"Content-Type": "application/json"}
    )

    body = _problem(r, 422)
    assert body["errors"][0]["field"] == "body"
    assert body["errors"][0]["position"] == position
    assert body["detail"].startswith(f"malformed JSON at character {position} ({where})")


@pytest.mark.parametrize(
    ("override", "field"),
    [
        ({"office_code": "40300"}, "office_code"),
        ({"letter_date": "25-11-2026"}, "letter_date"),
        ({"reason": "CHEAPER_STORAGE"}, "reason"),
        ({"yor_origin": "high"}, "yor_origin"),
        ({"containers": [{"number": "MSKU1001373"}]}, "containers.0.size"),
        ({"containers": "MSKU1001373"}, "containers"),
        ({"unexpected": 1}, "unexpected"),
    ],
)
def test_wrong_types_name_the_field(api: Api, override: dict[str, Any], field: str) -> None:
    r = api.post(PLP, "tpka", plp_body(**override))

    body = _problem(r, 422)
    assert field in [e["field"] for e in body["errors"]]
    assert _count(api) == 0


@pytest.mark.parametrize(
    ("override", "field"),
    [
        ({"destination_tps": "ZZZZ"}, "destination_tps"),
        ({"origin_gudang": "CFB1"}, "origin_gudang"),
        ({"office_code": "999999"}, "office_code"),
        ({"containers": [], "packages": []}, None),
    ],
)
def test_unknown_codes_and_empty_requests_are_refused(
    api: Api, override: dict[str, Any], field: str | None
) -> None:
    r = api.post(PLP, "tpka", plp_body(**override))

    body = _problem(r, 422)
    if field:
        assert body["errors"][0]["field"] == field
    assert _count(api) == 0


def test_a1_an_officer_cannot_file_a_request(api: Api) -> None:
    _problem(api.post(PLP, "kasubsi", plp_body()), 403)
    assert _count(api) == 0


def test_a1_a_tps_that_is_neither_origin_nor_destination_cannot_file(api: Api) -> None:
    body = _problem(api.post(PLP, "koja", plp_body()), 403)
    assert "KOJA" in body["detail"]


def test_not_logged_in_gets_401_with_a_challenge(api: Api) -> None:
    r = api.client.post(PLP, json=plp_body())

    _problem(r, 401)
    assert r.headers["WWW-Authenticate"] == "Bearer"


def test_a_forged_token_gets_401(api: Api) -> None:
    r = api.client.get(PLP, headers={"Authorization": "Bearer eyJhbGciOiJIUzI1NiJ9.e30.x"})
    _problem(r, 401)


def test_wrong_password_gets_401(api: Api) -> None:
    r = api.client.post("/api/v1/auth/token", data={"username": "tpka", "password": "nope"})
    assert _problem(r, 401)["detail"] == "wrong username or password"


def test_reused_reference_with_another_body_is_409(api: Api) -> None:
    first = plp_body()
    api.post(PLP, "tpka", first)

    r = api.post(PLP, "tpka", first | {"containers": containers("CSQU1001743")})

    assert _problem(r, 409)["rule"] == "IDEMPOTENCY"
    assert _count(api) == 1


def test_r3_decision_on_a_rejected_request_is_409(api: Api) -> None:
    rid = api.submit(containers=containers("OOLU1006187")).json()["id"]  # E3 on arrival
    trail = len(api.get(f"{PLP}/{rid}", "kasubsi").json()["audit"])

    body = _problem(api.step(rid, "decision", "kasubsi", approve=True), 409)

    assert body["current_status"] == "REJECTED"
    assert len(api.get(f"{PLP}/{rid}", "kasubsi").json()["audit"]) == trail


def test_r3_decision_before_the_recommendation_is_409_naming_r3(api: Api) -> None:
    rid = api.submit().json()["id"]
    assert _problem(api.step(rid, "decision", "kasubsi", approve=True), 409)["rule"] == "R3"


def test_m6_gate_in_before_gate_out_is_refused(api: Api) -> None:
    rid = api.submit().json()["id"]
    api.step(rid, "recommendations/manifest", "manifest", approve=True)
    api.step(rid, "decision", "kasubsi", approve=True)

    body = _problem(api.step(rid, "gate-in", "cfsb", at="2026-11-25T10:00:00+07:00"), 409)

    assert body["rule"] == "M6"
    assert api.get(f"{PLP}/{rid}", "tpka").json()["status"] == "APPROVED"


def test_m1_gate_out_of_a_request_in_review_is_refused(api: Api) -> None:
    rid = api.submit().json()["id"]
    assert (
        _problem(api.step(rid, "gate-out", "tpka", at="2026-11-25T10:00:00"), 409)["rule"] == "M1"
    )


def test_unknown_request_is_404(api: Api) -> None:
    _problem(api.get(f"{PLP}/0123456789abcdef", "kasubsi"), 404)
    _problem(api.step("0123456789abcdef", "decision", "kasubsi", approve=True), 404)


def test_a_cursor_we_did_not_give_out_is_422(api: Api) -> None:
    _problem(api.get(PLP, "kasubsi", params={"cursor": "not-a-cursor"}), 422)


def test_a_body_over_the_limit_is_413(api: Api) -> None:
    huge = b'{"x": "' + b"a" * (6 * 1024 * 1024) + b'"}'
    r = api.client.post(
        PLP, content=huge, headers=api.auth("tpka") | {"Content-Type": "application/json"}
    )
    _problem(r, 413)


def test_unknown_route_and_method_are_problems(api: Api) -> None:
    _problem(api.client.get("/api/v1/nothing-here"), 404)
    _problem(api.client.delete(PLP), 405)


def test_e6_odd_container_numbers_are_kept_as_a_rejection_on_both_databases(
    api_any_db: Api,
) -> None:
    odd = [{"number": "NOT-A-CONTAINER-1234", "size": "20"}, {"number": "X", "size": "99"}]
    long_reasons = plp_body(containers=odd)

    r = api_any_db.post(PLP, "tpka", long_reasons)

    assert r.status_code == 201, r.text
    assert r.json()["status"] == "REJECTED"
    assert {f["rule"] for f in r.json()["findings"]} == {"E6"}


@pytest.mark.parametrize("path", ["/api/v1/admin/tps/TPKA", "/api/v1/admin/refdata"])
def test_a_gudang_listed_twice_is_a_422_and_the_tps_keeps_its_gudangs(
    api_any_db: Api, path: str
) -> None:
    """Gudangs are one row each per TPS: the same code twice was a unique violation (500)."""
    api = api_any_db
    [before] = [t for t in api.get("/api/v1/admin/tps", "admin").json() if t["code"] == "TPKA"]
    tps = before | {"gudangs": ["TPKA", "TPK2", "TPKA"]}
    method, body = ("POST", {"tps": [tps]}) if path.endswith("refdata") else ("PUT", tps)

    r = api.client.request(method, path, json=body, headers=api.auth("admin"))

    problem = _problem(r, 422)
    assert problem["errors"][0]["field"].endswith("gudangs"), problem
    assert "gudang TPKA is listed more than once" in problem["detail"], problem
    after = [t for t in api.get("/api/v1/admin/tps", "admin").json() if t["code"] == "TPKA"]
    assert after == [before]


@pytest.mark.parametrize(
    ("override", "field"),
    [
        ({"ref_number": "TPKA\ud800"}, "ref_number"),
        ({"applicant_name": "\udfff"}, "applicant_name"),
        ({"containers": [{"number": "MSKU1001373\ud800", "size": "20"}]}, "containers.0.number"),
        ({"\ud800": 1}, "body"),
    ],
)
def test_a_lone_surrogate_in_a_json_body_is_a_422_naming_where_it_is(
    api: Api, override: dict[str, Any], field: str
) -> None:
    """JSON may escape a lone surrogate (json.dumps writes \\ud800); it is no text a database
    can store or an answer can echo. Every REST body is a model whose strings refuse it."""
    content = json.dumps(plp_body(**override)).encode()
    before = _count(api)

    r = api.client.post(PLP, content=content, headers=api.auth("tpka") | _JSON)

    problem = _problem(r, 422)
    assert problem["errors"][0]["field"] == field, problem
    assert "unicode" in problem["errors"][0]["message"].lower(), problem
    assert _count(api) == before


_JSON = {"Content-Type": "application/json"}
