"""The mock client's pytest plugin (issue 16 item 9): the README example runs as written in a
fresh pytest whatever the real hour, the clock fixture puts the service on working hours, and a
failed scenario says which request got which answer under which rule."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from plp_mock_tps.pytest_plugin import (  # noqa: F401  (the fixtures)
    WORKING_MORNING,
    PlpClock,
    connect,
    describe_failures,
    plp_clock,
    plp_connection,
    plp_online_client,
    plp_online_database_url,
    plp_online_server,
    plp_online_template,
)
from plp_mock_tps.runner import ScenarioResult
from plp_mock_tps.scenario import StepResult

ROOT = Path(__file__).resolve().parents[3]
README = ROOT / "plp_mock_tps" / "README.md"
SUNDAY_NIGHT = datetime.fromisoformat("2026-11-29T23:00:00+07:00")  # closed day, out of hours


def readme_example() -> str:
    section = README.read_text(encoding="utf-8").split("## In pytest\n", 1)[1].split("\n## ")[0]
    blocks = re.findall(r"```python\n(.*?)```", section, flags=re.DOTALL)
    assert len(blocks) == 1, "the pytest example is missing from plp_mock_tps/README.md"
    return str(blocks[0])


def test_the_readme_pytest_example_runs_as_written(tmp_path: Path) -> None:
    (tmp_path / "test_example.py").write_text(readme_example(), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PLP_", "PYTEST_"))}
    run = subprocess.run(  # -p: the shared venv's editable install predates the entry point
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "plp_mock_tps.pytest_plugin",
            "-p",
            "no:cacheprovider",
        ],
        cwd=tmp_path,
        env=env | {"PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "1 passed" in run.stdout


def _clock_at(clock: PlpClock) -> datetime:
    r = clock.connection.call("get", "/api/v1/test/clock", "admin")
    r.raise_for_status()
    return datetime.fromisoformat(r.json()["now"])


def test_h1_plp_clock_puts_the_service_on_a_working_morning(plp_clock: PlpClock) -> None:  # noqa: F811
    plp_clock.set(SUNDAY_NIGHT, frozen=True)
    assert _clock_at(plp_clock) == SUNDAY_NIGHT

    plp_clock.working_hours()

    at = _clock_at(plp_clock)
    assert at.weekday() == 2 and WORKING_MORNING <= at < WORKING_MORNING.replace(hour=9)


@pytest.mark.plp_clock(working_hours=False)
def test_plp_clock_marker_leaves_the_clock_alone(plp_clock: PlpClock) -> None:  # noqa: F811
    assert _clock_at(plp_clock).date() != WORKING_MORNING.date()


def test_a_failed_step_shows_the_request_the_answer_and_the_rule() -> None:
    refused = StepResult(
        index=3,
        label="gate_out CSQU1001743 as tpka",
        ok=False,
        expected={"status": 200},
        got={"status": 422, "body": {"rule": "H1", "detail": "outside working hours"}},
        note="the gate is closed",
    )
    passed = ScenarioResult("happy-yor-sor", "rest", "passed", [], 1.0)
    failed = ScenarioResult("happy-no-lcl-space", "soap", "failed", [refused], 1.0)

    text = describe_failures([passed, failed])

    assert "happy-yor-sor" not in text
    assert "happy-no-lcl-space over soap: failed" in text
    assert "step 3 gate_out CSQU1001743 as tpka: rule H1" in text
    assert "'status': 422" in text and "outside working hours" in text
    assert "the gate is closed" in text


@pytest.mark.e2e
def test_plp_online_server_is_a_live_demo_service(plp_online_server: str) -> None:  # noqa: F811
    connection = connect(url=plp_online_server)
    clock = PlpClock(connection)
    clock.set(SUNDAY_NIGHT, frozen=True)
    clock.working_hours()
    assert _clock_at(clock).weekday() == 2
    connection.close()
