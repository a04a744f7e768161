"""Swagger UI and ReDoc load nothing from outside the service: customs networks are closed.

Fetches /docs, /redoc and every asset they name, recursively through stylesheets, and fails
on any URL that points elsewhere; the scripts are read for the outside fetches they are known
to make (the validator badge, the Redocly logo, web fonts) and for any other loading pattern.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest

from app.api.http import offline_assets
from tests.support import Api

PAGES = ["/", "/docs", "/redoc", "/docs/oauth2-redirect", "/console/office"]
BASE = "http://testserver"
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)|@import\s+['"]([^'"]+)['"]""")
# Places a script makes the browser fetch: element sources, stylesheet imports, fetch/XHR.
JS_LOADS = re.compile(
    r"""(?:\bsrc\s*[:=]\s*|\bfetch\(\s*|\.open\(\s*["'](?:GET|POST)["']\s*,\s*|@import\s+|"""
    r"""url\(\s*)["'`]?((?:https?:)?//[^"'`)\s]+)"""
)
KNOWN_OUTSIDE = ("validator.swagger.io", "cdn.redoc.ly", "fonts.googleapis.com", "fonts.gstatic")


class _Refs(HTMLParser):
    """src and href of elements that load something (script, link, img, iframe...)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.inline: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self._in_script = tag == "script" and "src" not in values
        for name in ("src", "href") if tag != "a" else ():
            if values.get(name):
                self.urls.append(str(values[name]))

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.inline.append(data)

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False


def _outside(url: str) -> bool:
    parts = urlsplit(urljoin(BASE + "/", url))
    return parts.scheme not in ("http", "https", "data") or (
        parts.scheme != "data" and parts.netloc != urlsplit(BASE).netloc
    )


def _crawl(api: Api, page: str) -> tuple[dict[str, bytes], list[str]]:
    """Every asset a page loads, and the URLs that point outside the service."""
    fetched: dict[str, bytes] = {}
    outside: list[str] = []
    todo = [page]
    while todo:
        url = todo.pop()
        if url in fetched or url.startswith("data:"):
            continue
        if _outside(url):
            outside.append(url)
            continue
        r = api.client.get(url)
        assert r.status_code == 200, (url, r.status_code)
        fetched[url] = r.content
        kind = r.headers.get("content-type", "")
        if "html" in kind:
            refs = _Refs()
            refs.feed(r.text)
            todo += [urljoin(url, u) for u in refs.urls]
            outside += [m for s in refs.inline for m in JS_LOADS.findall(s) if _outside(m)]
        elif "css" in kind:
            todo += [urljoin(url, a or b) for a, b in CSS_URL.findall(r.text)]
    return fetched, outside


@pytest.mark.parametrize("page", PAGES)
def test_docs_pages_and_every_asset_they_load_stay_inside_the_service(api: Api, page: str) -> None:
    fetched, outside = _crawl(api, page)

    assert outside == []
    assert page in fetched
    for url, content in fetched.items():
        text = content.decode("utf-8", "replace")
        if url.endswith(".js") or "<script" in text:
            loads = [u for u in JS_LOADS.findall(text) if _outside(u)]
            assert loads == [], url
            assert not [host for host in KNOWN_OUTSIDE if host in text], url


def test_docs_swagger_ui_is_bundled_and_sends_nothing_to_the_validator(api: Api) -> None:
    html = api.client.get("/docs").text

    assert '"validatorUrl": null' in html  # no badge fetched from validator.swagger.io
    assert '"persistAuthorization": true' in html  # Authorize survives a reload
    assert "/docs-assets/swagger-ui-bundle.js" in html
    bundle = api.client.get("/docs-assets/swagger-ui-bundle.js")
    assert bundle.headers["content-type"].startswith("text/javascript")
    assert "swagger-ui" in bundle.text and offline_assets.VALIDATOR not in bundle.text


def test_docs_redoc_shows_no_remote_logo_and_no_web_fonts(api: Api) -> None:
    html = api.client.get("/redoc").text
    script = api.client.get("/docs-assets/redoc.standalone.js")

    assert "fonts.googleapis.com" not in html
    assert offline_assets.REDOC_LOGO not in script.text
    assert f"{offline_assets.PREFIX}/favicon.png" in script.text
    again = api.client.get(
        "/docs-assets/redoc.standalone.js", headers={"If-None-Match": script.headers["etag"]}
    )
    assert again.status_code == 304


def test_docs_patched_assets_still_contain_what_they_replace() -> None:
    # If a new fastapi-offline release moves these URLs, the patch silently stops working:
    # this fails first, and test_docs_pages_... says what leaks.
    for name, (outside, _inside) in offline_assets.PATCHES.items():
        assert outside in (offline_assets.ASSETS / name).read_text(encoding="utf-8"), name
