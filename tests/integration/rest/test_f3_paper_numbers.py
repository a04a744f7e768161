"""F3 over REST: a reconciled paper PLP keeps the number and date it was approved under on paper;
PLP numbers are unique per office and year, paper or online."""

from __future__ import annotations

from typing import Any

from tests.integration.rest.test_manual_procedure import go_manual, paper, set_clock
from tests.integration.soap.test_soap_operations import approve
from tests.support import Api, containers

AFTER_THE_OUTAGE = "2026-12-01T09:00:00+07:00"  # entered a day after the paper approval


def record(api: Api, letter: str, number: str, container: str) -> dict[str, Any]:
    """A paper request approved on paper as PLP `number` of 30 November 2026."""
    body = paper(letter, container, approved=True, letter_number=number)
    r = api.post("/api/v1/manual-plps", "kasubsi", body)
    assert r.status_code == 201, r.text
    return dict(r.json())


def end_outage(api: Api, outage_id: str) -> str:
    set_clock(api, AFTER_THE_OUTAGE)
    ended = api.post(f"/api/v1/outages/{outage_id}/end", "kasubsi")
    assert ended.status_code == 200, ended.text
    return str(ended.json()["reconciliation_id"])


def enter(api: Api, rec_id: str, manual: dict[str, Any]) -> Any:
    return api.post(f"/api/v1/reconciliations/{rec_id}/items/{manual['id']}/entry", "manifest")


def approved_online(api: Api, container: str) -> dict[str, Any]:
    submitted = api.submit(containers=containers(container))
    assert submitted.status_code == 201, submitted.text
    return approve(api, submitted.json()["id"])


def reconciled_paper_plp(api: Api, number: str, container: str = "MSKU1001373") -> str:
    """The request id of a paper PLP approved as `number` on 30 November 2026, entered."""
    outage_id = go_manual(api)
    set_clock(api, "2026-11-30T16:00:00+07:00")
    manual = record(api, "M-020", number, container)
    entered = enter(api, end_outage(api, outage_id), manual)
    assert entered.status_code == 200, entered.text
    return str(entered.json()["manual_plp"]["request_id"])


def test_f3_a_reconciled_paper_plp_keeps_its_paper_number_and_date(api_any_db: Api) -> None:
    api = api_any_db
    outage_id = go_manual(api)
    set_clock(api, "2026-11-30T16:00:00+07:00")
    manual = record(api, "M-010", "123", "MSKU1001373")
    rec_id = end_outage(api, outage_id)

    item = enter(api, rec_id, manual)

    assert item.status_code == 200, item.text
    body = item.json()
    assert manual["decision"]["letter_number"] == "000123"  # the six digits of NO_PLP
    assert (body["plp_number"], body["plp_date"], body["matched"]) == ("000123", "2026-11-30", True)
    request = api.get(f"/api/v1/plp-requests/{body['manual_plp']['request_id']}", "tpka").json()
    decision = request["decision"]
    assert (decision["plp_number"], decision["plp_date"]) == ("000123", "2026-11-30")
    assert request["header"]["data_type"] == "2" and request["channel"] == "manual"


def test_f3_a_paper_number_already_used_is_refused_naming_both_and_changes_nothing(
    api_any_db: Api,
) -> None:
    api = api_any_db
    set_clock(api, "2026-11-26T10:00:00+07:00")
    online = approved_online(api, "CSQU1001743")
    taken = online["decision"]["plp_number"]
    outage_id = go_manual(api)
    set_clock(api, "2026-11-30T16:00:00+07:00")
    on_online = record(api, "M-011", taken, "MSKU1001373")
    first = record(api, "M-012", "777777", "TGHU1002113")
    twin = record(api, "M-013", "777777", "HLXU1002859")
    rec_id = end_outage(api, outage_id)
    before = api.get(f"/api/v1/reconciliations/{rec_id}", "manifest").json()

    clash_online = enter(api, rec_id, on_online)
    entered = enter(api, rec_id, first)
    clash_paper = enter(api, rec_id, twin)

    assert entered.status_code == 200, entered.text
    for clash, letter, holder in (
        (clash_online, "M-011", online["header"]["ref_number"]),
        (clash_paper, "M-012", entered.json()["manual_plp"]["request_id"]),
    ):
        assert clash.status_code == 409, clash.text
        problem = clash.json()
        assert problem["rule"] == "F3" and problem["detail"].startswith("F3: manual PLP")
        assert letter in problem["detail"] and holder in problem["detail"]
    assert taken in clash_online.json()["detail"] and "online PLP" in clash_online.json()["detail"]
    assert "M-013" in clash_paper.json()["detail"] and "paper PLP" in clash_paper.json()["detail"]
    after = api.get(f"/api/v1/reconciliations/{rec_id}", "manifest").json()
    refused = {on_online["id"], twin["id"]}
    assert [i for i in after["items"] if i["manual_plp"]["id"] in refused] == [
        i for i in before["items"] if i["manual_plp"]["id"] in refused
    ]
    assert {i["manual_plp"]["request_id"] for i in after["items"]} == {
        None,
        entered.json()["manual_plp"]["request_id"],
    }
    # the refused entries took no number: the next online approval follows the last online one
    set_clock(api, "2026-12-01T10:00:00+07:00")
    assert approved_online(api, "TSTU1001000")["decision"]["plp_number"] == f"{int(taken) + 1:06d}"


def test_f3_online_numbers_skip_the_numbers_paper_plps_kept(api_any_db: Api) -> None:
    api = api_any_db
    set_clock(api, "2026-11-26T10:00:00+07:00")
    last = int(approved_online(api, "CSQU1001743")["decision"]["plp_number"])
    outage_id = go_manual(api)
    set_clock(api, "2026-11-30T16:00:00+07:00")
    kept = [
        record(api, "M-014", f"{last + 1:06d}", "MSKU1001373"),
        record(api, "M-015", f"{last + 2:06d}", "TGHU1002113"),
    ]
    rec_id = end_outage(api, outage_id)
    assert [enter(api, rec_id, m).status_code for m in kept] == [200, 200]

    next_online = approved_online(api, "HLXU1002859")["decision"]

    assert next_online["plp_number"] == f"{last + 3:06d}"
    assert next_online["plp_date"] == "2026-12-01"


def test_f3_an_approval_on_paper_needs_a_plp_number(api: Api) -> None:
    outage_id = go_manual(api)
    set_clock(api, "2026-11-30T16:00:00+07:00")
    with_letter = paper("M-016", "MSKU1001373", approved=True, letter_number="KEP-16/2026")
    recorded = api.post("/api/v1/manual-plps", "kasubsi", with_letter)
    undecided = api.post("/api/v1/manual-plps", "manifest", paper("M-017", "TGHU1002113"))
    decision = {
        "approved": True,
        "decided_at": "2026-11-30T15:00:00",
        "letter_number": "1234567",
        "letter_date": "2026-11-30",
    }
    decided = api.post(
        f"/api/v1/manual-plps/{undecided.json()['id']}/decision", "kasubsi", decision
    )
    rejected = api.post(
        "/api/v1/manual-plps",
        "kasubsi",
        paper("M-018", "HLXU1002859", approved=False, reason="no space", letter_number="KEP-18"),
    )

    for refused in (recorded, decided):
        assert refused.status_code == 422, refused.text
        assert refused.json()["rule"] == "F3" and "PLP number (NO_PLP)" in refused.json()["detail"]
    assert rejected.status_code == 201  # a rejection letter is no PLP: any letter number
    listed = api.get(f"/api/v1/outages/{outage_id}/manual-plps", "manifest").json()
    assert sorted((m["letter_number"], m["decision"] is None) for m in listed) == [
        ("M-017", True),
        ("M-018", False),
    ]
