"""The SOP through SOAP (officers over REST), on SQLite and PostgreSQL: delivered-once polls,
replays of resent references, and one request seen and moved across both channels."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.integration.soap.soap_support import (
    batalplp,
    coco,
    coco_block,
    loadplp,
    post,
    ref,
    result_of,
    wib_stamp,
    zeep_client,
)
from tests.integration.soap.test_soap_operations import approve, plp_of, request_of
from tests.support import WIB, Api, now, plp_body

TPKA = {"Username": "tpka", "Password": "tpka-demo"}
CFSB = {"Username": "cfsb", "Password": "cfsb-demo"}
POLL_TPKA = {"UserName": "tpka", "Password": "tpka-demo", "Kd_asp": "TPKA"}
POLL_CFSB = {"UserName": "cfsb", "Password": "cfsb-demo", "Kd_asp": "CFSB"}


def test_m3_m5_full_sop_walk_through_soap(api_any_db: Api) -> None:
    """Upload, decisions over REST, poll, gate-out, origin/destination checks, gate-in, poll."""
    sop_walk(zeep_client("http://testserver", "TPSServicesSoap", api_any_db.client), api_any_db)


def sop_walk(soap: Any, api: Api) -> None:
    r = ref()
    cont = [("TSTU1001000", "40"), ("CSQU1001743", "20")]
    assert soap.UploadMohonPLP(fStream=loadplp(r, cont), **TPKA) == f"Proses Berhasil {r}"
    assert soap.GetResponPLP(**POLL_TPKA) == "Data tidak ditemukan"  # no decision yet
    decided = approve(api, request_of(api, r)["id"])
    number, on = plp_of(decided)

    answer = soap.GetResponPLP(**POLL_TPKA)
    assert f"<NO_PLP>{number}</NO_PLP><TGL_PLP>{on}</TGL_PLP><ALASAN_REJECT></ALASAN_REJECT>" in (
        answer
    )
    assert answer.count("<FL_SETUJU>Y</FL_SETUJU>") == 2
    assert f"<NO_PLP>{number}</NO_PLP>" in soap.GetResponPLP_Tujuan(**POLL_CFSB)

    rid = decided["id"]
    assert (
        api.step(rid, "origin-check", "supervisor-asal", matched=True, escorted=True).status_code
        == 200
    )
    gate_out = coco_block(
        "TPKAOUT", "3", "TPKA", (number, on), wib_stamp(timedelta(seconds=2)), cont
    )
    assert (
        soap.CoarriCodeco_Container(fStream=coco(gate_out), **TPKA) == "Proses Berhasil REF TPKAOUT"
    )
    assert api.step(rid, "destination-check", "supervisor-tujuan", matched=True).status_code == 200
    gate_in = coco_block("CFSBIN", "5", "CFSB", (number, on), wib_stamp(timedelta(seconds=3)), cont)
    assert (
        soap.CoarriCodeco_Container(fStream=coco(gate_in), **CFSB) == "Proses Berhasil REF CFSBIN"
    )

    final = request_of(api, r, as_="cfsb")
    assert final["status"] == "GATED_IN"
    channels = {e["action"]: e["channel"] for e in final["audit"]}
    assert channels["submitted"] == channels["gated_out"] == channels["gated_in"] == "soap"
    assert channels["decided"] == channels["origin_checked"] == "rest"
    assert soap.GetResponPLP(**POLL_TPKA) == "Data tidak ditemukan"  # delivered once
    assert soap.GetResponPLP_Tujuan(**POLL_CFSB) == "Data tidak ditemukan"
    on_demand = soap.GetResponPlp_onDemands(UserName="tpka", Password="tpka-demo", RefNumber=r)
    assert f"<NO_PLP>{number}</NO_PLP>" in on_demand  # on demand: any number of times


def test_polls_deliver_each_response_once_and_new_ones_later(api_any_db: Api) -> None:
    api = api_any_db
    first, second = ref(), ref()
    for r, c in ((first, "MSKU1001373"), (second, "CSQU1001743")):
        reply = post(
            api.client, "UploadMohonPLP", [("fStream", loadplp(r, [(c, "20")])), *TPKA.items()]
        )
        assert result_of(reply, "UploadMohonPLP") == f"Proses Berhasil {r}"
    approve(api, request_of(api, first)["id"])
    poll = [*POLL_TPKA.items()]
    once = result_of(post(api.client, "GetResponPLP", poll), "GetResponPLP")
    assert first in once and second not in once
    assert (
        result_of(post(api.client, "GetResponPLP", poll), "GetResponPLP") == "Data tidak ditemukan"
    )
    approve(api, request_of(api, second)["id"], approve=False)
    later = result_of(post(api.client, "GetResponPLP", poll, v12=True), "GetResponPLP")
    assert second in later and first not in later and "DOKUMEN TIDAK LENGKAP" in later


def test_idempotency_resent_reference_replays_and_changed_content_is_gagal(api_any_db: Api) -> None:
    api = api_any_db
    soap = zeep_client("http://testserver", "TPSServicesSoap12", api.client)
    r = ref()
    document = loadplp(r, [("MSKU1001373", "20")])
    assert soap.UploadMohonPLP(fStream=document, **TPKA) == f"Proses Berhasil {r}"
    assert soap.UploadMohonPLP(fStream=document, **TPKA) == f"Proses Berhasil {r}"
    rejected = ref()
    refused_doc = loadplp(rejected, [("OOLU1006187", "20")])
    first = soap.UploadMohonPLP(fStream=refused_doc, **TPKA)
    assert (
        "<KD_RES>103</KD_RES>" in first
        and soap.UploadMohonPLP(fStream=refused_doc, **TPKA) == first
    )
    changed = soap.UploadMohonPLP(fStream=loadplp(r, [("CSQU1001743", "20")]), **TPKA)
    assert changed.startswith('<?xml version="1.0"?><DOCUMENT><GAGAL><KD_RES>032</KD_RES>')
    items = api.get("/api/v1/plp-requests", "tpka").json()["items"]
    assert sorted(i["ref_number"] for i in items) == sorted([r, rejected])


def test_l1_rest_request_cancelled_over_soap_and_soap_request_seen_over_rest(
    api_any_db: Api,
) -> None:
    api = api_any_db
    soap = zeep_client("http://testserver", "TPSServicesSoap", api.client)
    created = api.submit(**plp_body(containers=[{"number": "MSKU1001373", "size": "20"}]))
    assert created.status_code == 201, created.text
    decided = approve(api, created.json()["id"])
    number, on = plp_of(decided)
    batal = ref()
    assert (
        soap.UploadBatalPLP(fStream=batalplp(batal, number, on), **TPKA)
        == f"Proses Berhasil {batal}"
    )
    assert (
        soap.UploadBatalPLP(fStream=batalplp(batal, number, on), **TPKA)
        == f"Proses Berhasil {batal}"
    )
    view = api.get(f"/api/v1/plp-requests/{decided['id']}", "tpka").json()
    assert view["status"] == "APPROVED" and view["channel"] == "rest"  # L1: until decided
    asked = [e["channel"] for e in view["audit"] if e["action"] == "cancellation_requested"]
    assert asked == ["soap"]
    assert view["cancellation"]["ref_number"] == batal
    assert len(view["cancellations"]) == 1  # the resend replayed
    waiting = soap.UploadBatalPLP(fStream=batalplp(ref(), number, on), **TPKA)
    assert "GAGAL" in waiting and "L1" in waiting  # one cancellation waits at a time
    path = f"/api/v1/plp-requests/{decided['id']}/cancellations"
    decision = api.post(
        f"{path}/{view['cancellation']['number']}/decision", "kasubsi", {"approve": True}
    )
    assert decision.json()["status"] == "CANCELLED"
    gone = soap.UploadBatalPLP(fStream=batalplp(ref(), number, on), **TPKA)
    assert "<KD_RES>030</KD_RES>" in gone  # already cancelled: the state forbids it

    r = ref()
    soap.UploadMohonPLP(fStream=loadplp(r, [("CSQU1001743", "20")]), **TPKA)
    seen = request_of(api, r, as_="cfsb")
    assert seen["channel"] == "soap" and seen["header"]["reason"] == "NO_LCL_SPACE"
    assert seen["header"]["reason_code"] == "2"


def test_l1_cancelling_gated_out_goods_is_gagal(api: Api) -> None:
    soap = zeep_client("http://testserver", "TPSServicesSoap", api.client)
    r, cont = ref(), [("MSKU1001373", "20")]
    soap.UploadMohonPLP(fStream=loadplp(r, cont), **TPKA)
    decided = approve(api, request_of(api, r)["id"])
    number, on = plp_of(decided)
    api.step(decided["id"], "origin-check", "supervisor-asal", matched=True, escorted=True)
    out = coco_block("OUT", "3", "TPKA", (number, on), wib_stamp(timedelta(seconds=2)), cont)
    soap.CoarriCodeco_Container(fStream=coco(out), **TPKA)
    answer = soap.UploadBatalPLP(fStream=batalplp(ref(), number, on), **TPKA)
    assert "<KD_RES>141</KD_RES>" in answer and "L1" in answer


def test_m3_packages_gate_out_by_kemasan_and_unknown_goods_fail(api: Api) -> None:
    soap = zeep_client("http://testserver", "TPSServicesSoap12", api.client)
    r = ref()
    kms = [("HBL-LCL-0001", "PK", 10, "20261111"), ("HBL-LCL-0002", "CT", 25, "20261111")]
    assert soap.UploadMohonPLP(fStream=loadplp(r, packages=kms), **TPKA).startswith("Proses")
    decided = approve(api, request_of(api, r)["id"])
    number, on = plp_of(decided)
    api.step(decided["id"], "origin-check", "supervisor-asal", matched=True, escorted=True)
    at = wib_stamp(timedelta(seconds=2))
    one = coco_block("K1", "3", "TPKA", (number, on), at, packages=[("HBL-LCL-0001", "20261111")])
    stray = coco_block("K2", "3", "TPKA", (number, on), at, packages=[("HBL-NOPE", "20261111")])
    other = coco_block("K3", "3", "TPKA", (number, on), at, packages=[("HBL-LCL-0002", "20261111")])
    foreign = coco_block("K4", "1", "TPKA", ("000777", "20261121"), at, packages=[("X", "")])
    answer = soap.CoarriCodeco_Kemasan(
        fStream=coco(one, stray, other, foreign, kemasan=True), **TPKA
    )
    entries = answer.split(";")
    assert entries[0] == "Proses Berhasil REF K1" and entries[2] == "Proses Berhasil REF K3"
    assert entries[1].startswith("Gagal Insert REF K2 KD_RES 133 M3: B/L HBL-NOPE is not in PLP")
    assert entries[3].startswith("Gagal Insert REF K4 KD_RES 005")
    assert request_of(api, r)["status"] == "GATED_OUT"
    resent = soap.CoarriCodeco_Kemasan(fStream=coco(one, kemasan=True), **TPKA)
    assert resent == "Proses Berhasil REF K1"  # the same report again is acknowledged
    assert soap.CoarriCodeco_Kemasan(fStream="<DOCUMENT><oops>", **TPKA) == "Gagal Parsing XML"


def test_m6_gate_out_in_the_future_is_gagal(api: Api) -> None:
    soap = zeep_client("http://testserver", "TPSServicesSoap", api.client)
    r, cont = ref(), [("MSKU1001373", "20")]
    soap.UploadMohonPLP(fStream=loadplp(r, cont), **TPKA)
    decided = approve(api, request_of(api, r)["id"])
    api.step(decided["id"], "origin-check", "supervisor-asal", matched=True, escorted=True)
    late = coco_block("F", "3", "TPKA", plp_of(decided), wib_stamp(timedelta(hours=2)), cont)
    assert "KD_RES 136 M6" in soap.CoarriCodeco_Container(fStream=coco(late), **TPKA)


def test_h1_a_gate_out_report_out_of_hours_without_notice_is_recorded_and_flagged(
    api_any_db: Api,
) -> None:
    api = api_any_db
    soap = zeep_client("http://testserver", "TPSServicesSoap", api.client)
    r, cont = ref(), [("MSKU1001373", "20")]
    soap.UploadMohonPLP(fStream=loadplp(r, cont), **TPKA)
    decided = approve(api, request_of(api, r)["id"])
    api.step(decided["id"], "origin-check", "supervisor-asal", matched=True, escorted=True)
    evening = now().astimezone(WIB).replace(hour=21, minute=0, second=0, microsecond=0)
    api.client.app.state.services.clock.set(evening + timedelta(minutes=30))

    at = evening.strftime("%Y%m%d%H%M%S")
    night = coco_block("N", "3", "TPKA", plp_of(decided), at, cont)
    answer = soap.CoarriCodeco_Container(fStream=coco(night), **TPKA)
    again = soap.CoarriCodeco_Container(fStream=coco(night), **TPKA)

    assert answer == again == "Proses Berhasil REF N"  # the move happened: never refused (H1)
    stored = request_of(api, r)
    assert stored["status"] == "GATED_OUT" and stored["movement"]["out_of_hours_alert"] is True
    flags = [e for e in stored["audit"] if e["action"] == "out_of_hours_move"]
    assert len(flags) == 1 and flags[0]["detail"]["rule"] == "H1"  # a resend flags nothing more
