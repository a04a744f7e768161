"""The conformance tap on the SOAP service (issue 17), in process: the evidence of a running
scenario, and the faults its scenario calls for (503, a truncated or malformed reply, a
response delivered twice)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from lxml import etree

from app.domain.conformance.model import Fault
from app.domain.services import conformance_runs
from tests.integration.soap.soap_support import loadplp, post
from tests.support import Api

RUNS = "/api/v1/conformance/runs"
LOGIN = [("Username", "tpka"), ("Password", "tpka-demo")]


def run_with(api: Api, scenario: str, protocol: str = "soap11") -> tuple[str, dict[str, str]]:
    run = api.post(RUNS, "tpka", {"protocol": protocol}).json()
    started = api.post(f"{RUNS}/{run['id']}/scenarios/{scenario}/start", "tpka")
    assert started.status_code == 200, started.text
    return run["id"], started.json()["data"]


def ymd(iso: str) -> str:
    return date.fromisoformat(iso).strftime("%Y%m%d")


def upload(api: Api, data: dict[str, str], ref: str) -> Any:
    doc = loadplp(
        ref,
        list(zip(data["containers"].split(","), data["container_sizes"].split(","), strict=True)),
        origin=data["origin_tps"],
        origin_gudang=data["origin_gudang"],
        destination=data["destination_tps"],
        destination_gudang=data["destination_gudang"],
        reason=data["reason_code"],
        office=data["office"],
        bc11=(data["bc11_number"], ymd(data["bc11_date"])),
        yor=data["yor_origin"],
    )
    return post(api.client, "UploadMohonPLP", [("fStream", doc), *LOGIN])


def poll(api: Api) -> Any:
    return post(api.client, "GetResponPLP", [*LOGIN, ("Kd_asp", "TPKA")])


def well_formed(body: bytes) -> bool:
    try:
        etree.fromstring(body)
    except etree.XMLSyntaxError:
        return False
    return True


def evidence(api: Api, run: str, scenario: str) -> list[dict[str, Any]]:
    report = api.get(f"{RUNS}/{run}/report.json", "tpka").json()
    return next(s for s in report["scenarios"] if s["id"] == scenario)["messages"]


def test_plp07_the_first_submission_gets_a_503_and_the_retry_is_accepted(api: Api) -> None:
    run, data = run_with(api, "PLP-07")
    ref = f"TPKA{data['bc11_number']}07"

    first = upload(api, data, ref)
    retry = upload(api, data, ref)

    assert first.status_code == 503 and first.headers["retry-after"]
    assert retry.status_code == 200 and "GAGAL" not in retry.text.upper(), retry.text
    kept = evidence(api, run, "PLP-07")
    assert [(m["action"], m["fault"], m["details"]["outcome"]) for m in kept] == [
        ("submit", "unavailable", "failed"),
        ("submit", None, "accepted"),
    ]
    assert "tpka-demo" not in str(kept)


def test_plp13_the_approval_is_delivered_twice_then_nothing(api: Api) -> None:
    run, data = run_with(api, "PLP-13")
    ref = f"TPKA{data['bc11_number']}13"
    assert upload(api, data, ref).status_code == 200

    first, again, then = poll(api), poll(api), poll(api)

    assert ref in first.text and again.content == first.content
    assert "Data tidak ditemukan" in then.text
    kept = [m for m in evidence(api, run, "PLP-13") if m["action"] == "poll_response"]
    assert [m["fault"] for m in kept] == [None, "duplicate_delivery", None]
    assert kept[0]["details"]["delivered"] == ref and kept[2]["details"]["outcome"] == "empty"


def test_plp05_the_reply_carrying_the_approval_is_cut_short(api: Api) -> None:
    run, data = run_with(api, "PLP-05")
    ref = f"TPKA{data['bc11_number']}05"
    assert upload(api, data, ref).status_code == 200

    cut = poll(api)
    on_demand = post(
        api.client, "GetResponPlp_onDemands", [*LOGIN, ("No_Plp", ""), ("RefNumber", ref)]
    )

    assert cut.status_code == 200 and not well_formed(cut.content)
    assert int(cut.headers["content-length"]) == len(cut.content)
    kept = evidence(api, run, "PLP-05")
    assert [m["fault"] for m in kept if m["action"] == "poll_response"] == ["truncated_reply"]
    assert on_demand.status_code == 200


def test_a_malformed_reply_is_broken_xml_of_the_declared_length(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    run, _ = run_with(api, "PLP-01")
    monkeypatch.setattr(conformance_runs, "fault_for", lambda *_: Fault.MALFORMED_REPLY)

    broken = poll(api)

    assert broken.status_code == 200 and not well_formed(broken.content)
    assert int(broken.headers["content-length"]) == len(broken.content)
    assert evidence(api, run, "PLP-01")[0]["fault"] == "malformed_reply"


def test_messages_of_other_accounts_and_outside_a_window_are_not_evidence(api: Api) -> None:
    run, _ = run_with(api, "PLP-01")
    post(api.client, "GetResponPLP", [("Username", "cfsb"), ("Password", "cfsb-demo")])
    api.post(f"{RUNS}/{run}/scenarios/PLP-01/finish", "tpka")
    poll(api)

    assert evidence(api, run, "PLP-01") == []
