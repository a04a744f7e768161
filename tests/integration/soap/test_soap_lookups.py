"""GetImpor_Bc11, GetImpor_Sppb and GetDokumenManual_OnDemand answer from PLP Online's data
(the demo reference data, paper PLPs of the manual procedure), on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from lxml import etree
from sqlalchemy import text

from app.adapters.sql.demo_seed import demo_refdata
from tests.integration.rest.test_manual_procedure import go_manual, paper, set_clock
from tests.integration.soap.soap_support import (
    PORTS,
    coco,
    coco_block,
    loadplp,
    ref,
    wib_stamp,
    zeep_client,
)
from tests.integration.soap.test_soap_operations import approve, plp_of, request_of
from tests.support import Api

TPKA = {"UserName": "tpka", "Password": "tpka-demo"}
NOT_FOUND = "Data tidak ditemukan"


def soap(api: Api, port: str = PORTS[0]) -> Any:
    return zeep_client("http://testserver", port, api.client)


def ddmmyyyy(iso: str) -> str:
    year, month, day = iso.split("-")
    return f"{day}{month}{year}"


def document(answer: str) -> Any:
    assert answer.startswith('<?xml version="1.0"?><DOCUMENT>'), answer
    return etree.fromstring(answer.encode())


def test_get_impor_bc11_answers_the_manifest_from_the_reference_data(api_any_db: Api) -> None:
    manifest = demo_refdata()["manifests"][0]
    for port in PORTS:
        answer = soap(api_any_db, port).GetImpor_Bc11(
            **TPKA, No_Bc11=manifest["number"], Tgl_Bc11=ddmmyyyy(manifest["date"])
        )
        root = document(answer)
        head = root.find("BC11/HEADER")
        assert head.findtext("NO_BC11") == manifest["number"]
        assert head.findtext("TGL_BC11") == manifest["date"].replace("-", "")
        assert head.findtext("CALL_SIGN") == manifest["call_sign"]
        assert head.findtext("NM_ANGKUT") == manifest["vessel_name"]
        listed = {c.findtext("NO_CONT") for c in root.iterfind("BC11/DETIL/CONT")}
        expected = {c["number"] for i in manifest["items"] for c in i["containers"]}
        assert listed == expected
        first = manifest["items"][0]
        cont = root.find(f"BC11/DETIL/CONT[NO_CONT='{first['containers'][0]['number']}']")
        assert cont.findtext("NO_BL_AWB") == first["bl_number"]
        assert cont.findtext("CONSIGNEE") == first["consignee"]


def test_get_pendukung_plp_answers_the_bc11_entries_of_a_container(api_any_db: Api) -> None:
    manifest = demo_refdata()["manifests"][0]
    item = manifest["items"][0]
    number = item["containers"][0]["number"]
    asked = {"noBc11": manifest["number"], "tglBc11": ddmmyyyy(manifest["date"]), "noCont": number}
    client = soap(api_any_db)

    whole = document(client.GetPendukungPLP(**TPKA, **asked)).findall("PENDUKUNG_PLP")
    per_bl = document(client.GetPendukungPLP_BL(**TPKA, **asked)).findall("PENDUKUNG_PLP")

    assert len(whole) == 1 and whole[0].findtext("HEADER/NO_CONT") == number
    assert whole[0].findtext("DETIL/POS/NO_POS_BC11") == item["pos_number"]
    assert whole[0].findtext("DETIL/POS/NO_BL_AWB") == item["bl_number"]
    assert [b.findtext("HEADER/NO_BL_AWB") for b in per_bl] == [item["bl_number"]]
    assert per_bl[0].findtext("DETIL/POS/CONSIGNEE") == item["consignee"]
    elsewhere = asked | {"noCont": "MSKU0000000"}
    assert client.GetPendukungPLP(**TPKA, **elsewhere) == NOT_FOUND


def test_get_impor_bc11_unknown_or_malformed(api: Api) -> None:
    client = soap(api)
    assert client.GetImpor_Bc11(**TPKA, No_Bc11="999999", Tgl_Bc11="20112026") == NOT_FOUND
    bad = client.GetImpor_Bc11(**TPKA, No_Bc11="001234", Tgl_Bc11="2026-11-20")
    assert "<KD_RES>003</KD_RES>" in bad and "Tgl_Bc11" in bad
    missing = client.GetImpor_Bc11(**TPKA, Tgl_Bc11="20112026")
    assert "<KD_RES>002</KD_RES>" in missing and "No_Bc11" in missing


def released() -> tuple[dict[str, Any], dict[str, Any]]:
    """A demo declaration with an SPPB, and the BC 1.1 item of its first container."""
    data = demo_refdata()
    decl = next(d for d in data["declarations"] if d["sppb_number"] and d["containers"])
    item = next(
        i
        for m in data["manifests"]
        if m["number"] == decl["bc11_number"]
        for i in m["items"]
        if any(c["number"] == decl["containers"][0] for c in i["containers"])
    )
    return decl, item


def test_get_impor_sppb_answers_the_release_from_the_reference_data(api_any_db: Api) -> None:
    decl, item = released()
    client = soap(api_any_db)
    asked = {"No_Sppb": decl["sppb_number"], "Tgl_Sppb": ddmmyyyy(decl["sppb_date"])}

    answer = client.GetImpor_Sppb(**TPKA, **asked, NPWP_Imp=item["consignee_id"])

    head = document(answer).find("SPPB/HEADER")
    assert head.findtext("NO_SPPB") == decl["sppb_number"]
    assert head.findtext("NO_DOK") == decl["number"] and head.findtext("JNS_DOK") == decl["kind"]
    assert head.findtext("NO_BC11") == decl["bc11_number"]
    assert head.findtext("NPWP_IMP") == item["consignee_id"]
    assert head.findtext("NAMA_IMP") == item["consignee"]
    conts = [c.findtext("NO_CONT") for c in document(answer).iterfind("SPPB/DETIL/CONT")]
    assert conts == decl["containers"]
    assert client.GetImpor_Sppb(**TPKA, **asked) == answer  # NPWP_Imp may be left out
    assert client.GetImpor_Sppb(**TPKA, **asked, NPWP_Imp="019999999999999") == NOT_FOUND
    other_day = asked | {"Tgl_Sppb": "01012026"}
    assert client.GetImpor_Sppb(**TPKA, **other_day) == NOT_FOUND


def test_f2_get_dokumen_manual_on_demand_answers_a_paper_plp(api_any_db: Api) -> None:
    api = api_any_db
    go_manual(api)
    set_clock(api, "2026-11-30T16:00:00+07:00")
    body = paper("M-010", "MSKU1001373", approved=True)
    assert api.post("/api/v1/manual-plps", "kasubsi", body).status_code == 201
    letter = body["decision"]
    asked = {"KdDok": "3", "NoDok": letter["letter_number"]}
    client = soap(api)

    answer = client.GetDokumenManual_OnDemand(
        **TPKA, **asked, TglDok=ddmmyyyy(letter["letter_date"])
    )

    head = document(answer).find("DOKUMEN_MANUAL/HEADER")
    assert head.findtext("NO_DOK") == letter["letter_number"]
    assert head.findtext("TIPE_DATA") == "2" and head.findtext("FL_SETUJU") == "Y"
    assert head.findtext("NO_SURAT") == "M-010"
    assert head.findtext("KD_TPS_ASAL") == body["origin_tps"]
    cont = document(answer).find("DOKUMEN_MANUAL/DETIL/CONT")
    assert cont.findtext("NO_CONT") == "MSKU1001373"
    on = ddmmyyyy(letter["letter_date"])
    other_tps = {"UserName": "koja", "Password": "koja-demo"}
    assert client.GetDokumenManual_OnDemand(**other_tps, **asked, TglDok=on) == NOT_FOUND
    assert client.GetDokumenManual_OnDemand(**TPKA, **asked, TglDok="01012026") == NOT_FOUND
    other_kind = client.GetDokumenManual_OnDemand(**TPKA, **asked | {"KdDok": "1"}, TglDok=on)
    assert "<KD_RES>005</KD_RES>" in other_kind and "KdDok" in other_kind


def journal_lines(api: Api) -> int:
    with api.client.app.state.services.database.session() as session:
        return int(session.execute(text("SELECT count(*) FROM gate_report_line")).scalar_one())


def test_tes_variants_validate_and_record_nothing(api_any_db: Api) -> None:
    """CoCoCont_Tes with a TPS account checks a discharge report as CoarriCodeco_Container
    does and records nothing; the same report sent for real is recorded."""
    api, client = api_any_db, soap(api_any_db)
    manifest = demo_refdata()["manifests"][1]
    number = manifest["items"][0]["containers"][0]["number"]
    bc11 = (manifest["number"], manifest["date"].replace("-", ""))
    block = coco_block(
        "TES9", "1", "TPKA", bc11, wib_stamp(), [(number, "20")], kd_dok_inout="20", bc11=bc11
    )
    creds = {"Username": "tpka", "Password": "tpka-demo"}
    before = journal_lines(api)

    assert client.CoCoCont_Tes(fStream=coco(block), **creds) == "Proses Berhasil REF TES9"
    assert client.CoCoCont_Tes(fStream="not xml", **creds) == "Gagal Parsing XML"
    assert journal_lines(api) == before
    assert client.CoarriCodeco_Container(fStream=coco(block), **creds) == (
        "Proses Berhasil REF TES9"
    )
    assert journal_lines(api) > before


def test_m3_tes_variant_is_a_trial_against_the_data_that_records_nothing(
    api_any_db: Api,
) -> None:
    """With a TPS account, CoCoCont_Tes runs the gate-out's rules (M3) on the real PLP and
    answers as CoarriCodeco_Container would, then rolls back: no gate-out, no journal line,
    not even the flagged lines a refused real report leaves."""
    api, client = api_any_db, soap(api_any_db)
    creds = {"Username": "tpka", "Password": "tpka-demo"}
    r, cont = ref(), [("TGHU1002113", "40")]
    assert client.UploadMohonPLP(fStream=loadplp(r, cont), **creds) == f"Proses Berhasil {r}"
    decided = approve(api, request_of(api, r)["id"])
    step = api.step(decided["id"], "origin-check", "supervisor-asal", matched=True, escorted=True)
    assert step.status_code == 200
    plp, at = plp_of(decided), wib_stamp(timedelta(seconds=2))
    out = coco(coco_block("TRIAL1", "3", "TPKA", plp, at, cont))
    unknown = coco(coco_block("TRIAL2", "3", "TPKA", ("999999", plp[1]), at, cont))
    before, status = journal_lines(api), request_of(api, r)["status"]

    assert client.CoCoCont_Tes(fStream=out, **creds) == "Proses Berhasil REF TRIAL1"
    refused = client.CoCoCont_Tes(fStream=unknown, **creds)
    assert refused.startswith("Gagal Insert REF TRIAL2 KD_RES 020")
    assert (journal_lines(api), request_of(api, r)["status"]) == (before, status)

    assert client.CoarriCodeco_Container(fStream=out, **creds) == "Proses Berhasil REF TRIAL1"
    assert request_of(api, r)["status"] != status and journal_lines(api) > before
