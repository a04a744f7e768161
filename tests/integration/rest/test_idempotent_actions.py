"""Officers' and operators' actions sent with an Idempotency-Key: a retry after a lost reply
gets the first answer back, not a 409; the same key with another body is a 409; a key is the
caller's own."""

from __future__ import annotations

from typing import Any

from tests.support import WIB, Api, containers, now

KEY = "Idempotency-Key"


def _in_review(api: Api) -> str:
    r = api.submit(reason="YOR_SOR", yor_origin=72, containers=containers("MSKU1001373"))
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


def _step(api: Api, rid: str, step: str, who: str, body: dict[str, Any], key: str | None) -> Any:
    headers = api.auth(who) | ({KEY: key} if key else {})
    return api.client.post(f"/api/v1/plp-requests/{rid}/{step}", json=body, headers=headers)


def _ready_for_decision(api: Api) -> str:
    rid = _in_review(api)
    for step, who in (("recommendations/manifest", "manifest"), ("recommendations/p2", "p2")):
        assert _step(api, rid, step, who, {"approve": True}, None).status_code == 200
    return rid


def test_r3_a_decision_retried_with_its_key_gets_the_first_answer(api_any_db: Api) -> None:
    api = api_any_db
    rid = _ready_for_decision(api)

    first = _step(api, rid, "decision", "kasubsi", {"approve": True}, "decide-7f3a")
    retry = _step(api, rid, "decision", "kasubsi", {"approve": True}, "decide-7f3a")
    without_key = _step(api, rid, "decision", "kasubsi", {"approve": True}, None)

    assert first.status_code == 200 and "Idempotent-Replayed" not in first.headers
    assert retry.status_code == 200 and retry.headers["Idempotent-Replayed"] == "true"
    assert retry.json() == first.json()
    assert without_key.status_code == 409  # the step is taken: without a key, a conflict
    audit = api.get(f"/api/v1/plp-requests/{rid}", "kasubsi").json()["audit"]
    assert [e["action"] for e in audit].count("decided") == 1


def test_the_same_key_with_another_body_is_a_conflict(api: Api) -> None:
    rid = _in_review(api)
    first = _step(api, rid, "recommendations/manifest", "manifest", {"approve": True}, "k-1")
    other = _step(
        api, rid, "recommendations/manifest", "manifest", {"approve": False, "note": "x"}, "k-1"
    )
    assert first.status_code == 200
    assert other.status_code == 409 and "Idempotency-Key" in other.json()["detail"]


def test_a_key_is_the_callers_own(api: Api) -> None:
    rid = _in_review(api)
    mine = _step(api, rid, "recommendations/manifest", "manifest", {"approve": True}, "shared")
    theirs = _step(api, rid, "recommendations/p2", "p2", {"approve": True}, "shared")
    assert mine.status_code == 200 and theirs.status_code == 200
    assert "Idempotent-Replayed" not in theirs.headers
    assert theirs.json()["recommendations"]["p2"] is not None


def test_m3_a_gate_out_report_retried_with_its_key_is_recorded_once(api: Api) -> None:
    rid = _ready_for_decision(api)
    assert _step(api, rid, "decision", "kasubsi", {"approve": True}, None).status_code == 200
    check = {"matched": True, "escorted": True, "note": "sealed"}
    assert _step(api, rid, "origin-check", "supervisor-asal", check, None).status_code == 200
    body = {"at": now().astimezone(WIB).isoformat()}

    first = _step(api, rid, "gate-out", "tpka", body, "gate-out-MSKU1001373")
    retry = _step(api, rid, "gate-out", "tpka", body, "gate-out-MSKU1001373")

    assert first.status_code == retry.status_code == 200
    assert retry.headers["Idempotent-Replayed"] == "true"
    assert retry.json()["status"] == "GATED_OUT"


def test_a_key_that_is_not_visible_ascii_is_refused_and_changes_nothing(api: Api) -> None:
    rid = _in_review(api)
    r = _step(api, rid, "recommendations/manifest", "manifest", {"approve": True}, "a" * 201)
    after = api.get(f"/api/v1/plp-requests/{rid}", "manifest").json()
    assert r.status_code == 422 and "Idempotency-Key" in r.json()["detail"]
    assert after["recommendations"]["manifest"] is None
