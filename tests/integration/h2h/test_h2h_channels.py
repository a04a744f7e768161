"""One procedure, three surfaces: a request filed over H2H is seen and decided over REST and its
response polled over SOAP, and the reverse; a TPS has one mailbox, so a response delivered on
one surface is not delivered again on the other (on demand still finds it)."""

from __future__ import annotations

from tests.integration.h2h.test_h2h_procedure import plp
from tests.integration.h2h.test_h2h_support import (
    CREATED,
    FETCHED,
    NOT_FOUND,
    H2h,
    assert_envelope,
    assert_item,
    permohonan,
    ref,
)
from tests.integration.soap.soap_support import loadplp, post, result_of
from tests.integration.soap.test_soap_operations import approve, request_of
from tests.support import Api, plp_body

TPKA_SOAP = [("UserName", "tpka"), ("Password", "tpka-demo"), ("Kd_asp", "TPKA")]


def soap_poll(api: Api, operation: str = "GetResponPLP") -> str:
    return result_of(post(api.client, operation, TPKA_SOAP), operation)


def test_request_over_h2h_decided_over_rest_polled_over_soap(api_any_db: Api) -> None:
    api = api_any_db
    tpka = H2h(api, "tpka")
    r = ref()
    assert_envelope(
        tpka.post("/upload-mohon-plp", permohonan(r, [("MSKU1001373", "20")])), 200, 201, CREATED
    )
    seen = request_of(api, r)  # visible over REST, filed over H2H
    assert (seen["channel"], seen["status"]) == ("h2h", "IN_REVIEW")
    number, _ = plp(approve(api, seen["id"]))

    answer = soap_poll(api)
    assert f"<REF_NUMBER>{r}</REF_NUMBER><NO_PLP>{number}</NO_PLP>" in answer
    assert "<FL_SETUJU>Y</FL_SETUJU>" in answer
    assert_envelope(tpka.get("/get-respon-plp", kodeTps="TPKA"), 200, 200, FETCHED, NOT_FOUND)
    on_demand = tpka.get("/get-respon-plp-on-demand", nomorReference=r, kodeGudang="TPKA")
    assert assert_envelope(on_demand, 200, 200, FETCHED)["data"][0]["header"]["nomorPlp"] == number


def test_requests_over_soap_and_rest_polled_over_h2h(api: Api) -> None:
    tpka = H2h(api, "tpka")
    by_soap, by_rest = ref(), ref()
    params = [("fStream", loadplp(by_soap, [("CSQU1001743", "20")])), *TPKA_SOAP[:2]]
    uploaded = post(api.client, "UploadMohonPLP", params)
    assert result_of(uploaded, "UploadMohonPLP") == f"Proses Berhasil {by_soap}"
    rest = api.submit(
        **plp_body(ref_number=by_rest, containers=[{"number": "MSKU1001373", "size": "20"}])
    )
    assert rest.status_code == 201, rest.text
    approve(api, request_of(api, by_soap)["id"])
    approve(api, request_of(api, by_rest)["id"], approve=False)

    body = assert_envelope(tpka.get("/get-respon-plp", kodeTps="TPKA"), 200, 200, FETCHED)
    items = {i["header"]["refNumber"]: i for i in body["data"]["responPlp"]}
    assert set(items) == {by_soap, by_rest}
    for found in items.values():
        assert_item("ResponPlp", found)
    assert items[by_rest]["header"]["alasanReject"] == "DOKUMEN TIDAK LENGKAP"
    assert items[by_rest]["kontainer"][0]["flagSetuju"] == "T"
    assert soap_poll(api) == "Data tidak ditemukan"  # delivered over H2H already
