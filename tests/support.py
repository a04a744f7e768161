"""Helpers for tests: an API client with remembered logins, and bodies from the demo data."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from typing import Any, TypeVar

from app.config import Settings
from app.main import create_app

DEMO_CONTAINERS = {  # number -> size, from app/demo/refdata.json (positions 1-14 are free)
    "TSTU1001000": "40",
    "MSKU1001373": "20",
    "CSQU1001743": "20",
    "TGHU1002113": "40",
    "OOLU1002480": "20",
    "HLXU1002859": "20",
    "SEGU1003220": "40",
    "TCLU1003595": "20",
    "FCIU1003961": "20",
    "CAIU1004337": "40",
    "TSTU1004708": "20",
    "MSKU1005070": "20",
    "CSQU1005440": "40",
    "TGHU1005811": "20",
}
# Tests run on "test time": the real clock shifted so the session starts on a working Wednesday
# morning at Tanjung Priok. Gate-outs are then never out of hours (H1) whatever the real hour,
# and the apps under test run their clocks with the same shift.
WIB = timezone(timedelta(hours=7))
_SESSION_START = datetime(2026, 11, 25, 8, 0, tzinfo=WIB)
TEST_TIME_SHIFT = _SESSION_START - datetime.now(UTC)


T = TypeVar("T")


def wait_until(
    probe: Callable[[], T], what: str, timeout: float = 30.0, interval: float = 0.1
) -> T:
    """The first truthy answer of `probe`, asked again until `timeout` (generous: a busy 2-core
    CI machine); an AssertionError naming `what` and the last answer when it never comes."""
    deadline = time.monotonic() + timeout
    while True:
        answer = probe()
        if answer:
            return answer
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {timeout:.0f} s (last: {answer!r})")
        time.sleep(interval)


def now() -> datetime:
    """The current test time (see TEST_TIME_SHIFT)."""
    return datetime.now(UTC) + TEST_TIME_SHIFT


WITH_PIB, RELEASED, EXCISE = "OOLU1006187", "HLXU1006556", "SEGU1006928"
LCL_BLS = [
    ("HBL-LCL-0001", "PK", 10),
    ("HBL-LCL-0002", "CT", 25),
    ("HBL-LCL-0003", "BX", 40),
    ("HBL-LCL-0004", "PL", 6),
    ("HBL-LCL-0005", "BG", 120),
]


# --- the app ---------------------------------------------------------------------------------


class Api:
    """A TestClient with logins remembered per account."""

    def __init__(self, client: Any) -> None:
        self.client = client
        self._tokens: dict[str, dict[str, str]] = {}

    def auth(self, username: str) -> dict[str, str]:
        if username not in self._tokens:
            r = self.client.post(
                "/api/v1/auth/token", data={"username": username, "password": f"{username}-demo"}
            )
            assert r.status_code == 200, r.text
            self._tokens[username] = {"Authorization": f"Bearer {r.json()['access_token']}"}
        return self._tokens[username]

    def post(self, path: str, as_: str, json: Any = None, **kw: Any) -> Any:
        return self.client.post(path, json=json, headers=self.auth(as_), **kw)

    def get(self, path: str, as_: str, **kw: Any) -> Any:
        return self.client.get(path, headers=self.auth(as_), **kw)

    def submit(self, as_: str = "tpka", **overrides: Any) -> Any:
        return self.post("/api/v1/plp-requests", as_, plp_body(**overrides))

    def step(self, request_id: str, step: str, as_: str, **body: Any) -> Any:
        return self.post(f"/api/v1/plp-requests/{request_id}/{step}", as_, body)

    def subscribe(self, event: str, *users: str) -> None:
        """Each user's push callback for the event, at http://<user>.test/<event>."""
        for user in users:
            r = self.client.put(
                f"/api/v1/callbacks/{event}",
                json={"url": f"http://{user}.test/{event}"},
                headers=self.auth(user),
            )
            assert r.status_code == 200, r.text


def make_api(url: str, mode: str = "demo") -> Any:
    from fastapi.testclient import TestClient

    app = create_app(Settings(mode=mode, database_url=url, run_scheduler=False))  # type: ignore[arg-type]
    if mode != "production":
        app.state.services.clock.set(now())  # runs on test time from here
    return TestClient(app, raise_server_exceptions=False)


# --- bodies ----------------------------------------------------------------------------------


def plp_body(**overrides: Any) -> dict[str, Any]:
    """A valid request of TPKA to CFSB for two free demo containers, reason NO_LCL_SPACE (R2)."""
    body: dict[str, Any] = {
        "office_code": "040300",
        "ref_number": f"TPKA{uuid.uuid4().hex[:12].upper()}",
        "letter_number": "00101/PLP/TPKA/2026",
        "letter_date": "2026-11-25",
        "origin_tps": "TPKA",
        "origin_gudang": "TPKA",
        "destination_tps": "CFSB",
        "destination_gudang": "CFB1",
        "reason": "NO_LCL_SPACE",
        "vessel_name": "MV SAMPLE STAR",
        "call_sign": "9VAB7",
        "voyage": "025S",
        "arrival_date": "2026-11-19",
        "bc11_number": "001234",
        "bc11_date": "2026-11-20",
        "applicant_name": "BUDI SANTOSO",
        "containers": containers("MSKU1001373", "TGHU1002113"),
    }
    body.update(overrides)
    return body


def discharge_at(api: Api, tps: str, *numbers: str, gudang: str | None = None) -> None:
    """E7: reference data says these demo containers of BC 1.1 001234 are at `tps` (loaded
    again, the manifest leaves the stock of its other goods as it is)."""
    from app.adapters.sql.demo_seed import demo_refdata

    manifest = next(m for m in demo_refdata()["manifests"] if m["number"] == "001234")
    manifest.pop("discharged_at")
    for item in manifest["items"]:
        for c in item["containers"]:
            c.pop("discharged_at", None)
            if c["number"] in numbers:
                c["discharged_at"] = {"tps": tps, "gudang": gudang or tps}
    r = api.post("/api/v1/admin/manifests", "admin", manifest)
    assert r.status_code == 200, r.text


def containers(*numbers: str) -> list[dict[str, str]]:
    return [{"number": n, "size": DEMO_CONTAINERS.get(n, "20")} for n in numbers]


def packages(*bls: str) -> list[dict[str, Any]]:
    known = {bl: (kind, count) for bl, kind, count in LCL_BLS}
    return [
        {"type": known[bl][0], "count": known[bl][1], "bl_number": bl, "bl_date": "2026-11-11"}
        for bl in bls
    ]
