"""The mock TPS client's parts without a server: fStream documents, result strings read as
clients read them, signature checks and de-duplication in the callback receiver, scenarios."""

from __future__ import annotations

import hashlib
import hmac
import json
import time

import pytest
from lxml import etree

from app.adapters.http.push_sender import signature
from plp_mock_tps import documents as doc
from plp_mock_tps.goods import check_digit, container_number, wrong_check_digit
from plp_mock_tps.receiver import CallbackReceiver, verify_signature
from plp_mock_tps.scenario import builtin_scenarios, parse
from plp_mock_tps.soap import FLAVOURS, envelope

BODY = {
    "office_code": "040300", "ref_number": "TPKA0001", "letter_number": "L/1",
    "letter_date": "2026-11-25", "origin_tps": "TPKA", "origin_gudang": "TPKA",
    "destination_tps": "CFSB", "destination_gudang": "CFB1", "reason": "YOR_SOR",
    "yor_origin": 72.0, "bc11_number": "001234", "bc11_date": "2026-11-20",
    "applicant_name": "BUDI & SONS", "containers": [{"number": "MSKU1001373", "size": "20"}],
}  # fmt: skip


def test_loadplp_reads_like_a_real_client_builds_it() -> None:
    root = etree.fromstring(doc.loadplp(BODY).encode())
    ns = {"d": "loadplp.xsd"}
    assert root.findtext(".//d:KD_ALASAN_PLP", namespaces=ns) == "1"
    assert root.findtext(".//d:YOR_ASAL", namespaces=ns) == "72"
    assert root.findtext(".//d:TGL_BC11", namespaces=ns) == "20261120"
    assert root.findtext(".//d:NM_PEMOHON", namespaces=ns) == "BUDI & SONS"
    assert root.find(".//d:CALL_SIGN", namespaces=ns) is not None  # empty, not left out


def test_results_are_read_as_clients_read_them() -> None:
    gagal = (
        '<?xml version="1.0"?><DOCUMENT><GAGAL><KD_RES>103,105</KD_RES><RINCIAN><ALASAN>'
        "<ATURAN>E3</ATURAN></ALASAN><ALASAN><ATURAN>E5</ATURAN></ALASAN></RINCIAN>"
        "</GAGAL></DOCUMENT>"
    )
    bare = "<DOCUMENT><GAGAL><KD_RES>040</KD_RES></GAGAL></DOCUMENT>"
    assert doc.upload_result("Proses Berhasil TPKA0001").accepted
    assert doc.upload_result(gagal).rules == ["E3", "E5"]
    assert doc.upload_result(bare).rules == ["F2"]
    assert doc.gate_result("Proses Berhasil REF A;Proses Berhasil REF B").accepted
    refused = doc.gate_result("Gagal Insert REF A KD_RES 132 M2: not released")
    assert (refused.accepted, refused.rules) == (False, ["M2"])
    assert doc.responplp("Data tidak ditemukan") is None


@pytest.mark.parametrize("flavour", sorted(FLAVOURS))
def test_every_flavour_writes_the_operation_in_the_services_namespace(flavour: str) -> None:
    text = envelope(
        FLAVOURS[flavour], "UploadMohonPLP", [("fStream", "<a>&</a>"), ("Username", "u")]
    )
    root = etree.fromstring(text.encode())
    op = root[0][0]
    assert op.tag == "{http://services.beacukai.go.id/}UploadMohonPLP"
    assert op[0].tag == "{http://services.beacukai.go.id/}fStream" and op[0].text == "<a>&</a>"


def test_container_numbers_follow_iso_6346() -> None:
    assert check_digit("CSQU305438") == "3"
    number = container_number("MCK", 42)
    assert check_digit(number[:10]) == number[10]
    assert check_digit(number[:10]) != wrong_check_digit(number)[10]


def test_the_receiver_checks_signatures_and_keeps_each_event_once() -> None:
    receiver = CallbackReceiver(secrets={"tpka": "whsec_x"})
    body = json.dumps({"id": "e1", "type": "decision", "data": {}}).encode()
    stamp = str(int(time.time()))
    headers = {
        "X-PLP-Event-Id": "e1", "X-PLP-Event-Type": "decision", "X-PLP-Timestamp": stamp,
        "X-PLP-Signature": signature("whsec_x", stamp, body),
    }  # fmt: skip
    assert receiver.accept("tpka", headers, body) and receiver.accept("tpka", headers, body)
    assert not receiver.accept("tpka", headers | {"X-PLP-Signature": "v1=00"}, body)
    assert (len(receiver.events), receiver.duplicates, receiver.invalid) == (1, 1, 1)
    stale = headers | {"X-PLP-Timestamp": str(int(time.time()) - 3600)}
    stale["X-PLP-Signature"] = signature("whsec_x", stale["X-PLP-Timestamp"], body)
    assert not verify_signature("whsec_x", stale, body)
    mac = hmac.new(b"whsec_x", stamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    assert headers["X-PLP-Signature"] == f"v1={mac}"


def test_builtin_scenarios_cover_each_reason_rule_and_gate() -> None:
    names = {s.name for s in builtin_scenarios()}
    reasons = ["yor-sor", "no-lcl-space", "special-facility", "excise-ribbon"]
    reasons += ["master-consolidation", "stagnation", "ff-master-awb", "rush-handling", "postal"]
    rules = ["e1", "e2", "e3", "e4", "e5", "e6", "a1", "a2"]
    assert {f"happy-{r}" for r in reasons} <= names
    assert {f"reject-{r}" for r in rules} <= names
    assert {"cancellation", "mismatch-origin", "mismatch-destination"} <= names
    assert "outage-during-procedure" in names
    assert {"happy-e2-reused-container", "reject-r5-no-lcl-space"} <= names


def test_r5_a_scenario_needing_the_judgement_letter_runs_over_rest_only() -> None:
    by_name = {s.name: s for s in builtin_scenarios()}
    only_rest = parse({"name": "x", "protocols": ["rest"], "steps": []})

    assert only_rest.runs_over("rest") and not only_rest.runs_over("soap:java")
    assert by_name["happy-stagnation"].protocols == ("rest",)
    assert by_name["reject-r5-no-lcl-space"].runs_over("soap")


def test_a_step_names_exactly_one_kind() -> None:
    with pytest.raises(ValueError, match="exactly one"):
        parse({"name": "x", "steps": [{"submit": {}, "gate_out": {}}]})
