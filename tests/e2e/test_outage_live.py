"""F1-F3 and L2 against a real `plp-online serve`: its own scheduler, moved by the test clock."""

from __future__ import annotations

import csv
import html
import io
import time
import uuid
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import fresh_sqlite
from tests.e2e.conftest import LiveServer, start_server, stop_server
from tests.support import Api, containers, plp_body

pytestmark = pytest.mark.e2e
SAMPLES = Path(__file__).parents[2] / "contracts" / "samples"
FRIDAY_1500 = datetime.fromisoformat("2026-11-27T15:00:00+07:00")
MONDAY_1130 = datetime.fromisoformat("2026-11-30T11:30:00+07:00")


@pytest.fixture
def server(sqlite_template: Path, tmp_path: Path) -> Iterator[LiveServer]:
    """The watchdog ticks every second, so the switch shows without waiting a minute."""
    url = fresh_sqlite(sqlite_template, tmp_path)
    live = start_server(url, tmp_path / "server.log", PLP_WATCHDOG_SECONDS="1")
    yield live
    stop_server(live)


@pytest.fixture
def api(server: LiveServer) -> Iterator[Api]:
    with httpx.Client(base_url=server.url, timeout=30) as client:
        yield Api(client)


def mode(api: Api) -> str:
    return str(api.get("/api/v1/offices/040300/service", "tpka").json()["mode"])


def wait_for_mode(api: Api, wanted: str, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while mode(api) != wanted and time.monotonic() < deadline:
        time.sleep(0.2)
    assert mode(api) == wanted


def soap_upload(api: Api) -> str:
    """The sample UploadMohonPLP of contracts/, with a fresh reference and free goods."""
    envelope = (SAMPLES / "UploadMohonPLP.request.xml").read_text(encoding="utf-8")
    envelope = envelope.replace("TPKA261125000101", f"TPKA{uuid.uuid4().hex[:12].upper()}")
    envelope = envelope.replace("OOLU1006187", "CSQU1001743")
    r = api.client.post(
        "/tps/service.asmx",
        content=envelope.encode(),
        headers={
            "Content-Type": "text/xml; charset=utf-8",
            "SOAPAction": '"http://services.beacukai.go.id/UploadMohonPLP"',
        },
    )
    assert r.status_code == 200, r.text
    return html.unescape(r.text)


def paper_plp() -> dict[str, Any]:
    body = plp_body(containers=containers("TSTU1001000"))
    for key in ("ref_number", "vessel_name", "call_sign", "voyage", "arrival_date"):
        body.pop(key)
    decision = {
        "approved": True,
        "decided_at": "2026-11-30T15:00:00",
        "letter_number": "900001",  # F3: the paper PLP number
        "letter_date": "2026-11-30",
    }
    return body | {
        "letter_number": "P-0001/TPKA/2026",
        "applicant_tps": "TPKA",
        "received_at": "2026-11-30T13:00:00",
        "decision": decision,
    }


def test_f1_f2_f3_outage_switch_refusal_and_reconciliation_on_a_live_server(api: Api) -> None:
    clock = {"at": FRIDAY_1500.isoformat(), "frozen": True}
    assert api.client.put("/api/v1/test/clock", json=clock, headers=api.auth("admin")).is_success
    outage = api.post("/api/v1/outages", "kasubsi", {"office_code": "040300", "cause": "SKP down"})
    assert outage.status_code == 201, outage.text

    # The scheduler in the server process does the switch, once the clock reaches 6 h.
    step = (MONDAY_1130 - FRIDAY_1500).total_seconds()
    moved = api.client.post(
        "/api/v1/test/clock/advance", json={"seconds": step}, headers=api.auth("admin")
    )
    assert datetime.fromisoformat(moved.json()["now"]) == MONDAY_1130
    wait_for_mode(api, "manual")

    rest = api.submit(containers=containers("CSQU1005440"))
    soap = soap_upload(api)
    assert rest.status_code == 503 and rest.json()["rule"] == "F2"
    assert "manual PLP procedure" in rest.json()["detail"]
    assert "<GAGAL>" in soap and "<KD_RES>040</KD_RES>" in soap
    assert api.get("/api/v1/plp-requests", "tpka").status_code == 200  # reads keep working

    api.client.post(
        "/api/v1/test/clock/advance", json={"seconds": 5 * 3600}, headers=api.auth("admin")
    )
    paper = api.post("/api/v1/manual-plps", "kasubsi", paper_plp())
    assert paper.status_code == 201, paper.text
    ended = api.post(f"/api/v1/outages/{outage.json()['id']}/end", "kasubsi")
    wait_for_mode(api, "online")
    rec = ended.json()["reconciliation_id"]
    entry = api.post(f"/api/v1/reconciliations/{rec}/items/{paper.json()['id']}/entry", "manifest")
    closed = api.post(f"/api/v1/reconciliations/{rec}/closure", "kasubsi")
    report = api.get(f"/api/v1/reconciliations/{rec}", "kasubsi", params={"format": "csv"})

    assert entry.status_code == 200 and entry.json()["request_status"] == "APPROVED"
    assert closed.json()["status"] == "closed"
    rows = list(csv.DictReader(io.StringIO(report.text)))
    assert [(r["letter_number"], r["matched"]) for r in rows] == [("P-0001/TPKA/2026", "yes")]
    assert api.submit(containers=containers("CSQU1005440")).status_code == 201
    events = api.get("/api/v1/offices/040300/events", "kasubsi").json()
    assert [e["action"] for e in events].count("switched_to_manual") == 1
