"""Hostile input from our own OpenAPI: schemathesis generates requests for every operation,
valid and invalid, each sent as a demo account that may use the operation. No answer may be a
5xx or break the schema the OpenAPI promises. Bounded: a fixed number of examples per
operation, derandomized (the same cases on every CI run; PLP_FUZZ_SEED=random to explore)."""

from __future__ import annotations

import os
import time
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import checks
from schemathesis.specs.openapi import checks as openapi_checks

from tests.reporting import report
from tests.support import Api, make_api

EXAMPLES = int(os.environ.get("PLP_FUZZ_EXAMPLES", "15"))
BUDGET_SECONDS = 600  # a guard against a hang, far above a normal run (under a minute)
# Which demo account sends the cases of an operation: path fragment -> account (first match)
ACCOUNTS = [
    ("/api/v1/admin", "admin"),
    ("/api/v1/test", "admin"),
    ("/api/v1/simulation", "admin"),
    ("/recommendations/p2", "p2"),
    ("/recommendations/manifest", "manifest"),
    ("/follow-up", "manifest"),
    ("/decision", "kasubsi"),
    ("/origin-check", "supervisor-asal"),
    ("/destination-check", "supervisor-tujuan"),
    ("/investigation", "p2-section"),
    ("/api/v1/outages", "kasubsi"),
    ("/api/v1/manual-plps", "kasubsi"),
    ("/api/v1/reconciliations", "kasubsi"),
    ("/api/v1/offices", "kasubsi"),
    ("/api/v1/reports", "kasubsi"),
    ("", "tpka"),
]
# SOAP answers protocol errors with a Fault and HTTP 500, as SOAP 1.1 requires: its hostile
# input is the XML attack corpus (test_soap_attacks.py), not a JSON fuzzer.
SKIPPED = {"/tps/service.asmx"}
CHECKS = [checks.not_a_server_error, openapi_checks.response_schema_conformance]


def account_for(path: str) -> str:
    return next(name for fragment, name in ACCOUNTS if fragment in path)


def test_every_operation_survives_generated_input(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """On SQLite and PostgreSQL: column lengths and integer ranges differ between them."""
    with make_api(db_url) as client:
        api = Api(client)
        headers = {name: api.auth(name) for _, name in ACCOUNTS}
        schema = schemathesis.openapi.from_asgi("/openapi.json", client.app)
        tried, operations, failures, started = 0, 0, [], time.monotonic()
        for result in schema.get_all_operations():
            operation = result.ok()
            if operation.path in SKIPPED:
                continue
            if time.monotonic() - started > BUDGET_SECONDS:
                break
            operations += 1
            count, problems = _fuzz(operation, headers[account_for(operation.path)])
            tried += count
            failures += problems
    report(
        capsys, f"schemathesis: {tried} cases on {operations} operations, {len(failures)} failed"
    )
    assert not failures, "\n".join(sorted({f.splitlines()[0][:300] for f in failures}))
    assert time.monotonic() - started <= BUDGET_SECONDS, "the budget ran out: operations skipped"


def _fuzz(operation: Any, headers: dict[str, str]) -> tuple[int, list[str]]:
    seen = {"cases": 0}
    problems: list[str] = []

    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=os.environ.get("PLP_FUZZ_SEED") != "random",
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def run(case: Any) -> None:
        seen["cases"] += 1
        try:
            case.call_and_validate(headers=headers, checks=CHECKS)
        except (Exception, BaseExceptionGroup) as exc:  # all of them, in one report
            problems.append(f"{operation.method.upper()} {operation.path}: {exc}"[:2000])

    run()
    return seen["cases"], problems
