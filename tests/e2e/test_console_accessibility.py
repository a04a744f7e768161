"""Accessibility of the console's pages (issue 18): axe-core, fetched from the npm registry and
checked against its pinned sha512 (tests/e2e/axe.py), runs in Debian Chromium on each page and
fails on any serious or critical violation of WCAG 2.1 A/AA. Both languages, a desktop and a
phone width."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e import axe
from tests.e2e.browser import Browser, open_browser, require_chromium
from tests.e2e.conftest import LiveServer
from tests.e2e.office_data import log_in, serve

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
