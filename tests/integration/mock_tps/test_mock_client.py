"""The mock TPS client in process (issue 5): every built-in scenario over REST and SOAP with
the officers' steps done by the client, each SOAP flavour on the wire, and scenarios stopping
at the first officer step when no auto-officer takes it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from plp_mock_tps import builtin_scenarios
from plp_mock_tps.pytest_plugin import (  # noqa: F401  (the fixtures)
    MockTps,
    mock_tps,
    plp_clock,
    plp_connection,
)
from plp_mock_tps.runner import ScenarioResult
from tests.support import make_api

SHARED = [s.name for s in builtin_scenarios() if not s.exclusive]
OVER = {p: [s.name for s in builtin_scenarios() if s.runs_over(p)] for p in ("rest", "soap")}


@pytest.fixture
def plp_online_client(sqlite_url: str) -> Iterator[Any]:
    with make_api(sqlite_url) as client:
        yield client


def failures(results: list[ScenarioResult]) -> list[str]:
    return [
        f"{r.scenario}/{r.protocol}: {[(s.label, s.note, s.got) for s in r.steps if not s.ok]}"
        for r in results
        if not r.passed
    ]


@pytest.mark.parametrize("protocol", ["rest", "soap"])
def test_every_scenario_passes_with_officer_accounts(mock_tps: MockTps, protocol: str) -> None:  # noqa: F811
    results = mock_tps.run(*SHARED, protocol=protocol, officers="client", parallel=1)
    assert failures(results) == []
    assert len(results) == len([n for n in SHARED if n in OVER[protocol]])


@pytest.mark.parametrize("flavour", ["php11", "php12", "java", "curl", "odoo", "zeep"])
def test_each_soap_flavour_walks_a_request(mock_tps: MockTps, flavour: str) -> None:  # noqa: F811
    names = ("happy-packages", "reject-e3")
    results = mock_tps.run(*names, protocol=f"soap:{flavour}", officers="client", parallel=1)
    assert failures(results) == []


def test_e2_r5_scenarios_walk_with_officer_accounts(mock_tps: MockTps) -> None:  # noqa: F811
    names = ("happy-e2-reused-container", "reject-r5-no-lcl-space", "happy-stagnation")
    results = mock_tps.run(*names, protocol="rest", officers="client", parallel=1)
    over_soap = mock_tps.run(*names, protocol="soap", officers="client", parallel=1)

    assert failures(results + over_soap) == []
    assert [r.scenario for r in results] == list(names)
    assert [r.scenario for r in over_soap] == list(names[:2])  # no judgement letter in LOADPLP


def test_without_an_auto_officer_scenarios_stop_at_the_first_officer_step(
    mock_tps: MockTps,  # noqa: F811
) -> None:
    results = mock_tps.run(*SHARED, officers="auto", parallel=1, timeout=2)
    by_name = {s.name: s for s in builtin_scenarios()}
    for r in results:
        first = by_name[r.scenario].first_officer_step
        assert (r.outcome, r.stopped_at) == (
            ("stopped", first) if first is not None else ("passed", None)
        ), r
