"""Observability: request ids, JSON logs without secrets, /metrics, health endpoints."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine

from app.adapters.log_format import JsonFormatter, scrub
from app.adapters.sql import migrate
from app.adapters.sql.database import Database
from app.api.http.wiring import Services
from app.config import Settings
from app.main import create_app
from tests.integration.soap.soap_support import loadplp, post, ref, result_of
from tests.support import Api, plp_body

MARKER = "RAHASIA-FSTREAM-7Q"  # inside an fStream only: must never reach a log line


@pytest.fixture
def log_lines() -> Iterator[io.StringIO]:
    """Everything logged, at DEBUG, formatted as production formats it."""
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    yield out
    root.removeHandler(handler)
    root.setLevel(level)


def test_a_request_id_is_made_or_taken_and_echoed(api: Api) -> None:
    made = api.client.get("/health/live")
    taken = api.client.get("/health/live", headers={"X-Request-ID": "lb-7f3a.91:2"})
    junk = api.client.get("/health/live", headers={"X-Request-ID": "<script>" + "x" * 300})

    assert len(made.headers["X-Request-ID"]) == 32
    assert taken.headers["X-Request-ID"] == "lb-7f3a.91:2"
    assert junk.headers["X-Request-ID"] != "<script>" and "<" not in junk.headers["X-Request-ID"]


def test_logs_are_json_lines_with_the_request_id(api: Api, log_lines: io.StringIO) -> None:
    r = api.submit()

    records = [json.loads(line) for line in log_lines.getvalue().splitlines()]
    access = [x for x in records if x["logger"] == "plp.access" and x["http"]["status"] == 201]
    assert len(access) == 1
    assert access[0]["request_id"] == r.headers["X-Request-ID"]
    assert access[0]["http"]["route"] == "/api/v1/plp-requests"
    assert {"ts", "level", "msg"} <= access[0].keys()


def test_no_password_token_api_key_or_fstream_in_logs(api: Api, log_lines: io.StringIO) -> None:
    login = api.client.post(
        "/api/v1/auth/token", data={"username": "tpka", "password": "tpka-demo"}
    )
    token = login.json()["access_token"]
    api.client.post("/api/v1/auth/token", data={"username": "tpka", "password": "Tebak-Salah-1"})
    key = api.post("/api/v1/admin/accounts/tpka/api-key", "admin").json()["api_key"]
    api.client.post("/api/v1/plp-requests", json=plp_body(), headers={"X-API-Key": key})
    api.client.get("/api/v1/plp-requests", headers={"X-API-Key": key + "x"})
    api.client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}x"})
    document = loadplp(ref(), [("CSQU1001743", "20")]).replace("BUDI SANTOSO", MARKER)
    sent = post(
        api.client,
        "UploadMohonPLP",
        [("fStream", document), ("Username", "tpka"), ("Password", "tpka-demo")],
    )
    post(
        api.client,
        "UploadMohonPLP",
        [("fStream", document), ("Username", "tpka"), ("Password", "Tebak-Salah-2")],
    )
    post(
        api.client,
        "UploadMohonPLP",
        [("fStream", "<DOCUMENT>" + MARKER), ("Username", "tpka"), ("Password", "tpka-demo")],
    )

    text = log_lines.getvalue()
    assert "Proses Berhasil" in result_of(sent, "UploadMohonPLP")
    assert "plp.access" in text  # the capture works
    for secret in ("tpka-demo", "Tebak-Salah-1", "Tebak-Salah-2", token, token[:40], key, MARKER):
        assert secret not in text, secret


@pytest.mark.parametrize(
    ("line", "kept"),
    [
        ("login password=hunter2 for tpka", "login password=*** for tpka"),
        ('{"password": "hunter2", "user": "x"}', '{"password": ***, "user": "x"}'),
        ("Authorization: Bearer abc.def.ghi", "Authorization: ***"),
        ("key plp_AbCdEfGhIjKlMnOpQrStUv used", "key *** used"),
        ("<ns1:Password>hunter2</ns1:Password>", "<ns1:Password>***</ns1:Password>"),
        ("&lt;fStream&gt;&lt;DOCUMENT/&gt;&lt;/fStream&gt;", "&lt;fStream&gt;***&lt;/fStream&gt;"),
        ("request 4f2a of TPKA approved", "request 4f2a of TPKA approved"),
    ],
)
def test_the_scrubber_masks_credentials_and_documents(line: str, kept: str) -> None:
    assert scrub(line) == kept


def test_metrics_count_by_route_template_not_raw_path(api: Api) -> None:
    rid = api.submit().json()["id"]
    api.get(f"/api/v1/plp-requests/{rid}", "tpka")
    api.get("/api/v1/plp-requests/no-such-request", "tpka")
    api.client.get("/this/path/does/not/exist/" + "x" * 50)

    text = api.client.get("/metrics").text

    assert 'route="/api/v1/plp-requests/{request_id}",status="200"' in text
    assert 'route="/api/v1/plp-requests/{request_id}",status="404"' in text
    assert 'route="unmatched",status="404"' in text
    assert rid not in text and "no-such-request" not in text and "xxxxx" not in text
    assert "plp_http_request_duration_seconds_bucket" in text


def test_metrics_show_queues_sla_office_mode_and_the_database(api: Api) -> None:
    rid = api.submit().json()["id"]
    api.step(rid, "recommendations/manifest", "manifest", approve=True)
    api.submit(containers=[{"number": "TSTU1001000", "size": "40"}])

    r = api.client.get("/metrics")
    text = r.text

    assert r.headers["content-type"].startswith("text/plain")
    assert 'plp_queue_depth{office="040300",queue="kasubsi_manifest"} 1.0' in text
    assert 'plp_queue_depth{office="040300",queue="manifest_officer"} 1.0' in text
    assert 'plp_requests_active{office="040300",status="IN_REVIEW"} 2.0' in text
    assert 'plp_sla_breached_requests{office="040300"} 0.0' in text
    assert 'plp_office_manual_mode{office="040300"} 0.0' in text
    assert "plp_database_up 1.0" in text
    assert "plp_outbox_backlog 0.0" in text  # issue 5's push_delivery table: nothing pending


def test_health_live_and_ready(api: Api) -> None:
    assert api.client.get("/health/live").json() == {"status": "ok"}
    ready = api.client.get("/health/ready")
    assert ready.status_code == 200 and ready.json()["migrations"] == "current"


def test_ready_is_503_while_migrations_are_pending(sqlite_url: str) -> None:
    settings = Settings(mode="demo", database_url=sqlite_url, run_scheduler=False)
    with TestClient(create_app(settings)) as client:
        engine = create_engine(sqlite_url)
        migrate.downgrade(engine, "-1")
        engine.dispose()
        r = client.get("/health/ready")
    assert r.status_code == 503 and r.json()["database"] == "migrations pending"


def test_ready_is_503_and_metrics_say_so_when_the_database_is_gone() -> None:
    settings = Settings(
        mode="test",
        database_url="postgresql://nobody@127.0.0.1:1/none",
        jwt_secret="x" * 32,
        run_scheduler=False,
    )
    services = Services.build(settings, Database(settings.database_url))
    with TestClient(create_app(settings, services), raise_server_exceptions=False) as client:
        ready, live = client.get("/health/ready"), client.get("/health/live")
        scraped = client.get("/metrics")
    assert ready.status_code == 503 and live.status_code == 200
    assert scraped.status_code == 200 and "plp_database_up 0.0" in scraped.text
