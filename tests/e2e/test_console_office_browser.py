"""The section head's page in headless Chromium with the network closed (issue 18): at 1,400 px
the SLA-risk table fits its card and queue labels stay short; breached rows say how late;
the live part refreshes without reloading the page; the month picker; a month without data
in words; Indonesian first, English by the toggle; the layout holds from 1,280 px down to a
phone's 390 px. Screenshots go to artifacts/screenshots/."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.browser import Browser, image_drawn, open_browser, require_chromium
from tests.e2e.conftest import LiveServer
from tests.e2e.office_data import Client, log_in, overflow, serve

pytestmark = pytest.mark.e2e
CHARTS = ("#chart-decisions-per-day", "#chart-decision-times")
WIDTHS = (1280, 1024, 768, 390)


@pytest.fixture(scope="module")
def served(
    sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[LiveServer, dict[str, str]]]:
    require_chromium()
    yield from serve(sqlite_template, tmp_path_factory.mktemp("console-office"))


@pytest.fixture
def browser(served: tuple[LiveServer, dict[str, str]], tmp_path: Path) -> Iterator[Browser]:
    port = int(served[0].url.rsplit(":", 1)[1])
    yield from open_browser(port, tmp_path / "profile", locale="id-ID")  # an officer's browser


def _office(browser: Browser, width: int = 1400, who: str = "kasubsi") -> Page:
    page = browser.page()
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, browser.base, who)
    return page


def test_l3_office_page_at_1400_px_fits_and_says_how_late(
    browser: Browser, served: tuple[LiveServer, dict[str, str]]
) -> None:
    page = _office(browser)
    expect(page.locator("#report h2")).to_have_text("Laporan bulanan Oktober 2026 (L3)")

    charts = [image_drawn(page, c) for c in CHARTS]
    risks, card = page.locator("#risk-table"), page.locator("#risks")
    table_right = risks.evaluate("t => t.getBoundingClientRect().right")
    card_right = card.evaluate("s => s.getBoundingClientRect().right")
    label_lines = page.eval_on_selector_all(
        "#queue-table th[scope=row]",
        "cells => cells.map(c => Math.round(c.getBoundingClientRect().height / "
        "parseFloat(getComputedStyle(c).lineHeight)))",
    )
    breached = page.locator(f'#risk-table a[href="/console/requests/{served[1]["breached"]}"]')
    breached_row = page.locator("#risk-table tr.row-breached").first.inner_text()

    browser.shot(page, "console-office-id-1400", full_page=True)
    assert all(width and width > 0 for width in charts)
    assert overflow(page) == 0
    assert table_right <= card_right
    assert max(label_lines) <= 3, label_lines  # a name and its work, not five or six lines
    expect(breached).to_be_visible()
    assert re.search(r"terlambat \d+ j \d{2} mnt", breached_row), breached_row
    assert page.locator("#risk-table tbody tr").count() == page.locator("#risk-table a").count()
    assert browser.outside == []


def test_l3_the_live_part_refreshes_without_reloading_the_page(
    browser: Browser, served: tuple[LiveServer, dict[str, str]]
) -> None:
    page = _office(browser)
    rows = page.locator("#risk-table tbody tr")
    before = rows.count()
    page.evaluate("() => { window.notReloaded = true; }")
    Client(served[0]).submit(None, "TGHU1002113")  # a new request, waiting for research

    # what the minute's timer does, now
    page.evaluate(
        "() => document.querySelector('[data-live]').dispatchEvent(new Event('plp:refresh'))"
    )
    page.wait_for_function("() => document.querySelector('[data-live]').dataset.refreshed")

    assert page.evaluate("() => window.notReloaded") is True
    expect(page.locator("#live-updated")).to_be_visible()
    assert rows.count() >= before
    assert browser.outside == []


def test_l3_the_month_picker_shows_a_month_without_data_in_words(browser: Browser) -> None:
    page = _office(browser)

    page.select_option("#month", "2026-09")
    page.click("#month-picker button")

    expect(page.locator("#report-empty")).to_contain_text("September 2026")
    assert "month=2026-09" in page.url
    assert page.locator("#report img").count() == 0
    assert browser.outside == []


def test_l3_office_page_in_english_by_the_toggle(browser: Browser) -> None:
    page = _office(browser, 1366, "admin")  # the toggle is kept on the account: not kasubsi's

    page.click("#language")

    expect(page.locator("#report h2")).to_have_text("Monthly report October 2026 (L3)")
    image_drawn(page, CHARTS[0])
    assert re.search(r"overdue by \d+ h \d{2} min", page.locator("#risk-table").inner_text())
    browser.shot(page, "console-office-en-1366", full_page=True)
    assert browser.outside == []


@pytest.mark.parametrize("path", ["/console/office", "/console/office/outages", "/console"])
def test_console_layout_holds_from_1280_px_to_a_phone(browser: Browser, path: str) -> None:
    page = _office(browser)
    found = {}
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{browser.base}{path}")
        expect(page.locator("main")).to_be_visible()
        found[width] = overflow(page)
        if width in (1280, 390):
            name = path.strip("/").replace("/", "-")
            browser.shot(page, f"{name}-{width}", full_page=True)

    assert found == dict.fromkeys(WIDTHS, 0), found
    assert browser.outside == []


def test_l3_office_page_is_not_for_tps_operators(browser: Browser) -> None:
    page = browser.page()
    page.goto(f"{browser.base}/console/office")
    page.fill("#username", "tpka")
    page.fill("#password", "tpka-demo")
    page.click("#login-button")
    page.goto(f"{browser.base}/console/office")

    expect(page.locator("#problem")).to_be_visible()
    assert browser.outside == []
