"""S1 with M2/M4 and their outcomes through the REST API, on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from tests.support import WIB, Api, containers, now

C1, C2 = "MSKU1001373", "TGHU1002113"  # the two containers of plp_body()
C3, C4 = "CSQU1001743", "OOLU1002480"  # two more free demo containers
SEALS = [{"container": C1, "numbers": ["BC0001"]}, {"container": C2, "numbers": ["BC0002"]}]


def _at() -> str:
    return now().astimezone(WIB).isoformat()


def _approved(api: Api, *numbers: str) -> str:
    rid: str = api.submit(containers=containers(*(numbers or (C1, C2)))).json()["id"]
    api.step(rid, "recommendations/manifest", "manifest", approve=True)
    assert api.step(rid, "decision", "kasubsi", approve=True).status_code == 200
    return rid


def _released(api: Api, *numbers: str) -> str:
    rid = _approved(api, *numbers)
    seals = [{"container": n, "numbers": [f"BC{i}"]} for i, n in enumerate(numbers or (C1, C2))]
    r = api.step(rid, "origin-check", "supervisor-asal", matched=True, seals=seals)
    assert r.status_code == 200, r.text
    return rid


def _request(api: Api, rid: str, as_: str = "tpka") -> dict[str, Any]:
    r = api.get(f"/api/v1/plp-requests/{rid}", as_)
    assert r.status_code == 200
    return dict(r.json())


def _queued(api: Api, rid: str, who: str) -> bool:
    return rid in [i["id"] for i in api.get("/api/v1/queue", who).json()["items"]]


def test_m2_release_without_a_seal_or_escort_is_422_and_changes_nothing(
    api_any_db: Api,
) -> None:
    api = api_any_db
    rid = _approved(api)

    r = api.step(rid, "origin-check", "supervisor-asal", matched=True, seals=SEALS[:1])

    assert r.status_code == 422
    assert r.json()["rule"] == "M2" and "S1" in r.json()["detail"] and C2 in r.json()["detail"]
    assert _request(api, rid)["status"] == "APPROVED"


def test_m2_seals_of_a_container_not_in_the_request_are_422(api: Api) -> None:
    rid = _approved(api)
    seals = [*SEALS, {"container": "CSQU1001743", "numbers": ["BC9"]}]

    r = api.step(rid, "origin-check", "supervisor-asal", matched=True, seals=seals)

    assert r.status_code == 422 and "CSQU1001743" in r.json()["detail"]


def test_m2_flat_seal_numbers_of_a_two_container_request_are_422(api: Api) -> None:
    rid = _approved(api)

    r = api.step(rid, "origin-check", "supervisor-asal", matched=True, seal_numbers=["BC1"])

    assert r.status_code == 422 and "`seals`" in r.json()["detail"]


def test_s1_gate_out_with_a_different_seal_is_recorded_flagged_and_queued_for_p2(
    api_any_db: Api,
) -> None:
    api = api_any_db
    rid = _released(api)
    wrong = [{"container": C1, "numbers": ["BC0"]}, {"container": C2, "numbers": ["BC7777"]}]

    r = api.step(rid, "gate-out", "tpka", at=_at(), seals=wrong)

    assert r.status_code == 200 and r.json()["status"] == "GATED_OUT"
    view = _request(api, rid, "cfsb")
    assert view["movement"]["seal_alert"] is True
    history = {s["container"]: s["history"] for s in view["movement"]["seals"]}
    assert [h["stage"] for h in history[C2]] == ["release", "gate_out"]
    assert history[C2][1]["discrepancy"] and history[C1][1]["discrepancy"] is None
    assert history[C2][0]["by"] and history[C2][0]["at"]
    assert "seal_discrepancy" in [e["action"] for e in view["audit"]]
    assert _queued(api, rid, "p2-section")

    closed = api.step(rid, "investigation", "p2-section", note="TPS typed the seal wrong")
    assert closed.status_code == 200 and closed.json()["status"] == "GATED_OUT"
    assert not _queued(api, rid, "p2-section")


def test_m4_seals_verified_enter_and_a_broken_seal_is_a_discrepancy(api_any_db: Api) -> None:
    api = api_any_db
    good, bad = _released(api, C1, C2), _released(api, C3, C4)
    for rid in (good, bad):
        assert api.step(rid, "gate-out", "tpka", at=_at()).status_code == 200
    intact = [{"container": C1, "numbers": ["BC0"]}, {"container": C2, "numbers": ["BC1"]}]
    broken = [
        {"container": C3, "numbers": ["BC0"]},
        {"container": C4, "numbers": ["BC1"], "intact": False},
    ]

    entered = api.step(good, "destination-check", "supervisor-tujuan", matched=True, seals=intact)
    found = api.step(bad, "destination-check", "supervisor-tujuan", matched=True, seals=broken)

    assert entered.json()["status"] == "ENTERED"
    assert found.json()["status"] == "DISCREPANCY"
    assert "broken" in found.json()["movement"]["destination_check"]["note"]
    assert _queued(api, bad, "p2-section")


def test_m4_old_body_with_two_sealed_containers_or_seals_left_closed_is_422(api: Api) -> None:
    rid = _released(api)
    api.step(rid, "gate-out", "tpka", at=_at())

    old = api.step(rid, "destination-check", "supervisor-tujuan", matched=True)
    closed = api.step(
        rid, "destination-check", "supervisor-tujuan", matched=True, seal_opened=False, seals=[]
    )

    assert old.status_code == 422 and old.json()["rule"] == "M4"
    assert closed.status_code == 422 and closed.json()["rule"] == "M4"
    assert _request(api, rid)["status"] == "GATED_OUT"


def test_m4_enforcement_holds_the_goods_and_needs_its_document(api_any_db: Api) -> None:
    api = api_any_db
    rid = _released(api)
    api.step(rid, "gate-out", "tpka", at=_at())
    api.step(rid, "destination-check", "supervisor-tujuan", matched=False, note="seal cut")
    enforcement = {"outcome": "enforcement", "note": "seal tampered with"}

    no_doc = api.step(rid, "investigation", "p2-section", **enforcement)
    held = api.step(
        rid,
        "investigation",
        "p2-section",
        **enforcement,
        document_number="SBP-0012/KPU.01/2026",
        document_date="2026-11-26",
    )
    gate_in = api.step(rid, "gate-in", "cfsb", at=_at())

    assert no_doc.status_code == 422 and no_doc.json()["rule"] == "M4"
    assert held.status_code == 200 and held.json()["status"] == "HELD"
    assert held.json()["movement"]["investigation"]["document_number"] == "SBP-0012/KPU.01/2026"
    assert gate_in.status_code == 409
    assert _queued(api, rid, "p2-section")
    entered = api.step(rid, "investigation", "p2-section", note="examined: no offence")
    assert entered.json()["status"] == "ENTERED"


def test_m2_follow_up_cut_to_matching_sends_a_new_decision_response(api_any_db: Api) -> None:
    api = api_any_db
    rid = _approved(api)
    api.step(rid, "origin-check", "supervisor-asal", matched=False, note="line 2 not presented")

    cut = api.step(
        rid,
        "origin-check/follow-up",
        "manifest",
        outcome="cut_to_matching",
        line_nos=[1],
        note="line 2 is not at the yard",
    )

    assert cut.status_code == 200 and cut.json()["status"] == "APPROVED"
    assert [ln["approved"] for ln in cut.json()["lines"]] == [True, False]
    assert "not at the yard" in cut.json()["lines"][1]["reject_reason"]
    seals = SEALS[:1]
    released = api.step(rid, "origin-check", "supervisor-asal", matched=True, seals=seals)
    assert released.json()["status"] == "RELEASED"


def test_m2_follow_up_cancelled_ends_the_plp(api: Api) -> None:
    rid = _approved(api)
    api.step(rid, "origin-check", "supervisor-asal", matched=False, note="wrong goods")

    r = api.step(rid, "origin-check/follow-up", "manifest", outcome="cancelled", note="withdrawn")
    unknown = api.step(rid, "origin-check/follow-up", "manifest", outcome="shrug", note="x")

    assert r.json()["status"] == "CANCELLED"
    assert unknown.status_code == 422
