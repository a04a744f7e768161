"""A conformance run's report as a JSON document, shared by the REST route and the CLI."""

from __future__ import annotations

from typing import Any

from app.adapters.i18n import Translator
from app.domain.conformance.model import Check, Observed, RunReport


def check_document(c: Check, tr: Translator) -> dict[str, Any]:
    return {
        "key": c.key,
        "text": tr(c.key),
        "passed": c.passed,
        "expected": c.expected,
        "observed": c.observed,
        "rule": c.rule,
        "evidence": list(c.evidence),
    }


def message_document(m: Observed) -> dict[str, Any]:
    return {
        "seq": m.seq,
        "at": m.at.isoformat(),
        "direction": m.direction.value,
        "protocol": m.protocol.value,
        "operation": m.operation,
        "action": m.action.value,
        "ref_number": m.ref_number,
        "containers": list(m.containers),
        "status": m.status,
        "result": m.result,
        "fault": m.fault.value if m.fault else None,
        "details": dict(m.details),
    }


def report_document(report: RunReport, tr: Translator) -> dict[str, Any]:
    return {
        "run": report.run_id,
        "account": report.account,
        "tps": report.tps,
        "protocol": report.protocol.value,
        "quirks": report.quirks,
        "opened_at": report.opened_at.isoformat(),
        "finished_at": report.finished_at.isoformat() if report.finished_at else None,
        "summary": {o.value: report.count(o) for o in {r.outcome for r in report.results}},
        "scenarios": [
            {
                "id": r.scenario.id,
                "title": tr(f"{r.scenario.key}.title"),
                "rule": r.scenario.rule,
                "outcome": r.outcome.value,
                "started_at": r.started_at.isoformat() if r.started_at else None,
                "finished_at": r.finished_at.isoformat() if r.finished_at else None,
                "data": dict(r.data),
                "quirks": list(r.quirks),
                "checks": [check_document(c, tr) for c in r.checks],
                "messages": [message_document(m) for m in r.messages],
            }
            for r in report.results
        ],
    }
