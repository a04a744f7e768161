"""The SOP through the H2H surface only (officers decide and check over our REST API), on
SQLite and PostgreSQL: every response item checked against contracts/h2h/responses.csv."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.integration.h2h.test_h2h_support import (
    CREATED,
    DUPLICATE,
    FETCHED,
    NOT_FOUND,
    SANDBOX_BASE,
    H2h,
    assert_envelope,
    assert_item,
    batal,
    coarri_kemasan,
    coarri_kontainer,
    dmy,
    moment,
    permohonan,
    ref,
)
from tests.integration.soap.test_soap_operations import approve, request_of
from tests.support import Api

SENT = "Data berhasil terkirim."


def plp(decided: dict[str, Any]) -> tuple[str, str]:
    return decided["decision"]["plp_number"], dmy(decided["decision"]["plp_date"])


def polled(session: H2h, path: str, key: str, **query: str) -> list[dict[str, Any]]:
    body = assert_envelope(session.get(path, **query), 200, 200, FETCHED, SENT)
    found: list[dict[str, Any]] = body["data"][key]
    return found


def test_m3_m5_full_procedure_through_h2h_only(api_any_db: Api) -> None:
    api = api_any_db
    tpka, cfsb = H2h(api, "tpka"), H2h(api, "cfsb", base=SANDBOX_BASE)
    r, numbers = ref(), ["TSTU1001000", "CSQU1001743"]
    up = tpka.post(
        "/upload-mohon-plp", permohonan(r, [("TSTU1001000", "40"), ("CSQU1001743", "20")])
    )
    assert assert_envelope(up, 200, 201, CREATED, f"Proses Berhasil {r}")["data"] == {
        "refNumber": r
    }
    assert_envelope(tpka.get("/get-respon-plp", kodeTps="TPKA"), 200, 200, FETCHED, NOT_FOUND)

    decided = approve(api, request_of(api, r)["id"])  # R2/R3 over REST
    number, on = plp(decided)
    [item] = polled(tpka, "/get-respon-plp", "responPlp", kodeTps="TPKA")
    assert_item("ResponPlp", item)
    head = item["header"]
    assert (head["refNumber"], head["nomorPlp"], head["tanggalPlp"]) == (r, number, on)
    assert head["alasanReject"] is None and head["tanggalSurat"] == "25-11-2026"
    assert [k["flagSetuju"] for k in item["kontainer"]] == ["Y", "Y"]
    [moving_in] = polled(cfsb, "/get-respon-plp-tujuan-v2", "responPlp", kodeTps="CFSB")
    assert_item("ResponPlpTujuan", moving_in)
    assert moving_in["kontainer"][0]["consignee"] and moving_in["header"]["nomorPlp"] == number

    rid = decided["id"]
    assert (
        api.step(rid, "origin-check", "supervisor-asal", matched=True, escorted=True).status_code
        == 200
    )
    out = coarri_kontainer(
        "TPKAOUT1", "3", "TPKA", (number, on), moment(timedelta(seconds=2)), numbers
    )
    assert_envelope(
        tpka.post("/coarri-codeco-container", out), 200, 201, CREATED, "Proses Berhasil TPKAOUT1"
    )
    assert api.step(rid, "destination-check", "supervisor-tujuan", matched=True).status_code == 200
    gate_in = coarri_kontainer(
        "CFSBIN1", "5", "CFSB", (number, on), moment(timedelta(seconds=3)), numbers
    )
    assert_envelope(cfsb.post("/coarri-codeco-container", gate_in), 200, 201, CREATED)

    final = request_of(api, r, as_="cfsb")
    assert final["status"] == "GATED_IN"
    channels = {e["action"]: e["channel"] for e in final["audit"]}
    assert channels["submitted"] == channels["gated_out"] == channels["gated_in"] == "h2h"
    assert channels["decided"] == channels["origin_checked"] == "rest"
    # delivered once (v1 and v2 share one delivery); on demand any number of times
    assert_envelope(tpka.get("/get-respon-plp", kodeTps="TPKA"), 200, 200, FETCHED, NOT_FOUND)
    assert_envelope(
        cfsb.get("/get-respon-plp-tujuan", kodeTps="CFSB"), 200, 200, FETCHED, NOT_FOUND
    )
    for session, query in (
        (tpka, {"nomorReference": r, "kodeGudang": "TPKA"}),
        (cfsb, {"nomorPlp": number, "tanggalPlp": on, "kodeGudang": "CFB1"}),
    ):
        body = assert_envelope(session.get("/get-respon-plp-on-demand", **query), 200, 200, FETCHED)
        [found] = body["data"]
        assert_item("ResponPlpOnDemand", found)
        assert (found["header"]["userKirim"], found["header"]["jenisTransaksi"]) == ("tpka", "H2H")
        assert [k["flagSetuju"] for k in found["detil"]["kontainer"]] == [True, True]


def test_m3_m5_packages_moved_with_coarri_kemasan_and_tolerated_variants(api: Api) -> None:
    """nomorVoyFlight for noVoyFlight, jumlahKemasan as a string, the destination in tpsTujuan."""
    tpka, cfsb = H2h(api, "tpka"), H2h(api, "cfsb")
    r = ref()
    body = permohonan(r, packages=[("HBL-LCL-0001", "PK", "10", "11-11-2026")], noVoyFlight=None)
    body["header"] |= {"nomorVoyFlight": "025S", "kodeTpsTujuan": None, "gudangTujuan": None}
    body["header"]["tpsTujuan"] = {"kodeTpsTujuan": "CFSB", "gudangTujuan": "CFB1", "yorTujuan": 35}
    assert_envelope(tpka.post("/permohonan-plp", body), 200, 201, CREATED, f"Proses Berhasil {r}")
    stored = request_of(api, r)
    assert (stored["header"]["destination_gudang"], stored["header"]["voyage"]) == ("CFB1", "025S")
    number, on = plp(approve(api, stored["id"]))
    [item] = polled(tpka, "/get-respon-plp", "responPlp", kodeTps="TPKA")
    assert_item("ResponPlp", item)
    assert item["kemasan"][0]["jumlahKemasan"] == 10 and item["kemasan"][0]["flagSetuju"] == "Y"

    assert (
        api.step(
            stored["id"], "origin-check", "supervisor-asal", matched=True, escorted=True
        ).status_code
        == 200
    )
    out = coarri_kemasan(
        "TPKAOUT2", "3", "TPKA", (number, on), moment(timedelta(seconds=2)), ["HBL-LCL-0001"]
    )
    assert_envelope(tpka.post("/coarri-codeco-kemasan", out), 200, 201, CREATED)
    assert_envelope(tpka.post("/coarri-codeco-kemasan", out), 200, 201, CREATED)  # a resend
    step = api.step(stored["id"], "destination-check", "supervisor-tujuan", matched=True)
    assert step.status_code == 200
    gate_in = coarri_kemasan(
        "CFSBIN2", "5", "CFSB", (number, on), moment(timedelta(seconds=3)), ["HBL-LCL-0001"]
    )
    assert_envelope(cfsb.post("/coarri-codeco-kemasan", gate_in), 200, 201, CREATED)
    assert request_of(api, r)["status"] == "GATED_IN"


def test_l1_cancellation_through_h2h_and_its_responses(api_any_db: Api) -> None:
    api = api_any_db
    tpka, cfsb = H2h(api, "tpka"), H2h(api, "cfsb")
    r, cancel_ref = ref(), ref()
    assert_envelope(
        tpka.post("/upload-mohon-plp", permohonan(r, [("MSKU1001373", "20")])), 200, 201, CREATED
    )
    number, on = plp(approve(api, request_of(api, r)["id"]))
    polled(cfsb, "/get-respon-plp-tujuan", "responPlp", kodeTps="CFSB")  # the move was announced

    sent = tpka.post("/upload-batal-plp", batal(cancel_ref, (number, on), [("MSKU1001373", "20")]))
    assert assert_envelope(sent, 200, 201, CREATED, f"Proses Berhasil {cancel_ref}")["data"] == {
        "refNumber": cancel_ref
    }
    again = tpka.post("/upload-batal-plp", batal(cancel_ref, (number, on)))
    assert assert_envelope(again, 200, 200, FETCHED, DUPLICATE)["data"] is None
    waiting = request_of(api, r)
    assert waiting["status"] == "APPROVED"  # L1: active until the Kasubsi decides
    assert_envelope(tpka.get("/get-respon-batal-plp"), 200, 200, FETCHED, NOT_FOUND)
    path = f"/api/v1/plp-requests/{waiting['id']}/cancellations"
    decided = api.post(
        f"{path}/{waiting['cancellation']['number']}/decision", "kasubsi", {"approve": True}
    )
    assert decided.json()["status"] == "CANCELLED"

    [mine] = polled(tpka, "/get-respon-batal-plp", "responBatal")
    assert_item("ResponBatal", mine)
    assert mine["header"]["referensiNomor"] == cancel_ref
    assert mine["detil"]["kontainer"][0]["flagSetuju"] is True
    [theirs] = polled(cfsb, "/get-respon-batal-plp-tujuan", "responBatal")
    assert_item("ResponBatalTujuan", theirs)
    assert (theirs["header"]["nomorPlp"], theirs["header"]["tanggalPlp"]) == (number, on)
    assert theirs["detil"]["kontainer"][0]["flagSetuju"] is True
    assert theirs["header"]["alasanReject"] is None
    assert_envelope(tpka.get("/get-respon-batal-plp"), 200, 200, FETCHED, NOT_FOUND)

    cancelled = mine["header"]["nomorBatalPlp"], mine["header"]["tanggalBatalPlp"]
    for query in (
        {"refNumber": cancel_ref, "kodeGudang": "TPKA"},
        {"nomorBatalPlp": cancelled[0], "tanggalBatalPlp": cancelled[1], "kodeGudang": "TPKA"},
    ):
        [found] = polled(tpka, "/get-respon-batal-plp-on-demand", "responPlp", **query)
        assert_item("ResponBatalOnDemand", found)
        assert found["header"]["alasanBatal"] == "SALAH INPUT GUDANG TUJUAN"
        assert found["kontainer"][0]["flagSetuju"] == "Y"


def test_l1_h2h_a_refused_cancellation_and_the_destinations_order(api_any_db: Api) -> None:
    api = api_any_db
    tpka, cfsb = H2h(api, "tpka"), H2h(api, "cfsb")
    r, cancel_ref, reused = ref(), ref(), ref()
    tpka.post("/upload-mohon-plp", permohonan(r, [("CSQU1001743", "20")]))
    number, on = plp(approve(api, request_of(api, r)["id"]))
    tpka.post("/upload-batal-plp", batal(cancel_ref, (number, on)))
    waiting = request_of(api, r)
    path = f"/api/v1/plp-requests/{waiting['id']}/cancellations"
    refusal = {"approve": False, "reason": "the goods are needed"}
    api.post(f"{path}/{waiting['cancellation']['number']}/decision", "kasubsi", refusal)

    [mine] = polled(tpka, "/get-respon-batal-plp", "responBatal")
    early = cfsb.get("/get-respon-batal-plp-tujuan")  # the approval has not reached CFSB yet
    polled(cfsb, "/get-respon-plp-tujuan", "responPlp", kodeTps="CFSB")
    [theirs] = polled(cfsb, "/get-respon-batal-plp-tujuan", "responBatal")
    other = ref()
    tpka.post("/upload-mohon-plp", permohonan(other, [("OOLU1002480", "20")]))
    second = plp(approve(api, request_of(api, other)["id"]))
    tpka.post("/upload-batal-plp", batal(reused, (number, on)))  # a new one on the first PLP ...
    again = tpka.post("/upload-batal-plp", batal(reused, second))  # ... is not the second's

    assert_item("ResponBatal", mine)
    assert mine["detil"]["kontainer"][0]["flagSetuju"] is False
    assert mine["header"]["alasanReject"] == "the goods are needed"
    assert_envelope(early, 200, 200, FETCHED, NOT_FOUND)
    assert_item("ResponBatalTujuan", theirs)
    assert theirs["detil"]["kontainer"][0]["flagSetuju"] is False
    assert request_of(api, r)["status"] == "APPROVED"
    assert again.status_code != 201 and "L1" in again.text
    assert request_of(api, other)["cancellations"] == []
