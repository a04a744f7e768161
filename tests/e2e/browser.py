"""Headless Debian Chromium driven by Playwright, with the network closed but for the service.

The service is reached under a made-up host name that Chromium maps to 127.0.0.1: pages then
behave as on a customs server (Swagger UI sends documents to its online validator only when
not on localhost), while every request to any other host is aborted and recorded. Screenshots
go to artifacts/screenshots/ for CI to keep.

Every wait is on a condition (a selector, an expect(), a page function), with timeouts generous
enough for a busy 2-core CI machine: a test that passes alone must not fail under load because
Chromium or the server took more than a few seconds. No fixed sleeps.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import BrowserContext, Page, Route, expect, sync_playwright

CHROMIUM = Path(os.environ.get("PLP_TEST_CHROMIUM", "/usr/bin/chromium"))
WAIT_MS = 30_000  # actions, selectors and expect(); Playwright's own default for expect() is 5 s
START_MS = 60_000  # starting Chromium, and page loads (Swagger UI and ReDoc are large scripts)
expect.set_options(timeout=WAIT_MS)
HOST = "plp-online.test"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    f"--host-resolver-rules=MAP {HOST} 127.0.0.1",
]


@dataclass
class Browser:
    """One fresh profile; `outside` lists every request that tried to leave the service."""

    context: BrowserContext
    base: str
    outside: list[str] = field(default_factory=list)

    def page(self) -> Page:
        return self.context.new_page()

    def shot(self, page: Page, name: str, full_page: bool = False) -> None:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=full_page)


def require_chromium() -> None:
    """The browser tests fail, never skip, without the browser CI installs."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"Debian Chromium is required at {CHROMIUM} for the browser tests "
            "(apt-get install -y chromium); a downloaded browser is never used",
            pytrace=False,
        )


def open_browser(
    port: int, profile: Path, bypass_csp: bool = False, locale: str | None = None
) -> Iterator[Browser]:
    """A persistent context on a fresh profile, with the network guard installed.
    `bypass_csp` only for the accessibility check, which injects axe-core (tests/e2e/axe.py);
    `locale` sets the browser's language (Accept-Language), en-US without it."""
    require_chromium()
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(CHROMIUM),
            headless=True,
            args=ARGS,
            timeout=START_MS,
            bypass_csp=bypass_csp,
            locale=locale,
        )
        context.set_default_timeout(WAIT_MS)
        context.set_default_navigation_timeout(START_MS)
        browser = Browser(context, f"http://{HOST}:{port}")

        def guard(route: Route) -> None:
            url = route.request.url
            parts = urlsplit(url)
            if parts.scheme in ("data", "blob") or parts.netloc == f"{HOST}:{port}":
                route.continue_()
            else:
                browser.outside.append(url)
                route.abort("blockedbyclient")

        context.route("**/*", guard)
        try:
            yield browser
        finally:
            context.close()


def image_drawn(page: Page, selector: str) -> int:
    """Wait until the image is loaded and decoded; its natural width."""
    drawn = "s => { const i = document.querySelector(s); return i && i.complete && i.naturalWidth }"
    width: int = page.wait_for_function(drawn, arg=selector).json_value()
    return width


def authorize(page: Page, username: str) -> None:
    """Swagger UI's Authorize dialog, OAuth2 password flow against /api/v1/auth/token."""
    page.locator("button.authorize").first.click()
    page.fill("#oauth_username", username)
    page.fill("#oauth_password", f"{username}-demo")
    page.locator(".auth-btn-wrapper button.authorize").first.click()
    # the token came back: the lock of the Authorize button closes (and the dialog with it)
    expect(page.locator(".auth-wrapper button.authorize.locked")).to_be_visible()
    # persistAuthorization: the token is kept for a reload and for /dashboard
    page.wait_for_function("() => (localStorage.getItem('authorized') || '').includes('token')")
    if page.locator(".modal-ux").is_visible():
        page.locator("button.btn-done").first.click()
        expect(page.locator(".modal-ux")).to_be_hidden()
