"""CoarriCodeco gate reports of every kind through SOAP (zeep), on SQLite and PostgreSQL:
discharge, gate-out under an SPPB, unsupported codes, goods not where the report says, and
the journal of every goods item received."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import text

from tests.integration.soap.soap_support import coco, coco_block, ref, wib_stamp
from tests.integration.soap.soap_support import zeep_client as soap_client
from tests.support import Api, containers

TPKA = {"Username": "tpka", "Password": "tpka-demo"}
NEW_BC11 = ("004455", "20261122")
MANIFEST = {
    "office_code": "040300",
    "number": NEW_BC11[0],
    "date": "2026-11-22",
    "items": [
        {"pos_number": "1", "bl_number": "HBL-GR-1", "bl_date": "2026-11-20",
         "containers": [{"number": "MSKU1001373", "size": "20"}]},
    ],
}  # fmt: skip
SOON = wib_stamp(timedelta(seconds=-60))


def _journal(api: Api, ref_number: str) -> list[tuple[Any, ...]]:
    with api.client.app.state.services.database.session() as session:
        rows = session.execute(
            text(
                "SELECT kd_dok, kd_dok_inout, goods_key, outcome, rule FROM gate_report_line "
                "WHERE ref_number = :ref ORDER BY id"
            ),
            {"ref": ref_number},
        ).all()
    return [tuple(r) for r in rows]


def _stock(api: Api, tps: str, who: str, **query: str) -> list[dict[str, Any]]:
    r = api.get(f"/api/v1/tps/{tps}/stock", who, params=query)
    assert r.status_code == 200, r.text
    items: list[dict[str, Any]] = r.json()["items"]
    return items


def test_e7_a_discharge_report_puts_the_goods_at_the_tps_once(api_any_db: Api) -> None:
    api = api_any_db
    soap = soap_client("http://testserver", "TPSServicesSoap", api.client)
    assert api.post("/api/v1/admin/manifests", "admin", MANIFEST).status_code == 200
    before = api.submit(containers=containers("MSKU1001373"), bc11_number=NEW_BC11[0],
                        bc11_date="2026-11-22")  # fmt: skip
    r = ref()
    block = coco_block(r, "1", "TPKA", NEW_BC11, SOON, [("MSKU1001373", "20")],
                       kd_dok_inout="20", bc11=NEW_BC11)  # fmt: skip

    first = soap.CoarriCodeco_Container(fStream=coco(block), **TPKA)
    again = soap.CoarriCodeco_Container(fStream=coco(block), **TPKA)

    assert first == again == f"Proses Berhasil REF {r}"
    assert [f["rule"] for f in before.json()["findings"]] == ["E7"]  # still on board then
    assert _journal(api, r) == [("1", "20", "C:MSKU1001373", "accepted", None)]
    [here] = _stock(api, "TPKA", "tpka", bc11_number=NEW_BC11[0])
    assert (here["status"], here["report"]) == ("AT_TPS", r)


def test_e2_a_gate_out_under_an_sppb_releases_and_one_without_is_flagged(
    api_any_db: Api,
) -> None:
    api = api_any_db
    soap = soap_client("http://testserver", "TPSServicesSoap12", api.client)
    released, free = ref(), ref()
    sppb = ("123456", "20261122")  # the demo's SPPB of HLXU1006556 under BC 1.1 001234

    ok = coco_block(released, "3", "TPKA", sppb, SOON, [("HLXU1006556", "20")], kd_dok_inout="1")
    no = coco_block(free, "3", "TPKA", sppb, SOON, [("MSKU1001373", "20")], kd_dok_inout="1")
    answer = soap.CoarriCodeco_Container(fStream=coco(ok, no), **TPKA)

    accepted, refused = answer.split(";")
    assert accepted == f"Proses Berhasil REF {released}"
    assert refused.startswith(f"Gagal Insert REF {free} KD_RES 102 E2: MSKU1001373: no SPPB")
    assert _journal(api, free) == [("3", "1", "C:MSKU1001373", "flagged", "E2")]
    gone = _stock(api, "TPKA", "tpka", status="RELEASED")
    assert [i["container"] for i in gone] == ["HLXU1006556"]
    assert _stock(api, "TPKA", "tpka", container="MSKU1001373")[0]["status"] == "AT_TPS"


def test_e7_a_report_of_goods_not_where_it_says_is_refused_and_changes_nothing(
    api_any_db: Api,
) -> None:
    api = api_any_db
    soap = soap_client("http://testserver", "TPSServicesSoap", api.client)
    r = ref()
    block = coco_block(r, "1", "TPKA", ("001234", "20261120"), SOON, [("CAIU1008034", "40")],
                       kd_dok_inout="20")  # fmt: skip

    answer = soap.CoarriCodeco_Container(fStream=coco(block), **TPKA)

    assert answer.startswith(f"Gagal Insert REF {r} KD_RES 107 E7: CAIU1008034 is not")
    assert "CFSB" not in answer and "CFB1" not in answer
    assert _journal(api, r) == [("1", "20", "C:CAIU1008034", "flagged", "E7")]
    [there] = _stock(api, "CFSB", "manifest", container="CAIU1008034")
    assert (there["status"], there["gudang"]) == ("AT_TPS", "CFB1")


def test_e7_unsupported_codes_are_gagal_naming_the_code_and_what_is_accepted(
    api_any_db: Api,
) -> None:
    soap = soap_client("http://testserver", "TPSServicesSoap", api_any_db.client)
    r = ref()
    export = coco_block(r, "2", "TPKA", ("1", "20261120"), SOON, [("MSKU1001373", "20")],
                        kd_dok_inout="20")  # fmt: skip

    answer = soap.CoarriCodeco_Container(fStream=coco(export), **TPKA)

    assert answer.startswith(f"Gagal Insert REF {r} KD_RES 005")
    assert "KD_DOK 2 with KD_DOK_INOUT 20" in answer and "accepted: KD_DOK 1" in answer
    assert _journal(api_any_db, r) == []  # not a movement the simulator records


def test_m6_a_refused_plp_gate_out_is_still_journaled_as_flagged(api_any_db: Api) -> None:
    api = api_any_db
    soap = soap_client("http://testserver", "TPSServicesSoap", api.client)
    rid = api.submit(containers=containers("TGHU1002113")).json()["id"]
    assert api.step(rid, "recommendations/manifest", "manifest", approve=True).status_code == 200
    decided = api.step(rid, "decision", "kasubsi", approve=True).json()
    plp = (decided["decision"]["plp_number"], decided["decision"]["plp_date"].replace("-", ""))
    r = ref()
    out = coco_block(r, "3", "TPKA", plp, wib_stamp(timedelta(seconds=2)), [("TGHU1002113", "40")])

    answer = soap.CoarriCodeco_Container(fStream=coco(out), **TPKA)

    assert answer.startswith(f"Gagal Insert REF {r} KD_RES 132 M2:")  # not released yet
    assert _journal(api, r) == [("3", "3", "C:TGHU1002113", "flagged", "M2")]
