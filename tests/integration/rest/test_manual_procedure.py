"""F1-F3 and L2 over REST: switch, refusal, paper PLPs, return online, reconciliation."""

from __future__ import annotations

import csv
import io
from typing import Any

from app.jobs import watchdog
from app.jobs.context import JobContext
from tests.support import Api, containers, plp_body

FRIDAY_1500 = "2026-11-27T15:00:00+07:00"
MONDAY_1130 = "2026-11-30T11:30:00+07:00"


def set_clock(api: Api, at: str) -> None:
    r = api.client.put(
        "/api/v1/test/clock", json={"at": at, "frozen": True}, headers=api.auth("admin")
    )
    assert r.status_code == 200, r.text


def run_watchdog(api: Api) -> None:
    """The job as the scheduler runs it, now rather than at its next minute."""
    s = api.client.app.state.services
    watchdog.run(
        JobContext(s.settings, s.database, s.clock, s.calendars, s.reference, s.notifications)
    )


def go_manual(api: Api) -> str:
    set_clock(api, FRIDAY_1500)
    r = api.post("/api/v1/outages", "kasubsi", {"office_code": "040300", "cause": "SKP down"})
    assert r.status_code == 201, r.text
    set_clock(api, MONDAY_1130)
    run_watchdog(api)
    return str(r.json()["id"])


def paper(number: str, *cont: str, **decision: Any) -> dict[str, Any]:
    body = plp_body(containers=containers(*cont))
    for key in (
        "ref_number",
        "yor_origin",
        "sor_origin",
        "yor_destination",
        "vessel_name",
        "call_sign",
        "voyage",
        "arrival_date",
    ):
        body.pop(key, None)
    body |= {"letter_number": number, "received_at": "2026-11-30T13:00:00", "applicant_tps": "TPKA"}
    if decision:
        body["decision"] = {
            "decided_at": "2026-11-30T15:00:00",
            "letter_date": "2026-11-30",
            "letter_number": number.replace("M-", "900"),  # F3: the paper PLP number
        } | decision
    return body


def test_f2_switched_office_refuses_online_submissions_and_keeps_reads(api_any_db: Api) -> None:
    api = api_any_db
    go_manual(api)

    refused = api.submit()
    listed = api.get("/api/v1/plp-requests", "tpka")
    service = api.get("/api/v1/offices/040300/service", "tpka").json()

    assert refused.status_code == 503
    problem = refused.json()
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert problem["rule"] == "F2" and "manual PLP procedure" in problem["detail"]
    assert problem["manual_since"] == "2026-11-30T11:30:00+07:00"  # the office's zone
    assert listed.status_code == 200
    assert service["mode"] == "manual"
    assert service["open_outage"]["switched_at"] == "2026-11-30T11:30:00+07:00"


def test_f3_l2_paper_plps_are_reconciled_after_the_outage(api_any_db: Api) -> None:
    api = api_any_db
    outage_id = go_manual(api)
    set_clock(api, "2026-11-30T16:00:00+07:00")
    approved = api.post("/api/v1/manual-plps", "manifest", paper("M-001", "MSKU1001373"))
    assert approved.status_code == 201, approved.text
    decided = api.post(
        f"/api/v1/manual-plps/{approved.json()['id']}/decision",
        "kasubsi",
        {
            "approved": True,
            "decided_at": "2026-11-30T15:00:00",
            "letter_number": "900001",
            "letter_date": "2026-11-30",
        },
    )
    assert decided.status_code == 200, decided.text
    rejected = api.post(
        "/api/v1/manual-plps",
        "kasubsi",
        paper("M-002", "TGHU1002113", approved=False, reason="goods declared"),
    )
    assert rejected.status_code == 201, rejected.text

    ended = api.post(f"/api/v1/outages/{outage_id}/end", "kasubsi")
    rec_id = ended.json()["reconciliation_id"]
    too_early = api.post(f"/api/v1/reconciliations/{rec_id}/closure", "kasubsi")
    entries = [
        api.post(f"/api/v1/reconciliations/{rec_id}/items/{m.json()['id']}/entry", "manifest")
        for m in (approved, rejected)
    ]
    closed = api.post(f"/api/v1/reconciliations/{rec_id}/closure", "kasubsi")
    report = api.get(f"/api/v1/reconciliations/{rec_id}?format=csv", "manifest")

    assert ended.status_code == 200 and rec_id
    assert api.get("/api/v1/offices/040300/service", "tpka").json()["mode"] == "online"
    assert too_early.status_code == 409 and too_early.json()["rule"] == "L2"
    assert [e.status_code for e in entries] == [200, 200], entries[0].text
    assert [e.json()["request_status"] for e in entries] == ["APPROVED", "REJECTED"]
    assert entries[0].json()["plp_number"] == "900001" and entries[0].json()["matched"]
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    rows = list(csv.DictReader(io.StringIO(report.text)))
    assert report.headers["content-type"].startswith("text/csv")
    assert sorted(
        (r["letter_number"], r["paper_decision"], r["plp_number"], r["plp_date"], r["matched"])
        for r in rows
    ) == [
        ("M-001", "approved", "900001", "2026-11-30", "yes"),  # F3: the paper number and date
        ("M-002", "rejected", "", "", "yes"),
    ]
    assert api.submit(containers=containers("CSQU1001743")).status_code == 201


def test_f3_an_entered_paper_plp_is_a_normal_request_marked_manual(api: Api) -> None:
    outage_id = go_manual(api)
    set_clock(api, "2026-11-30T16:00:00+07:00")
    manual = api.post(
        "/api/v1/manual-plps", "kasubsi", paper("M-003", "MSKU1001373", approved=True)
    ).json()
    rec_id = api.post(f"/api/v1/outages/{outage_id}/end", "kasubsi").json()["reconciliation_id"]
    item = api.post(f"/api/v1/reconciliations/{rec_id}/items/{manual['id']}/entry", "kasubsi")

    request = api.get(f"/api/v1/plp-requests/{item.json()['manual_plp']['request_id']}", "tpka")

    body = request.json()
    assert body["channel"] == "manual" and body["header"]["data_type"] == "2"
    assert body["header"]["letter_number"] == "M-003"
    assert body["decision"]["approved"] and body["decision"]["plp_number"] == "900003"
    assert body["decision"]["plp_date"] == "2026-11-30"  # F3: the paper number and date
    assert body["submitted_at"] == "2026-11-30T13:00:00+07:00"  # R4 from the paper receipt
    assert {e["channel"] for e in body["audit"]} == {"manual"}
    assert (
        api.post(f"/api/v1/reconciliations/{rec_id}/items/{manual['id']}/entry", "kasubsi").json()[
            "rule"
        ]
        == "L2"
    )


def test_f2_paper_plps_only_while_the_manual_procedure_is_in_force(api: Api) -> None:
    r = api.post("/api/v1/manual-plps", "manifest", paper("M-004", "MSKU1001373"))

    assert r.status_code == 409 and r.json()["rule"] == "F2"


def test_f2_only_the_kasubsi_records_a_paper_decision(api: Api) -> None:
    go_manual(api)
    set_clock(api, "2026-11-30T16:00:00+07:00")

    by_manifest = api.post(
        "/api/v1/manual-plps", "manifest", paper("M-005", "MSKU1001373", approved=True)
    )
    by_tps = api.post("/api/v1/manual-plps", "tpka", paper("M-006", "MSKU1001373"))

    assert by_manifest.status_code == 403 and by_tps.status_code == 403


def test_f1_outage_roles_and_one_open_outage_per_office(api: Api) -> None:
    body = {"office_code": "040300", "cause": "SKP down"}

    by_tps = api.post("/api/v1/outages", "tpka", body)
    other_office = api.post("/api/v1/outages", "kasubsi", body | {"office_code": "050100"})
    first = api.post("/api/v1/outages", "manifest", body)
    second = api.post("/api/v1/outages", "admin", body)
    ended = api.post(f"/api/v1/outages/{first.json()['id']}/end", "kasubsi")
    again = api.post(f"/api/v1/outages/{first.json()['id']}/end", "kasubsi")

    assert by_tps.status_code == 403 and other_office.status_code == 403
    assert first.status_code == 201 and second.status_code == 409
    assert second.json()["rule"] == "F1"
    assert ended.status_code == 200 and ended.json()["reconciliation_id"] is None
    assert again.status_code == 409 and again.json()["rule"] == "F3"
