"""A real `plp-online serve` process: one request from submission to gate-in over HTTP."""

from __future__ import annotations

import httpx

from tests.e2e.conftest import LiveServer
from tests.support import containers, now, plp_body


def test_a_request_walks_the_whole_procedure_over_http(live_server: LiveServer) -> None:
    with httpx.Client(base_url=live_server.url, timeout=30) as http:

        def token(user: str) -> dict[str, str]:
            r = http.post("/api/v1/auth/token", data={"username": user, "password": f"{user}-demo"})
            return {"Authorization": f"Bearer {r.json()['access_token']}"}

        def step(path: str, user: str, body: dict[str, object]) -> dict[str, object]:
            r = http.post(f"/api/v1/plp-requests/{rid}/{path}", json=body, headers=token(user))
            assert r.status_code == 200, r.text
            return dict(r.json())

        r = http.post(
            "/api/v1/plp-requests",
            headers=token("tpka"),
            json=plp_body(reason="YOR_SOR", yor_origin=70, containers=containers("CAIU1004337")),
        )
        assert r.status_code == 201, r.text
        rid = r.json()["id"]
        step("recommendations/manifest", "manifest", {"approve": True})
        step("recommendations/p2", "p2", {"approve": True})
        step("decision", "kasubsi", {"approve": True})
        step("origin-check", "supervisor-asal", {"matched": True, "escorted": True})
        step("gate-out", "tpka", {"at": now().isoformat()})
        step("destination-check", "supervisor-tujuan", {"matched": True})
        final = step("gate-in", "cfsb", {"at": now().isoformat()})

        assert final["status"] == "GATED_IN"
        assert http.get("/docs").status_code == 200
        assert http.get("/health/ready").json()["status"] == "ok"
