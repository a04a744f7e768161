"""A run's report as a JSON-ready dict, the one a vendor's CI reads.

The shape is stable (`SCHEMA` names its version; fields are only ever added): the run, summary
counts per outcome, then per scenario its texts, outcome, checks and the evidence messages in
the order they happened, and the DJBC quirks reproduced. Texts follow the translator's
language; keys, rule IDs and wire names do not, so a program keys on them.
"""

from __future__ import annotations

from typing import Any

from app.adapters.conformance_report.texts import (
    check_text,
    client_part,
    moment,
    not_listed,
    outcome_name,
    quirk_text,
    run_quirks,
    seconds,
    simulator_part,
    title,
    values_of,
)
from app.adapters.i18n import Translator
from app.domain.conformance.model import (
    Check,
    Observed,
    Outcome,
    Protocol,
    RunReport,
    ScenarioResult,
)

SCHEMA = "plp-online/conformance-report/1"


def render(report: RunReport, tr: Translator) -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "language": tr.language,
        "run": {
            "id": report.run_id,
            "account": report.account,
            "tps": report.tps,
            "protocol": report.protocol.value,
            "quirks": report.quirks,
            "opened_at": moment(report.opened_at),
            "finished_at": moment(report.finished_at) or None,
        },
        "summary": summary(report),
        "quirks": [_quirk(name, tr) for name in run_quirks(report)],
        "scenarios": [_scenario(result, tr) for result in report.results],
        "not_listed": [
            {
                "id": spec.id,
                "title": title(spec, tr),
                "protocols": [p.value for p in Protocol if p in spec.protocols],
                "quirks_only": spec.quirks_only,
                "reason": reason,
            }
            for spec, reason in not_listed(report, tr)
        ],
    }


def summary(report: RunReport) -> dict[str, int]:
    counts = {outcome.value: report.count(outcome) for outcome in Outcome}
    return {"total": len(report.results), **counts}


def _scenario(result: ScenarioResult, tr: Translator) -> dict[str, Any]:
    spec, values = result.scenario, values_of(result)
    return {
        "id": spec.id,
        "title": title(spec, tr, values),
        "simulator": simulator_part(spec, tr, values),
        "client": client_part(spec, tr, values),
        "rule": spec.rule,
        "faults": [fault.value for fault in spec.faults],
        "params": dict(spec.params),
        "outcome": result.outcome.value,
        "outcome_text": outcome_name(result.outcome, tr),
        "started_at": moment(result.started_at) or None,
        "finished_at": moment(result.finished_at) or None,
        "duration_seconds": seconds(result.started_at, result.finished_at),
        "data": dict(result.data),
        "checks": [_check(check, tr, values) for check in result.checks],
        "messages": [message(m) for m in result.messages],
        "quirks": [_quirk(name, tr) for name in result.quirks],
    }


def _check(check: Check, tr: Translator, values: dict[str, str]) -> dict[str, Any]:
    return {
        "key": check.key,
        "text": check_text(check, tr, values),
        "passed": check.passed,
        "expected": check.expected,
        "observed": check.observed,
        "rule": check.rule,
        "evidence": list(check.evidence),
    }


def message(m: Observed) -> dict[str, Any]:
    """One evidence message, every field kept (None where the exchange had no such thing)."""
    return {
        "seq": m.seq,
        "at": moment(m.at),
        "direction": m.direction.value,
        "protocol": m.protocol.value,
        "operation": m.operation,
        "action": m.action.value,
        "ref_number": m.ref_number,
        "containers": list(m.containers),
        "status": m.status,
        "result": m.result,
        "fault": m.fault.value if m.fault else None,
        "request": m.request,
        "reply": m.reply,
        "details": dict(m.details),
    }


def _quirk(name: str, tr: Translator) -> dict[str, str]:
    return {"name": name, "text": quirk_text(name, tr)}
