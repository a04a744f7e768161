"""Simulation mode through the API (issue 5): auto-officer policies per office, simulated
steps through the same use cases, reset of a TPS's own data, and none of it in production."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from app.config import Settings
from app.main import create_app
from tests.support import Api, containers, packages, plp_body

RULES = {"decisions": "rules", "checks": "rules"}


def set_policy(api: Api, **policy: Any) -> Any:
    r = api.client.put("/api/v1/simulation/policies/040300", json=policy, headers=api.auth("admin"))
    assert r.status_code == 200, r.text
    return r.json()


def run(api: Api) -> int:
    return int(api.post("/api/v1/simulation/run", "admin").json()["steps"])


def request(api: Api, rid: str) -> dict[str, Any]:
    return dict(api.get(f"/api/v1/plp-requests/{rid}", "tpka").json())


def test_policies_are_set_by_an_admin_and_read_by_anyone(api: Api) -> None:
    before = api.get("/api/v1/simulation/policies/040300", "tpka").json()
    by_tps = api.client.put(
        "/api/v1/simulation/policies/040300", json=RULES, headers=api.auth("tpka")
    )
    after = set_policy(api, **RULES, decision_delay_seconds=30)
    unknown = api.client.put(
        "/api/v1/simulation/policies/999999", json=RULES, headers=api.auth("admin")
    )
    cleared = api.client.delete(
        "/api/v1/simulation/policies/040300", headers=api.auth("admin")
    ).json()

    assert (before["decisions"], before["source"]) == ("human", "default")
    assert by_tps.status_code == 403 and unknown.status_code == 404
    assert (after["decisions"], after["decision_delay_seconds"], after["source"]) == (
        "rules",
        30,
        "office",
    )
    assert cleared["source"] == "default"


def test_r1_auto_officer_approves_through_both_recommendations_marked_simulated(
    api: Api,
) -> None:
    set_policy(api, **RULES)
    rid = api.submit(reason="YOR_SOR", yor_origin=85).json()["id"]

    steps = run(api)

    r = request(api, rid)
    assert steps == 4 and r["status"] == "RELEASED"  # two recommendations, decision, M2
    automatic = [e for e in r["audit"] if e["simulated"]]
    assert [(e["action"], e["actor"], e["role"]) for e in automatic] == [
        ("manifest_recommended", "sim-manifest_officer", "manifest_officer"),
        ("p2_recommended", "sim-p2_officer", "p2_officer"),
        ("decided", "sim-kasubsi_manifest", "kasubsi_manifest"),
        ("origin_checked", "sim-origin_supervisor", "origin_supervisor"),
    ]
    assert not r["audit"][0]["simulated"]  # the submission was the TPS's own


def test_rules_reject_yor_sor_below_the_policy_threshold(api: Api) -> None:
    set_policy(api, **RULES, reject_yor_below=80)
    rid = api.submit(reason="YOR_SOR", yor_origin=70).json()["id"]
    run(api)
    r = request(api, rid)
    assert r["status"] == "REJECTED" and "70 is below 80" in r["decision"]["reason"]


def test_r5_rules_reject_goods_that_do_not_fit_the_reason_quoting_the_aid(api: Api) -> None:
    set_policy(api, **RULES)
    fcl = api.submit(reason="NO_LCL_SPACE", containers=containers("MSKU1001373")).json()["id"]
    lcl = api.submit(reason="NO_LCL_SPACE", containers=[], packages=packages("HBL-LCL-0002"))

    run(api)

    refused, approved = request(api, fcl), request(api, lcl.json()["id"])
    assert refused["status"] == "REJECTED"
    assert refused["decision"]["reason"].startswith(
        "simulated rule: R5 NO_LCL_SPACE: MSKU1001373: the BC 1.1 lists it as a full container"
    )
    assert refused["recommendations"]["manifest"]["approve"] is False
    assert approved["status"] == "RELEASED"


def test_rules_mismatch_at_each_gate_by_the_letter_marker(api: Api) -> None:
    set_policy(api, **RULES)
    fits = {"reason": "SPECIAL_FACILITY"}  # no R5 aid against it: the rules approve
    origin = api.submit(letter_number="SIM-MISMATCH-ORIGIN/1", **fits).json()["id"]
    dest = api.submit(
        letter_number="SIM-MISMATCH-DESTINATION/2", containers=containers("CSQU1001743"), **fits
    ).json()["id"]
    run(api)
    released = request(api, dest)["movement"]["origin_check"]["at"]  # M6: not before it
    api.step(dest, "gate-out", "tpka", at=released)
    run(api)
    assert request(api, origin)["status"] == "RELEASE_REFUSED"
    assert request(api, dest)["status"] == "DISCREPANCY"


def test_delays_and_human_offices_leave_requests_alone(api: Api) -> None:
    rid = api.submit().json()["id"]
    assert run(api) == 0  # default policy: human
    set_policy(api, decisions="approve", decision_delay_seconds=600)
    assert run(api) == 0
    api.client.app.state.services.clock.advance(timedelta(minutes=11))
    assert run(api) == 2 and request(api, rid)["status"] == "APPROVED"  # checks: human


def test_a_tps_resets_only_the_requests_it_filed(api: Api) -> None:
    own = api.submit().json()["id"]
    theirs = api.post(
        "/api/v1/plp-requests",
        "cfsb",
        plp_body(
            ref_number="CFSB000000000001",
            reason="RUSH_HANDLING",
            containers=containers("CSQU1001743"),
        ),
    ).json()["id"]
    by_officer = api.post("/api/v1/simulation/reset", "kasubsi")

    reset = api.post("/api/v1/simulation/reset", "tpka")

    assert by_officer.status_code == 403
    assert reset.json()["deleted"]["plp_request"] == 1
    assert api.get(f"/api/v1/plp-requests/{own}", "tpka").status_code == 404
    assert api.get(f"/api/v1/plp-requests/{theirs}", "cfsb").status_code == 200
    again = api.submit()  # the goods are free again
    assert again.status_code == 201 and again.json()["status"] == "IN_REVIEW"


@pytest.fixture
def production(sqlite_url: str) -> Iterator[Api]:
    settings = Settings(
        mode="production", database_url=sqlite_url, jwt_secret="s" * 40, run_scheduler=False
    )
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        yield Api(client)


def test_simulation_mode_does_not_exist_in_production(production: Api, sqlite_url: str) -> None:
    put = production.client.put(
        "/api/v1/simulation/policies/040300", json=RULES, headers=production.auth("admin")
    )
    reset = production.post("/api/v1/simulation/reset", "tpka")
    assert put.status_code == 404 and reset.status_code == 404
    with pytest.raises(ValidationError, match="PLP_AUTO_OFFICER"):
        Settings(mode="production", jwt_secret="s" * 40, auto_officer="rules")
