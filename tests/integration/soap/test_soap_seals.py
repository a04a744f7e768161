"""S1 over the legacy interface, through zeep: NO_SEGEL_BC in CoarriCodeco gate reports is
compared with the release, and a cut decision (M2 follow-up) is a new GetResponPLP response."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from tests.integration.soap.soap_support import (
    PORTS,
    coco,
    coco_block,
    loadplp,
    ref,
    wib_stamp,
    zeep_client,
)
from tests.integration.soap.test_soap_operations import (
    CFSB,
    TPKA,
    approve,
    plp_of,
    request_of,
    user,
)
from tests.support import Api

CONT = [("MSKU1001373", "20")]


@pytest.fixture(params=PORTS)
def soap(request: pytest.FixtureRequest, api_any_db: Api) -> Any:
    return zeep_client("http://testserver", request.param, api_any_db.client)


def _released(soap: Any, api: Api, seal: str) -> tuple[dict[str, Any], tuple[str, str]]:

    first = ref()
    assert soap.UploadMohonPLP(fStream=loadplp(first, CONT), **TPKA).startswith("Proses Berhasil")
    decided = approve(api, request_of(api, first)["id"])
    seals = [{"container": CONT[0][0], "numbers": [seal]}]
    r = api.step(decided["id"], "origin-check", "supervisor-asal", matched=True, seals=seals)
    assert r.status_code == 200, r.text
    return decided, plp_of(decided)


def test_s1_gate_in_with_a_wrong_no_segel_bc_is_recorded_and_flagged(
    soap: Any, api_any_db: Api
) -> None:
    api = api_any_db
    decided, plp = _released(soap, api, "BC0007788")
    out = coco_block("TPKAOUT9", "3", "TPKA", plp, wib_stamp(timedelta(seconds=2)), CONT)
    out_sealed = out.replace("</KODE_KANTOR>", "</KODE_KANTOR><NO_SEGEL_BC>BC0007788</NO_SEGEL_BC>")
    assert soap.CoarriCodeco_Container(fStream=coco(out_sealed), **TPKA).startswith(
        "Proses Berhasil"
    )
    found = [{"container": CONT[0][0], "numbers": ["BC0007788"]}]
    api.step(decided["id"], "destination-check", "supervisor-tujuan", matched=True, seals=found)

    gate_in = coco_block(
        "CFSBIN9", "5", "CFSB", plp, wib_stamp(timedelta(seconds=3)), CONT, seal_bc="BC0009999"
    )
    answer = soap.CoarriCodeco_Container(fStream=coco(gate_in), **CFSB)

    assert answer == "Proses Berhasil REF CFSBIN9"  # the move happened: recorded
    view = api.get(f"/api/v1/plp-requests/{decided['id']}", "cfsb").json()
    assert view["status"] == "GATED_IN"
    assert view["movement"]["seal_alert"] is True
    [chain] = view["movement"]["seals"]
    stages = [(h["stage"], h["discrepancy"] is None) for h in chain["history"]]
    assert stages == [
        ("release", True),
        ("gate_out", True),
        ("destination", True),
        ("gate_in", False),
    ]
    queue = api.get("/api/v1/queue", "p2-section").json()["items"]
    assert decided["id"] in [i["id"] for i in queue]


def test_m2_a_cut_decision_is_a_new_getresponplp_response(soap: Any, api_any_db: Api) -> None:

    api = api_any_db
    first = ref()
    two = [("TGHU1002113", "40"), ("CSQU1001743", "20")]
    assert soap.UploadMohonPLP(fStream=loadplp(first, two), **TPKA).startswith("Proses Berhasil")
    rid = approve(api, request_of(api, first)["id"])["id"]
    assert "<FL_SETUJU>T</FL_SETUJU>" not in soap.GetResponPLP(**user(TPKA), Kd_asp="TPKA")
    assert soap.GetResponPLP_Tujuan(**user(CFSB), Kd_asp="CFSB").count("<RESPONPLP>") == 1
    api.step(rid, "origin-check", "supervisor-asal", matched=False, note="CSQU1001743 absent")

    api.step(
        rid,
        "origin-check/follow-up",
        "manifest",
        outcome="cut_to_matching",
        line_nos=[1],
        note="CSQU1001743 is not at the yard",
    )
    revised = soap.GetResponPLP(**user(TPKA), Kd_asp="TPKA")

    assert revised.count("<RESPONPLP>") == 1
    assert "<FL_SETUJU>Y</FL_SETUJU>" in revised and "<FL_SETUJU>T</FL_SETUJU>" in revised
    assert "not at the yard" in revised
    assert soap.GetResponPLP(**user(TPKA), Kd_asp="TPKA") == "Data tidak ditemukan"
    told = soap.GetResponPLP_Tujuan(**user(CFSB), Kd_asp="CFSB")
    assert told.count("<RESPONPLP>") == 1
