"""Issue 18: the Swagger UI page runs our own script under a CSP without inline script, and
offers the demo accounts' quick switch in demo mode only."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from app.config import Settings
from app.main import create_app
from tests.support import Api


def test_the_docs_page_runs_only_scripts_from_the_service(api: Api) -> None:
    r = api.client.get("/docs")

    assert r.status_code == 200
    assert "script-src 'self'" in r.headers["content-security-policy"]
    executable = re.findall(r"<script(?![^>]*type=\"application/json\")([^>]*)>", r.text)
    assert executable and all("src=" in attrs for attrs in executable)
    assert '<script src="/docs/authorize.js">' in r.text
    assert (
        api.client.get("/docs/authorize.js").headers["content-type"].startswith("text/javascript")
    )
    assert "password_type" in api.client.get("/docs/authorize.css").text


def test_demo_mode_offers_every_demo_account(api: Api) -> None:
    page = api.client.get("/docs").text

    for username in ("tpka", "manifest", "p2", "kasubsi", "supervisor-asal", "admin"):
        assert f'data-demo-account="{username}"' in page


def test_production_offers_no_demo_account(sqlite_url: str) -> None:
    settings = Settings(
        mode="production", database_url=sqlite_url, run_scheduler=False, jwt_secret="s" * 40
    )  # type: ignore[arg-type]
    with TestClient(create_app(settings)) as client:
        page = client.get("/docs").text

    assert "data-demo-account" not in page
    assert '<script src="/docs/authorize.js">' in page


def test_the_demo_switch_speaks_the_browsers_language(api: Api) -> None:
    ind = api.client.get("/docs", headers={"Accept-Language": "id"})
    eng = api.client.get("/docs", headers={"Accept-Language": "en-US,en;q=0.9"})

    assert ind.headers["content-language"] == "id"
    assert "Demo: otorisasi sebagai" in ind.text
    assert "Demo: authorize as" in eng.text
