"""The conformance tap reads what a message of any channel means (issue 17)."""

from __future__ import annotations

import json

from app.api.http import conformance_wire as wire
from app.domain.conformance.model import Action, Protocol

SOAP_UPLOAD = b"""<?xml version="1.0"?>
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>
<UploadMohonPLP xmlns="http://services.beacukai.go.id/"><fStream>&lt;DOCUMENT&gt;&lt;LOADPLP&gt;
&lt;HEADER&gt;&lt;KD_KANTOR&gt;040300&lt;/KD_KANTOR&gt;&lt;REF_NUMBER&gt;TPKA2612050001&lt;/REF_NUMBER&gt;
&lt;KD_TPS_ASAL&gt;TPKA&lt;/KD_TPS_ASAL&gt;&lt;NO_BC11&gt;001234&lt;/NO_BC11&gt;&lt;/HEADER&gt;
&lt;DETIL&gt;&lt;CONT&gt;&lt;NO_CONT&gt;MSKU1001373&lt;/NO_CONT&gt;&lt;/CONT&gt;
&lt;CONT&gt;&lt;NO_CONT&gt;TGHU1002113&lt;/NO_CONT&gt;&lt;/CONT&gt;&lt;/DETIL&gt;
&lt;/LOADPLP&gt;&lt;/DOCUMENT&gt;</fStream><Username>tpka</Username>
<Password>tpka-demo</Password></UploadMohonPLP></soap:Body></soap:Envelope>"""


def test_a_soap_upload_is_a_submission_with_its_ref_number_and_containers() -> None:
    read = wire.read("POST", wire.SOAP_PATH, "text/xml; charset=utf-8", "", SOAP_UPLOAD)

    assert (read.protocol, read.operation, read.action) == (
        Protocol.SOAP11,
        "UploadMohonPLP",
        Action.SUBMIT,
    )
    assert read.ref_number == "TPKA2612050001"
    assert read.containers == ("MSKU1001373", "TGHU1002113")
    assert read.details["kd_kantor"] == "040300" and read.details["no_bc11"] == "001234"
    assert wire.username(wire.SOAP_PATH, SOAP_UPLOAD, "text/xml") == "tpka"


def test_soap12_is_told_by_its_content_type() -> None:
    read = wire.read("POST", wire.SOAP_PATH, "application/soap+xml", "", SOAP_UPLOAD)
    assert read.protocol is Protocol.SOAP12


def test_h2h_and_rest_operations_map_to_the_same_actions() -> None:
    gate = {
        "header": {"refNumber": "R1"},
        "kontainer": [
            {"nomorKontainer": "MSKU1001373", "nomorSegelBc": "S1", "kodeDokumenInOut": "3"}
        ],
    }
    h2h = wire.read(
        "POST",
        "/h2h/v1/openapi-tpsonline/coarri-codeco-container",
        "application/json",
        "",
        json.dumps(gate).encode(),
    )
    rest = wire.read(
        "POST",
        "/api/v1/plp-requests",
        "application/json",
        "",
        json.dumps({"ref_number": "R2", "containers": [{"number": "TGHU1002113"}]}).encode(),
    )
    poll = wire.read("GET", "/api/v1/plp-requests", "", "status=APPROVED", b"")

    assert (h2h.protocol, h2h.action, h2h.ref_number) == (Protocol.H2H, Action.GATE_REPORT, "R1")
    assert h2h.containers == ("MSKU1001373",) and h2h.details["seals"] == "S1"
    assert h2h.details["kd_dok_inout"] == "3"
    assert (rest.action, rest.ref_number, rest.containers) == (
        Action.SUBMIT,
        "R2",
        ("TGHU1002113",),
    )
    assert poll.action is Action.POLL_RESPONSE


def test_the_packs_own_controls_are_not_observed() -> None:
    assert not wire.observed_path("/api/v1/conformance/runs")
    assert not wire.observed_path("/health/ready")
    assert wire.observed_path("/tps/service.asmx") and wire.observed_path("/h2h/v1/x")


def test_a_poll_answer_says_what_it_handed_over_or_that_it_was_empty() -> None:
    reply = b"<GetResponPLPResult>&lt;REF_NUMBER&gt;R9&lt;/REF_NUMBER&gt;</GetResponPLPResult>"
    empty = b"<GetResponPLPResult>Data tidak ditemukan</GetResponPLPResult>"

    handed = wire.delivered(Protocol.SOAP11, reply, destination=False)

    assert handed == ["R9"]
    assert wire.outcome(Action.POLL_RESPONSE, 200, wire.result_of(reply, 200), handed) == "accepted"
    assert wire.outcome(Action.POLL_RESPONSE, 200, wire.result_of(empty, 200), []) == "empty"
    assert wire.outcome(Action.SUBMIT, 200, "GAGAL 013", []) == "refused"
    assert wire.outcome(Action.SUBMIT, None, "", []) == "accepted"  # dropped after commit
    assert wire.outcome(Action.SUBMIT, 503, "", []) == "failed"


def test_credentials_never_reach_the_evidence() -> None:
    text = wire.masked(SOAP_UPLOAD.decode() + '{"password": "secret"}')
    assert "tpka-demo" not in text and "secret" not in text


def test_dates_and_gate_times_are_kept_as_iso_8601_whatever_the_wire_said() -> None:
    assert wire.iso_day("20261120") == "2026-11-20" == wire.iso_day("20-11-2026")
    assert wire.iso_moment("20261205103000") == "2026-12-05T10:30:00+07:00"
    assert wire.iso_moment("05-12-2026 10:30:00") == "2026-12-05T10:30:00+07:00"
    assert wire.iso_moment("2026-12-05T03:30:00+00:00") == "2026-12-05T03:30:00+00:00"
    assert wire.iso_moment("soon") == "soon"


def test_h2h_names_of_the_bc11_and_of_a_cancellations_reference_are_read() -> None:
    body = {"header": {"nomorBc11": "000123", "kodeKantor": "040300", "refNumber": "R1"}}
    read = wire.read(
        "POST",
        "/h2h/v1/openapi-tpsonline/permohonan-plp",
        "application/json",
        "",
        json.dumps(body).encode(),
    )
    answer = {"data": [{"header": {"referensiNomor": "B1", "nomorBatalPlp": "000001"}}]}

    assert read.details["no_bc11"] == "000123" and read.details["kd_kantor"] == "040300"
    assert wire.delivered(Protocol.H2H, json.dumps(answer).encode(), destination=False) == ["B1"]


def test_a_rest_submission_refused_on_arrival_is_a_refusal_and_side_names_the_poll() -> None:
    rejected = json.dumps({"status": "REJECTED", "findings": [{"rule": "E7"}]}).encode()
    result = wire.result_of(rejected, 201)
    cancellations = wire.read("GET", "/api/v1/plp-requests", "", "side=cancellation", b"")

    assert result == "REJECTED E7"
    assert wire.outcome(Action.SUBMIT, 201, result, []) == "refused"
    assert cancellations.action is Action.POLL_CANCELLATION
    assert wire.outcome(Action.POLL_RESPONSE, 200, "Gagal: tidak berhak", []) == "refused"
