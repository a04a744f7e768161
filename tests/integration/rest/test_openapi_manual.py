"""The OpenAPI document reads as a manual: tags in the order of the procedure, each operation
with who may call it and the rules it enforces, and examples that work as they are."""

from __future__ import annotations

from typing import Any

import pytest

from app.api.http import tags
from app.api.rest import openapi_manual as manual
from tests.integration.rest.test_manual_procedure import go_manual
from tests.support import Api, plp_body

P = "/api/v1/plp-requests/{request_id}"


@pytest.fixture
def spec(api: Api) -> dict[str, Any]:
    document: dict[str, Any] = api.client.get("/openapi.json").json()
    return document


def operations(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(m, p, op) for p, item in spec["paths"].items() for m, op in item.items()]


def test_docs_tags_follow_the_procedure(spec: dict[str, Any]) -> None:
    declared = [t["name"] for t in spec["tags"]]

    positions = [declared.index(t) for t in tags.PROCEDURE]
    assert positions == sorted(positions)
    assert declared[0] == tags.AUTH  # log in first
    assert (
        declared.index(tags.SUBMISSION)
        < declared.index(tags.QUEUES)
        < declared.index(tags.RESEARCH)
    )
    used = {t for _, _, op in operations(spec) for t in op.get("tags", [])}
    assert set(tags.PROCEDURE) <= used


def test_docs_every_operation_says_who_may_call_it_and_which_rules_it_enforces(
    spec: dict[str, Any],
) -> None:
    ours = {tags.AUTH, tags.QUEUES, tags.LEGACY, *tags.PROCEDURE}
    checked = 0
    for method, path, op in operations(spec):
        if not ours & set(op.get("tags", [])):
            continue  # another team's section documents itself
        checked += 1
        assert op.get("x-roles"), (method, path)
        assert op["description"].lower().startswith(("**role", "**any role", "**anyone")), path
        assert set(op["x-rules"]) <= set(manual.RULES), path
        for rule in op["x-rules"]:
            assert f"**{rule}** {manual.RULES[rule]}" in op["description"]
        if set(op["tags"]) & {tags.SUBMISSION, tags.RESEARCH, tags.DECISION} and method == "post":
            assert op["x-rules"], (method, path)
    assert checked >= 50


def test_docs_manual_table_names_only_operations_that_exist(spec: dict[str, Any]) -> None:
    present = {(m, p) for m, p, _ in operations(spec)}

    assert set(manual.OPERATIONS) - present == set()


def test_docs_introduction_lists_every_rule(spec: dict[str, Any]) -> None:
    text = spec["info"]["description"]

    for rule, meaning in manual.RULES.items():
        assert f"**{rule}** {meaning}" in text
    assert "/dashboard" in text


def _examples(spec: dict[str, Any], method: str, path: str) -> dict[str, Any]:
    content = spec["paths"][path][method]["requestBody"]["content"]["application/json"]
    return {name: ex["value"] for name, ex in content["examples"].items()}


def test_docs_submission_examples_work_as_they_are(api: Api, spec: dict[str, Any]) -> None:
    found = _examples(spec, "post", "/api/v1/plp-requests")

    replies = {name: api.post("/api/v1/plp-requests", "tpka", body) for name, body in found.items()}
    again = api.post("/api/v1/plp-requests", "tpka", found["containers_yor"])

    assert {n: r.status_code for n, r in replies.items()} == dict.fromkeys(found, 201)
    statuses = {n: r.json()["status"] for n, r in replies.items()}
    assert statuses == {
        "containers_yor": "IN_REVIEW",
        "packages_lcl": "IN_REVIEW",
        "stagnation": "IN_REVIEW",
        "rejected_e3": "REJECTED",
    }
    stagnation = api.get(f"/api/v1/plp-requests/{replies['stagnation'].json()['id']}", "p2")
    assert [a["passed"] for a in stagnation.json()["research_aids"]] == [True, True]  # R5
    assert [f["rule"] for f in replies["rejected_e3"].json()["findings"]] == ["E3"]
    assert replies["containers_yor"].json()["required_recommendations"] == ["manifest", "p2"]
    assert again.status_code == 200
    assert again.headers["Idempotent-Replayed"] == "true"


def _do(api: Api, spec: dict[str, Any], rid: str, step: str, example: str, who: str) -> Any:
    body = _examples(spec, "post", f"{P}/{step}")[example]
    r = api.post(f"/api/v1/plp-requests/{rid}/{step}", who, body)
    assert r.status_code == 200, (step, example, r.text)
    return r.json()


def test_docs_procedure_examples_work_as_they_are(api: Api, spec: dict[str, Any]) -> None:
    yor = _examples(spec, "post", "/api/v1/plp-requests")["containers_yor"]
    rid = api.post("/api/v1/plp-requests", "tpka", yor).json()["id"]

    def do(step: str, example: str, who: str) -> Any:
        fresh = api.client.get("/openapi.json").json()  # gate times follow the fetch
        return _do(api, fresh, rid, step, example, who)

    do("recommendations/manifest", "approve", "manifest")
    do("recommendations/p2", "approve", "p2")
    assert do("decision", "approve", "kasubsi")["status"] == "APPROVED"
    assert do("origin-check", "mismatch", "supervisor-asal")["status"] == "RELEASE_REFUSED"
    do("origin-check/follow-up", "settled", "manifest")
    assert do("origin-check", "match", "supervisor-asal")["status"] == "RELEASED"
    assert do("gate-out", "now", "tpka")["status"] == "GATED_OUT"
    assert do("destination-check", "discrepancy", "supervisor-tujuan")["status"] == "DISCREPANCY"
    assert do("investigation", "closed", "p2-section")["status"] == "ENTERED"
    assert do("gate-in", "now", "cfsb")["status"] == "GATED_IN"


def test_docs_other_decision_and_cancellation_examples_work(api: Api, spec: dict[str, Any]) -> None:
    first = api.submit().json()["id"]  # two containers
    second = api.submit(containers=[{"number": "CSQU1001743", "size": "20"}]).json()["id"]
    for rid in (first, second):
        _do(api, spec, rid, "recommendations/manifest", "reject", "manifest")

    partly = _do(api, spec, first, "decision", "approve_partly", "kasubsi")
    rejected = _do(api, spec, second, "decision", "reject", "kasubsi")
    asked = _do(api, spec, first, "cancellation", "whole", "tpka")
    number = asked["cancellation"]["number"]
    refusal = _examples(spec, "post", f"{P}/cancellations/{{number}}/decision")["refuse"]
    decision = f"/api/v1/plp-requests/{first}/cancellations/{number}/decision"
    refused = api.post(decision, "kasubsi", refusal)

    assert [ln["approved"] for ln in partly["lines"]] == [True, False]
    assert rejected["status"] == "REJECTED"
    assert asked["status"] == "APPROVED" and asked["cancellation"]["state"] == "PENDING"  # L1
    assert refused.status_code == 200 and refused.json()["status"] == "APPROVED"
    assert plp_body()["containers"][1]["number"] == partly["lines"][1]["container_number"]


def test_docs_outage_example_works_as_it_is(api: Api, spec: dict[str, Any]) -> None:
    body = _examples(spec, "post", "/api/v1/outages")["now"]

    assert api.post("/api/v1/outages", "kasubsi", body).status_code == 201


def _url(spec: dict[str, Any], method: str, path: str) -> str:
    """The path with every parameter as its example: what try-it-out sends."""
    for parameter in spec["paths"][path][method].get("parameters", []):
        if parameter["in"] == "path" and "example" in parameter:
            path = path.replace(f"{{{parameter['name']}}}", str(parameter["example"]))
    return path


ADMIN_STEPS = [  # in an order that works on a fresh demo database
    ("post", "/api/v1/admin/refdata"),
    ("put", "/api/v1/admin/offices/{code}"),
    ("put", "/api/v1/admin/tps/{code}"),
    ("post", "/api/v1/admin/manifests"),
    ("post", "/api/v1/admin/declarations"),
    ("post", "/api/v1/admin/accounts"),
    ("put", "/api/v1/admin/accounts/{username}/active"),
    ("put", "/api/v1/offices/{office_code}/closed-days/{day}"),
    ("post", "/api/v1/test/clock/advance"),
    ("put", "/api/v1/test/clock"),
]


def test_docs_admin_examples_work_as_they_are(api: Api, spec: dict[str, Any]) -> None:
    for method, path in ADMIN_STEPS:
        body = next(iter(_examples(spec, method, path).values()))
        r = api.client.request(
            method.upper(), _url(spec, method, path), json=body, headers=api.auth("admin")
        )
        assert r.status_code in (200, 201, 204), (path, r.text)


def test_docs_report_parameters_name_last_month(api: Api, spec: dict[str, Any]) -> None:
    path = "/api/v1/reports/monthly/{office_code}/{month}"

    url = _url(spec, "get", path)

    assert url == "/api/v1/reports/monthly/040300/2026-10"  # test time: November 2026
    assert api.get(url, "kasubsi").status_code == 200
    chart = _url(spec, "get", f"{path}/charts/{{chart}}").replace("{chart}", "decision-times")
    assert api.get(chart, "kasubsi").status_code == 200


def test_docs_f2_paper_plp_examples_work_in_the_manual_procedure(api: Api) -> None:
    go_manual(api)
    fresh = api.client.get("/openapi.json").json()  # received a minute before it was fetched
    found = _examples(fresh, "post", "/api/v1/manual-plps")

    received = api.post("/api/v1/manual-plps", "manifest", found["received"])
    approved = api.post("/api/v1/manual-plps", "kasubsi", found["approved"])

    assert (received.status_code, approved.status_code) == (201, 201), approved.text
    assert approved.json()["decision"]["approved"] is True
