"""`plp-online conformance open|show|start|finish|report` (issue 17) on the configured
database, named on stderr; the server of that database plays the officers."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from app.cli import main
from app.config import get_settings


@pytest.fixture
def plp_online(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., Result]]:
    monkeypatch.setenv("PLP_DATABASE_URL", sqlite_url)
    monkeypatch.setenv("PLP_MODE", "demo")
    get_settings.cache_clear()

    def run(*args: str) -> Result:
        return CliRunner().invoke(main, list(args))

    yield run
    get_settings.cache_clear()


def test_a_run_is_opened_started_finished_and_reported_from_the_command_line(
    plp_online: Callable[..., Result], tmp_path: Path
) -> None:
    opened = plp_online("conformance", "open", "tpka", "--protocol", "soap12")
    assert opened.exit_code == 0, opened.output
    run_id = opened.stdout.splitlines()[0]

    started = plp_online("conformance", "start", run_id, "PLP-01")
    again = plp_online("conformance", "start", run_id, "PLP-02")
    graded = plp_online("conformance", "finish", run_id, "PLP-01")
    finished = plp_online("conformance", "finish", run_id)
    report = plp_online("conformance", "report", run_id, "-o", str(tmp_path / "r.json"))
    html = plp_online("conformance", "report", run_id, "--format", "html", "--language", "en")

    assert "database:" in opened.stderr and "soap12" in opened.stdout
    assert "PLP-01 running" in started.stdout and "containers" in started.stdout
    assert again.exit_code == 2 and "PLP-01" in again.stderr
    assert "PLP-01 failed" in graded.stdout and "FAIL" in graded.stdout
    assert "finished" in finished.stdout and "not_attempted" in finished.stdout
    assert report.exit_code == 0
    assert json.loads((tmp_path / "r.json").read_text())["run"]["id"] == run_id
    assert html.exit_code == 0 and html.stdout.lstrip().startswith("<!")


def test_unknown_runs_and_accounts_are_a_clear_error(plp_online: Callable[..., Result]) -> None:
    unknown = plp_online("conformance", "show", "nope")
    officer = plp_online("conformance", "open", "kasubsi", "--protocol", "rest")

    assert unknown.exit_code == 2 and "no conformance run" in unknown.stderr
    assert officer.exit_code == 2 and "kasubsi" in officer.stderr
