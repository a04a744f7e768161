"""E7 through the H2H surface, on SQLite and PostgreSQL: a request for goods not at the origin
is refused in the envelope naming E7; coarri-codeco gate reports move the goods."""

from __future__ import annotations

from datetime import timedelta

from tests.integration.h2h.test_h2h_procedure import plp
from tests.integration.h2h.test_h2h_support import (
    CREATED,
    INVALID,
    H2h,
    assert_envelope,
    coarri_kemasan,
    coarri_kontainer,
    moment,
    permohonan,
    ref,
)
from tests.integration.soap.test_soap_operations import approve, request_of
from tests.support import Api

NOT_AT_TPKA = "is not at the origin TPS TPKA (not reported in there, or reported out since)"
BL = ("HBL-LCL-0003", "BX", "40", "11-11-2026")


def test_e7_goods_already_moved_are_refused_in_the_envelope(api_any_db: Api) -> None:
    tpka = H2h(api_any_db, "tpka")

    answer = tpka.post("/upload-mohon-plp", permohonan(ref(), [("CAIU1008034", "40")]))

    body = assert_envelope(answer, 400, 400, INVALID)
    detail = f"CAIU1008034 {NOT_AT_TPKA}"
    assert body["detail"] == f"Permohonan PLP ditolak. E7: {detail}"
    assert body["data"]["errors"] == [{"rule": "E7", "line": 1, "message": detail}]


def test_e7_coarri_kemasan_moves_the_house_bl_to_the_destination(api_any_db: Api) -> None:
    api = api_any_db
    tpka, cfsb = H2h(api, "tpka"), H2h(api, "cfsb")
    r = ref()
    up = tpka.post("/upload-mohon-plp", permohonan(r, packages=[BL]))
    assert_envelope(up, 200, 201, CREATED)
    decided = approve(api, request_of(api, r)["id"])
    number, on = plp(decided)
    assert (
        api.step(
            decided["id"], "origin-check", "supervisor-asal", matched=True, escorted=True
        ).status_code
        == 200
    )
    out = coarri_kemasan(
        "TPKAOUT8", "3", "TPKA", (number, on), moment(timedelta(seconds=2)), [BL[0]]
    )
    assert_envelope(tpka.post("/coarri-codeco-kemasan", out), 200, 201, CREATED)
    step = api.step(decided["id"], "destination-check", "supervisor-tujuan", matched=True)
    assert step.status_code == 200
    gate_in = coarri_kemasan(
        "CFSBIN8", "5", "CFSB", (number, on), moment(timedelta(seconds=3)), [BL[0]]
    )
    assert_envelope(cfsb.post("/coarri-codeco-kemasan", gate_in), 200, 201, CREATED)

    again = tpka.post("/upload-mohon-plp", permohonan(ref(), packages=[BL]))

    body = assert_envelope(again, 400, 400, INVALID)
    assert body["data"]["errors"] == [
        {"rule": "E7", "line": 1, "message": f"B/L {BL[0]} {NOT_AT_TPKA}"}
    ]


def test_e7_coarri_discharge_under_the_bc11_puts_goods_at_the_tps(api_any_db: Api) -> None:
    api = api_any_db
    manifest = {
        "office_code": "040300",
        "number": "004477",
        "date": "2026-11-22",
        "items": [{"pos_number": "1", "containers": [{"number": "MSKU1001373", "size": "20"}]}],
    }
    assert api.post("/api/v1/admin/manifests", "admin", manifest).status_code == 200
    tpka = H2h(api, "tpka")
    body = coarri_kontainer(
        "TPKADIS9", "1", "TPKA", ("004477", "22-11-2026"), moment(timedelta(seconds=-30)),
        ["MSKU1001373"],
    )  # fmt: skip
    body["kontainer"][0]["kodeDokumenInOut"] = "20"

    first = tpka.post("/coarri-codeco-container", body)
    again = tpka.post("/coarri-codeco-container", body)

    assert_envelope(first, 200, 201, CREATED, "Proses Berhasil TPKADIS9")
    assert_envelope(again, 200, 201, CREATED)
    stock = api.get("/api/v1/tps/TPKA/stock", "tpka", params={"bc11_number": "004477"}).json()
    assert [(i["container"], i["status"]) for i in stock["items"]] == [("MSKU1001373", "AT_TPS")]
