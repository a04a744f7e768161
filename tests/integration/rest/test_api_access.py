"""RASCI (spec section 2): each account acts only within its role and scope."""

from __future__ import annotations

from tests.support import Api, discharge_at, plp_body

PLP = "/api/v1/plp-requests"


def _in_review(api: Api) -> str:
    rid: str = api.submit().json()["id"]
    return rid


def test_a_tps_sees_only_requests_of_its_own_tps(api: Api) -> None:
    rid = _in_review(api)

    assert api.get(f"{PLP}/{rid}", "cfsb").status_code == 200  # destination
    assert api.get(f"{PLP}/{rid}", "koja").status_code == 404  # existence must not leak
    assert api.get(PLP, "koja").json()["items"] == []
    assert [i["id"] for i in api.get(PLP, "cfsb").json()["items"]] == [rid]


def test_only_the_applicant_may_cancel(api: Api) -> None:
    rid = _in_review(api)

    r = api.step(rid, "cancellation", "cfsb", reason="not ours to cancel")

    assert r.status_code == 403
    assert api.get(f"{PLP}/{rid}", "tpka").json()["status"] == "IN_REVIEW"


def test_each_step_refuses_the_wrong_role(api: Api) -> None:
    rid = _in_review(api)
    wrong = [
        ("recommendations/manifest", "p2", {"approve": True}),
        ("recommendations/p2", "manifest", {"approve": True}),
        ("decision", "manifest", {"approve": True}),
        ("decision", "tpka", {"approve": True}),
        ("origin-check", "supervisor-tujuan", {"matched": True, "escorted": True}),
        ("destination-check", "supervisor-asal", {"matched": True}),
        ("investigation", "p2", {"note": "x"}),
    ]
    for step, who, body in wrong:
        r = api.step(rid, step, who, **body)
        assert r.status_code == 403, (step, who, r.text)
    assert len(api.get(f"{PLP}/{rid}", "admin").json()["audit"]) == 1


def test_a_supervisor_acts_only_on_the_tps_it_supervises(api: Api) -> None:
    body = {"approve": True}
    discharge_at(api, "KOJA", "MSKU1001373", "TGHU1002113")  # E7: KOJA is the origin
    koja_rid = api.submit(
        as_="koja",
        origin_tps="KOJA",
        origin_gudang="KOJA",
        destination_tps="TPKA",
        destination_gudang="TPKA",
    ).json()["id"]
    api.step(koja_rid, "recommendations/manifest", "manifest", **body)
    api.step(koja_rid, "decision", "kasubsi", **body)

    r = api.step(koja_rid, "destination-check", "supervisor-tujuan", matched=True)
    ok = api.step(koja_rid, "origin-check", "supervisor-asal", matched=True, escorted=True)

    assert r.status_code == 403  # CFSB's supervisor does not supervise TPKA
    assert ok.status_code == 200  # supervisor-asal supervises KOJA


def test_officers_of_another_office_do_not_see_the_request(api: Api) -> None:
    rid = _in_review(api)
    created = api.post(
        "/api/v1/admin/accounts",
        "admin",
        {
            "username": "kasubsi-soetta",
            "password": "kasubsi-soetta-demo",
            "role": "kasubsi_manifest",
            "office_code": "050100",
        },
    )
    assert created.status_code == 201, created.text

    assert api.get(f"{PLP}/{rid}", "kasubsi-soetta").status_code == 404
    assert api.step(rid, "decision", "kasubsi-soetta", approve=True).status_code == 404


def test_a_tps_system_may_use_an_api_key(api: Api) -> None:
    key = api.post("/api/v1/admin/accounts/tpka/api-key", "admin").json()["api_key"]

    r = api.client.post(PLP, json=plp_body(), headers={"X-API-Key": key})
    bad = api.client.get(PLP, headers={"X-API-Key": key + "x"})

    assert r.status_code == 201
    assert r.json()["audit"] == []
    assert r.json()["applicant_tps"] == "TPKA"
    assert bad.status_code == 401


def test_administration_is_for_admins_only(api: Api) -> None:
    assert api.get("/api/v1/admin/accounts", "kasubsi").status_code == 403
    assert api.get("/api/v1/admin/tps", "tpka").status_code == 403
    assert api.get("/api/v1/admin/tps", "admin").status_code == 200


def test_a_disabled_account_can_no_longer_log_in(api: Api) -> None:
    r = api.client.put(
        "/api/v1/admin/accounts/koja/active", json={"active": False}, headers=api.auth("admin")
    )
    login = api.client.post(
        "/api/v1/auth/token", data={"username": "koja", "password": "koja-demo"}
    )

    assert r.status_code == 204
    assert login.status_code == 401
