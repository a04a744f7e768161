"""H1 over REST on SQLite and PostgreSQL, with the test clock: an out-of-hours release needs a
timely notice (refused naming H1 otherwise, changing nothing); the notice reaches the section
head's and the P2 section's queues and is pushed; a gate-out (step or POST /api/v1/gate-reports)
without a notice is recorded and flagged to the P2 section; a notice after the move is refused."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select

from app.adapters.sql.repositories.outbox_repository import D
from app.adapters.sql.tables.stock_tables import GateReportLineRow
from tests.integration.rest.test_manual_procedure import set_clock
from tests.integration.rest.test_outage_api import notice
from tests.support import Api, containers, make_api

C1, C2 = "MSKU1001373", "TGHU1002113"
MORNING, NIGHT = "2026-11-25T10:00:00+07:00", "2026-11-25T20:10:00+07:00"


@pytest.fixture
def api(db_url: str) -> Iterator[Api]:
    with make_api(db_url) as client:
        api = Api(client)
        api.subscribe("out_of_hours", "tpka", "cfsb")
        yield api


def approved(api: Api, goods: str) -> str:
    rid = str(api.submit(containers=containers(goods)).json()["id"])
    api.step(rid, "recommendations/manifest", "manifest", approve=True)
    assert api.step(rid, "decision", "kasubsi", approve=True).status_code == 200
    return rid


def release(api: Api, rid: str) -> Any:
    return api.step(rid, "origin-check", "supervisor-asal", matched=True, seal_numbers=["S1"])


def view(api: Api, rid: str, as_: str = "tpka") -> dict[str, Any]:
    found: dict[str, Any] = api.get(f"/api/v1/plp-requests/{rid}", as_).json()
    return found


def queue(api: Api, who: str) -> list[str]:
    return [i["id"] for i in api.get("/api/v1/queue", who).json()["items"]]


def pushed(api: Api) -> list[tuple[str, dict[str, Any]]]:
    with api.client.app.state.services.database.session() as s:
        rows = s.execute(select(D).where(D.c.event_type == "out_of_hours").order_by(D.c.id))
        return [(r.tps_code, json.loads(r.body)["data"]) for r in rows]


def test_h1_rest_release_at_night_needs_a_timely_notice(api: Api) -> None:
    set_clock(api, MORNING)
    noticed, bare = approved(api, C1), approved(api, C2)

    filed = notice(api, noticed, "2026-11-25T20:00:00", "2026-11-25T23:00:00")
    queued = (queue(api, "kasubsi"), queue(api, "p2-section"))
    set_clock(api, NIGHT)
    allowed, refused = release(api, noticed), release(api, bare)

    assert filed.status_code == 201, filed.text
    assert noticed in queued[0] and noticed in queued[1]
    assert bare not in queued[0] + queued[1]
    assert sorted(tps for tps, _ in pushed(api)) == ["CFSB", "TPKA"]
    data = pushed(api)[0][1]
    assert data["flag"] == "out_of_hours_notified" and data["copied_to"] == ["p2_section"]
    assert data["addressed_to"] == "kasubsi_manifest" and data["request_id"] == noticed
    assert allowed.status_code == 200 and allowed.json()["status"] == "RELEASED"
    assert refused.status_code == 409 and refused.json()["rule"] == "H1"
    assert refused.headers["content-type"] == "application/problem+json"
    assert "release at 2026-11-25T20:10+07:00" in refused.json()["detail"]
    stored = view(api, bare)
    assert stored["status"] == "APPROVED" and stored["movement"]["origin_check"] is None


def test_h1_rest_gate_out_at_night_without_notice_is_recorded_flagged_and_queued_for_p2(
    api: Api,
) -> None:
    set_clock(api, MORNING)
    rid = approved(api, C1)
    assert release(api, rid).status_code == 200
    set_clock(api, "2026-11-25T20:35:00+07:00")

    out = api.step(rid, "gate-out", "tpka", at="2026-11-25T20:30:00")

    assert out.status_code == 200, out.text
    stored = view(api, rid, "cfsb")
    assert stored["status"] == "GATED_OUT" and stored["movement"]["out_of_hours_alert"] is True
    flags = [e for e in stored["audit"] if e["action"] == "out_of_hours_move"]
    assert len(flags) == 1 and flags[0]["detail"]["rule"] == "H1"
    assert rid in queue(api, "p2-section")
    assert sorted(tps for tps, _ in pushed(api)) == ["CFSB", "TPKA"]
    assert {d["flag"] for _, d in pushed(api)} == {"out_of_hours_move"}

    concluded = api.step(
        rid, "investigation", "p2-section", note="driver heard", outcome="may_enter"
    )

    assert concluded.status_code == 200, concluded.text
    assert concluded.json()["movement"]["out_of_hours_alert"] is False
    assert rid not in queue(api, "p2-section")


def test_h1_rest_gate_report_at_night_without_notice_is_recorded_and_journaled_flagged(
    api: Api,
) -> None:
    set_clock(api, MORNING)
    rid = approved(api, C1)
    assert release(api, rid).status_code == 200
    decision = view(api, rid)["decision"]
    set_clock(api, "2026-11-25T21:05:00+07:00")
    item = {
        "container": C1,
        "kd_dok_inout": "3",
        "document_number": decision["plp_number"],
        "document_date": decision["plp_date"],
        "at": "2026-11-25T21:00:00+07:00",
    }
    body = {"kd_dok": "3", "kd_tps": "TPKA", "ref_number": "TPKA-H1-1", "items": [item]}

    r = api.post("/api/v1/gate-reports", "tpka", body)

    assert r.status_code == 204, r.text
    stored = view(api, rid)
    assert stored["status"] == "GATED_OUT" and stored["movement"]["out_of_hours_alert"] is True
    with api.client.app.state.services.database.session() as s:
        lines = s.scalars(
            select(GateReportLineRow).where(GateReportLineRow.ref_number == "TPKA-H1-1")
        ).all()
    assert [(x.outcome, x.rule) for x in lines] == [("flagged", "H1")]


def test_h1_rest_notice_after_the_move_is_refused_and_changes_nothing(api: Api) -> None:
    set_clock(api, MORNING)
    rid = approved(api, C1)
    assert release(api, rid).status_code == 200
    assert api.step(rid, "gate-out", "tpka", at="2026-11-25T10:00:00").status_code == 200
    set_clock(api, "2026-11-25T11:00:00+07:00")

    late = notice(api, rid, "2026-11-25T20:00:00", "2026-11-25T23:00:00")

    assert late.status_code == 409 and late.json()["rule"] == "H1"
    assert "after the move" in late.json()["detail"]
    assert api.get(f"/api/v1/plp-requests/{rid}/out-of-hours-notices", "tpka").json() == []
    stored = view(api, rid)
    assert stored["movement"]["out_of_hours_notice_at"] is None
    assert "out_of_hours_notified" not in [e["action"] for e in stored["audit"]]
    assert pushed(api) == []
