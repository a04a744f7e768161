"""Issue 17: the run's JUnit XML, parsed back as a CI server would read it."""

from __future__ import annotations

from dataclasses import replace
from xml.etree.ElementTree import Element, fromstring

from app.adapters.conformance_report import junit
from app.domain.conformance.model import Outcome
from tests.unit.adapters.conformance_report.reports import (
    ENVELOPE,
    FixtureTranslator,
    failed,
    passed,
    run,
    spec,
)


def _parse(data: bytes) -> Element:
    assert data.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    return fromstring(data)  # noqa: S314 (our own output, parsed to check its shape)


def test_junit_has_one_suite_per_run_and_one_case_per_scenario() -> None:
    root = _parse(junit.render(run(), FixtureTranslator("id")))
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert len(suites) == 1
    suite = suites[0]
    counts = {k: suite.get(k) for k in ("tests", "failures", "errors", "skipped")}
    assert counts == {"tests": "4", "failures": "1", "errors": "0", "skipped": "1"}
    assert {k: root.get(k) for k in counts} == counts
    assert suite.get("time") == "600.000"
    names = [case.get("name") for case in suite.findall("testcase")]
    assert names == [
        "PLP-01 Permohonan PLP diterima",
        "PLP-02 Persetujuan melalui polling",
        "PLP-04 Penolakan seluruh permohonan oleh Kasubsi",
        "PLP-06 Jawaban hilang setelah disimpan",
    ]
    properties = {p.get("name"): p.get("value") for p in suite.iter("property")}
    assert properties["protocol"] == "soap11"
    assert properties["quirk"] == "error_in_http_200"


def test_junit_failure_lists_only_the_failed_checks_with_expected_observed_rule() -> None:
    root = _parse(junit.render(run(failed()), FixtureTranslator("en")))
    case = root.find("testsuite/testcase")
    assert case is not None
    failure = case.find("failure")
    assert failure is not None
    assert failure.get("message") == "2 of 3 checks not met"
    text = failure.text or ""
    assert "expected: REF_NUMBER == TPKA2611250001" in text
    assert "observed: REF_NUMBER TPKA2611250002 at #2" in text
    assert "rule: TPS Online idempotency" in text
    assert "evidence: #1, #2" in text
    assert "expected: accepted" not in text  # the check that passed
    out = case.findtext("system-out") or ""
    assert "#1 2026-11-25T09:00:06+07:00 client UploadMohonPLP (submit) -> dropped" in out
    assert "fault: drop_after_commit" in out
    assert ENVELOPE in out  # the XML excerpt survives as text
    assert "bad\\x00byte" in out  # a byte XML cannot carry is shown, not written raw
    assert "DJBC quirk: error_in_http_200" in out


def test_junit_skips_a_scenario_never_started_and_errs_on_one_not_finished() -> None:
    report = run()
    running = replace(
        passed(), scenario=spec(9, "R1"), outcome=Outcome.RUNNING, checks=(), finished_at=None
    )
    both = replace(report, results=(*report.results, running))
    root = _parse(junit.render(both, FixtureTranslator("id")))
    cases = {c.get("name", "")[:6]: c for c in root.iter("testcase")}
    assert cases["PLP-04"].find("skipped") is not None
    assert cases["PLP-04"].find("system-out") is None  # nothing was observed
    assert [c.tag for c in cases["PLP-09"]] == ["error", "system-out"]
    assert cases["PLP-02"].find("failure") is None
    assert root.get("errors") == "1"
