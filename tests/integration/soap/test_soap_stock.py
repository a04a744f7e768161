"""E7 through SOAP (zeep), on SQLite and PostgreSQL: UploadMohonPLP of goods not at the origin
is GAGAL with KD_RES 107; CoarriCodeco PLP gate reports move the goods to the destination."""

from __future__ import annotations

from datetime import timedelta

from tests.integration.soap.soap_support import coco, coco_block, loadplp, ref, wib_stamp
from tests.integration.soap.soap_support import zeep_client as soap_client
from tests.integration.soap.test_soap_operations import approve, plp_of, request_of
from tests.support import Api

TPKA = {"Username": "tpka", "Password": "tpka-demo"}
CFSB = {"Username": "cfsb", "Password": "cfsb-demo"}
NOT_AT_TPKA = "is not at the origin TPS TPKA (not reported in there, or reported out since)"


def test_e7_upload_of_goods_already_moved_is_gagal_with_its_kd_res(api_any_db: Api) -> None:
    soap = soap_client("http://testserver", "TPSServicesSoap", api_any_db.client)
    r = ref()

    answer = soap.UploadMohonPLP(fStream=loadplp(r, [("CAIU1008034", "40")]), **TPKA)

    assert answer.startswith('<?xml version="1.0"?><DOCUMENT><GAGAL><KD_RES>107</KD_RES>')
    assert f"<KETERANGAN>E7: CAIU1008034 {NOT_AT_TPKA}</KETERANGAN>" in answer
    assert "CFB1" not in answer  # where the goods are is another TPS's data
    assert request_of(api_any_db, r)["status"] == "REJECTED"


def test_e7_soap_gate_reports_move_the_goods_so_tpka_cannot_send_them_again(
    api_any_db: Api,
) -> None:
    api = api_any_db
    soap = soap_client("http://testserver", "TPSServicesSoap12", api.client)
    r, cont = ref(), [("TGHU1002113", "40")]
    assert soap.UploadMohonPLP(fStream=loadplp(r, cont), **TPKA) == f"Proses Berhasil {r}"
    decided = approve(api, request_of(api, r)["id"])
    plp = plp_of(decided)
    assert (
        api.step(
            decided["id"], "origin-check", "supervisor-asal", matched=True, escorted=True
        ).status_code
        == 200
    )
    out = coco_block("TPKAOUT7", "3", "TPKA", plp, wib_stamp(timedelta(seconds=2)), cont)
    assert soap.CoarriCodeco_Container(fStream=coco(out), **TPKA) == "Proses Berhasil REF TPKAOUT7"
    step = api.step(decided["id"], "destination-check", "supervisor-tujuan", matched=True)
    assert step.status_code == 200
    gate_in = coco_block("CFSBIN7", "5", "CFSB", plp, wib_stamp(timedelta(seconds=3)), cont)
    assert (
        soap.CoarriCodeco_Container(fStream=coco(gate_in), **CFSB) == "Proses Berhasil REF CFSBIN7"
    )

    again = soap.UploadMohonPLP(fStream=loadplp(ref(), cont), **TPKA)
    from_cfsb = loadplp(
        ref("CFSB"), cont, origin="CFSB", origin_gudang="CFB1", destination="KOJA",
        destination_gudang="KOJA",
    )  # fmt: skip

    assert "<KD_RES>107</KD_RES>" in again and f"E7: TGHU1002113 {NOT_AT_TPKA}" in again
    assert soap.UploadMohonPLP(fStream=from_cfsb, **CFSB).startswith("Proses Berhasil")
