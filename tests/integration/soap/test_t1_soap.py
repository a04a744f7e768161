"""T1 over SOAP (zeep): a lapsed approval's gate-out report is GAGAL with KD_RES 161, changes
nothing, and a gate-in after an overdue transit is still recorded with its flag kept."""

from __future__ import annotations

from datetime import timedelta

from tests.integration.rest.test_t1_transit_api import advance, run_watch, set_terms
from tests.integration.soap.soap_support import (
    coco,
    coco_block,
    loadplp,
    ref,
    wib_stamp,
    zeep_client,
)
from tests.integration.soap.test_soap_operations import approve, plp_of, request_of
from tests.support import Api

TPKA = {"Username": "tpka", "Password": "tpka-demo"}
CFSB = {"Username": "cfsb", "Password": "cfsb-demo"}
CONT = [("MSKU1001373", "20")]


def released(api: Api, soap: object) -> dict[str, object]:
    r = ref()
    soap.UploadMohonPLP(fStream=loadplp(r, CONT), **TPKA)  # type: ignore[attr-defined]
    decided = approve(api, request_of(api, r)["id"])
    assert (
        api.step(
            decided["id"], "origin-check", "supervisor-asal", matched=True, escorted=True
        ).status_code
        == 200
    )
    return decided


def test_t1_a_gate_out_report_of_a_lapsed_approval_is_gagal(api_any_db: Api) -> None:
    api = api_any_db
    soap = zeep_client("http://testserver", "TPSServicesSoap", api.client)
    set_terms(api, approval_validity_hours=1)
    decided = released(api, soap)
    advance(api, hours=1, minutes=5)

    late = coco_block(
        "T1OUT", "3", "TPKA", plp_of(decided), wib_stamp(timedelta(hours=1, minutes=5)), CONT
    )
    answer = soap.CoarriCodeco_Container(fStream=coco(late), **TPKA)

    assert answer.startswith("Gagal Insert REF T1OUT KD_RES 161 T1: the approval lapsed")
    stored = api.get(f"/api/v1/plp-requests/{decided['id']}", "tpka").json()
    assert stored["status"] == "RELEASED"
    assert all(line["gated_out_at"] is None for line in stored["lines"])


def test_t1_a_gate_in_report_after_an_overdue_transit_is_recorded(api_any_db: Api) -> None:
    api = api_any_db
    soap = zeep_client("http://testserver", "TPSServicesSoap", api.client)
    set_terms(api, transit_hours=2)
    decided = released(api, soap)
    out = coco_block("T1GO", "3", "TPKA", plp_of(decided), wib_stamp(timedelta(seconds=2)), CONT)
    assert soap.CoarriCodeco_Container(fStream=coco(out), **TPKA) == "Proses Berhasil REF T1GO"
    api.step(decided["id"], "destination-check", "supervisor-tujuan", matched=True)
    advance(api, hours=2, minutes=5)
    assert run_watch(api).overdue == 1

    at = wib_stamp(timedelta(hours=2, minutes=5))
    gate_in = coco_block("T1GI", "5", "CFSB", plp_of(decided), at, CONT)
    answer = soap.CoarriCodeco_Container(fStream=coco(gate_in), **CFSB)

    assert answer == "Proses Berhasil REF T1GI"
    stored = api.get(f"/api/v1/plp-requests/{decided['id']}", "cfsb").json()
    assert stored["status"] == "GATED_IN"
    assert stored["transit_watch"]["transit_overdue_at"] is not None
