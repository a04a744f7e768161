"""R5 over REST, on SQLite and PostgreSQL: the aids are computed on arrival from the demo BC 1.1,
shown to the researching officers in the request and their queue, and never to the TPS."""

from __future__ import annotations

from typing import Any

from tests.support import EXCISE, Api, containers, packages

# FCL containers of the demo BC 1.1 001234, all under master B/L MBL-DEMO-9001
FCL = ("MSKU1001373", "TGHU1002113")


def _aids(request: dict[str, Any]) -> list[tuple[str, bool, int | None]]:
    return [(a["code"], a["passed"], a["line_no"]) for a in request["research_aids"]]


def _view(api: Api, rid: str, as_: str) -> dict[str, Any]:
    r = api.get(f"/api/v1/plp-requests/{rid}", as_)
    assert r.status_code == 200, r.text
    return dict(r.json())


def test_r5_officers_see_the_aids_of_a_request_and_the_tps_does_not(api_any_db: Api) -> None:
    api = api_any_db
    r = api.submit(containers=containers(*FCL), voyage="026N")  # NO_LCL_SPACE for FCL goods
    assert r.status_code == 201, r.text
    rid = r.json()["id"]

    seen = {who: _view(api, rid, who)["research_aids"] for who in ("manifest", "kasubsi", "admin")}
    by_tps = [_view(api, rid, tps)["research_aids"] for tps in ("tpka", "cfsb")]

    assert r.json()["status"] == "IN_REVIEW"  # never a refusal on arrival
    assert r.json()["research_aids"] is None  # the submitting TPS's answer
    assert by_tps == [None, None]
    assert seen["manifest"] == seen["kasubsi"] == seen["admin"]
    assert _aids(_view(api, rid, "manifest")) == [
        ("NO_LCL_SPACE", False, 1),
        ("NO_LCL_SPACE", False, 2),
        ("VOYAGE", False, None),
    ]
    assert seen["manifest"][2]["message"] == "voyage 026N but the BC 1.1 says 025S"
    assert (
        "MSKU1001373: the BC 1.1 lists it as a full container (FCL)"
        in (seen["manifest"][0]["message"])
    )


def test_r5_goods_that_fit_the_reason_pass(api_any_db: Api) -> None:
    api = api_any_db
    lcl = api.submit(containers=[], packages=packages("HBL-LCL-0001"))
    excise = api.submit(reason="EXCISE_RIBBON", containers=containers(EXCISE))
    master = api.submit(reason="MASTER_CONSOLIDATION", containers=containers(*FCL))
    stagnation = api.submit(
        reason="STAGNATION",
        containers=containers("CSQU1001743"),
        judgement_number="S-0042/KPU.01/2026",
        judgement_date="2026-11-24",
    )

    found = [_aids(_view(api, r.json()["id"], "p2-section")) for r in (lcl, excise, master)]
    found.append(_aids(_view(api, stagnation.json()["id"], "p2")))

    assert found == [
        [("NO_LCL_SPACE", True, None), ("VOYAGE", True, None)],
        [("EXCISE_RIBBON", True, None), ("VOYAGE", True, None)],
        [("MASTER_CONSOLIDATION", True, None), ("VOYAGE", True, None)],
        [("STAGNATION", True, None), ("VOYAGE", True, None)],
    ]
    assert stagnation.json()["header"]["judgement_number"] == "S-0042/KPU.01/2026"


def test_r5_a_request_refused_on_arrival_has_no_aids(api_any_db: Api) -> None:
    r = api_any_db.submit(containers=containers("MSKU1001374"))  # E6: wrong check digit

    assert r.json()["status"] == "REJECTED"
    assert _view(api_any_db, r.json()["id"], "manifest")["research_aids"] is None


def test_r5_queue_items_count_the_aids_that_did_not_pass_for_officers_only(
    api_any_db: Api,
) -> None:
    api = api_any_db
    flagged = api.submit(containers=containers(*FCL), voyage="026N").json()["id"]
    clean = api.submit(reason="EXCISE_RIBBON", containers=containers(EXCISE)).json()["id"]

    items = {i["id"]: i for i in api.get("/api/v1/queue", "manifest").json()["items"]}
    listed = api.get("/api/v1/plp-requests", "manifest").json()["items"]

    assert items[flagged]["research"] == {"not_passed": 3, "codes": ["NO_LCL_SPACE", "VOYAGE"]}
    assert items[clean]["research"] == {"not_passed": 0, "codes": []}
    assert all(i["research"] is None for i in listed)  # lists are not research


def test_r5_a_tps_queue_carries_no_research(api_any_db: Api) -> None:
    api = api_any_db
    rid = api.submit(containers=containers(*FCL)).json()["id"]
    recommended = api.step(rid, "recommendations/manifest", "manifest", approve=True)
    assert recommended.status_code == 200
    assert [a["code"] for a in recommended.json()["research_aids"]][-1] == "VOYAGE"
    assert api.step(rid, "decision", "kasubsi", approve=True).status_code == 200
    released = api.step(
        rid, "origin-check", "supervisor-asal", matched=True, escorted=True, note="ok"
    )
    assert released.status_code == 200, released.text
    assert released.json()["research_aids"] is None  # a gate supervisor's answer

    items = api.get("/api/v1/queue", "tpka").json()["items"]

    assert [i["research"] for i in items if i["id"] == rid] == [None]
