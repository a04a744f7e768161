"""`/` is a landing page (issue 16): every link on it answers, nothing comes from elsewhere."""

from __future__ import annotations

from html.parser import HTMLParser

from tests.support import Api


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.loads: list[str] = []  # anything the browser would fetch by itself

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.hrefs.append(str(values["href"]))
        if tag in ("script", "link", "img", "iframe") or values.get("src"):
            self.loads.append(tag)


def _landing(api: Api) -> tuple[str, _Links]:
    r = api.client.get("/")
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/html")
    links = _Links()
    links.feed(r.text)
    return r.text, links


def test_landing_page_links_every_surface_and_each_answers(api: Api) -> None:
    _, links = _landing(api)

    expected = {
        "/docs",
        "/redoc",
        "/tps/service.asmx?WSDL",
        "/h2h/v1/openapi-tpsonline/docs",
        "/console/office",
        "/health/live",
    }
    assert expected <= set(links.hrefs)
    for href in links.hrefs:
        r = api.client.get(href, follow_redirects=False)
        assert r.status_code == 200, f"{href}: {r.status_code} {r.text[:200]}"


def test_landing_page_is_self_contained_with_a_strict_csp(api: Api) -> None:
    text, links = _landing(api)
    r = api.client.get("/")

    csp = r.headers["content-security-policy"]
    assert "default-src 'none'" in csp
    assert "script-src" not in csp  # the page has no script at all
    assert links.loads == []
    assert all(href.startswith("/") for href in links.hrefs)  # no outside links
    assert "Dokumentasi API" in text and "API documentation" in text  # Indonesian and English
