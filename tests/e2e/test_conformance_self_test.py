"""The conformance pack's self-test (issue 17) against a real `plp-online serve` in demo mode:
the mock TPS client, as a vendor runs it (`plp-mock-tps conformance --open`), passes every
listed scenario over SOAP 1.1, SOAP 1.2, H2H and REST, each in under five minutes; each broken
profile fails exactly the scenarios it breaks and no others, proving the pack can fail."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from plp_mock_tps.conformance.profiles import PROFILES
from tests.conftest import fresh_sqlite
from tests.e2e.conftest import LiveServer, start_server, stop_server

pytestmark = pytest.mark.e2e
PACK_SECONDS = 300  # the bound for one whole pack
BROKEN_OVER = {  # each broken profile over one protocol, so every protocol meets one
    "new-ref-on-retry": "soap11",
    "tight-poll": "h2h",
    "resend-unchanged": "rest",
    "gate-out-rejected": "soap12",
}


@pytest.fixture(scope="module")
def simulator(
    sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    work = tmp_path_factory.mktemp("conformance")
    server = start_server(fresh_sqlite(sqlite_template, work), work / "server.log")
    yield server
    stop_server(server)


def play_pack(
    server: LiveServer, protocol: str, profile: str, out: Path, *extra: str
) -> dict[str, Any]:
    """The vendor's command; its wall time and what it wrote (every scenario's grade)."""
    argv = ["--url", server.url, "--account", "tpka", "conformance", "--open"]
    argv += ["--protocol", protocol, "--profile", profile, "--json", str(out), *extra]
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "plp_mock_tps", *argv],
        capture_output=True,
        text=True,
        timeout=PACK_SECONDS + 120,
    )
    seconds = time.monotonic() - started
    sys.stdout.write(f"\nconformance pack {protocol}/{profile}: {seconds:.1f} s\n{done.stdout}")
    assert out.exists(), done.stdout + done.stderr + server.log.read_text()[-3000:]
    played: dict[str, Any] = json.loads(out.read_text())
    played["wall_seconds"], played["returncode"] = seconds, done.returncode
    played["output"] = done.stdout + done.stderr
    return played


def outcomes(played: dict[str, Any]) -> dict[str, str]:
    return {s["id"]: s["outcome"] for s in played["scenarios"]}


def why(played: dict[str, Any]) -> list[Any]:
    return [
        (s["id"], s["notes"], [c for c in s["checks"] if not c.get("passed")])
        for s in played["scenarios"]
        if s["outcome"] != "passed"
    ]


@pytest.mark.parametrize("protocol", ["soap11", "soap12", "h2h", "rest"])
def test_the_good_client_passes_every_listed_scenario_within_five_minutes(
    simulator: LiveServer, protocol: str, tmp_path: Path
) -> None:
    played = play_pack(simulator, protocol, "good", tmp_path / "played.json")

    got = outcomes(played)
    assert set(got.values()) == {"passed"}, why(played)
    assert played["returncode"] == 0, played["output"]
    assert len(got) >= 14 and {"PLP-01", "PLP-06", "PLP-16"} <= set(got)
    assert played["wall_seconds"] < PACK_SECONDS


@pytest.mark.parametrize(("profile", "protocol"), sorted(BROKEN_OVER.items()))
def test_a_broken_client_fails_exactly_the_scenarios_it_breaks(
    simulator: LiveServer, profile: str, protocol: str, tmp_path: Path
) -> None:
    played = play_pack(simulator, protocol, profile, tmp_path / "played.json")

    got = outcomes(played)
    breaks = PROFILES[profile].breaks & set(got)
    assert breaks, f"{profile} breaks no scenario listed over {protocol}"
    assert {sid for sid, outcome in got.items() if outcome != "passed"} == breaks, why(played)
    assert {got[sid] for sid in breaks} == {"failed"}
    assert played["returncode"] == 0, played["output"]  # failed exactly as it should


@pytest.mark.parametrize("protocol", ["soap11", "h2h"])
def test_the_good_client_survives_djbcs_quirks(
    simulator: LiveServer, protocol: str, tmp_path: Path
) -> None:
    played = play_pack(
        simulator, protocol, "good", tmp_path / "played.json", "--quirks", "--scenario", "PLP-17"
    )

    assert outcomes(played) == {"PLP-17": "passed"}, why(played)
