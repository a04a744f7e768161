"""`plp-online serve --workers 2`: whichever worker answers a scrape, /metrics counts the
requests of both (prometheus_client multiprocess mode, set up by `serve`)."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest

from tests.conftest import fresh_sqlite
from tests.e2e.instances import serve

pytestmark = pytest.mark.e2e
CALLS = 60


def test_metrics_add_up_every_worker(sqlite_template: Path, tmp_path: Path) -> None:
    url = fresh_sqlite(sqlite_template, tmp_path)
    server = serve(url, tmp_path / "workers.log", workers=2, PLP_RUN_SCHEDULER="false").start()
    try:
        with httpx.Client(base_url=server.url) as http:
            for _ in range(CALLS):  # new connections: the kernel spreads them over the workers
                httpx.get(f"{server.url}/health/live")
            counts = [_live_count(http.get("/metrics").text) for _ in range(6)]
    finally:
        server.stop()
    assert counts == [CALLS] * 6


def _live_count(text: str) -> int:
    found = re.search(
        r'plp_http_requests_total\{method="GET",route="/health/live",status="200"\} (\S+)', text
    )
    assert found, text[:2000]
    return int(float(found.group(1)))
