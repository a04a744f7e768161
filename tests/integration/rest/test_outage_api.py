"""Over REST: H1 notices and gate-out (flagged without one), admin closed days in the calendar,
test-only controls."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from app.main import create_app
from tests.integration.rest.test_manual_procedure import FRIDAY_1500, set_clock
from tests.support import Api, containers


def instant(text: str) -> datetime:
    return datetime.fromisoformat(text)


PDF = b"%PDF-1.4\n% statement of the destination TPS\n"


def released(api: Api, *numbers: str) -> str:
    rid = api.submit(containers=containers(*numbers)).json()["id"]
    api.step(rid, "recommendations/manifest", "manifest", approve=True)
    api.step(rid, "decision", "kasubsi", approve=True)
    r = api.step(rid, "origin-check", "supervisor-asal", matched=True, escorted=True)
    assert r.json()["status"] == "RELEASED", r.text
    return str(rid)


def notice(api: Api, rid: str, start: str, end: str, **files: Any) -> Any:
    uploads = {
        kind: (f"{kind}.pdf", PDF, "application/pdf")
        for kind in ("approved_request", "destination_statement", "origin_statement")
    }
    return api.client.post(
        f"/api/v1/plp-requests/{rid}/out-of-hours-notices",
        data={"planned_start": start, "planned_end": end},
        files=uploads | files,
        headers=api.auth("tpka"),
    )


def test_h1_rest_gate_out_at_night_is_flagged_only_without_the_notice(api: Api) -> None:
    set_clock(api, "2026-11-25T10:00:00+07:00")
    with_notice, without = released(api, "MSKU1001373"), released(api, "TGHU1002113")

    filed = notice(api, with_notice, "2026-11-25T20:00:00", "2026-11-25T23:00:00")
    listed = api.get(f"/api/v1/plp-requests/{with_notice}/out-of-hours-notices", "kasubsi")
    file_url = (
        f"/api/v1/plp-requests/{with_notice}/out-of-hours-notices/"
        f"{filed.json()['id']}/attachments/destination_statement"
    )
    download = api.get(file_url, "supervisor-asal")
    set_clock(api, "2026-11-25T20:35:00+07:00")
    allowed = api.step(with_notice, "gate-out", "tpka", at="2026-11-25T20:30:00")
    flagged = api.step(without, "gate-out", "tpka", at="2026-11-25T20:30:00")

    assert filed.status_code == 201, filed.text
    assert [a["sha256"] for a in filed.json()["attachments"]] == [
        hashlib.sha256(PDF).hexdigest()
    ] * 3
    assert len(listed.json()) == 1
    assert download.content == PDF and download.headers["content-type"] == "application/pdf"
    assert allowed.status_code == 200 and allowed.json()["status"] == "GATED_OUT"
    assert allowed.json()["movement"]["out_of_hours_alert"] is False
    assert flagged.status_code == 200 and flagged.json()["status"] == "GATED_OUT"
    assert flagged.json()["movement"]["out_of_hours_alert"] is True  # recorded, flagged (H1)


def test_h1_rest_notice_refuses_other_files_and_late_notices(api: Api) -> None:
    set_clock(api, "2026-11-25T10:00:00+07:00")
    rid = released(api, "MSKU1001373")

    text = notice(
        api,
        rid,
        "2026-11-25T20:00:00",
        "2026-11-25T23:00:00",
        origin_statement=("s.txt", b"plain words", "text/plain"),
    )
    late = notice(api, rid, "2026-11-25T12:00:00", "2026-11-25T13:00:00")

    assert text.status_code == 422 and text.json()["errors"][0]["field"] == "origin_statement"
    assert late.status_code == 409 and late.json()["rule"] == "H1"


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("0001-01-01T00:00:00", "0001-01-01T01:00:00"),  # office time: year 0 in UTC
        ("0001-01-01T00:00:00+14:00", "0001-01-01T01:00:00+14:00"),
        ("9999-12-31T20:00:00-12:00", "9999-12-31T21:00:00-12:00"),  # year 10000 in UTC
    ],
)
def test_h1_rest_notice_at_the_edge_of_the_calendar_is_a_422(
    api: Api, start: str, end: str
) -> None:
    """A time the rules cannot turn into UTC was a 500 (OverflowError): now a 422 naming it."""
    rid = released(api, "MSKU1001373")

    r = notice(api, rid, start, end)

    assert r.status_code == 422, r.text
    assert r.headers["content-type"] == "application/problem+json"
    assert r.json()["errors"][0] == {
        "field": "planned_start",
        "message": "Value error, a time must lie between the years 0002 and 9998",
    }
    assert api.get(f"/api/v1/plp-requests/{rid}/out-of-hours-notices", "tpka").json() == []


def test_f1_admin_closed_day_moves_the_switch(api: Api) -> None:
    set_clock(api, FRIDAY_1500)
    put = api.client.put(
        "/api/v1/offices/040300/closed-days/2026-11-30",
        json={"reason": "office relocation"},
        headers=api.auth("admin"),
    )
    by_kasubsi = api.client.put(
        "/api/v1/offices/040300/closed-days/2026-12-01",
        json={"reason": "x"},
        headers=api.auth("kasubsi"),
    )
    declared = api.post("/api/v1/outages", "kasubsi", {"office_code": "040300", "cause": "down"})
    listed = api.get("/api/v1/offices/040300/closed-days", "tpka").json()
    deleted = api.client.delete(
        "/api/v1/offices/040300/closed-days/2026-11-30", headers=api.auth("admin")
    )
    after = api.get(f"/api/v1/outages/{declared.json()['id']}", "tpka").json()

    assert put.status_code == 200 and by_kasubsi.status_code == 403
    assert [d["day"] for d in listed] == ["2026-11-30"]
    assert instant(declared.json()["switch_due_at"]) == instant("2026-12-01T11:30:00+07:00")
    assert deleted.status_code == 204
    assert instant(after["switch_due_at"]) == instant("2026-11-30T11:30:00+07:00")
    assert [e["action"] for e in after["events"]] == ["outage_declared"]


def test_f1_office_trail_is_for_its_staff(api: Api) -> None:
    api.post("/api/v1/outages", "kasubsi", {"office_code": "040300", "cause": "down"})

    trail = api.get("/api/v1/offices/040300/events", "manifest")
    by_tps = api.get("/api/v1/offices/040300/events", "tpka")

    assert [e["action"] for e in trail.json()] == ["outage_declared"]
    assert by_tps.status_code == 403


@pytest.fixture
def production(sqlite_url: str) -> Iterator[Api]:
    settings = Settings(
        mode="production", database_url=sqlite_url, jwt_secret="s" * 40, run_scheduler=False
    )
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        yield Api(client)


def test_clock_control_does_not_exist_in_production(production: Api) -> None:
    r = production.client.put(
        "/api/v1/test/clock", json={"at": FRIDAY_1500}, headers=production.auth("admin")
    )

    assert r.status_code == 404
    assert r.headers["content-type"].startswith("application/problem+json")


def test_clock_control_needs_an_instant_and_an_admin(api: Api) -> None:
    naive = api.client.put(
        "/api/v1/test/clock", json={"at": "2026-11-27T15:00:00"}, headers=api.auth("admin")
    )
    by_tps = api.client.post(
        "/api/v1/test/clock/advance", json={"seconds": 60}, headers=api.auth("tpka")
    )

    assert naive.status_code == 422 and by_tps.status_code == 403


@pytest.mark.parametrize(
    "at", ["9999-12-31T23:59:59.999999Z", "9999-12-31T23:59:59-12:00", "0001-01-01T00:00:00+14:00"]
)
def test_clock_control_refuses_an_instant_at_the_edge_of_the_calendar(api: Api, at: str) -> None:
    """The clock there could not tell the time (a 500), nor could any deadline after it."""
    before = api.get("/api/v1/test/clock", "admin").json()["now"]

    r = api.client.put("/api/v1/test/clock", json={"at": at}, headers=api.auth("admin"))

    assert r.status_code == 422, r.text
    assert r.json()["errors"][0]["field"] == "at"
    assert api.get("/api/v1/test/clock", "admin").json()["now"][:16] == before[:16]
