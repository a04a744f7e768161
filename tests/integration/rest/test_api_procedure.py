"""The whole procedure over REST, on SQLite and on PostgreSQL."""

from __future__ import annotations

from tests.support import WIB, Api, containers, now, packages

SEALS = [  # S1: one customs seal on each container of plp_body()
    {"container": "MSKU1001373", "numbers": ["BC0001"]},
    {"container": "TGHU1002113", "numbers": ["BC0002"]},
]


def _now_wib() -> str:
    return now().astimezone(WIB).isoformat()


def test_r1_yor_request_walks_from_submission_to_gate_in(api_any_db: Api) -> None:
    api = api_any_db
    r = api.submit(
        reason="YOR_SOR", yor_origin=72, containers=containers("MSKU1001373", "TGHU1002113")
    )
    assert r.status_code == 201, r.text
    request = r.json()
    rid = request["id"]
    assert request["status"] == "IN_REVIEW"
    assert request["required_recommendations"] == ["manifest", "p2"]
    assert request["deadline_at"] is not None
    assert r.headers["Location"].endswith(rid)

    steps = [
        ("recommendations/manifest", "manifest", {"approve": True, "note": "documents in order"}),
        ("recommendations/p2", "p2", {"approve": True, "note": "no enforcement interest"}),
        ("decision", "kasubsi", {"approve": True}),
        (
            "origin-check",
            "supervisor-asal",
            {"matched": True, "seals": SEALS, "note": "sealed and released"},
        ),
        ("gate-out", "tpka", {"at": "now"}),
        (
            "destination-check",
            "supervisor-tujuan",
            {"matched": True, "seals": SEALS, "note": "seals intact, opened"},
        ),
        ("gate-in", "cfsb", {"at": "now"}),
    ]
    expected = [
        "IN_REVIEW",
        "IN_REVIEW",
        "APPROVED",
        "RELEASED",
        "GATED_OUT",
        "ENTERED",
        "GATED_IN",
    ]
    for (step, who, body), status in zip(steps, expected, strict=True):
        r = api.step(
            rid, step, who, **{k: _now_wib() if v == "now" else v for k, v in body.items()}
        )
        assert r.status_code == 200, (step, r.text)
        assert r.json()["status"] == status, step

    final = api.get(f"/api/v1/plp-requests/{rid}", "cfsb").json()
    assert final["decision"]["plp_number"].isdigit()
    assert len(final["decision"]["plp_number"]) == 6
    assert all(line["gated_in_at"] for line in final["lines"])
    actions = [e["action"] for e in final["audit"]]
    assert actions == [
        "submitted",
        "manifest_recommended",
        "p2_recommended",
        "decided",
        "origin_checked",
        "gated_out",
        "all_gated_out",
        "destination_checked",
        "gated_in",
        "all_gated_in",
    ]
    assert {e["channel"] for e in final["audit"]} == {"rest"}


def test_r2_package_request_needs_only_the_manifest_recommendation(api: Api) -> None:
    r = api.submit(containers=[], packages=packages("HBL-LCL-0001", "HBL-LCL-0002"))
    rid = r.json()["id"]
    assert r.json()["required_recommendations"] == ["manifest"]

    assert api.step(rid, "recommendations/manifest", "manifest", approve=True).status_code == 200
    decided = api.step(rid, "decision", "kasubsi", approve=True)

    assert decided.status_code == 200
    assert decided.json()["status"] == "APPROVED"
    assert decided.json()["lines"][0]["manifest"]["pos_number"] == "001900000000"


def test_r3_partial_approval_flags_each_line(api: Api) -> None:
    rid = api.submit().json()["id"]
    api.step(rid, "recommendations/manifest", "manifest", approve=True)

    r = api.step(
        rid,
        "decision",
        "kasubsi",
        approve=True,
        lines=[{"line_no": 2, "approved": False, "reason": "BELUM GATE-IN DI TPS ASAL"}],
    )

    body = r.json()
    assert [ln["approved"] for ln in body["lines"]] == [True, False]
    assert body["lines"][1]["reject_reason"] == "BELUM GATE-IN DI TPS ASAL"
    out = api.step(rid, "origin-check", "supervisor-asal", matched=True, escorted=True)
    gated = api.step(rid, "gate-out", "tpka", at=_now_wib())
    assert out.status_code == 200
    assert gated.json()["status"] == "GATED_OUT"  # the refused line does not move


def test_r3_plp_numbers_follow_each_other_per_office(api: Api) -> None:
    numbers = []
    for pair in (("CSQU1001743",), ("OOLU1002480",)):
        rid = api.submit(containers=containers(*pair)).json()["id"]
        api.step(rid, "recommendations/manifest", "manifest", approve=True)
        numbers.append(api.step(rid, "decision", "kasubsi", approve=True).json()["decision"])

    first, second = (int(d["plp_number"]) for d in numbers)
    assert second == first + 1


def test_m2_refused_release_goes_back_to_the_manifest_officer(api: Api) -> None:
    rid = _approved(api)

    refused = api.step(
        rid,
        "origin-check",
        "supervisor-asal",
        matched=False,
        note="container MSKU1001373 presented as 40ft",
    )
    queue = api.get("/api/v1/queue", "manifest").json()["items"]
    followed = api.step(rid, "origin-check/follow-up", "manifest", note="applicant corrected")

    assert refused.json()["status"] == "RELEASE_REFUSED"
    assert rid in [item["id"] for item in queue]
    assert followed.json()["status"] == "APPROVED"


def test_m4_discrepancy_goes_to_the_p2_section(api: Api) -> None:
    rid = _approved(api)
    api.step(rid, "origin-check", "supervisor-asal", matched=True, escorted=True)
    api.step(rid, "gate-out", "tpka", at=_now_wib())

    noted = api.step(
        rid, "destination-check", "supervisor-tujuan", matched=False, note="seal number differs"
    )
    in_queue = [i["id"] for i in api.get("/api/v1/queue", "p2-section").json()["items"]]
    concluded = api.step(rid, "investigation", "p2-section", note="seal replaced at origin, ok")
    gated_in = api.step(rid, "gate-in", "cfsb", at=_now_wib())

    assert noted.json()["status"] == "DISCREPANCY"
    assert rid in in_queue
    assert concluded.json()["status"] == "ENTERED"
    assert gated_in.json()["status"] == "GATED_IN"


def test_l1_applicant_cancels_an_approval_and_the_goods_are_free_again(api: Api) -> None:
    rid = _approved(api)

    asked = api.step(rid, "cancellation", "tpka", reason="SALAH INPUT GUDANG TUJUAN")
    number = asked.json()["cancellation"]["number"]
    path = f"cancellations/{number}/decision"
    r = api.step(rid, path, "kasubsi", approve=True)  # L1: with the Kasubsi's approval
    again = api.submit(containers=containers("MSKU1001373", "TGHU1002113"))

    assert asked.status_code == 200 and asked.json()["status"] == "APPROVED"
    assert r.status_code == 200
    assert r.json()["status"] == "CANCELLED"
    assert len(number) == 6
    assert again.json()["status"] == "IN_REVIEW"  # E5: cancelled lines are no longer active


def test_work_queues_follow_the_procedure(api: Api) -> None:
    rid = api.submit(reason="STAGNATION").json()["id"]

    def waiting(who: str) -> bool:
        return rid in [i["id"] for i in api.get("/api/v1/queue", who).json()["items"]]

    assert waiting("manifest")
    assert waiting("p2")
    assert not waiting("kasubsi")
    api.step(rid, "recommendations/manifest", "manifest", approve=True)
    assert not waiting("manifest")
    assert waiting("p2")
    assert not waiting("kasubsi")
    api.step(rid, "recommendations/p2", "p2", approve=True)
    assert waiting("kasubsi")
    api.step(rid, "decision", "kasubsi", approve=True)
    assert waiting("supervisor-asal")
    assert not waiting("supervisor-tujuan")
    api.step(rid, "origin-check", "supervisor-asal", matched=True, escorted=True)
    assert waiting("tpka")
    assert not waiting("cfsb")
    api.step(rid, "gate-out", "tpka", at=_now_wib())
    assert waiting("supervisor-tujuan")
    api.step(rid, "destination-check", "supervisor-tujuan", matched=True)
    assert waiting("cfsb")
    assert waiting("tpka")


def _approved(api: Api) -> str:
    rid: str = api.submit().json()["id"]
    api.step(rid, "recommendations/manifest", "manifest", approve=True)
    assert api.step(rid, "decision", "kasubsi", approve=True).status_code == 200
    return rid
