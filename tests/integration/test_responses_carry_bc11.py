"""Issue 16.7: responses carry the vessel, call sign, voyage and arrival of the cited BC 1.1
when the filing left them empty (what the TPS sent is kept), and jenisMuat on demand; polled
deliveries survive moving the test clock back. Over SOAP (zeep) and H2H, on both databases."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from lxml import etree

from app.adapters.sql.demo_seed import demo_refdata
from tests.integration.h2h.test_h2h_support import (
    CREATED,
    FETCHED,
    NOT_FOUND,
    H2h,
    assert_envelope,
    assert_item,
    dmy,
    permohonan,
)
from tests.integration.h2h.test_h2h_support import ref as h2h_ref
from tests.integration.soap.soap_support import PORTS, loadplp, ref, zeep_client
from tests.integration.soap.test_soap_operations import approve, request_of
from tests.support import Api, now

TPKA = {"Username": "tpka", "Password": "tpka-demo"}
SENT_CARRIAGE = (
    "<CALL_SIGN>9VAB7</CALL_SIGN><NM_ANGKUT>MV SAMPLE STAR</NM_ANGKUT>"
    "<NO_VOY_FLIGHT>025S</NO_VOY_FLIGHT><TGL_TIBA>20261119</TGL_TIBA>"
)
NO_CARRIAGE = "<CALL_SIGN/><NM_ANGKUT/><NO_VOY_FLIGHT/><TGL_TIBA/>"


def bc11() -> dict[str, Any]:
    return next(m for m in demo_refdata()["manifests"] if m["number"] == "001234")


def fcl_lcl(number: str) -> str:
    return next(
        c["fcl_lcl"] for i in bc11()["items"] for c in i["containers"] if c["number"] == number
    )


def test_responses_soap_fill_the_carriage_the_filing_left_empty_from_the_bc11(
    api_any_db: Api,
) -> None:
    soap = zeep_client("http://testserver", PORTS[0], api_any_db.client)
    r = ref()
    document = loadplp(r, [("MSKU1001373", "20")])
    assert SENT_CARRIAGE in document
    sent = soap.UploadMohonPLP(fStream=document.replace(SENT_CARRIAGE, NO_CARRIAGE), **TPKA)
    assert sent == f"Proses Berhasil {r}"
    approve(api_any_db, request_of(api_any_db, r)["id"])

    # GetResponPLP's captured header has no carriage; the destination's and on demand do
    moved_in = soap.GetResponPLP_Tujuan(UserName="cfsb", Password="cfsb-demo", Kd_asp="CFSB")
    on_demand = soap.GetResponPlp_onDemands(
        UserName="tpka", Password="tpka-demo", RefNumber=r, KdGudang="TPKA"
    )
    m = bc11()
    for answer in (moved_in, on_demand):
        [head] = etree.fromstring(answer.encode()).iterfind("RESPONPLP/HEADER")
        assert head.findtext("CALL_SIGN") == m["call_sign"], answer
        assert head.findtext("NM_ANGKUT") == m["vessel_name"]
        assert head.findtext("NO_VOY_FLIGHT") == m["voyage"]
        assert head.findtext("TGL_TIBA") == m["arrival_date"].replace("-", "")


def test_responses_h2h_fill_the_carriage_from_the_bc11_keep_what_was_sent_and_jenis_muat(
    api_any_db: Api,
) -> None:
    tpka = H2h(api_any_db, "tpka")
    empty, named = h2h_ref(), h2h_ref()
    omitted = {"callSign": None, "namaAngkut": None, "noVoyFlight": None, "tanggalTiba": None}
    bodies = {
        empty: permohonan(empty, [("TSTU1001000", "40")], **omitted),
        named: permohonan(named, [("CSQU1001743", "20")], **omitted | {"namaAngkut": "MV OTHER"}),
    }
    for r, body in bodies.items():
        assert_envelope(tpka.post("/upload-mohon-plp", body), 200, 201, CREATED)
        approve(api_any_db, request_of(api_any_db, r)["id"])

    body = assert_envelope(tpka.get("/get-respon-plp", kodeTps="TPKA"), 200, 200, FETCHED)
    heads = {i["header"]["refNumber"]: i["header"] for i in body["data"]["responPlp"]}
    m = bc11()
    carriage = (m["call_sign"], m["vessel_name"], m["voyage"], dmy(m["arrival_date"]))
    for r, vessel in ((empty, m["vessel_name"]), (named, "MV OTHER")):
        h = heads[r]
        got = (h["callSign"], h["namaAngkut"], h["nomorVoyFlight"], h["tanggalTiba"])
        assert got == (carriage[0], vessel, *carriage[2:])

    query = {"nomorReference": empty, "kodeGudang": "TPKA"}
    found = assert_envelope(tpka.get("/get-respon-plp-on-demand", **query), 200, 200, FETCHED)
    [item] = found["data"]
    assert_item("ResponPlpOnDemand", item)
    assert item["header"]["namaAngkut"] == m["vessel_name"]
    [container] = item["detil"]["kontainer"]
    assert container["jenisMuat"] == fcl_lcl("TSTU1001000")


def move_clock(api: Api, at: datetime) -> None:
    r = api.client.put("/api/v1/test/clock", json={"at": at.isoformat()}, headers=api.auth("admin"))
    assert r.status_code == 200, r.text


def test_delivery_h2h_an_approval_on_a_clock_moved_back_is_delivered_after_moving_on(
    api_any_db: Api,
) -> None:
    """The cursor of a poll made later on the clock must not hide what is decided once the
    clock moved back, even after it moves forward again."""
    tpka, start = H2h(api_any_db, "tpka"), now()
    move_clock(api_any_db, start + timedelta(minutes=20))
    assert_envelope(tpka.get("/get-respon-plp", kodeTps="TPKA"), 200, 200, FETCHED, NOT_FOUND)
    move_clock(api_any_db, start)
    r = h2h_ref()
    assert_envelope(
        tpka.post("/upload-mohon-plp", permohonan(r, [("TSTU1001000", "40")])), 200, 201, CREATED
    )
    approve(api_any_db, request_of(api_any_db, r)["id"])  # stamped before the poll's cursor
    move_clock(api_any_db, start + timedelta(minutes=25))
    body = assert_envelope(tpka.get("/get-respon-plp", kodeTps="TPKA"), 200, 200, FETCHED)
    assert [i["header"]["refNumber"] for i in body["data"]["responPlp"]] == [r]
    assert_envelope(tpka.get("/get-respon-plp", kodeTps="TPKA"), 200, 200, FETCHED, NOT_FOUND)


def test_delivery_soap_a_poll_on_a_clock_set_back_finds_what_was_decided_since(
    api_any_db: Api,
) -> None:
    soap = zeep_client("http://testserver", PORTS[0], api_any_db.client)
    clock, start = api_any_db.client.app.state.services.clock, now()
    clock.set(start + timedelta(minutes=20))  # in process: no clock route runs
    poll = {"UserName": "tpka", "Password": "tpka-demo", "Kd_asp": "TPKA"}
    assert soap.GetResponPLP(**poll) == "Data tidak ditemukan"
    clock.set(start)
    r = ref()
    assert soap.UploadMohonPLP(fStream=loadplp(r, [("MSKU1001373", "20")]), **TPKA).startswith(
        "Proses Berhasil"
    )
    approve(api_any_db, request_of(api_any_db, r)["id"])
    answer = soap.GetResponPLP(**poll)
    assert answer.count("<RESPONPLP>") == 1 and f"<REF_NUMBER>{r}</REF_NUMBER>" in answer
    assert soap.GetResponPLP(**poll) == "Data tidak ditemukan"
