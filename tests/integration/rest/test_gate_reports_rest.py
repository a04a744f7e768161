"""POST /api/v1/gate-reports, on SQLite and PostgreSQL: the REST twin of CoarriCodeco, every
kind of movement of the table, TPS operators for their own TPS only."""

from __future__ import annotations

from typing import Any

from tests.integration.rest.test_seal_chain_api import C1, C2, _released
from tests.integration.rest.test_stock_e7 import _stamp
from tests.support import Api, containers, discharge_at

GATE = "/api/v1/gate-reports"


def _item(container: str, inout: str, doc: tuple[str, str], **extra: Any) -> dict[str, Any]:
    return {
        "container": container,
        "kd_dok_inout": inout,
        "document_number": doc[0],
        "document_date": doc[1],
        "at": _stamp(),
    } | extra


def _report(kd_dok: str, tps: str, ref: str, *items: dict[str, Any]) -> dict[str, Any]:
    return {"kd_dok": kd_dok, "kd_tps": tps, "ref_number": ref, "items": list(items)}


def test_e7_a_discharge_over_rest_puts_goods_at_the_tps_and_a_resend_changes_nothing(
    api_any_db: Api,
) -> None:
    api = api_any_db
    manifest = {
        "office_code": "040300",
        "number": "004466",
        "date": "2026-11-22",
        "items": [{"pos_number": "1", "containers": [{"number": "MSKU1001373", "size": "20"}]}],
    }
    assert api.post("/api/v1/admin/manifests", "admin", manifest).status_code == 200
    body = _report("1", "KOJA", "KOJA-REST-1", _item("MSKU1001373", "20", ("004466", "2026-11-22")))

    first, again = api.post(GATE, "koja", body), api.post(GATE, "koja", body)

    assert (first.status_code, again.status_code) == (204, 204), first.text
    r = api.get("/api/v1/tps/KOJA/stock", "koja", params={"bc11_number": "004466"})
    assert [(i["status"], i["report"]) for i in r.json()["items"]] == [("AT_TPS", "KOJA-REST-1")]


def test_e7_a_pair_outside_the_table_is_refused_naming_it(api_any_db: Api) -> None:
    body = _report("4", "TPKA", "TPKA-REST-2", _item("MSKU1001373", "3", ("000001", "2026-11-25")))

    r = api_any_db.post(GATE, "tpka", body)

    assert r.status_code == 422
    assert "KD_DOK 4 with KD_DOK_INOUT 3" in r.json()["detail"]


def test_e7_goods_not_where_the_report_says_are_refused_naming_e7(api_any_db: Api) -> None:
    discharge_at(api_any_db, "CFSB", "MSKU1001373", gudang="CFB1")
    body = _report("1", "TPKA", "TPKA-REST-3", _item("MSKU1001373", "20", ("001234", "2026-11-20")))

    r = api_any_db.post(GATE, "tpka", body)

    assert r.status_code == 409 and r.json()["rule"] == "E7"  # a rule: as M1-M6 answer
    assert "CFSB" not in r.json()["detail"]


def test_e7_a_tps_reports_only_its_own_gate(api_any_db: Api) -> None:
    body = _report("1", "KOJA", "KOJA-REST-4", _item("MSKU1001373", "20", ("001234", "2026-11-20")))

    assert api_any_db.post(GATE, "tpka", body).status_code == 403
    assert api_any_db.post(GATE, "manifest", body).status_code == 403


def test_e7_plp_gate_reports_over_rest_move_the_goods(api_any_db: Api) -> None:
    api = api_any_db
    rid = api.submit(containers=containers("TGHU1002113")).json()["id"]
    assert api.step(rid, "recommendations/manifest", "manifest", approve=True).status_code == 200
    decision = api.step(rid, "decision", "kasubsi", approve=True).json()["decision"]
    plp = (decision["plp_number"], decision["plp_date"])
    assert (
        api.step(rid, "origin-check", "supervisor-asal", matched=True, escorted=True).status_code
        == 200
    )

    out = api.post(
        GATE, "tpka", _report("3", "TPKA", "TPKA-REST-5", _item("TGHU1002113", "3", plp))
    )
    assert out.status_code == 204, out.text
    assert api.step(rid, "destination-check", "supervisor-tujuan", matched=True).status_code == 200
    gate_in = _report("5", "CFSB", "CFSB-REST-5", _item("TGHU1002113", "3", plp))
    assert api.post(GATE, "cfsb", gate_in | {"kd_gudang": "CFB1"}).status_code == 204

    stored = api.get(f"/api/v1/plp-requests/{rid}", "cfsb").json()
    here = api.get("/api/v1/tps/CFSB/stock", "cfsb", params={"container": "TGHU1002113"}).json()
    assert stored["status"] == "GATED_IN"
    assert [(i["status"], i["plp_request_id"]) for i in here["items"]] == [("AT_TPS", rid)]


def test_s1_a_plp_gate_out_report_with_another_seal_is_recorded_and_flagged(
    api_any_db: Api,
) -> None:
    api = api_any_db
    rid = _released(api, C1, C2)  # sealed BC0 on C1, BC1 on C2
    decision = api.get(f"/api/v1/plp-requests/{rid}", "tpka").json()["decision"]
    plp = (decision["plp_number"], decision["plp_date"])
    report = _report(
        "3",
        "TPKA",
        "TPKA-S1-GATE-1",
        _item(C1, "3", plp, seal_numbers=["BC0"]),
        _item(C2, "3", plp, seal_numbers=["BC9999"]),
    )

    r = api.post(GATE, "tpka", report)

    assert r.status_code == 204, r.text
    view = api.get(f"/api/v1/plp-requests/{rid}", "cfsb").json()
    assert view["status"] == "GATED_OUT" and view["movement"]["seal_alert"] is True
    history = {s["container"]: s["history"] for s in view["movement"]["seals"]}
    assert history[C2][-1]["discrepancy"] and history[C1][-1]["discrepancy"] is None
