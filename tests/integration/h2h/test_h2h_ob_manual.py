"""Issue 16 item 5: GET /get-data-ob (note 6.8) and /get-dokumen-manual-ondemand answer from
PLP Online's data, through the reads SOAP uses, on SQLite and PostgreSQL."""

from __future__ import annotations

from tests.integration.h2h.test_h2h_procedure import plp
from tests.integration.h2h.test_h2h_support import (
    FETCHED,
    INVALID,
    NOT_FOUND,
    TPS_BASE,
    H2h,
    assert_envelope,
    assert_matches,
    dmy,
    permohonan,
    ref,
)
from tests.integration.rest.test_manual_procedure import go_manual, paper, set_clock
from tests.integration.soap.test_soap_operations import approve, request_of
from tests.support import Api


def test_get_data_ob_lists_the_approved_containers_for_the_destination_only(
    api_any_db: Api,
) -> None:
    api = api_any_db
    tpka, cfsb, koja = H2h(api, "tpka"), H2h(api, "cfsb"), H2h(api, "koja")
    assert_envelope(cfsb.get("/get-data-ob", kodeTps="CFSB"), 200, 200, FETCHED, NOT_FOUND)
    r = ref()
    up = tpka.post("/upload-mohon-plp", permohonan(r, [("TSTU1001000", "40")]))
    assert up.json()["code"] == 201, up.text
    assert_envelope(cfsb.get("/get-data-ob", kodeTps="CFSB"), 200, 200, FETCHED, NOT_FOUND)

    decided = approve(api, request_of(api, r)["id"])
    number, on = plp(decided)

    rows = assert_envelope(cfsb.get("/get-data-ob", kodeTps="CFSB"), 200, 200, FETCHED)["data"]
    [row] = [x for x in rows if x["refNumberOb"] == r]
    assert_matches("DataObDto", row)
    assert (row["nomorPlp"], row["tanggalPlp"], row["kodeTpsAsal"]) == (number, on, "TPKA")
    assert (row["nomorKontainer"], row["ukuranKontainer"]) == ("TSTU1001000", "40")
    assert row["kodeGudangTujuan"] == "CFB1" and row["kodeDokumen"] == "3"
    assert row["nomorBc11"] and row["tanggalSuratPlp"] == "25-11-2026"
    assert row["idConsignee"] and row["consignee"] and row["namaAngkut"] and row["callSign"]
    assert row["nomorSegel"] is None  # no seal before the release (S1)
    again = assert_envelope(cfsb.get("/get-data-ob", kodeTps="CFSB"), 200, 200, FETCHED)
    assert row in again["data"]  # a plain read: not delivered once
    by_gudang = cfsb.get("/get-data-ob", kodeTps="CFB1")
    assert row in assert_envelope(by_gudang, 200, 200, FETCHED)["data"]
    seals = [{"container": "TSTU1001000", "numbers": ["BC0007788"]}]
    released = api.step(decided["id"], "origin-check", "supervisor-asal", matched=True, seals=seals)
    assert released.status_code == 200, released.text
    after = assert_envelope(cfsb.get("/get-data-ob", kodeTps="CFSB"), 200, 200, FETCHED)
    assert [x["nomorSegel"] for x in after["data"] if x["refNumberOb"] == r] == ["BC0007788"]
    for other, code in ((koja, "KOJA"), (tpka, "TPKA")):  # the origin is not a destination
        seen = assert_envelope(other.get("/get-data-ob", kodeTps=code), 200, 200, FETCHED)
        assert not any(x["refNumberOb"] == r for x in seen["data"] or [])


def test_get_data_ob_refuses_a_foreign_or_missing_kode_tps(api: Api) -> None:
    koja = H2h(api, "koja")
    foreign = koja.get("/get-data-ob", kodeTps="CFSB")
    body = assert_envelope(foreign, 403, 403, INVALID)
    assert body["detail"] == "Akun Anda tidak berhak mengakses data TPS CFSB"
    assert body["data"] is None
    missing = assert_envelope(koja.get("/get-data-ob"), 400, 400, INVALID)
    assert "kodeTps" in missing["detail"]
    too_long = assert_envelope(koja.get("/get-data-ob", kodeTps="KOJA1"), 400, 400, INVALID)
    assert too_long["detail"] == "Panjang karakter maksimal 4 karakter"


def test_f2_get_dokumen_manual_ondemand_answers_a_paper_plp(api_any_db: Api) -> None:
    api = api_any_db
    go_manual(api)
    set_clock(api, "2026-11-30T16:00:00+07:00")
    body = paper("M-010", "MSKU1001373", approved=True)
    assert api.post("/api/v1/manual-plps", "kasubsi", body).status_code == 201
    letter = body["decision"]
    asked = {
        "kodeDokumen": "3",
        "nomorDokumen": letter["letter_number"],
        "tanggalDokumen": dmy(letter["letter_date"]),
    }
    tpka = H2h(api, "tpka")

    found = assert_envelope(tpka.get("/get-dokumen-manual-ondemand", **asked), 200, 200, FETCHED)
    data = found["data"]
    assert_matches("DokumenManualOnDemand.header", data["header"])
    for part in ("kontainer", "kemasan"):
        for line in data[part]:
            assert_matches(f"DokumenManualOnDemand.{part}", line)
    head = data["header"]
    assert head["nomorDokumen"] == letter["letter_number"]
    assert head["tanggalDokumen"] == asked["tanggalDokumen"]
    assert (head["tipeData"], head["flagSetuju"], head["nomorSurat"]) == ("2", "Y", "M-010")
    assert head["kodeTpsAsal"] == body["origin_tps"]
    assert data["kontainer"] == [{"nomorKontainer": "MSKU1001373", "ukuranKontainer": "20"}]

    koja = H2h(api, "koja")
    elsewhere = koja.get("/get-dokumen-manual-ondemand", **asked)
    assert_envelope(elsewhere, 200, 200, FETCHED, NOT_FOUND)
    other_day = tpka.get("/get-dokumen-manual-ondemand", **asked | {"tanggalDokumen": "01-01-2026"})
    assert_envelope(other_day, 200, 200, FETCHED, NOT_FOUND)
    other_kind = tpka.get("/get-dokumen-manual-ondemand", **asked | {"kodeDokumen": "18"})
    assert "kodeDokumen" in assert_envelope(other_kind, 400, 400, INVALID)["detail"]
    bad_date = tpka.get("/get-dokumen-manual-ondemand", **asked | {"tanggalDokumen": "2026-11-30"})
    assert_envelope(bad_date, 400, 400, INVALID, "Invalid date format. Expected dd-MM-yyyy.")


def test_the_openapi_describes_both_answers_with_their_fields(api: Api) -> None:
    spec = api.client.get(f"{TPS_BASE}/openapi.json").json()
    schemas, paths = spec["components"]["schemas"], spec["paths"]
    ob = paths["/get-data-ob"]["get"]
    assert [(p["name"], p["required"]) for p in ob["parameters"]] == [("kodeTps", True)]
    envelope = ob["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    data = schemas[envelope.rsplit("/", 1)[1]]["properties"]["data"]
    assert data["items"]["$ref"].endswith("/DataObDto")
    assert len(schemas["DataObDto"]["properties"]) == 26
    assert all(p["type"] == "string" for p in schemas["DataObDto"]["properties"].values())
    manual = paths["/get-dokumen-manual-ondemand"]["get"]
    assert {p["name"] for p in manual["parameters"]} == {
        "kodeDokumen",
        "nomorDokumen",
        "tanggalDokumen",
    }
    envelope = manual["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    wrap = schemas[envelope.rsplit("/", 1)[1]]["properties"]["data"]["properties"]
    assert set(wrap) == {"header", "kontainer", "kemasan"}
    assert "nomorDokumen" in schemas["DokumenManualOnDemandHeader"]["properties"]
