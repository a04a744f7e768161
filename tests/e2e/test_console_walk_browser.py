"""Issue 18's Done-when: one request walked from filing (REST, as the TPS) through every
officer's step in the console only, to gate-in, once in Bahasa Indonesia and once in English,
in headless Chromium with the network closed. Each page is shot at 1,366 px and 390 px into
artifacts/screenshots/console-*.png, and none may scroll sideways."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.conftest import fresh_sqlite
from tests.e2e.browser import Browser, open_browser, require_chromium
from tests.e2e.conftest import LiveServer, start_server, stop_server
from tests.support import containers, plp_body

pytestmark = pytest.mark.e2e
WIDTHS = (1366, 390)
GOODS = {"id": ("MSKU1001373", "TGHU1002113"), "en": ("CSQU1001743", "OOLU1002480")}
# What each language's pages say at the moments the walk checks (the catalogues' texts).
SAYS = {
    "id": {"saved": "Tersimpan.", "done": "Masuk TPS tujuan (selesai)", "login": "Masuk"},
    "en": {"saved": "Saved.", "done": "Gated in at the destination (done)", "login": "Log in"},
}


class Tps:
    """The TPS operator's side, over REST as its system files and reports."""

    def __init__(self, url: str) -> None:
        self.url = url
        login = {"username": "tpka", "password": "tpka-demo"}
        token = httpx.post(f"{url}/api/v1/auth/token", data=login).json()["access_token"]
        self.headers = {"Authorization": f"Bearer {token}"}

    def call(self, path: str, body: Any = None) -> dict[str, Any]:
        method = "POST" if body is not None else "GET"
        r = httpx.request(method, f"{self.url}{path}", json=body, headers=self.headers)
        assert r.status_code < 300, r.text
        answer: dict[str, Any] = r.json()
        return answer

    def file(self, numbers: tuple[str, ...]) -> dict[str, Any]:
        body = plp_body(containers=containers(*numbers), reason="YOR_SOR", yor_origin=80)
        return self.call("/api/v1/plp-requests", body)

    def gate(self, request_id: str, step: str, at: str) -> None:
        self.call(f"/api/v1/plp-requests/{request_id}/{step}", {"at": at})

    def request(self, request_id: str) -> dict[str, Any]:
        return self.call(f"/api/v1/plp-requests/{request_id}")


@pytest.fixture(scope="module")
def server(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    require_chromium()
    folder = tmp_path_factory.mktemp("console-browser")
    live = start_server(fresh_sqlite(sqlite_template, folder), folder / "server.log")
    yield live
    stop_server(live)


@pytest.fixture
def browser(server: LiveServer, tmp_path: Path) -> Iterator[Browser]:
    port = int(server.url.rsplit(":", 1)[1])
    yield from open_browser(port, tmp_path / "profile")


def no_sideways_scroll(page: Page) -> None:
    wide = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert wide <= 0, f"{page.url} scrolls sideways by {wide} px"


def shoot(browser: Browser, page: Page, name: str) -> None:
    """The page at each width, full length, after checking it holds without sideways scroll."""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.wait_for_function("w => document.documentElement.clientWidth === w", arg=width)
        no_sideways_scroll(page)
        browser.shot(page, f"console-{name}-{width}", full_page=True)
    page.set_viewport_size({"width": WIDTHS[0], "height": 900})


def log_in(page: Page, browser: Browser, who: str) -> None:
    page.goto(f"{browser.base}/console")
    page.fill("#username", who)
    page.fill("#password", f"{who}-demo")
    page.click("#login-button")
    expect(page.locator("#who")).to_contain_text(who)


def log_out(page: Page) -> None:
    page.click("#logout")
    expect(page.locator("#login-button")).to_be_visible()


def open_from_queue(page: Page, browser: Browser, lang: str, who: str, ref: str) -> None:
    """The officer finds the request in their queue and opens it from its row."""
    expect(page.locator("#queue")).to_contain_text(ref)
    shoot(browser, page, f"{lang}-{who}-queue")
    page.locator("a.request-link", has_text=ref).click()
    expect(page.locator("#summary")).to_contain_text(ref)


def step(page: Page, browser: Browser, lang: str, who: str, slug: str) -> None:
    """Draws the page with the form filled, then saves it; the page says it was saved."""
    form = page.locator(f"#form-{slug}")
    expect(form.locator(f"#rule-{slug}")).to_be_visible()
    shoot(browser, page, f"{lang}-{who}-request")
    page.click(f"#submit-{slug}")
    expect(page.locator("#done")).to_have_text(SAYS[lang]["saved"])


@pytest.mark.parametrize("lang", ["id", "en"])
def test_console_walks_one_request_from_filing_to_gate_in(
    browser: Browser, server: LiveServer, lang: str
) -> None:
    browser.context.set_extra_http_headers({"Accept-Language": "id-ID,id;q=0.9"})
    tps = Tps(server.url)
    filed = tps.file(GOODS[lang])
    rid, ref = filed["id"], filed["header"]["ref_number"]
    first, second = GOODS[lang]
    page = browser.page()

    page.goto(f"{browser.base}/console")
    if lang == "en":  # the browser asks for Indonesian: the toggle switches to English
        page.click("#language")
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.locator("#login-button")).to_have_text(SAYS[lang]["login"])
    shoot(browser, page, f"{lang}-login")

    # R1/R2: the manifest officer and, for YOR_SOR, the P2 officer recommend
    log_in(page, browser, "manifest")
    open_from_queue(page, browser, lang, "manifest", ref)
    page.check("#approve-yes")
    page.fill("#f-note", "YOR 80%, dokumen lengkap")
    step(page, browser, lang, "manifest", "recommend-manifest")
    log_out(page)

    log_in(page, browser, "p2")
    open_from_queue(page, browser, lang, "p2", ref)
    page.check("#approve-yes")
    step(page, browser, lang, "p2", "recommend-p2")
    log_out(page)

    # R3: the Kasubsi approves every line
    log_in(page, browser, "kasubsi")
    open_from_queue(page, browser, lang, "kasubsi", ref)
    page.check("#approve-yes")
    step(page, browser, lang, "kasubsi", "decide")
    expect(page.locator("#approval-pdf")).to_be_visible()
    log_out(page)

    # M2, S1: the origin supervisor seals each container and releases
    log_in(page, browser, "supervisor-asal")
    open_from_queue(page, browser, lang, "supervisor-asal", ref)
    page.check("#matched-yes")
    page.fill(f"#f-seals-{first}", f"BC{lang.upper()}001")
    page.fill(f"#f-seals-{second}", f"BC{lang.upper()}002")
    page.fill("#f-note", "Catatan pengeluaran: sesuai, disegel")
    step(page, browser, lang, "supervisor-asal", "origin-check")
    log_out(page)

    # M3: the TPS reports the gate-out over REST
    released_at = tps.request(rid)["movement"]["origin_check"]["at"]
    tps.gate(rid, "gate-out", released_at)

    # M4, S1: the destination supervisor finds each seal as released, opens them
    log_in(page, browser, "supervisor-tujuan")
    open_from_queue(page, browser, lang, "supervisor-tujuan", ref)
    page.check("#matched-yes")
    page.fill(f"#f-found-{first}", f"BC{lang.upper()}001")
    page.fill(f"#f-found-{second}", f"BC{lang.upper()}002")
    page.fill("#f-note", "Catatan pemasukan: segel utuh")
    step(page, browser, lang, "supervisor-tujuan", "destination-check")

    # M5: the TPS reports the gate-in over REST; the console shows the procedure ended
    checked_at = tps.request(rid)["movement"]["destination_check"]["at"]
    tps.gate(rid, "gate-in", checked_at)
    page.reload()
    expect(page.locator("#request-status")).to_have_text(SAYS[lang]["done"])
    expect(page.locator("#audit li")).to_have_count(len(tps.request(rid)["audit"]))
    shoot(browser, page, f"{lang}-gated-in")
    assert tps.request(rid)["status"] == "GATED_IN"
    assert browser.outside == []


def test_console_a_form_left_open_while_another_tab_decides_is_refused_naming_the_rule(
    browser: Browser, server: LiveServer
) -> None:
    browser.context.set_extra_http_headers({"Accept-Language": "id-ID,id;q=0.9"})
    tps = Tps(server.url)
    filed = tps.file(("HLXU1002859",))
    rid, ref = filed["id"], filed["header"]["ref_number"]
    left_open, other = browser.page(), browser.page()
    log_in(left_open, browser, "manifest")
    left_open.goto(f"{browser.base}/console/requests/{rid}")
    other.goto(f"{browser.base}/console/requests/{rid}")
    other.check("#approve-no")
    other.fill("#f-note", "ditolak di tab lain")
    other.click("#submit-recommend-manifest")
    expect(other.locator("#done")).to_be_visible()

    left_open.check("#approve-yes")
    left_open.click("#submit-recommend-manifest")

    expect(left_open.locator("#problem-rule")).to_have_text("Aturan R2")
    expect(left_open.locator("#problem")).to_contain_text("manifest telah melakukan langkah ini")
    shoot(browser, left_open, "id-refusal")
    assert tps.request(rid)["recommendations"]["manifest"]["approve"] is False
    assert ref in left_open.locator("#summary").inner_text()
    assert browser.outside == []
