"""L1 over REST, on SQLite and PostgreSQL: an undecided request is withdrawn at once; an
approval's cancellation waits in the Kasubsi's queue, who approves or refuses it; a gate-out
while it waits ends it as refused; a cancellation reference names one cancellation."""

from __future__ import annotations

from typing import Any

from tests.support import WIB, Api, containers, now

SEALS = [{"container": "MSKU1001373", "numbers": ["BC0001"]}]
GOODS = ("MSKU1001373",)


def _approved(api: Api, *numbers: str) -> str:
    rid: str = api.submit(containers=containers(*(numbers or GOODS))).json()["id"]
    api.step(rid, "recommendations/manifest", "manifest", approve=True)
    assert api.step(rid, "decision", "kasubsi", approve=True).status_code == 200
    return rid


def _released(api: Api) -> str:
    rid = _approved(api)
    r = api.step(rid, "origin-check", "supervisor-asal", matched=True, seals=SEALS)
    assert r.status_code == 200, r.text
    return rid


def _decide(api: Api, rid: str, number: str, key: str | None = None, **body: Any) -> Any:
    headers = api.auth("kasubsi") | ({"Idempotency-Key": key} if key else {})
    path = f"/api/v1/plp-requests/{rid}/cancellations/{number}/decision"
    return api.client.post(path, json=body, headers=headers)


def _queue(api: Api, who: str) -> list[str]:
    return [i["id"] for i in api.get("/api/v1/queue", who).json()["items"]]


def test_l1_an_undecided_request_is_withdrawn_at_once(api_any_db: Api) -> None:
    api = api_any_db
    rid = api.submit(containers=containers(*GOODS)).json()["id"]

    r = api.step(rid, "cancellation", "tpka", reason="SALAH INPUT")

    assert r.status_code == 200, r.text
    assert r.json()["status"] == "CANCELLED"
    assert r.json()["cancellation"]["state"] == "APPROVED"


def test_l1_the_kasubsi_approves_a_pending_cancellation(api_any_db: Api) -> None:
    api = api_any_db
    rid = _approved(api)

    asked = api.step(rid, "cancellation", "tpka", reason="SALAH INPUT GUDANG TUJUAN")
    waiting = _queue(api, "kasubsi")
    number = asked.json()["cancellation"]["number"]
    blocked = api.submit(containers=containers(*GOODS))
    decided = _decide(api, rid, number, "l1-approve-1", approve=True)
    retried = _decide(api, rid, number, "l1-approve-1", approve=True)
    again = api.submit(containers=containers(*GOODS))

    assert asked.status_code == 200, asked.text
    assert asked.json()["status"] == "APPROVED"  # still active until the Kasubsi decides
    assert asked.json()["cancellation"]["state"] == "PENDING"
    assert len(number) == 6
    assert rid in waiting
    assert blocked.json()["status"] == "REJECTED"  # E5: the goods are still in this PLP
    assert decided.status_code == 200, decided.text
    assert decided.json()["status"] == "CANCELLED"
    assert decided.json()["cancellation"]["state"] == "APPROVED"
    assert retried.status_code == 200 and retried.headers["Idempotent-Replayed"] == "true"
    assert again.json()["status"] == "IN_REVIEW"  # E5: cancelled lines are free again
    assert rid not in _queue(api, "kasubsi")


def test_l1_deciding_a_cancellation_twice_is_a_conflict_naming_l1(api_any_db: Api) -> None:
    api = api_any_db
    rid = _approved(api)
    number = api.step(rid, "cancellation", "tpka", reason="x").json()["cancellation"]["number"]
    _decide(api, rid, number, approve=False, reason="the goods are needed")

    twice = _decide(api, rid, number, approve=True)

    assert twice.status_code == 409
    assert twice.json()["rule"] == "L1"
    stored = api.get(f"/api/v1/plp-requests/{rid}", "kasubsi").json()
    assert stored["status"] == "APPROVED"
    assert stored["cancellation"]["state"] == "REFUSED"


def test_l1_a_refused_cancellation_leaves_the_plp_active(api_any_db: Api) -> None:
    api = api_any_db
    rid = _approved(api)
    number = api.step(rid, "cancellation", "tpka", reason="x").json()["cancellation"]["number"]

    without_reason = _decide(api, rid, number, approve=False)
    refused = _decide(api, rid, number, approve=False, reason="the goods are needed")
    released = api.step(rid, "origin-check", "supervisor-asal", matched=True, seals=SEALS)

    assert without_reason.status_code == 422 and without_reason.json()["rule"] == "L1"
    assert refused.status_code == 200, refused.text
    assert refused.json()["status"] == "APPROVED"
    c = refused.json()["cancellation"]
    assert (c["state"], c["decision_reason"]) == ("REFUSED", "the goods are needed")
    assert released.json()["status"] == "RELEASED"


def test_l1_only_the_kasubsi_decides(api_any_db: Api) -> None:
    api = api_any_db
    rid = _approved(api)
    number = api.step(rid, "cancellation", "tpka", reason="x").json()["cancellation"]["number"]

    r = api.post(
        f"/api/v1/plp-requests/{rid}/cancellations/{number}/decision", "manifest", {"approve": True}
    )

    assert r.status_code == 403


def test_l1_a_gate_out_while_pending_ends_the_cancellation_as_refused(api_any_db: Api) -> None:
    api = api_any_db
    rid = _released(api)
    api.step(rid, "cancellation", "tpka", reason="x")

    out = api.step(rid, "gate-out", "tpka", at=now().astimezone(WIB).isoformat())

    assert out.status_code == 200, out.text
    assert out.json()["status"] == "GATED_OUT"
    c = out.json()["cancellation"]
    assert c["state"] == "REFUSED" and "gated out" in c["decision_reason"]
    assert rid not in _queue(api, "kasubsi")


def test_l1_cancelling_a_moved_plp_is_refused_and_changes_nothing(api_any_db: Api) -> None:
    api = api_any_db
    rid = _released(api)
    api.step(rid, "gate-out", "tpka", at=now().astimezone(WIB).isoformat())

    r = api.step(rid, "cancellation", "tpka", reason="too late")

    assert r.status_code == 409
    assert r.json()["rule"] == "L1"
    stored = api.get(f"/api/v1/plp-requests/{rid}", "tpka").json()
    assert stored["status"] == "GATED_OUT" and stored["cancellations"] == []


def test_l1_a_cancellation_reference_is_not_reused_across_plps(api_any_db: Api) -> None:
    api = api_any_db
    first, second = _approved(api, "MSKU1001373"), _approved(api, "CSQU1001743")
    asked = api.step(first, "cancellation", "tpka", reason="x", ref_number="BATAL-L1-1")

    replay = api.step(first, "cancellation", "tpka", reason="x", ref_number="BATAL-L1-1")
    reused = api.step(second, "cancellation", "tpka", reason="x", ref_number="BATAL-L1-1")

    assert asked.status_code == 200 and replay.status_code == 200
    assert len(replay.json()["cancellations"]) == 1
    assert reused.status_code == 409 and reused.json()["rule"] == "L1"
    assert api.get(f"/api/v1/plp-requests/{second}", "tpka").json()["cancellations"] == []


def test_l1_every_cancellation_keeps_its_own_record(api_any_db: Api) -> None:
    api = api_any_db
    rid = _approved(api)
    first = api.step(rid, "cancellation", "tpka", reason="a").json()["cancellation"]["number"]
    _decide(api, rid, first, approve=False, reason="no")
    second = api.step(rid, "cancellation", "tpka", reason="b").json()["cancellation"]["number"]

    done = _decide(api, rid, second, approve=True)

    assert [(c["number"], c["state"]) for c in done.json()["cancellations"]] == [
        (first, "REFUSED"),
        (second, "APPROVED"),
    ]
