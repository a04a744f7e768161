"""A real `plp-online serve` process on a free port, for end-to-end runs."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.conftest import fresh_sqlite
from tests.support import now


@dataclass
class LiveServer:
    url: str
    process: subprocess.Popen[bytes]
    log: Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(database_url: str, log: Path, **env: str) -> LiveServer:
    port = free_port()
    environment = os.environ | {"PLP_DATABASE_URL": database_url, "PLP_MODE": "demo"} | env
    with log.open("wb") as out:  # the child keeps its own handle
        process = subprocess.Popen(  # the console command, as a user runs it
            [sys.executable, "-m", "app.cli", "serve", "--port", str(port)],
            env=environment,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited early:\n{log.read_text()}")
        try:
            if httpx.get(f"{url}/health/ready", timeout=1).status_code == 200:
                _run_on_test_time(url)
                return LiveServer(url, process, log)
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"server did not become ready:\n{log.read_text()}")


def _run_on_test_time(url: str) -> None:
    """The server's clock runs with the tests' shift (tests.support.TEST_TIME_SHIFT)."""
    login = {"username": "admin", "password": "admin-demo"}
    token = httpx.post(f"{url}/api/v1/auth/token", data=login).json()["access_token"]
    r = httpx.put(
        f"{url}/api/v1/test/clock",
        json={"at": now().isoformat()},
        headers={"Authorization": f"Bearer {token}"},
    )
    r.raise_for_status()


def stop_server(server: LiveServer) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.process.kill()


@pytest.fixture
def live_server(sqlite_template: Path, tmp_path: Path) -> Iterator[LiveServer]:
    """The service on a fresh copy of the demo SQLite database."""
    server = start_server(fresh_sqlite(sqlite_template, tmp_path), tmp_path / "server.log")
    yield server
    stop_server(server)
