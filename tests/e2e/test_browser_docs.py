"""Swagger UI and ReDoc in headless Chromium with the network closed: every tag renders,
Authorize as kasubsi works and survives a reload, try-it-out of a decision returns 200."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import expect

from tests.conftest import fresh_sqlite
from tests.e2e.browser import Browser, authorize, open_browser, require_chromium
from tests.e2e.conftest import LiveServer, start_server, stop_server

pytestmark = pytest.mark.e2e
DECISION = "#operations-decision-decide_api_v1_plp_requests__request_id__decision_post"


@pytest.fixture(scope="module")
def server(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    require_chromium()  # before the server starts: say what is missing first
    folder = tmp_path_factory.mktemp("docs-browser")
    live = start_server(fresh_sqlite(sqlite_template, folder), folder / "server.log")
    yield live
    stop_server(live)


@pytest.fixture
def browser(server: LiveServer, tmp_path: Path) -> Iterator[Browser]:
    port = int(server.url.rsplit(":", 1)[1])
    yield from open_browser(port, tmp_path / "profile")


def spec(server: LiveServer) -> dict[str, Any]:
    document: dict[str, Any] = httpx.get(f"{server.url}/openapi.json").json()
    return document


def tags_with_operations(document: dict[str, Any]) -> list[str]:
    used = {t for item in document["paths"].values() for op in item.values() for t in op["tags"]}
    return [t["name"] for t in document["tags"] if t["name"] in used]


def test_docs_render_every_tag_in_the_order_of_the_procedure(
    browser: Browser, server: LiveServer
) -> None:
    page = browser.page()
    page.goto(f"{browser.base}/docs")
    page.wait_for_selector(".opblock-tag-section")

    rendered = [e.get_attribute("data-tag") for e in page.query_selector_all(".opblock-tag")]

    page.locator(".opblock-tag-section").first.scroll_into_view_if_needed()
    browser.shot(page, "docs-tags")
    assert rendered == tags_with_operations(spec(server))
    assert browser.outside == []


def test_redoc_renders_every_tag_without_outside_fonts_or_logo(
    browser: Browser, server: LiveServer
) -> None:
    page = browser.page()
    page.goto(f"{browser.base}/redoc")
    page.wait_for_selector("[role=search], .menu-content")
    expect(page.get_by_text("Rules", exact=True).first).to_be_visible()

    menu = page.locator(".menu-content").inner_text()

    browser.shot(page, "redoc")
    for tag in tags_with_operations(spec(server)):
        assert tag in menu
    assert browser.outside == []


def test_docs_authorize_as_kasubsi_survives_a_reload(browser: Browser) -> None:
    page = browser.page()
    page.goto(f"{browser.base}/docs")
    page.wait_for_selector(".opblock-tag-section")

    authorize(page, "kasubsi")
    page.reload()
    page.wait_for_selector(".opblock-tag-section")

    saved = page.evaluate("() => JSON.parse(localStorage.getItem('authorized'))")
    assert saved["OAuth2PasswordBearer"]["token"]["access_token"]
    expect(page.locator(".auth-wrapper button.authorize.locked")).to_be_visible()
    browser.shot(page, "docs-authorized")
    assert browser.outside == []


def _ready_for_decision(server: LiveServer) -> str:
    """The `containers_yor` example as tpka, with both recommendations (R1), over the API."""
    document = spec(server)
    content = document["paths"]["/api/v1/plp-requests"]["post"]["requestBody"]["content"]
    body = content["application/json"]["examples"]["containers_yor"]["value"]
    request_id: str = _call(server, "tpka", "/api/v1/plp-requests", body)["id"]
    for kind, who in (("manifest", "manifest"), ("p2", "p2")):
        path = f"/api/v1/plp-requests/{request_id}/recommendations/{kind}"
        _call(server, who, path, {"approve": True, "note": "in order"})
    return request_id


def _call(server: LiveServer, who: str, path: str, body: dict[str, Any]) -> dict[str, Any]:
    login = {"username": who, "password": f"{who}-demo"}
    token = httpx.post(f"{server.url}/api/v1/auth/token", data=login).json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    r = httpx.post(f"{server.url}{path}", json=body, headers=headers)
    assert r.status_code in (200, 201), r.text
    found: dict[str, Any] = r.json()
    return found


def test_docs_try_it_out_of_a_decision_returns_200(browser: Browser, server: LiveServer) -> None:
    request_id = _ready_for_decision(server)
    page = browser.page()
    page.goto(f"{browser.base}/docs#/decision")
    page.wait_for_selector(".opblock-tag-section")
    authorize(page, "kasubsi")
    operation = page.locator(DECISION)
    operation.locator(".opblock-summary").first.click()

    operation.get_by_role("button", name="Try it out").click()
    operation.locator("input[placeholder='request_id']").fill(request_id)
    operation.get_by_role("button", name="Execute").click()

    status = operation.locator(".live-responses-table tr.response .response-col_status").first
    expect(status).to_have_text("200")
    status.scroll_into_view_if_needed()
    browser.shot(page, "docs-try-it-out-decision")
    response = operation.locator(".live-responses-table .microlight").first.inner_text()
    assert '"status": "APPROVED"' in response
    assert browser.outside == []
