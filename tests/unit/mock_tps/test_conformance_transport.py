"""Each conformance wire against a scripted HTTP transport (httpx.MockTransport): the faults a
scenario injects reach the client as the errors it tells apart, and its messages carry what
the pack grades (REF_NUMBER, KD_DOK/KD_DOK_INOUT, customs seals, WK_INOUT with its zone)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, date, datetime

import httpx
import pytest

from plp_mock_tps.conformance.h2h_wire import H2hWire
from plp_mock_tps.conformance.rest_wire import RestWire
from plp_mock_tps.conformance.soap_wire import SoapWire
from plp_mock_tps.conformance.wire import (
    Container,
    GarbledError,
    GateReport,
    Goods,
    Line,
    LostError,
    Response,
    Submission,
    UnavailableError,
)
from plp_mock_tps.connection import Connection

GOODS = Goods(
    office="040300", tps="TPKA", gudang="TPKA", destination_tps="CFSB",
    destination_gudang="CFB1", bc11_number="001234", bc11_date=date(2026, 11, 20),
    vessel="MV TEST", voyage="001", call_sign="9VTST", arrival_date=date(2026, 11, 19),
    containers=(Container("MSKU1001373", "20"),), seals={"MSKU1001373": ("BC0001",)},
)  # fmt: skip
PLP = Submission(GOODS, "TPKA0123456789AB", date(2026, 11, 25))
AT = datetime(2026, 11, 25, 2, 30, tzinfo=UTC)  # 09:30 WIB
LINE = Line("MSKU1001373", "20", True)
APPROVED = Response("TPKA0123456789AB", "000123", date(2026, 11, 25), (LINE,))
REPORT = GateReport(
    False, "TPKA", "TPKA", "TPKAOUT1", APPROVED, AT, APPROVED.lines,
    {"MSKU1001373": ("BC0001",)}, "040300",
)  # fmt: skip
Handler = Callable[[httpx.Request], httpx.Response]


def connection(handler: Handler, sent: list[httpx.Request]) -> Connection:
    def record(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return handler(request)

    client = httpx.Client(base_url="http://sim", transport=httpx.MockTransport(record))
    return Connection("http://sim", client=client)


def soap(result: str, operation: str = "UploadMohonPLP") -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?><soap:Envelope '
        'xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>'
        f'<{operation}Response xmlns="http://services.beacukai.go.id/"><{operation}Result>'
        f"{result}</{operation}Result></{operation}Response></soap:Body></soap:Envelope>"
    ).encode()


def by_operation(request: httpx.Request) -> httpx.Response:
    """`Proses Berhasil` for whichever operation was called."""
    body = request.content.decode()
    operation = "CoarriCodeco_Container" if "CoarriCodeco" in body else "UploadMohonPLP"
    return httpx.Response(200, content=soap("Proses Berhasil X", operation))


def test_soap_faults_reach_the_client_as_lost_unavailable_and_garbled() -> None:
    answers = iter(
        [
            httpx.Response(503, headers={"Retry-After": "2"}),
            httpx.Response(200, content=soap("Proses Berhasil X")[:120]),
        ]
    )
    wire = SoapWire(connection(lambda r: next(answers), []), "tpka", "TPKA", soap12=False)

    with pytest.raises(UnavailableError) as refused:
        wire.submit(PLP)
    assert refused.value.retry_after == 2
    with pytest.raises(GarbledError):
        wire.submit(PLP)

    def drop(request: httpx.Request) -> httpx.Response:
        raise httpx.RemoteProtocolError("peer closed connection", request=request)

    with pytest.raises(LostError):
        SoapWire(connection(drop, []), "tpka", "TPKA", soap12=True).submit(PLP)


def test_soap_12_and_11_envelopes_and_the_gate_report_without_a_carrier_seal() -> None:
    sent: list[httpx.Request] = []
    conn = connection(by_operation, sent)
    assert SoapWire(conn, "tpka", "TPKA", soap12=True).submit(PLP).accepted
    SoapWire(conn, "tpka", "TPKA", soap12=False).gate(REPORT)

    assert sent[0].headers["content-type"].startswith("application/soap+xml")
    gate = sent[1].content.decode()
    assert (
        sent[1].headers["SOAPAction"] == '"http://services.beacukai.go.id/CoarriCodeco_Container"'
    )
    for part in ("KD_DOK&gt;3&lt;", "KD_DOK_INOUT&gt;3&lt;", "NO_SEGEL_BC&gt;BC0001&lt;"):
        assert part in gate
    assert "WK_INOUT&gt;20261125093000&lt;" in gate and "NO_SEGEL/&gt;" in gate


def test_rest_gate_reports_state_codes_seals_and_a_zoned_time() -> None:
    sent: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/api/v1/auth/token":
            return httpx.Response(200, json={"access_token": "t"})
        return httpx.Response(204)

    RestWire(connection(answer, sent), "tpka", "TPKA").gate(REPORT)

    body = json.loads(sent[-1].content)
    assert sent[-1].url.path == "/api/v1/gate-reports"
    assert (body["kd_dok"], body["ref_number"]) == ("3", "TPKAOUT1")
    [item] = body["items"]
    assert (item["container"], item["kd_dok_inout"], item["document_number"]) == (
        "MSKU1001373",
        "3",
        "000123",
    )
    assert item["seal_numbers"] == ["BC0001"] and item["at"] == AT.isoformat()


def test_rest_polls_the_awaited_reference_among_the_decided_only() -> None:
    sent: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/api/v1/auth/token":
            return httpx.Response(200, json={"access_token": "t"})
        return httpx.Response(200, json={"items": []})

    assert RestWire(connection(answer, sent), "tpka", "TPKA").poll("TPKA0123456789AB") == []

    query = sent[-1].url.params
    assert query["ref_number"] == "TPKA0123456789AB"
    assert "IN_REVIEW" not in query.get_list("status") and "APPROVED" in query.get_list("status")


def test_h2h_logs_in_again_once_when_its_token_expired() -> None:
    sent: list[httpx.Request] = []
    expired = iter([True, False])

    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/user/login"):
            return httpx.Response(200, json={"item": {"access_token": f"t{len(sent)}"}})
        if next(expired):
            return httpx.Response(401, json={"code": 401, "detail": "Token sudah kedaluwarsa."})
        empty = {"code": 200, "detail": "Data tidak ditemukan.", "data": None}
        return httpx.Response(200, json=empty)

    wire = H2hWire(connection(answer, sent), "tpka", "TPKA", "key")

    assert wire.poll() == []
    assert [r.url.path.rsplit("/", 1)[-1] for r in sent] == [
        "login",
        "get-respon-plp",
        "login",
        "get-respon-plp",
    ]
    assert sent[-1].headers["beacukai-api-key"] == "key"


def test_a_rest_503_for_the_manual_procedure_is_a_refusal_not_an_outage() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/api/v1/auth/token":
            return httpx.Response(200, json={"access_token": "t"})
        problem = {"status": 503, "detail": "office 040300 works on the manual PLP procedure"}
        return httpx.Response(503, json=problem | {"manual_since": "2026-11-25T09:00:00+07:00"})

    refused = RestWire(connection(answer, []), "tpka", "TPKA").submit(PLP)

    assert (refused.accepted, refused.codes) == (False, ("F2",))
