"""The mock TPS client against real `plp-online serve` processes (issue 5): every built-in
scenario over REST and SOAP with the auto-officer and push delivery on; the same scenarios
stopping at the officers' steps when the auto-officer is off; load mode for a few seconds."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from plp_mock_tps import CallbackReceiver, Connection, RunOptions, builtin_scenarios, run_scenarios
from plp_mock_tps.runner import ScenarioResult
from tests.conftest import fresh_sqlite
from tests.e2e.conftest import LiveServer, start_server, stop_server

pytestmark = pytest.mark.e2e
SIMULATION = {
    "PLP_AUTO_OFFICER": "rules",
    "PLP_AUTO_OFFICER_SECONDS": "0.3",
    "PLP_PUSH_SECONDS": "0.3",
    "PLP_WATCHDOG_SECONDS": "1",
}


@pytest.fixture(scope="module")
def simulator(
    sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    work = tmp_path_factory.mktemp("simulator")
    server = start_server(fresh_sqlite(sqlite_template, work), work / "server.log", **SIMULATION)
    yield server
    stop_server(server)


def failures(results: list[ScenarioResult]) -> list[str]:
    return [
        f"{r.scenario}/{r.protocol}: {[(s.label, s.note, s.got) for s in r.steps if not s.ok]}"
        for r in results
        if not r.passed
    ]


def test_every_scenario_passes_over_rest_and_soap_with_the_auto_officer(
    simulator: LiveServer,
) -> None:
    connection = Connection(simulator.url)
    receiver = CallbackReceiver().start()
    scenarios = builtin_scenarios()
    try:
        results = [
            r
            for protocol in ("rest", "soap")
            for r in run_scenarios(
                connection,
                scenarios,
                RunOptions(protocol=protocol, receiver=receiver, parallel=8, timeout=15),
            )
        ]
    finally:
        receiver.stop()
        connection.close()

    assert failures(results) == [], simulator.log.read_text()[-3000:]
    assert len(results) == sum(sc.runs_over(p) for sc in scenarios for p in ("rest", "soap"))
    assert {"happy-e2-reused-container", "reject-r5-no-lcl-space"} <= {r.scenario for r in results}
    assert receiver.invalid == 0
    pushed = {e.event_type for e in receiver.events.values()}
    assert pushed == {
        "decision",
        "cancellation",
        "discrepancy",
        "manual_procedure",
        "transit_watch",
    }


def test_load_mode_has_no_unexpected_errors(simulator: LiveServer, tmp_path: Path) -> None:
    out = tmp_path / "load.json"
    argv = ["--url", simulator.url, "load", "--clients", "4", "--seconds", "3"]
    argv += ["--invalid-share", "0.2", "--json", str(out), "--no-progress"]
    done = subprocess.run(
        [sys.executable, "-m", "plp_mock_tps", *argv], capture_output=True, text=True, timeout=120
    )

    summary = json.loads(out.read_text())
    assert done.returncode == 0, done.stdout + done.stderr
    assert summary["unexpected_errors"] == 0, summary["errors"]
    assert summary["iterations"] > 0 and summary["expected_rejections"] > 0
    assert summary["requests"] >= 2 * summary["iterations"]
    assert 0 < summary["latency_ms"]["p50"] <= summary["latency_ms"]["p99"]


def test_without_the_auto_officer_scenarios_stop_at_the_officer_steps(
    live_server: LiveServer, tmp_path: Path
) -> None:
    out = tmp_path / "results.json"
    argv = ["--url", live_server.url, "scenario", "--protocol", "soap", "--officers", "auto"]
    argv += ["--allow-stop"]
    argv += ["--timeout", "3", "--parallel", "8", "--json", str(out)]
    done = subprocess.run(
        [sys.executable, "-m", "plp_mock_tps", *argv], capture_output=True, text=True, timeout=300
    )

    assert done.returncode == 0, done.stdout + done.stderr
    first = {s.name: s.first_officer_step for s in builtin_scenarios() if s.runs_over("soap")}
    got = {r["scenario"]: (r["outcome"], _stopped_at(r)) for r in json.loads(out.read_text())}
    assert got == {
        name: ("stopped", step) if step is not None else ("passed", None)
        for name, step in first.items()
    }


def _stopped_at(result: dict[str, object]) -> int | None:
    steps = result["steps"]
    assert isinstance(steps, list)
    return next((s["index"] for s in steps if s["stopped"]), None)


def test_the_headline_command_passes_every_scenario_against_a_default_demo_server(
    live_server: LiveServer,
) -> None:
    """Issue 16 item 8: `plp-mock-tps --url ... scenario` as the README writes it, against
    `plp-online serve` with nothing switched on: the client takes the officers' steps, and
    on a Sunday night (H1: a release would need a notice) moves the demo clock to working hours."""
    sunday_night = datetime(2026, 11, 29, 1, 30, tzinfo=timezone(timedelta(hours=7)))
    admin = Connection(live_server.url)
    try:
        at = {"at": sunday_night.isoformat()}
        admin.call("PUT", "/api/v1/test/clock", "admin", json=at).raise_for_status()
    finally:
        admin.close()

    done = subprocess.run(
        [sys.executable, "-m", "plp_mock_tps", "--url", live_server.url, "scenario"],
        capture_output=True,
        text=True,
        timeout=600,
    )

    total = sum(sc.runs_over("rest") for sc in builtin_scenarios())
    assert done.returncode == 0, done.stdout + done.stderr
    assert "out of working hours (H1): moved its test clock to Mon 30 Nov 08:00" in done.stdout
    assert done.stdout.splitlines()[-1] == f"{total}/{total} scenarios ok over rest"
