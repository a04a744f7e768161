"""The section head's dashboard in headless Chromium with the network closed: logging in with
the page's form or with Swagger UI's token, today's queues, SLA risks, office mode, and last
month's report with both charts drawn."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.conftest import fresh_sqlite
from tests.e2e.browser import Browser, authorize, image_drawn, open_browser, require_chromium
from tests.e2e.conftest import LiveServer, start_server, stop_server
from tests.support import containers, now, plp_body

pytestmark = pytest.mark.e2e
CHARTS = ("#chart-decisions-per-day", "#chart-decision-times")


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

    def submit(self, at: str, *numbers: str) -> str:
        self.clock(at)
        body = plp_body(containers=containers(*numbers))
        request_id: str = self.call("POST", "/api/v1/plp-requests", "tpka", body)["id"]
        return request_id

    def step(self, at: str, request_id: str, step: str, who: str, **body: Any) -> None:
        self.clock(at)
        self.call("POST", f"/api/v1/plp-requests/{request_id}/{step}", who, body)


def _prepare(server: LiveServer) -> None:
    """October: one approval, one rejection, one refusal on arrival; today: a breached and
    an at-risk request waiting for the manifest officer."""
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
    c.submit("2026-11-19T09:00:00+07:00", "CSQU1001743")  # due Tue 24 09:00: breached
    c.submit("2026-11-20T13:00:00+07:00", "OOLU1002480")  # due Wed 25 13:00: at risk
    c.clock(now().isoformat(), frozen=False)  # back on test time (Wed 25 November, 08:00)


@pytest.fixture(scope="module")
def server(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    require_chromium()
    folder = tmp_path_factory.mktemp("dashboard-browser")
    live = start_server(fresh_sqlite(sqlite_template, folder), folder / "server.log")
    _prepare(live)
    yield live
    stop_server(live)


@pytest.fixture
def browser(server: LiveServer, tmp_path: Path) -> Iterator[Browser]:
    port = int(server.url.rsplit(":", 1)[1])
    yield from open_browser(port, tmp_path / "profile")


def log_in(page: Page, username: str) -> None:
    page.fill("#username", username)
    page.fill("#password", f"{username}-demo")
    page.click("#login-button")


def test_dashboard_renders_queues_risks_mode_and_last_months_charts(browser: Browser) -> None:
    page = browser.page()
    page.goto(f"{browser.base}/dashboard")
    log_in(page, "kasubsi")
    expect(page.locator("#report h2")).to_have_text("Monthly report 2026-10 (L3)")

    charts = [image_drawn(page, c) for c in CHARTS]
    figures = page.locator("#report-figures").inner_text()

    browser.shot(page, "dashboard", full_page=True)
    assert all(width and width > 0 for width in charts)
    assert "requests\t3" in figures
    assert "approvals (R3)\t1" in figures
    assert "rejections by the Kasubsi (R3)\t1" in figures
    assert page.locator("#office-mode").inner_text() == "online"
    assert page.locator("#queues tr").count() == 1 + 7  # header and one line per role
    risks = page.locator("#risks").inner_text()
    assert "breached" in risks and "at risk" in risks
    assert browser.outside == []


def test_dashboard_downloads_the_report_and_logs_out(browser: Browser) -> None:
    page = browser.page()
    page.goto(f"{browser.base}/dashboard")
    log_in(page, "kasubsi")

    with page.expect_download() as download:
        page.get_by_role("link", name="XLSX").click()
    page.get_by_role("button", name="Log out").click()

    assert download.value.suggested_filename == "plp-report-040300-2026-10.xlsx"
    expect(page.locator("#login-button")).to_be_visible()
    assert browser.outside == []


def test_dashboard_takes_the_login_of_swagger_ui(browser: Browser) -> None:
    page = browser.page()
    page.goto(f"{browser.base}/docs")
    page.wait_for_selector(".opblock-tag-section")
    authorize(page, "kasubsi")

    page.goto(f"{browser.base}/dashboard")
    page.get_by_role("button", name="Continue as the account authorized in Swagger UI").click()

    expect(page.locator("#queues")).to_be_visible()
    browser.shot(page, "dashboard-from-swagger-login")
    assert browser.outside == []


def test_dashboard_is_not_for_tps_operators(browser: Browser) -> None:
    page = browser.page()
    page.goto(f"{browser.base}/dashboard")
    log_in(page, "tpka")

    expect(page.locator(".error")).to_contain_text("tps_operator")
    assert browser.outside == []
