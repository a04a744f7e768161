"""What the mock client prints and writes after a run: the load summary as a table, the load
thresholds that decide the exit code, and JUnit XML of scenario runs for CI."""

from __future__ import annotations

from typing import Any
from xml.etree import ElementTree as ET

from plp_mock_tps.runner import ScenarioResult


def load_table(summary: dict[str, Any]) -> str:
    """The load summary (`LoadResult.as_dict()`) for a terminal; the JSON stays for --json."""
    s = summary
    rows = {**s["by_operation"], "all": {"count": s["requests"], **s["latency_ms"]}}
    width = max(len(op) for op in rows)
    lines = [
        f"{s['clients']} clients over {s['protocol']}, {s['seconds']:.1f}s: "
        f"{s['iterations']} iterations, {s['requests']} requests, {s['throughput_rps']} req/s",
        "",
        f"{'operation':{width}} {'count':>7}"
        + "".join(f" {q + ' ms':>9}" for q in ("p50", "p95", "p99", "max")),
    ]
    for op, r in rows.items():
        lines.append(
            f"{op:{width}} {r['count']:>7} {r['p50']:>9.1f} {r['p95']:>9.1f} {r['p99']:>9.1f} "
            f"{r['max']:>9.1f}"
        )
    lines += ["", f"expected rejections: {s['expected_rejections']}"]
    if s.get("load_run"):  # issue 16.11
        lines.append(f"load run: {s['load_run']} (left out of the monthly report)")
    lines.append(f"unexpected errors: {s['unexpected_errors']}")
    lines += [f"  {n:>5}  {kind}" for kind, n in sorted(s["errors"].items(), key=lambda e: -e[1])]
    return "\n".join(lines)


def load_breaches(summary: dict[str, Any], max_p95_ms: float | None, max_errors: int) -> list[str]:
    """The thresholds the run broke; any makes the exit code 1."""
    broken = []
    p95 = summary["latency_ms"]["p95"]
    if max_p95_ms is not None and p95 > max_p95_ms:
        broken.append(f"p95 {p95} ms over --max-p95-ms {max_p95_ms}")
    if summary["unexpected_errors"] > max_errors:
        broken.append(
            f"{summary['unexpected_errors']} unexpected errors over --max-errors {max_errors}"
        )
    return broken


def junit_xml(results: list[ScenarioResult], accepted: tuple[str, ...] = ("passed",)) -> str:
    """One testcase per scenario run; a stop at an officer step is a skip unless accepted."""
    suite = ET.Element(
        "testsuite",
        name="plp-mock-tps",
        tests=str(len(results)),
        failures=str(sum(r.outcome == "failed" for r in results)),
        skipped=str(sum(r.outcome == "stopped" and r.outcome not in accepted for r in results)),
        time=f"{sum(r.seconds for r in results):.3f}",
    )
    for r in results:
        case = ET.SubElement(
            suite, "testcase", classname=r.protocol, name=r.scenario, time=f"{r.seconds:.3f}"
        )
        bad = [s for s in r.steps if not s.ok]
        detail = "\n".join(
            f"step {s.index + 1} {s.label}: {s.note}\n  expected {s.expected}, got {s.got}"
            for s in bad
        )
        if r.outcome == "failed":
            message = bad[0].note if bad else "failed"
            ET.SubElement(case, "failure", message=message).text = detail
        elif r.outcome not in accepted:
            at = r.stopped_at
            where = f"step {at + 1}" if at is not None else "an officer step"
            ET.SubElement(case, "skipped", message=f"stopped at {where}, left to an officer")
    return ET.tostring(suite, encoding="unicode", xml_declaration=True)
