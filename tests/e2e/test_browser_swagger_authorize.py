"""Issue 18: Swagger UI's Authorize in headless Chromium: the OAuth2 password flow only (no
client id or secret, no credentials location, no scope texts), the dialog opens on the
username field, and in demo mode one click switches between the demo accounts."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import fresh_sqlite
from tests.e2e.browser import Browser, authorize, open_browser, require_chromium
from tests.e2e.conftest import LiveServer, start_server, stop_server

pytestmark = pytest.mark.e2e
SAVED = "() => JSON.parse(localStorage.getItem('authorized') || '{}')"


@pytest.fixture(scope="module")
def server(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    require_chromium()
    folder = tmp_path_factory.mktemp("swagger-authorize")
    live = start_server(fresh_sqlite(sqlite_template, folder), folder / "server.log")
    yield live
    stop_server(live)


@pytest.fixture
def browser(server: LiveServer, tmp_path: Path) -> Iterator[Browser]:
    port = int(server.url.rsplit(":", 1)[1])
    yield from open_browser(port, tmp_path / "profile")


def _docs(browser: Browser) -> Page:
    page = browser.page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{browser.base}/docs")
    page.wait_for_selector(".opblock-tag-section")
    assert errors == []
    return page


def _saved_user(page: Page, username: str) -> None:
    page.wait_for_function(
        "u => (JSON.parse(localStorage.getItem('authorized') || '{}')"
        ".OAuth2PasswordBearer || {}).username === u",
        arg=username,
    )


def test_authorize_offers_the_password_flow_only_and_opens_on_the_username(
    browser: Browser,
) -> None:
    page = _docs(browser)

    page.locator(".auth-wrapper button.authorize").first.click()
    username = page.locator("#oauth_username")
    expect(username).to_be_focused()

    dialog = page.locator(".modal-ux")
    browser.shot(page, "docs-authorize-dialog")
    for hidden in ("#password_type", "[id^=client_id]", "[id^=client_secret]"):
        assert dialog.locator(hidden).count() in (0, 1)
        if dialog.locator(hidden).count():
            expect(dialog.locator(hidden)).to_be_hidden()
    expect(dialog.get_by_text("Client credentials location")).to_be_hidden()
    expect(dialog.get_by_text("Scopes are used", exact=False)).to_be_hidden()
    expect(dialog.locator("#oauth_password")).to_be_visible()
    # the password flow comes first, the API key of TPS systems after it
    oauth = dialog.get_by_role("heading", name="OAuth2PasswordBearer").bounding_box()
    key = dialog.get_by_role("heading", name="APIKeyHeader").bounding_box()
    assert oauth is not None and key is not None and oauth["y"] < key["y"]
    assert browser.outside == []


def test_authorize_with_the_dialog_still_logs_in_and_keeps_the_token(browser: Browser) -> None:
    page = _docs(browser)

    authorize(page, "kasubsi")

    saved = page.evaluate(SAVED)
    assert saved["OAuth2PasswordBearer"]["token"]["access_token"]


def test_demo_accounts_switch_the_login_in_one_click(browser: Browser) -> None:
    page = _docs(browser)
    switch = page.locator("nav.plp-demo-accounts")

    switch.get_by_role("button", name="kasubsi", exact=True).click()
    _saved_user(page, "kasubsi")
    expect(page.locator(".auth-wrapper button.authorize.locked")).to_be_visible()
    expect(switch.get_by_role("button", name="kasubsi", exact=True)).to_have_attribute(
        "aria-pressed", "true"
    )
    first = page.evaluate(SAVED)["OAuth2PasswordBearer"]["token"]["access_token"]

    switch.get_by_role("button", name="tpka", exact=True).click()
    _saved_user(page, "tpka")

    expect(switch.get_by_role("button", name="tpka", exact=True)).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(switch.get_by_role("button", name="kasubsi", exact=True)).to_have_attribute(
        "aria-pressed", "false"
    )
    assert page.evaluate(SAVED)["OAuth2PasswordBearer"]["token"]["access_token"] != first
    browser.shot(page, "docs-demo-switch")
    assert browser.outside == []
