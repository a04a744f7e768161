"""The data the section head's page shows in the browser tests: October with one approval, one
rejection and one refusal on arrival; today a breached and an at-risk request waiting for the
manifest officer. Made over REST, as a TPS and the officers would."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
from playwright.sync_api import Page, expect

from tests.conftest import fresh_sqlite
from tests.e2e.conftest import LiveServer, start_server, stop_server
from tests.support import containers, now, plp_body


class Client:
    def __init__(self, server: LiveServer) -> None:
        self.url, self._tokens = server.url, {}

    def call(self, method: str, path: str, who: str, body: Any = None) -> Any:
        if who not in self._tokens:
            login = {"username": who, "password": f"{who}-demo"}
            r = httpx.post(f"{self.url}/api/v1/auth/token", data=login)
            self._tokens[who] = {"Authorization": f"Bearer {r.json()['access_token']}"}
        r = httpx.request(method, f"{self.url}{path}", json=body, headers=self._tokens[who])
        assert r.status_code < 300, r.text
        return r.json()

    def clock(self, at: str, frozen: bool = True) -> None:
        self.call("PUT", "/api/v1/test/clock", "admin", {"at": at, "frozen": frozen})

    def submit(self, at: str | None, *numbers: str) -> str:
        if at:
            self.clock(at)
        body = plp_body(containers=containers(*numbers))
        request_id: str = self.call("POST", "/api/v1/plp-requests", "tpka", body)["id"]
        return request_id

    def step(self, at: str, request_id: str, step: str, who: str, **body: Any) -> None:
        self.clock(at)
        self.call("POST", f"/api/v1/plp-requests/{request_id}/{step}", who, body)


def prepare(server: LiveServer) -> dict[str, str]:
    c = Client(server)
    approved = c.submit("2026-10-05T09:00:00+07:00", "MSKU1001373")
    c.step(
        "2026-10-05T10:00:00+07:00", approved, "recommendations/manifest", "manifest", approve=True
    )
    c.step("2026-10-06T14:00:00+07:00", approved, "decision", "kasubsi", approve=True)
    rejected = c.submit("2026-10-07T09:00:00+07:00", "TGHU1002113")
    c.step(
        "2026-10-07T10:00:00+07:00", rejected, "recommendations/manifest", "manifest", approve=False
    )
    c.step("2026-10-08T09:00:00+07:00", rejected, "decision", "kasubsi", approve=False, reason="no")
    c.submit("2026-10-08T10:00:00+07:00", "OOLU1006187")  # E3
    breached = c.submit("2026-11-19T09:00:00+07:00", "CSQU1001743")  # due Tue 24 09:00
    at_risk = c.submit("2026-11-20T13:00:00+07:00", "OOLU1002480")  # due Wed 25 13:00
    c.clock(now().isoformat(), frozen=False)  # back on test time (Wed 25 November, 08:00)
    return {"breached": breached, "at_risk": at_risk}


def serve(sqlite_template: Path, folder: Path) -> Iterator[tuple[LiveServer, dict[str, str]]]:
    live = start_server(fresh_sqlite(sqlite_template, folder), folder / "server.log")
    try:
        yield live, prepare(live)
    finally:
        stop_server(live)


def log_in(page: Page, base: str, username: str, path: str = "/console/office") -> None:
    """The console's login form, which comes back to the page asked for."""
    page.goto(f"{base}{path}")
    page.fill("#username", username)
    page.fill("#password", f"{username}-demo")
    page.click("#login-button")
    expect(page.locator("#who")).to_contain_text(username)


def overflow(page: Page) -> int:
    """How many pixels the page is wider than the window (0: no horizontal scrolling)."""
    width: int = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    return width
