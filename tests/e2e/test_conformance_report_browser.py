"""Issue 17: a conformance run's HTML report opened from a file in headless Chromium with the
network closed, as a vendor opens the downloaded report: it draws with nothing from outside,
shows the failed scenario's checks and a diagram arrow per message, and never scrolls sideways
on a desk screen or a phone."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from app.adapters.conformance_report import html_report
from app.adapters.i18n import translator
from app.domain.conformance.model import RunReport
from tests.e2e.browser import Browser, open_browser
from tests.unit.adapters.conformance_report.reports import FixtureTranslator, pack, run

pytestmark = pytest.mark.e2e
WIDTHS = {"desktop": (1366, 768), "phone": (390, 844)}
OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Browser]:
    yield from open_browser(0, tmp_path / "profile")  # no server: the report is a file


def _open(
    browser: Browser,
    path: Path,
    language: str,
    width: int,
    height: int,
    report: RunReport | None = None,
) -> Page:
    tr = FixtureTranslator(language) if report is None else translator(language)
    path.write_text(html_report.render(report or run(), tr), encoding="utf-8")
    # the report's own file, ahead of the guard that aborts every address but the service's
    browser.context.route(path.as_uri(), lambda route: route.continue_())
    page = browser.page()
    page.set_viewport_size({"width": width, "height": height})
    page.goto(path.as_uri())
    expect(page.locator("h1")).to_be_visible()
    return page


def _overflow_with_every_detail_open(page: Page) -> int:
    page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true })")
    expect(page.locator("#plp-06 article.message").first).to_be_visible()
    extra: int = page.evaluate(OVERFLOW)
    return extra


@pytest.mark.parametrize("screen", WIDTHS)
def test_conformance_report_reads_in_chromium_without_sideways_scroll(
    browser: Browser, tmp_path: Path, screen: str
) -> None:
    width, height = WIDTHS[screen]
    page = _open(browser, tmp_path / "report.html", "id", width, height)
    expect(page.locator("h1")).to_have_text("Laporan Uji Kesesuaian PLP Online")
    expect(page.locator("#summary h2")).to_have_text("Ringkasan")
    expect(page.locator("#quirks h2")).to_have_text("Kekhasan DJBC yang diterapkan")
    failed = page.locator("#plp-06")
    expect(failed.locator("h2")).to_contain_text("PLP-06 Jawaban hilang setelah disimpan")
    expect(failed.locator("h2 .badge")).to_have_text("TIDAK LULUS")
    row = failed.locator("table.checks tr.miss").first
    expect(row).to_contain_text("Pengiriman ulang memakai REF_NUMBER yang sama")
    expect(row).to_contain_text("REF_NUMBER TPKA2611250002 at #2")
    expect(failed.locator("svg.sequence g.msg")).to_have_count(4)
    expect(failed.locator("svg.sequence g.arrow.broken")).to_have_count(1)
    expect(page.locator("#plp-02 svg.sequence g.msg")).to_have_count(40)
    expect(page.locator("#plp-04 svg")).to_have_count(0)  # never started: nothing to draw
    assert page.evaluate(OVERFLOW) <= 0
    failed.scroll_into_view_if_needed()
    browser.shot(page, f"conformance-report-{screen}")
    failed.locator("figure.diagram").scroll_into_view_if_needed()
    browser.shot(page, f"conformance-report-{screen}-diagram")
    assert _overflow_with_every_detail_open(page) <= 0
    page.locator("#plp-06 article.message").nth(1).scroll_into_view_if_needed()
    browser.shot(page, f"conformance-report-{screen}-evidence")
    assert browser.outside == []  # nothing was fetched from anywhere


def test_conformance_report_in_english_on_a_phone(browser: Browser, tmp_path: Path) -> None:
    page = _open(browser, tmp_path / "report-en.html", "en", *WIDTHS["phone"])
    expect(page.locator("h1")).to_have_text("PLP Online conformance report")
    expect(page.locator("#plp-06 h2 .badge")).to_have_text("FAILED")
    lanes = page.locator("#plp-06 svg.sequence g.lane text")
    expect(lanes).to_have_text(["TPS client", "DJBC simulator", "Officers"])
    assert _overflow_with_every_detail_open(page) <= 0
    assert browser.outside == []


@pytest.mark.parametrize("screen", WIDTHS)
def test_conformance_report_of_a_whole_pack_in_chromium(
    browser: Browser, tmp_path: Path, screen: str
) -> None:
    """The pack's own texts, every scenario graded: the page a vendor gets after a run."""
    report = pack()
    page = _open(browser, tmp_path / "pack.html", "id", *WIDTHS[screen], report=report)
    expect(page.locator("section.scenario")).to_have_count(len(report.results))
    expect(page.locator("#plp-06 h2 .badge")).to_have_text("TIDAK LULUS")
    expect(page.locator("#not-listed")).to_contain_text("PLP-14")
    for result in report.results:
        arrows = page.locator(f"#{result.scenario.id.lower()} svg.sequence g.msg")
        expect(arrows).to_have_count(len(result.messages))
    browser.shot(page, f"conformance-report-pack-{screen}")
    page.locator("#plp-11 figure.diagram").scroll_into_view_if_needed()
    browser.shot(page, f"conformance-report-pack-{screen}-plp11")
    assert _overflow_with_every_detail_open(page) <= 0
    assert browser.outside == []
