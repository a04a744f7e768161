"""Hostile input over REST: oversized bodies and uploads, junk in headers, queries and paths.
Every case gets a 4xx problem answer (never a 5xx), and nothing is stored."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from tests.reporting import report
from tests.support import Api, make_api, plp_body

PLP = "/api/v1/plp-requests"
MB = 1024 * 1024


def _stored(url: str) -> int:
    engine = create_engine(url)
    with engine.connect() as conn:
        n = int(conn.execute(text("SELECT count(*) FROM plp_request")).scalar_one())
    engine.dispose()
    return n


def test_an_oversized_json_body_is_refused_before_it_is_read(api: Api, sqlite_url: str) -> None:
    body = b'{"containers": [' + b'{"number": "X", "size": "20"},' * 200_000 + b"]}"
    r = api.client.post(PLP, content=body, headers=api.auth("tpka") | _json())
    assert r.status_code == 413 and r.headers["content-type"] == "application/problem+json"
    assert "X-Request-ID" in r.headers


def test_a_streamed_oversized_body_without_length_is_cut_off(api: Api) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"ref_number": "'
        for _ in range(8):
            yield b"x" * MB

    r = api.client.post(PLP, content=chunks(), headers=api.auth("tpka") | _json())
    assert r.status_code == 413


def test_an_oversized_h1_attachment_is_refused(api: Api) -> None:
    rid = api.submit().json()["id"]
    big = ("big.pdf", b"%PDF-1.4\n" + b"0" * (2 * MB), "application/pdf")
    small = ("a.pdf", b"%PDF-1.4\n", "application/pdf")
    r = api.client.post(
        f"{PLP}/{rid}/out-of-hours-notices",
        data={"planned_start": "2026-11-25T20:00:00", "planned_end": "2026-11-25T22:00:00"},
        files={"approved_request": big, "destination_statement": small, "origin_statement": small},
        headers=api.auth("tpka"),
    )
    assert r.status_code in (409, 413, 422), r.text


JUNK_HEADERS: dict[str, dict[str, str]] = {
    "bearer_garbage": {"Authorization": "Bearer not.a.jwt"},
    "bearer_empty": {"Authorization": "Bearer "},
    "basic_scheme": {"Authorization": "Basic dXNlcjpwYXNz"},
    "alg_none_jwt": {"Authorization": "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9."},
    "huge_bearer": {"Authorization": "Bearer " + "a" * 60_000},
    "api_key_garbage": {"X-API-Key": "'; DROP TABLE account; --"},
    "api_key_huge": {"X-API-Key": "k" * 60_000},
    "latin1_junk": {"X-API-Key": b"\xff\xfe\xfd"},  # type: ignore[dict-item]
    "content_type_lies": {"Content-Type": "application/xml"},
    "content_type_junk": {"Content-Type": "\x01\x02/;;;=="},
    "request_id_injection": {"X-Request-ID": '"}\n{"level": "CRITICAL"'},
    "forwarded_junk": {"Forwarded": "for=;;;proto=gopher", "X-Forwarded-For": "<x>"},
    "accept_junk": {"Accept": "*/*;q=abc, text/\x7f"},
}


@pytest.mark.parametrize("name", list(JUNK_HEADERS))
def test_junk_headers_get_a_4xx_problem(name: str, api: Api) -> None:
    headers = JUNK_HEADERS[name]
    auth = {} if "Authorization" in headers or "X-API-Key" in headers else api.auth("tpka")
    r = api.client.post(PLP, json=plp_body(), headers=auth | headers)
    assert r.status_code < 500, r.text
    if r.status_code >= 400:
        assert r.headers["content-type"] == "application/problem+json"
    assert "\n" not in r.headers["X-Request-ID"]


JUNK_QUERIES: list[dict[str, Any]] = [
    {"limit": "-1"},
    {"limit": "9" * 40},
    {"limit": "NaN"},
    {"status": "NOT_A_STATUS"},
    {"status": ["IN_REVIEW"] * 300},
    {"cursor": "%%%not-base64%%%"},
    {"cursor": "eyJ4IjogMX0"},
    {"cursor": "A" * 199},
    {"cursor": "A" * 5000},
    {"submitted_from": "2026-13-45"},
    {"submitted_from": "9999-12-31", "submitted_to": "0001-01-01"},
    {"tps": "\x00\x00"},
    {"tps": "' OR 1=1 --"},
    {"reason": "<script>"},
    {"unknown": "x" * 5000},
]


@pytest.mark.parametrize("query", JUNK_QUERIES, ids=lambda q: str(q)[:30])
def test_junk_queries_get_a_4xx_or_an_empty_page(query: dict[str, Any], api: Api) -> None:
    for path in (PLP, "/api/v1/queue"):
        r = api.client.get(path, params=query, headers=api.auth("kasubsi"))
        assert r.status_code < 500, (path, r.text)
        assert r.status_code in (200, 422), (path, r.text)


@pytest.mark.parametrize(
    "path",
    [
        f"{PLP}/%00",
        f"{PLP}/" + "a" * 5000,
        f"{PLP}/..%2F..%2Fetc%2Fpasswd",
        f"{PLP}/%E2%80%AE",
        f"{PLP}/x/decision/../../../../health/live",
        "/api/v1/plp-requests/%ff%fe/gate-out",
    ],
)
def test_junk_paths_get_404_or_405_never_5xx(path: str, api: Api) -> None:
    for method in ("GET", "POST"):
        r = api.client.request(method, path, headers=api.auth("tpka"), json={})
        assert r.status_code in (404, 405, 422), (method, r.status_code, r.text)


def test_json_junk_bodies_are_422(
    api: Api, sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    bodies: list[Any] = [
        b"{",
        b"[]",
        b"null",
        b'{"containers": "x"}',
        b"\xff\xfe\x00{",
        b'{"a": ' * 10_000 + b"1" + b"}" * 10_000,
        plp_body(ref_number="x" * 51),
        plp_body(office_code="04030\u0660"),
        plp_body(applicant_name="\x00" * 10),
        plp_body(containers=[{"number": "A" * 20, "size": "9" * 2}] * 1001),
    ]
    for body in bodies:
        kw = {"content": body} if isinstance(body, bytes) else {"json": body}
        r = api.client.post(PLP, headers=api.auth("tpka") | _json(), **kw)
        assert r.status_code in (201, 400, 409, 422), r.text[:300]
        assert r.headers["content-type"] == "application/problem+json" or r.status_code == 201
    report(capsys, f"hostile input: {len(bodies)} JSON bodies tried")


def _json() -> dict[str, str]:
    return {"Content-Type": "application/json"}


@pytest.mark.postgres
@pytest.mark.parametrize("field", ["ref_number", "letter_number", "applicant_name"])
def test_a_nul_character_postgresql_cannot_store_is_a_422_and_nothing_is_stored(
    field: str, pg_url: str
) -> None:
    with make_api(pg_url) as client:
        api, before = Api(client), _stored(pg_url)
        r = api.submit(**{field: "A\u0000B"})
        assert r.status_code == 422 and "database cannot take a value" in r.json()["detail"], r.text
        assert _stored(pg_url) == before


@pytest.mark.postgres
def test_a_nul_character_in_a_decision_reason_is_a_422_and_changes_nothing(pg_url: str) -> None:
    with make_api(pg_url) as client:
        api = Api(client)
        request_id = api.submit().json()["id"]
        assert api.step(request_id, "recommendations/manifest", "manifest", approve=True).is_success
        r = api.step(request_id, "decision", "kasubsi", approve=False, reason="no\u0000")
        assert r.status_code == 422 and "database cannot take a value" in r.json()["detail"], r.text
        assert api.get(f"{PLP}/{request_id}", "kasubsi").json()["decision"] is None


@pytest.mark.postgres
def test_a_nul_character_in_a_login_name_is_refused_like_a_wrong_password(pg_url: str) -> None:
    with make_api(pg_url) as client:
        r = client.post("/api/v1/auth/token", data={"username": "tp\u0000ka", "password": "x"})
        assert r.status_code in (401, 422) and r.json()["status"] == r.status_code, r.text


@pytest.mark.postgres
def test_a_nul_character_in_an_h2h_login_name_gets_the_h2h_refusal_not_a_500(pg_url: str) -> None:
    with make_api(pg_url) as client:
        r = client.post(
            "/h2h/v1/openapi-auth/user/login", json={"username": "tp\u0000ka", "password": "x"}
        )
        assert 400 <= r.status_code < 500 and r.json()["status"] == "failed", r.text
