"""pytest plugin: a ready mock TPS against an in-process app or a live server, on working hours.

Installed with plp-online it loads itself (the `pytest11` entry point); elsewhere put
`pytest_plugins = ["plp_mock_tps.pytest_plugin"]` in the root conftest.py. Every fixture is
opt-in: a test suite that asks for none of them pays only for importing this module, so the
server and the mock client are imported inside the fixtures, never at the top.

- `mock_tps`: talks to PLP_MOCK_TPS_URL when set, else to `plp_online_client`.
- `plp_online_client`: the app in process (demo mode, a fresh SQLite file per test).
- `plp_online_server`: `plp-online serve` in a subprocess on a free port; yields its URL.
- `plp_clock`: the service's test clock, set to a working Wednesday morning at Tanjung Priok
  (so H1 passes whatever the real hour); `@pytest.mark.plp_clock(working_hours=False)` leaves
  the clock alone.
- `assert_passed(results)`: fails showing each failed step's request, answer and rule.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from plp_mock_tps.connection import Connection
    from plp_mock_tps.goods import GoodsPool
    from plp_mock_tps.load import LoadResult
    from plp_mock_tps.runner import ScenarioResult
    from plp_mock_tps.tps import Tps

# A Wednesday 08:00 WIB: the tests' clock starts here and runs (see tests/support.py).
WORKING_MORNING = datetime(2026, 11, 25, 8, 0, tzinfo=timezone(timedelta(hours=7)))


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "plp_clock(working_hours=True): how the plp_clock fixture sets the test clock"
    )


@dataclass
class MockTps:
    connection: Connection
    _goods: GoodsPool | None = field(default=None, repr=False)

    @property
    def goods(self) -> GoodsPool:
        """A fresh manifest, loaded once per fixture (as the demo admin)."""
        from plp_mock_tps.goods import seed

        if self._goods is None:
            self._goods = seed(self.connection, containers=80, packages=10)
        return self._goods

    def tps(self, account: str = "tpka", protocol: str = "rest") -> Tps:
        from plp_mock_tps.tps import make_tps

        return make_tps(self.connection, account, protocol)

    def run(
        self, *names: str, files: list[str] | None = None, **options: Any
    ) -> list[ScenarioResult]:
        """Built-in scenarios by name (all when none); options as RunOptions."""
        from plp_mock_tps.runner import RunOptions
        from plp_mock_tps.scenario import select
        from plp_mock_tps.suite import run_scenarios

        run_options = RunOptions(**options)
        run_options.goods = run_options.goods or self.goods
        return run_scenarios(self.connection, select(list(names), files), run_options)

    def load(self, **options: Any) -> LoadResult:
        from plp_mock_tps.load import LoadOptions, run_load

        return run_load(self.connection, LoadOptions(**options))


@dataclass
class PlpClock:
    """The service's test clock (demo and test mode), moved as the demo admin."""

    connection: Connection

    def set(self, at: datetime, frozen: bool = False) -> None:
        body = {"at": at.isoformat(), "frozen": frozen}
        self.connection.call("put", "/api/v1/test/clock", "admin", json=body).raise_for_status()

    def advance(self, seconds: float) -> None:
        body = {"seconds": seconds}
        r = self.connection.call("post", "/api/v1/test/clock/advance", "admin", json=body)
        r.raise_for_status()

    def working_hours(self) -> None:
        self.set(WORKING_MORNING)


def connect(client: Any = None, url: str | None = None) -> Connection:
    from plp_mock_tps.connection import Connection

    if client is not None:
        return Connection(str(client.base_url), client=client)
    return Connection(url or os.environ.get("PLP_MOCK_TPS_URL", "http://127.0.0.1:8000"))


def describe_failures(results: list[ScenarioResult]) -> str:
    """Each failed step: its scenario, the request (step), the expectation, the answer, the rule."""
    lines = []
    for result in results:
        if result.passed:
            continue
        lines.append(f"{result.scenario} over {result.protocol}: {result.outcome}")
        for step in result.steps:
            if step.ok and not step.stopped:
                continue
            rule = _rule(step.got) or _rule(step.expected) or "-"
            lines.append(f"  step {step.index} {step.label}: rule {rule}")
            lines.append(f"    expected: {step.expected}")
            lines.append(f"    answer:   {step.got}")
            if step.note:
                lines.append(f"    note:     {step.note}")
    return "\n".join(lines)


def _rule(data: dict[str, Any]) -> str | None:
    for key in ("rule", "rule_id", "code", "KD_RES"):
        if data.get(key):
            return str(data[key])
    body = data.get("body")
    return _rule(body) if isinstance(body, dict) else None


def assert_passed(results: list[ScenarioResult]) -> None:
    __tracebackhide__ = True
    assert results, "no scenario ran (check the names)"
    if not all(r.passed for r in results):
        pytest.fail(describe_failures(results), pytrace=False)


@pytest.fixture(scope="session")
def plp_online_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated demo SQLite database, copied for each test."""
    from app.adapters.sql.database import Database
    from app.config import Settings
    from app.main import prepare_database

    path = tmp_path_factory.mktemp("plp-online") / "template.db"
    url = f"sqlite:///{path}"
    database = Database(url)
    prepare_database(database, Settings(mode="demo", database_url=url))
    database.dispose()
    return path


@pytest.fixture
def plp_online_database_url(plp_online_template: Path, tmp_path: Path) -> str:
    path = tmp_path / "plp-online.db"
    shutil.copyfile(plp_online_template, path)
    return f"sqlite:///{path}"


@pytest.fixture
def plp_online_client(plp_online_database_url: str) -> Iterator[Any]:
    """The app in process, demo mode (demo accounts, the adjustable clock), no scheduler."""
    from fastapi.testclient import TestClient

    from app.config import Settings
    from app.main import create_app

    settings = Settings(mode="demo", database_url=plp_online_database_url, run_scheduler=False)
    with TestClient(create_app(settings)) as client:
        yield client


@pytest.fixture
def plp_online_server(plp_online_database_url: str, tmp_path: Path) -> Iterator[str]:
    """`plp-online serve` in demo mode on a free port; yields its base URL."""
    import httpx

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = os.environ | {"PLP_DATABASE_URL": plp_online_database_url, "PLP_MODE": "demo"}
    log = tmp_path / "plp-online.log"
    with log.open("wb") as out:
        process = subprocess.Popen(  # noqa: S603  (this interpreter, our own command)
            [sys.executable, "-m", "app.cli", "serve", "--port", str(port)],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while not _ready(httpx, url):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"plp-online serve did not start:\n{log.read_text()}")
            time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


def _ready(httpx: Any, url: str) -> bool:
    try:
        return bool(httpx.get(f"{url}/health/ready", timeout=1).status_code == 200)
    except httpx.HTTPError:
        return False


@pytest.fixture
def plp_connection(request: pytest.FixtureRequest) -> Iterator[Connection]:
    """PLP_MOCK_TPS_URL when set, else the in-process `plp_online_client`."""
    url = os.environ.get("PLP_MOCK_TPS_URL")
    client = None if url else request.getfixturevalue("plp_online_client")
    connection = connect(client, url)
    yield connection
    connection.close()


@pytest.fixture
def plp_clock(plp_connection: Connection, request: pytest.FixtureRequest) -> PlpClock:
    marker = request.node.get_closest_marker("plp_clock")
    clock = PlpClock(plp_connection)
    if marker is None or marker.kwargs.get("working_hours", True):
        clock.working_hours()
    return clock


@pytest.fixture
def mock_tps(plp_connection: Connection, plp_clock: PlpClock) -> MockTps:
    return MockTps(plp_connection)
