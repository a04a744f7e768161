"""pytest fixtures: a ready mock TPS against a live URL or an in-process app.

In a conftest.py: `pytest_plugins = ["plp_mock_tps.pytest_plugin"]`. The `mock_tps` fixture
talks to PLP_MOCK_TPS_URL when set, else to the httpx client your `plp_online_client` fixture
returns (Starlette's TestClient over `app.main.create_app(...)`, for instance).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from plp_mock_tps.connection import Connection
from plp_mock_tps.goods import GoodsPool, seed
from plp_mock_tps.load import LoadOptions, LoadResult, run_load
from plp_mock_tps.runner import RunOptions, ScenarioResult
from plp_mock_tps.scenario import select
from plp_mock_tps.suite import run_scenarios
from plp_mock_tps.tps import Tps, make_tps


@dataclass
class MockTps:
    connection: Connection
    _goods: GoodsPool | None = field(default=None, repr=False)

    @property
    def goods(self) -> GoodsPool:
        """A fresh manifest, loaded once per fixture (as the demo admin)."""
        if self._goods is None:
            self._goods = seed(self.connection, containers=80, packages=10)
        return self._goods

    def tps(self, account: str = "tpka", protocol: str = "rest") -> Tps:
        return make_tps(self.connection, account, protocol)

    def run(
        self, *names: str, files: list[str] | None = None, **options: Any
    ) -> list[ScenarioResult]:
        """Built-in scenarios by name (all when none); options as RunOptions."""
        run_options = RunOptions(**options)
        run_options.goods = run_options.goods or self.goods
        return run_scenarios(self.connection, select(list(names), files), run_options)

    def load(self, **options: Any) -> LoadResult:
        return run_load(self.connection, LoadOptions(**options))


def connect(client: Any = None, url: str | None = None) -> Connection:
    if client is not None:
        return Connection(str(client.base_url), client=client)
    return Connection(url or os.environ.get("PLP_MOCK_TPS_URL", "http://127.0.0.1:8000"))


@pytest.fixture
def mock_tps(request: pytest.FixtureRequest) -> Iterator[MockTps]:
    url = os.environ.get("PLP_MOCK_TPS_URL")
    client = None if url else request.getfixturevalue("plp_online_client")
    connection = connect(client, url)
    yield MockTps(connection)
    connection.close()
