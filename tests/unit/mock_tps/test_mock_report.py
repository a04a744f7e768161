"""The mock client's run reports without a server: the load table, load thresholds, JUnit XML."""

from __future__ import annotations

from typing import Any

from lxml import etree

from plp_mock_tps.report import junit_xml, load_breaches, load_table
from plp_mock_tps.runner import ScenarioResult
from plp_mock_tps.scenario import StepResult

SUMMARY: dict[str, Any] = {
    "protocol": "soap", "clients": 3, "seconds": 2.0, "iterations": 5, "requests": 20,
    "throughput_rps": 10.0,
    "latency_ms": {"p50": 5.0, "p95": 120.0, "p99": 130.0, "max": 140.0},
    "by_operation": {"POST /TPSServices": {"count": 20, "p50": 5.0, "p95": 120.0, "p99": 130.0,
                                           "max": 140.0}},
    "errors": {"timeout": 1, "500 POST /TPSServices": 3}, "unexpected_errors": 4,
    "expected_rejections": 2,
}  # fmt: skip


def test_load_table_shows_throughput_percentiles_and_errors_by_kind() -> None:
    table = load_table(SUMMARY)

    assert "3 clients over soap" in table and "10.0 req/s" in table
    row = next(line for line in table.splitlines() if line.startswith("POST /TPSServices"))
    assert row.split()[2:] == ["20", "5.0", "120.0", "130.0", "140.0"]
    assert table.index("500 POST /TPSServices") < table.index("timeout")  # most frequent first
    assert "unexpected errors: 4" in table and "expected rejections: 2" in table


def test_load_breaches_name_each_broken_threshold() -> None:
    assert load_breaches(SUMMARY, max_p95_ms=200, max_errors=4) == []
    broken = load_breaches(SUMMARY, max_p95_ms=100, max_errors=3)
    assert len(broken) == 2
    assert "--max-p95-ms" in broken[0] and "--max-errors" in broken[1]


def result(name: str, outcome: str, steps: list[StepResult]) -> ScenarioResult:
    return ScenarioResult(scenario=name, protocol="rest", outcome=outcome, steps=steps, seconds=1.5)


def test_junit_marks_failures_and_stops() -> None:
    bad = StepResult(index=2, label="approve", ok=False, expected={"s": 1}, got={"s": 2}, note="no")
    stop = StepResult(index=1, label="officer", ok=True, stopped=True)
    results = [
        result("a", "passed", []),
        result("b", "failed", [bad]),
        result("c", "stopped", [stop]),
    ]

    suite = etree.fromstring(junit_xml(results).encode())
    lenient = etree.fromstring(junit_xml(results, ("passed", "stopped")).encode())

    assert (suite.get("tests"), suite.get("failures"), suite.get("skipped")) == ("3", "1", "1")
    cases = {c.get("name"): c for c in suite.iter("testcase")}
    failure = cases["b"].find("failure")
    assert failure is not None and "step 3 approve" in (failure.text or "")
    skipped = cases["c"].find("skipped")
    assert skipped is not None and "step 2" in (skipped.get("message") or "")
    assert cases["a"].find("failure") is None and cases["a"].find("skipped") is None
    assert lenient.get("skipped") == "0" and not list(lenient.iter("skipped"))
