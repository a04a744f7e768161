"""A run's report as JUnit XML, for the CI of a TPS vendor: one testsuite per run, one testcase
per scenario ("PLP-03 <title>").

A failed scenario carries a <failure> listing its failed checks (expected, observed, rule); a
scenario never started is <skipped>; one started and not finished is an <error>, so a CI job
never counts a half-run scenario as passed. The evidence goes to <system-out>.

Written with the standard library's ElementTree: lxml stays the SOAP channel's alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from xml.etree.ElementTree import Element, SubElement, indent, tostring

from app.adapters.conformance_report.texts import (
    check_text,
    moment,
    printable,
    run_quirks,
    seconds,
    title,
    values_of,
)
from app.adapters.i18n import Translator
from app.domain.conformance.model import Check, Observed, Outcome, RunReport, ScenarioResult

SUITE = "PLP Online conformance"
MEDIA_TYPE = "application/xml"


def render(report: RunReport, tr: Translator) -> bytes:
    counts = _counts(report.results)
    root = Element("testsuites", {"name": SUITE, **counts})
    duration = seconds(report.opened_at, report.finished_at)
    suite = SubElement(
        root,
        "testsuite",
        {
            "name": f"{SUITE} {report.protocol.value} {report.run_id}",
            "id": report.run_id,
            "timestamp": moment(report.opened_at),
            **counts,
            **({"time": f"{duration:.3f}"} if duration is not None else {}),
        },
    )
    properties = SubElement(suite, "properties")
    for name, value in _properties(report):
        SubElement(properties, "property", {"name": name, "value": printable(value)})
    for result in report.results:
        _testcase(suite, report, result, tr)
    indent(root)
    data: bytes = tostring(root, encoding="utf-8", xml_declaration=True)
    return data


def _counts(results: Iterable[ScenarioResult]) -> dict[str, str]:
    outcomes = [r.outcome for r in results]
    return {
        "tests": str(len(outcomes)),
        "failures": str(outcomes.count(Outcome.FAILED)),
        "errors": str(outcomes.count(Outcome.RUNNING)),
        "skipped": str(outcomes.count(Outcome.NOT_ATTEMPTED)),
    }


def _properties(report: RunReport) -> list[tuple[str, str]]:
    quirks = run_quirks(report)
    return [
        ("run", report.run_id),
        ("account", report.account),
        ("tps", report.tps),
        ("protocol", report.protocol.value),
        ("quirks", "on" if report.quirks else "off"),
        *(("quirk", name) for name in quirks),
    ]


def _testcase(suite: Element, report: RunReport, result: ScenarioResult, tr: Translator) -> None:
    spec, values = result.scenario, values_of(result)
    duration = seconds(result.started_at, result.finished_at)
    attributes = {
        "classname": f"conformance.{report.protocol.value}",
        "name": printable(f"{spec.id} {title(spec, tr, values)}"),
        **({"time": f"{duration:.3f}"} if duration is not None else {}),
    }
    case = SubElement(suite, "testcase", attributes)
    failed = [c for c in result.checks if not c.passed]
    if result.outcome is Outcome.FAILED:
        message = tr(
            "conformance_report.junit.failed", failed=len(failed), total=len(result.checks)
        )
        failure = SubElement(case, "failure", {"message": message, "type": spec.rule})
        failure.text = printable("\n\n".join(_check(c, tr, values) for c in failed) or message)
    elif result.outcome is Outcome.NOT_ATTEMPTED:
        SubElement(case, "skipped", {"message": tr("conformance_report.junit.not_attempted")})
    elif result.outcome is Outcome.RUNNING:
        SubElement(case, "error", {"message": tr("conformance_report.junit.running")})
    if result.messages or result.quirks:
        SubElement(case, "system-out").text = printable(_evidence(result))


def _check(check: Check, tr: Translator, values: dict[str, str]) -> str:
    evidence = ", ".join(f"#{seq}" for seq in check.evidence) or "-"
    return (
        f"{check_text(check, tr, values)}\n  expected: {check.expected}\n"
        f"  observed: {check.observed}\n  rule: {check.rule}\n  evidence: {evidence}"
    )


def _evidence(result: ScenarioResult) -> str:
    lines = [f"DJBC quirk: {name}" for name in result.quirks]
    lines += [_message(m) for m in result.messages]
    return "\n\n".join(lines)


def _message(m: Observed) -> str:
    status = "dropped" if m.status is None else str(m.status)
    head = (
        f"#{m.seq} {moment(m.at)} {m.direction.value} {m.operation} ({m.action.value}) "
        f"-> {status} {m.result}".rstrip()
    )
    extra = [f"  fault: {m.fault.value}"] if m.fault else []
    if m.ref_number:
        extra.append(f"  REF_NUMBER: {m.ref_number}")
    if m.containers:
        extra.append(f"  containers: {', '.join(m.containers)}")
    extra += [f"  {k}: {v}" for k, v in m.details.items()]
    if m.request:
        extra.append(f"  request: {m.request}")
    if m.reply:
        extra.append(f"  reply: {m.reply}")
    return "\n".join([head, *extra])
