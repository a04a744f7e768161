"""L1 over SOAP through zeep, on SQLite and PostgreSQL: UploadBatalPLP asks; the legacy
cancellation responses deliver the Kasubsi's decision (FL_SETUJU Y / T, ALASAN_REJECT) once
decided, to the destination only after the approval it ends; a gate-out ends a waiting
cancellation as refused; a cancellation reference is used once."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from lxml import etree

from tests.integration.soap.soap_support import (
    batalplp,
    coco,
    coco_block,
    ref,
    wib_stamp,
    zeep_client,
)
from tests.integration.soap.test_soap_operations import approve, plp_of
from tests.support import Api, containers

TPKA = {"Username": "tpka", "Password": "tpka-demo"}
BATAL_TPKA = TPKA | {"Kd_asp": "TPKA"}
BATAL_CFSB = {"Username": "cfsb", "Password": "cfsb-demo", "Kd_asp": "CFSB"}
NOTHING = "Data tidak ditemukan"


def _approved(api: Api, number: str) -> dict[str, Any]:
    created = api.submit(containers=containers(number))
    assert created.status_code == 201, created.text
    return approve(api, created.json()["id"])


def _decide(api: Api, rid: str, approve: bool, reason: str | None = None) -> Any:
    number = api.get(f"/api/v1/plp-requests/{rid}", "kasubsi").json()["cancellation"]["number"]
    body = {"approve": approve} | ({"reason": reason} if reason else {})
    r = api.post(f"/api/v1/plp-requests/{rid}/cancellations/{number}/decision", "kasubsi", body)
    assert r.status_code == 200, r.text
    return r.json()


def _batal(document: str) -> list[dict[str, Any]]:
    """Each RESPON_BATAL as {header fields, flags: the FL_SETUJU of each line}."""
    root = etree.fromstring(document.encode())
    found = []
    for respon in root.iter("RESPON_BATAL"):
        head = {el.tag: el.text or "" for el in respon.find("HEADER")}
        flags = [el.findtext("FL_SETUJU") for el in respon.iter("CONT", "KMS")]
        found.append(head | {"flags": flags})
    return found


def stored_reason(api: Api, request_id: str) -> str:
    """Why the cancellation was refused, as REST shows it (the legacy header has no element)."""
    stored = api.get(f"/api/v1/plp-requests/{request_id}", "tpka").json()
    return str(stored["cancellation"]["decision_reason"])


def test_l1_the_legacy_cancellation_response_is_the_kasubsis_decision(api_any_db: Api) -> None:
    api = api_any_db
    soap = zeep_client("http://testserver", "TPSServicesSoap12", api.client)
    decided = _approved(api, "MSKU1001373")
    batal = ref()

    asked = soap.UploadBatalPLP(fStream=batalplp(batal, *plp_of(decided)), **TPKA)
    waiting = soap.GetResponBatalPLP(**BATAL_TPKA)
    _decide(api, decided["id"], False, "the destination expects the goods")
    [refused] = _batal(soap.GetResponBatalPLP(**BATAL_TPKA))
    before_the_approval = soap.GetResponBatalPLPTujuan(**BATAL_CFSB)
    approval = soap.GetResponPLPTujuan(UserName="cfsb", Password="cfsb-demo", Kd_asp="CFSB")
    [told] = _batal(soap.GetResponBatalPLPTujuan(**BATAL_CFSB))
    on_demand = soap.GetResponBatalPlp_onDemands(
        UserName="tpka", Password="tpka-demo", KdGudang="TPKA", RefNumber=batal
    )

    assert asked == f"Proses Berhasil {batal}"
    assert waiting == NOTHING  # the ask is no answer: the decision is
    assert (refused["REF_NUMBER"], refused["flags"]) == (batal, ["T"])
    assert "ALASAN_REJECT" not in refused  # the captured header: the reason is read over REST
    assert len(refused["NO_BATAL_PLP"]) == 6
    assert before_the_approval == NOTHING  # never before the approval it answers
    assert f"<NO_PLP>{decided['decision']['plp_number']}</NO_PLP>" in approval
    assert (told["NO_BATAL_PLP"], told["flags"]) == (refused["NO_BATAL_PLP"], ["T"])
    assert "<FL_SETUJU>T</FL_SETUJU>" in on_demand and "ALASAN_REJECT" not in on_demand
    assert soap.GetResponBatalPLP(**BATAL_TPKA) == NOTHING  # delivered once
    stored = api.get(f"/api/v1/plp-requests/{decided['id']}", "tpka").json()
    assert stored["status"] == "APPROVED"
    assert stored_reason(api, decided["id"]) == "the destination expects the goods"

    again = ref()
    soap.UploadBatalPLP(fStream=batalplp(again, *plp_of(decided)), **TPKA)
    _decide(api, decided["id"], True)
    [approved] = _batal(soap.GetResponBatalPLP(**BATAL_TPKA))
    [approved_told] = _batal(soap.GetResponBatalPLPTujuan(**BATAL_CFSB))

    assert (approved["REF_NUMBER"], approved["flags"]) == (again, ["Y"])
    assert approved_told["flags"] == ["Y"]


def test_l1_a_gate_out_ends_a_waiting_cancellation_as_refused(api_any_db: Api) -> None:
    api = api_any_db
    soap = zeep_client("http://testserver", "TPSServicesSoap", api.client)
    decided = _approved(api, "CSQU1001743")
    plp = plp_of(decided)
    api.step(decided["id"], "origin-check", "supervisor-asal", matched=True, escorted=True)
    batal = ref()
    soap.UploadBatalPLP(fStream=batalplp(batal, *plp), **TPKA)
    out = coco_block(
        ref(), "3", "TPKA", plp, wib_stamp(timedelta(seconds=2)), [("CSQU1001743", "20")]
    )

    moved = soap.CoarriCodeco_Container(fStream=coco(out), **TPKA)
    [ended] = _batal(soap.GetResponBatalPLP(**BATAL_TPKA))
    late = soap.UploadBatalPLP(fStream=batalplp(ref(), *plp), **TPKA)

    assert moved.startswith("Proses Berhasil"), moved
    assert (ended["REF_NUMBER"], ended["flags"]) == (batal, ["T"])
    assert "gated out" in stored_reason(api, decided["id"])
    assert "GAGAL" in late and "L1" in late  # the goods moved: too late, nothing changes
    stored = api.get(f"/api/v1/plp-requests/{decided['id']}", "tpka").json()
    assert stored["status"] == "GATED_OUT" and len(stored["cancellations"]) == 1


def test_l1_a_cancellation_reference_is_not_reused_for_another_plp(api_any_db: Api) -> None:
    api = api_any_db
    soap = zeep_client("http://testserver", "TPSServicesSoap", api.client)
    first, second = _approved(api, "TGHU1002113"), _approved(api, "OOLU1002480")
    batal = ref()

    ok = soap.UploadBatalPLP(fStream=batalplp(batal, *plp_of(first)), **TPKA)
    resent = soap.UploadBatalPLP(fStream=batalplp(batal, *plp_of(first)), **TPKA)
    reused = soap.UploadBatalPLP(fStream=batalplp(batal, *plp_of(second)), **TPKA)

    assert ok == resent == f"Proses Berhasil {batal}"
    assert "GAGAL" in reused and "L1" in reused
    stored = api.get(f"/api/v1/plp-requests/{second['id']}", "tpka").json()
    assert stored["cancellations"] == [] and stored["status"] == "APPROVED"


def test_l1_the_destination_gets_the_decision_after_the_approval_however_late(
    api_any_db: Api,
) -> None:
    api = api_any_db
    soap = zeep_client("http://testserver", "TPSServicesSoap", api.client)
    decided = _approved(api, "HLXU1002859")
    api.step(decided["id"], "cancellation", "tpka", reason="SALAH INPUT")
    _decide(api, decided["id"], True)

    first = soap.GetResponBatalPLPTujuan(**BATAL_CFSB)
    api.client.app.state.services.clock.advance(timedelta(hours=2))  # the cursor moves on
    second = soap.GetResponBatalPLPTujuan(**BATAL_CFSB)
    approval = soap.GetResponPLPTujuan(UserName="cfsb", Password="cfsb-demo", Kd_asp="CFSB")
    [told] = _batal(soap.GetResponBatalPLPTujuan(**BATAL_CFSB))

    assert first == second == NOTHING
    assert f"<NO_PLP>{decided['decision']['plp_number']}</NO_PLP>" in approval
    assert told["NO_PLP"] == decided["decision"]["plp_number"] and told["flags"] == ["Y"]
