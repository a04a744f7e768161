"""`plp-mock-tps receive` (issue 16, item 10): it registers only the accounts it is given and
removes their callbacks again when it is stopped, by Ctrl-C or by SIGTERM."""

from __future__ import annotations

import json
import os
import signal
from collections.abc import Iterator
from typing import Any

import pytest
from lxml import etree

from plp_mock_tps import cli
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
    args = cli._parser().parse_args(argv)
    assert args.run(connection, args) == 0
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


def run_cli(connection: Connection, *argv: str) -> int:
    args = cli._parser().parse_args(list(argv))
    return int(args.run(connection, args))


def test_load_prints_a_table_and_keeps_json_behind_the_flag(
    connection: Connection, capsys: pytest.CaptureFixture[str], tmp_path: Any
) -> None:
    out_file = tmp_path / "load.json"

    code = run_cli(connection, "load", "--clients", "1", "--count", "2", "--json", str(out_file))

    printed = capsys.readouterr().out
    summary = json.loads(out_file.read_text())
    assert code == 0 and summary["iterations"] == 2 and summary["unexpected_errors"] == 0
    assert '"by_operation"' not in printed
    assert "p95 ms" in printed and f"{summary['requests']} requests" in printed
    for operation in summary["by_operation"]:
        assert operation in printed


def test_load_json_to_stdout(connection: Connection, capsys: pytest.CaptureFixture[str]) -> None:
    run_cli(connection, "load", "--clients", "1", "--count", "1", "--json", "-")

    assert json.loads(capsys.readouterr().out)["iterations"] == 1


def test_load_threshold_sets_the_exit_code(
    connection: Connection, capsys: pytest.CaptureFixture[str]
) -> None:
    code = run_cli(connection, "load", "--clients", "1", "--count", "1", "--max-p95-ms", "0")

    assert code == 1
    assert "--max-p95-ms" in capsys.readouterr().err


def test_scenario_writes_junit_xml(connection: Connection, tmp_path: Any) -> None:
    junit = tmp_path / "results.xml"

    code = run_cli(
        connection, "scenario", "happy-packages", "--officers", "client", "--junit", str(junit)
    )

    suite = etree.parse(str(junit)).getroot()
    assert code == 0
    assert suite.tag == "testsuite" and suite.get("tests") == "1" and suite.get("failures") == "0"
    assert [c.get("name") for c in suite.iter("testcase")] == ["happy-packages"]
