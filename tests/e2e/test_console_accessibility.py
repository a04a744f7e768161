"""Accessibility of the console's pages (issue 18): axe-core, fetched from the npm registry and
checked against its pinned sha512 (tests/e2e/axe.py), runs in Debian Chromium on each page and
fails on any serious or critical violation of WCAG 2.1 A/AA. Both languages, a desktop and a
phone width."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import expect

from tests.conftest import fresh_sqlite
from tests.e2e import axe
from tests.e2e.browser import Browser, open_browser, require_chromium
from tests.e2e.conftest import LiveServer, start_server, stop_server
from tests.e2e.office_data import log_in, serve
from tests.e2e.test_outage_live import paper_plp, wait_for_mode
from tests.support import Api

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def served(
    sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[LiveServer, dict[str, str]]]:
    require_chromium()
    yield from serve(sqlite_template, tmp_path_factory.mktemp("console-a11y"))


@pytest.fixture(scope="module")
def source() -> str:
    return axe.script()


@pytest.fixture
def browser(served: tuple[LiveServer, dict[str, str]], tmp_path: Path) -> Iterator[Browser]:
    port = int(served[0].url.rsplit(":", 1)[1])
    yield from open_browser(port, tmp_path / "profile", bypass_csp=True, locale="id-ID")


def _pages(ids: dict[str, str]) -> list[str]:
    return [
        "/console",
        f"/console/requests/{ids['breached']}",
        f"/console/requests/{ids['at_risk']}",
        "/console/office",
        "/console/office?month=2026-09",
        "/console/office/outages",
    ]


def test_console_login_page_has_no_serious_accessibility_violation(
    browser: Browser, source: str
) -> None:
    page = browser.page()
    page.goto(f"{browser.base}/console")
    expect(page.locator("#login")).to_be_visible()

    found = axe.violations(page, source)

    assert found == [], found
    assert browser.outside == []


@pytest.mark.parametrize(("who", "width"), [("kasubsi", 1366), ("admin", 390)])
def test_console_pages_have_no_serious_accessibility_violation(
    browser: Browser,
    served: tuple[LiveServer, dict[str, str]],
    source: str,
    who: str,
    width: int,
) -> None:
    page = browser.page()
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, browser.base, who)
    if who == "admin":
        page.click("#language")  # English: the other language's texts too
        expect(page.locator("html")).to_have_attribute("lang", "en")
    found = {}

    for path in _pages(served[1]):
        page.goto(f"{browser.base}{path}")
        expect(page.locator("main")).to_be_visible()
        found[path] = axe.violations(page, source)

    assert {path: v for path, v in found.items() if v} == {}
    assert browser.outside == []


@pytest.fixture
def manual_office(sqlite_template: Path, tmp_path: Path) -> Iterator[LiveServer]:
    """An office on the manual procedure (F1) with one paper PLP approved on paper (F2); the
    watchdog ticks every second, so the switch shows without waiting a minute."""
    require_chromium()
    url = fresh_sqlite(sqlite_template, tmp_path)
    live = start_server(url, tmp_path / "server.log", PLP_WATCHDOG_SECONDS="1")
    try:
        with httpx.Client(base_url=live.url, timeout=30) as client:
            api = Api(client)
            admin = api.auth("admin")
            clock = {"at": "2026-11-27T15:00:00+07:00", "frozen": True}
            assert client.put("/api/v1/test/clock", json=clock, headers=admin).is_success
            body = {"office_code": "040300", "cause": "SKP down"}
            assert api.post("/api/v1/outages", "kasubsi", body).status_code == 201
            clock["at"] = "2026-11-30T16:00:00+07:00"
            assert client.put("/api/v1/test/clock", json=clock, headers=admin).is_success
            wait_for_mode(api, "manual")
            assert api.post("/api/v1/manual-plps", "kasubsi", paper_plp()).status_code == 201
        yield live
    finally:
        stop_server(live)


@pytest.fixture
def manual_browser(manual_office: LiveServer, tmp_path: Path) -> Iterator[Browser]:
    port = int(manual_office.url.rsplit(":", 1)[1])
    yield from open_browser(port, tmp_path / "profile", bypass_csp=True, locale="id-ID")


def test_f3_l2_office_forms_in_the_browser_have_no_serious_violation(
    manual_browser: Browser, source: str
) -> None:
    browser, found = manual_browser, {}
    page = browser.page()
    log_in(page, browser.base, "kasubsi", "/console/office/outages")
    expect(page.locator("#paper-list")).to_contain_text("900001")
    found["outages, manual"] = axe.violations(page, source)

    page.click("#end-outage")  # F3: online again, the reconciliation opens
    expect(page.locator("#notice")).to_be_visible()
    page.locator('#outage-table a[href^="/console/office/reconciliations/"]').first.click()
    expect(page.locator("#rec-items")).to_be_visible()
    found["reconciliation, open"] = axe.violations(page, source)
    page.locator("button.enter-paper").first.click()
    expect(page.locator("#rec-items .state.met")).to_be_visible()
    page.click("#close-rec")
    expect(page.locator("#close-rec")).to_have_count(0)
    found["reconciliation, closed"] = axe.violations(page, source)
    browser.shot(page, "console-office-reconciliation")

    assert {name: v for name, v in found.items() if v} == {}
    assert browser.outside == []
