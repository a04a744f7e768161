"""Every SOAP operation through zeep and the served WSDL, on both ports, in process."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
import zeep.exceptions
from sqlalchemy import text

from tests.integration.soap.soap_support import (
    PORTS,
    batalplp,
    coco,
    coco_block,
    loadplp,
    ref,
    wib_stamp,
    zeep_client,
)
from tests.support import Api

TPKA = {"Username": "tpka", "Password": "tpka-demo"}
CFSB = {"Username": "cfsb", "Password": "cfsb-demo"}


def request_of(api: Api, ref_number: str, as_: str = "tpka") -> dict[str, Any]:
    items = api.get("/api/v1/plp-requests", as_).json()["items"]
    rid = next(i["id"] for i in items if i["ref_number"] == ref_number)
    r = api.get(f"/api/v1/plp-requests/{rid}", as_)
    assert r.status_code == 200, r.text
    return dict(r.json())


def approve(api: Api, rid: str, approve: bool = True) -> dict[str, Any]:
    """R2/R3 over REST: the manifest officer recommends, the Kasubsi decides."""
    assert api.step(rid, "recommendations/manifest", "manifest", approve=approve).status_code == 200
    body = {"approve": approve} | ({} if approve else {"reason": "DOKUMEN TIDAK LENGKAP"})
    r = api.step(rid, "decision", "kasubsi", **body)
    assert r.status_code == 200, r.text
    return dict(r.json())


def plp_of(request: dict[str, Any]) -> tuple[str, str]:
    d = request["decision"]
    return d["plp_number"], d["plp_date"].replace("-", "")


def user(creds: dict[str, str]) -> dict[str, str]:
    return {"UserName": creds["Username"], "Password": creds["Password"]}


@pytest.fixture(params=PORTS)
def soap(request: pytest.FixtureRequest, api: Api) -> Any:
    return zeep_client("http://testserver", request.param, api.client)


def test_upload_decide_poll_move_and_cancel_through_every_operation(soap: Any, api: Api) -> None:
    first, second, third = ref(), ref(), ref()
    cont = [("MSKU1001373", "20"), ("TGHU1002113", "40")]
    assert soap.UploadMohonPLP(fStream=loadplp(first, cont), **TPKA) == f"Proses Berhasil {first}"
    by_second_name = soap.PermohonanPLP(fStream=loadplp(second, [("CSQU1001743", "20")]), **TPKA)
    assert by_second_name == f"Proses Berhasil {second}"
    assert soap.UploadMohonPLP(fStream=loadplp(third, [("HLXU1002859", "20")]), **TPKA).startswith(
        "Proses Berhasil"
    )
    one = approve(api, request_of(api, first)["id"])
    approve(api, request_of(api, second)["id"], approve=False)
    three = approve(api, request_of(api, third)["id"])

    decisions = soap.GetResponPLP(**user(TPKA), Kd_asp="TPKA")
    assert decisions.startswith('<?xml version="1.0"?><DOCUMENT><RESPONPLP>')
    assert decisions.count("<RESPONPLP>") == 3 and "<FL_SETUJU>T</FL_SETUJU>" in decisions
    assert f"<NO_PLP>{one['decision']['plp_number']}</NO_PLP>" in decisions
    assert soap.GetResponPLP(**user(TPKA), Kd_asp="TPKA") == "Data tidak ditemukan"
    moves_in = soap.GetResponPLP_Tujuan(**user(CFSB), Kd_asp="CFSB")
    assert moves_in.count("<RESPONPLP>") == 2 and "<KD_TPS_ASAL>TPKA</KD_TPS_ASAL>" in moves_in
    assert "<CONSIGNEE>PT MAJU JAYA LOGISTIK</CONSIGNEE>" in moves_in
    assert soap.GetResponPLPTujuan(**user(CFSB), Kd_asp="CFSB") == "Data tidak ditemukan"

    number, on = plp_of(one)
    by_ref = soap.GetResponPlp_onDemands(**user(TPKA), RefNumber=first, KdGudang="TPKA")
    assert f"<REF_NUMBER>{first}</REF_NUMBER>" in by_ref and "<KD_TPS_TUJUAN>CFSB" in by_ref
    day_first = on[6:] + on[4:6] + on[:4]  # ddmmyyyy, as PHP date('dmY')
    by_number = soap.GetResponPlp_onDemands(**user(CFSB), No_plp=number, Tgl_plp=day_first)
    assert by_number == by_ref and f"<NO_PLP>{number}</NO_PLP>" in by_number
    assert soap.GetResponPlp_onDemands(**user(TPKA), RefNumber="NOPE") == "Data tidak ditemukan"

    rid = one["id"]
    api.step(rid, "origin-check", "supervisor-asal", matched=True, escorted=True)
    out = coco(
        coco_block("TPKAOUT1", "3", "TPKA", (number, on), wib_stamp(timedelta(seconds=2)), cont)
    )
    assert soap.CoarriCodeco_Container(fStream=out, **TPKA) == "Proses Berhasil REF TPKAOUT1"
    early = coco(
        coco_block("CFSBIN1", "5", "CFSB", (number, on), wib_stamp(timedelta(seconds=3)), cont)
    )
    refused = soap.CoarriCodeco_Container(fStream=early, **CFSB)
    assert refused.startswith("Gagal Insert REF CFSBIN1 KD_RES 134 M4:"), refused
    api.step(rid, "destination-check", "supervisor-tujuan", matched=True, note="seal opened")
    assert soap.CoarriCodeco_Container(fStream=early, **CFSB) == "Proses Berhasil REF CFSBIN1"
    assert request_of(api, first)["status"] == "GATED_IN"

    batal = ref()
    n3, on3 = plp_of(three)
    assert (
        soap.UploadBatalPLP(fStream=batalplp(batal, n3, on3), **TPKA) == f"Proses Berhasil {batal}"
    )
    pending = soap.GetResponBatalPLP(Username="tpka", Password="tpka-demo", Kd_asp="TPKA")
    assert pending == "Data tidak ditemukan"  # L1: the decision is the response, not the ask
    waiting = request_of(api, third)["cancellation"]
    path = f"/api/v1/plp-requests/{three['id']}/cancellations/{waiting['number']}/decision"
    assert api.post(path, "kasubsi", {"approve": True}).status_code == 200
    cancelled = soap.GetResponBatalPLP(Username="tpka", Password="tpka-demo", Kd_asp="TPKA")
    assert cancelled.startswith('<?xml version="1.0"?><DOCUMENT><RESPON_BATAL>')
    assert f"<REF_NUMBER>{batal}</REF_NUMBER>" in cancelled
    assert "<FL_SETUJU>Y</FL_SETUJU>" in cancelled
    told = soap.GetResponBatalPLPTujuan(Username="cfsb", Password="cfsb-demo", Kd_asp="CFSB")
    assert f"<NO_PLP>{n3}</NO_PLP>" in told
    again = soap.GetResponBatalPlp_onDemands(**user(TPKA), KdGudang="TPKA", RefNumber=batal)
    assert "<ALASAN_BATAL>SALAH INPUT GUDANG TUJUAN</ALASAN_BATAL>" in again
    assert soap.GetResponBatalPLP(Username="tpka", Password="tpka-demo") == "Data tidak ditemukan"


def test_test_variants_check_documents_and_record_nothing(soap: Any, api: Api) -> None:
    block = coco_block("TES1", "3", "TPKA", ("000001", "20261125"), wib_stamp(), [("X", "20")])
    assert soap.CoCoCont_Tes(fStream=coco(block), Username="TES", Password="1234") == (
        "Proses Berhasil REF TES1"
    )
    kms = coco_block("TES2", "5", "CFSB", ("1", "20261125"), wib_stamp(), packages=[("B", "")])
    answer = soap.CoCoKms_Tes(fStream=coco(kms, kemasan=True), Username="TES", Password="1234")
    assert answer == "Proses Berhasil REF TES2"
    bad = coco_block("TES3", "9", "TPKA", ("1", "20261125"), wib_stamp(), [("X", "20")])
    assert "KD_RES 005" in soap.CoCoCont_Tes(fStream=coco(bad), Username="TES", Password="1234")
    assert api.get("/api/v1/plp-requests", "tpka").json()["items"] == []


def test_operations_outside_plp_answer_without_a_fault(soap: Any) -> None:
    """Listed so generated proxies start; answered with KD_RES 005, never an empty result."""
    creds = user(TPKA)
    answers = [
        soap.GetImporPermit(**creds, Kd_Gudang="TPKA"),
        soap.GetSPJM(**creds, Kd_Tps="TPKA"),
        soap.GetSPJM_onDemand(**creds, noPib="000001", tglPib="01012026"),
        soap.GetDokumenManual(**creds, Kd_Tps="TPKA"),
        soap.GetRejectData(**creds, Kd_Tps="TPKA"),
    ]
    for answer in answers:
        assert "<KD_RES>005</KD_RES>" in answer and "tidak dilayani" in answer
    changed = soap.GantiPassword(**creds, PasswordBaru="a", PasswordKonfirmasi="a")
    assert changed.startswith("Gagal")


def test_wrong_credentials_are_a_fault(soap: Any) -> None:
    with pytest.raises(zeep.exceptions.Fault, match="password"):
        soap.UploadMohonPLP(
            fStream=loadplp(ref(), [("MSKU1001373", "20")]), Username="tpka", Password="x"
        )
    with pytest.raises(zeep.exceptions.Fault):
        soap.GetResponPLP(UserName="nobody", Password="x", Kd_asp="TPKA")
    with pytest.raises(zeep.exceptions.Fault):  # the test account is for the _Tes operations
        soap.GetResponPLP(UserName="TES", Password="1234")


def test_polling_another_tps_is_refused_in_the_result(soap: Any) -> None:
    answer = soap.GetResponPLP(UserName="tpka", Password="tpka-demo", Kd_asp="CFSB")
    assert answer.startswith('<?xml version="1.0"?><RESPON><KD_RES>011</KD_RES>')
    assert soap.GetResponPLP(UserName="cfsb", Password="cfsb-demo", Kd_asp="CFB1") == (
        "Data tidak ditemukan"  # a gudang of its own names the TPS too (WMSB sends it)
    )


def test_e3_upload_of_declared_goods_is_gagal_with_its_kd_res(soap: Any, api: Api) -> None:
    r = ref()
    answer = soap.UploadMohonPLP(fStream=loadplp(r, [("OOLU1006187", "20")]), **TPKA)
    assert answer.startswith('<?xml version="1.0"?><DOCUMENT><GAGAL><KD_RES>103</KD_RES>')
    assert "<KETERANGAN>E3: OOLU1006187 is covered by an import declaration<" in answer
    assert "000777" not in answer  # the importer's PIB is not the TPS's to see
    stored = request_of(api, r)
    assert stored["status"] == "REJECTED" and stored["channel"] == "soap"
    decision = soap.GetResponPLP(UserName="tpka", Password="tpka-demo")
    assert f"<REF_NUMBER>{r}</REF_NUMBER>" in decision and "<FL_SETUJU>T</FL_SETUJU>" in decision


def test_f2_manual_procedure_answers_gagal_with_its_kd_res(soap: Any, api: Api) -> None:
    services = api.client.app.state.services
    with services.database.session() as session:  # what the manual-procedure switch records
        session.execute(
            text("UPDATE office SET mode = 'manual', manual_since = :at WHERE code = '040300'"),
            {"at": datetime(2026, 11, 25, 1, 0)},
        )
        session.commit()
    services.reference.invalidate()
    answer = soap.UploadMohonPLP(fStream=loadplp(ref(), [("MSKU1001373", "20")]), **TPKA)
    assert answer.startswith('<?xml version="1.0"?><DOCUMENT><GAGAL><KD_RES>040</KD_RES>')
    assert "manual" in answer
