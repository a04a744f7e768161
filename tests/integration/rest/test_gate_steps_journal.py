"""The REST gate steps report physical moves: one refused by a rule is still kept in the
gate-report journal, flagged with the rule (as a refused CoarriCodeco report is), on SQLite
and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import text

from tests.support import WIB, Api, now


def _journal(api: Api, rid: str) -> list[tuple[Any, ...]]:
    with api.client.app.state.services.database.session() as session:
        rows = session.execute(
            text(
                "SELECT kd_dok, kd_dok_inout, document_number, goods_key, outcome, rule "
                "FROM gate_report_line WHERE ref_number = :ref ORDER BY goods_key"
            ),
            {"ref": f"REST/{rid}"},
        ).all()
    return [tuple(r) for r in rows]


def _released(api: Api) -> tuple[str, str]:
    rid: str = api.submit().json()["id"]
    api.step(rid, "recommendations/manifest", "manifest", approve=True)
    plp = api.step(rid, "decision", "kasubsi", approve=True).json()["decision"]["plp_number"]
    assert api.step(rid, "origin-check", "supervisor-asal", matched=True, escorted=True).is_success
    return rid, plp


def test_m6_a_gate_out_step_before_the_release_is_refused_and_journaled_flagged(
    api_any_db: Api,
) -> None:
    api = api_any_db
    rid, plp = _released(api)
    early = (now() - timedelta(hours=6)).astimezone(WIB).isoformat()

    r = api.step(rid, "gate-out", "tpka", at=early)

    assert r.status_code == 409 and r.json()["rule"] == "M6"
    assert api.get(f"/api/v1/plp-requests/{rid}", "tpka").json()["status"] == "RELEASED"
    assert _journal(api, rid) == [
        ("3", "3", plp, "C:MSKU1001373", "flagged", "M6"),
        ("3", "3", plp, "C:TGHU1002113", "flagged", "M6"),
    ]


def test_m1_a_gate_out_step_before_the_approval_is_journaled_flagged(api: Api) -> None:
    rid = api.submit().json()["id"]

    r = api.step(rid, "gate-out", "tpka", at=now().astimezone(WIB).isoformat())

    assert r.status_code == 409 and r.json()["rule"] == "M1"
    assert {(row[2], row[4], row[5]) for row in _journal(api, rid)} == {("-", "flagged", "M1")}


def test_m3_an_accepted_gate_out_step_is_kept_in_the_request_not_the_journal(api: Api) -> None:
    rid, _ = _released(api)

    r = api.step(rid, "gate-out", "tpka", at=now().astimezone(WIB).isoformat())

    assert r.status_code == 200 and r.json()["status"] == "GATED_OUT"
    assert _journal(api, rid) == []
