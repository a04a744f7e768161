"""`plp-mock-tps receive` (issue 16, item 10): it registers only the accounts it is given and
removes their callbacks again when it is stopped, by Ctrl-C or by SIGTERM."""

from __future__ import annotations

import json
import os
import signal
from collections.abc import Iterator
from typing import Any

import pytest
from click.testing import CliRunner, Result
from lxml import etree

from plp_mock_tps import builtin_scenarios, cli
from plp_mock_tps.connection import Connection
from plp_mock_tps.suite import EVENT_TYPES
from tests.support import make_api


@pytest.fixture
def connection(sqlite_url: str) -> Iterator[Connection]:
    with make_api(sqlite_url) as client:
        yield Connection(client=client)


def callbacks(connection: Connection, account: str) -> dict[str, Any]:
    return dict(connection.call("GET", "/api/v1/callbacks", account).json())


def run_receive(
    connection: Connection, monkeypatch: pytest.MonkeyPatch, stop: Any, *accounts: str
) -> dict[str, dict[str, Any]]:
    """Runs the receiver until its first wait, where `stop` ends it; answers what the server
    held for cfsb and tpka while it was receiving."""
    seen: dict[str, dict[str, Any]] = {}

    def first_wait(_seconds: float) -> None:
        seen.update({a: callbacks(connection, a) for a in ("cfsb", "tpka")})
        stop()

    monkeypatch.setattr(cli.time, "sleep", first_wait)
    argv = ["receive", "--port", "0", *[x for a in accounts for x in ("--account", a)]]
    assert run_cli(connection, *argv).exit_code == 0
    return seen


def ctrl_c() -> None:
    raise KeyboardInterrupt


def sigterm() -> None:
    os.kill(os.getpid(), signal.SIGTERM)


def test_receive_for_one_account_leaves_other_accounts_alone(
    connection: Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    tpka_before = callbacks(connection, "tpka")

    during = run_receive(connection, monkeypatch, ctrl_c, "cfsb")

    assert len(during["cfsb"]["callbacks"]) == len(EVENT_TYPES)
    assert during["tpka"] == tpka_before
    assert callbacks(connection, "tpka") == tpka_before


@pytest.mark.parametrize("stop", [ctrl_c, sigterm], ids=["ctrl-c", "sigterm"])
def test_receive_unregisters_its_callbacks_on_exit(
    connection: Connection, monkeypatch: pytest.MonkeyPatch, stop: Any
) -> None:
    during = run_receive(connection, monkeypatch, stop, "cfsb")

    assert len(during["cfsb"]["callbacks"]) == len(EVENT_TYPES)
    assert callbacks(connection, "cfsb")["callbacks"] == []
    assert signal.getsignal(signal.SIGTERM) is not cli._interrupt


def test_receive_defaults_to_tpka(connection: Connection, monkeypatch: pytest.MonkeyPatch) -> None:
    during = run_receive(connection, monkeypatch, ctrl_c)

    assert len(during["tpka"]["callbacks"]) == len(EVENT_TYPES)
    assert during["cfsb"]["callbacks"] == []
    assert callbacks(connection, "tpka")["callbacks"] == []


def run_cli(connection: Connection, *argv: str) -> Result:
    return CliRunner().invoke(cli.main, list(argv), obj={"connection": connection})


def test_load_prints_a_table_and_keeps_json_behind_the_flag(
    connection: Connection, tmp_path: Any
) -> None:
    out_file = tmp_path / "load.json"

    done = run_cli(connection, "load", "--clients", "1", "--count", "2", "--json", str(out_file))

    printed = done.stdout
    summary = json.loads(out_file.read_text())
    assert done.exit_code == 0 and summary["iterations"] == 2 and summary["unexpected_errors"] == 0
    assert '"by_operation"' not in printed
    assert "p95 ms" in printed and f"{summary['requests']} requests" in printed
    for operation in summary["by_operation"]:
        assert operation in printed


def test_load_json_to_stdout(connection: Connection) -> None:
    done = run_cli(connection, "load", "--clients", "1", "--count", "1", "--json", "-")

    assert json.loads(done.stdout)["iterations"] == 1


def test_load_threshold_sets_the_exit_code(connection: Connection) -> None:
    done = run_cli(connection, "load", "--clients", "1", "--count", "1", "--max-p95-ms", "0")

    assert done.exit_code == 1
    assert "--max-p95-ms" in done.stderr


def test_scenario_writes_junit_xml(connection: Connection, tmp_path: Any) -> None:
    junit = tmp_path / "results.xml"

    done = run_cli(
        connection, "scenario", "happy-packages", "--officers", "client", "--junit", str(junit)
    )

    suite = etree.parse(str(junit)).getroot()
    assert done.exit_code == 0, done.output
    assert suite.tag == "testsuite" and suite.get("tests") == "1" and suite.get("failures") == "0"
    assert [c.get("name") for c in suite.iter("testcase")] == ["happy-packages"]


def test_global_options_go_before_or_after_the_command(monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[tuple[str, dict[str, str], float]] = []

    class Recorded(Connection):
        def __init__(self, url: str, passwords: dict[str, str], timeout: float) -> None:
            made.append((url, passwords, timeout))
            super().__init__(url, passwords=passwords, timeout=timeout)

    monkeypatch.setattr(cli, "Connection", Recorded)
    runner = CliRunner()

    before = runner.invoke(cli.main, ["--url", "http://a:1", "list"])
    after = runner.invoke(
        cli.main,
        ["--url", "http://a:1", "list", "--url", "http://b:2", "--password", "x=y",
         "--http-timeout", "5"],
    )  # fmt: skip

    assert (before.exit_code, after.exit_code) == (0, 0)
    assert made == [("http://a:1", {}, 30.0), ("http://b:2", {"x": "y"}, 5.0)]
    assert "happy-packages" in after.stdout


def test_help_shows_defaults_and_whole_descriptions() -> None:
    runner = CliRunner()
    top = runner.invoke(cli.main, ["--help"]).stdout
    load_help = runner.invoke(cli.main, ["load", "--help"]).stdout
    listed = runner.invoke(cli.main, ["list"]).stdout

    assert "[default: http://127.0.0.1:8000]" in top
    assert "plp-mock-tps receive --account tpka --port 8765\n" in top  # examples kept as lines
    assert "[default: 4]" in load_help and "--max-p95-ms" in load_help
    for sc in builtin_scenarios():
        assert sc.description in listed
