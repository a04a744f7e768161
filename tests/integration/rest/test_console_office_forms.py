"""The office-level forms of the console (issue 18): declare and end an outage (F1, F3), a paper
PLP (F2), its entry and the reconciliation's closure (F3, L2). Each calls the REST API's use
case; a refusal names its rule, keeps what was typed and changes nothing."""

from __future__ import annotations

import re
from typing import Any

from tests.integration.rest.console_forms import console_login, csrf_of
from tests.integration.rest.test_manual_procedure import go_manual, set_clock
from tests.support import Api

OUTAGES = "/console/office/outages"


def _open_outages(api: Api) -> list[Any]:
    found: list[Any] = api.get("/api/v1/outages?office_code=040300&open_only=true", "admin").json()
    return found


def _declare(api: Api, cause: str = "TPS Online down") -> Any:
    page = api.client.get(OUTAGES)
    form = {"csrf": csrf_of(page.text), "office": "040300", "cause": cause}
    return api.client.post(OUTAGES, data=form, follow_redirects=False)


def test_f1_an_outage_is_declared_and_ended_from_the_console(api: Api) -> None:
    console_login(api, "kasubsi")

    declared = _declare(api)
    shown = api.client.get(declared.headers["location"])
    outage_id = _open_outages(api)[0]["id"]
    ended = api.client.post(
        f"{OUTAGES}/{outage_id}/end",
        data={"csrf": csrf_of(shown.text), "office": "040300"},
        follow_redirects=False,
    )
    after = api.client.get(ended.headers["location"])

    assert declared.status_code == 303
    assert 'id="open-outage"' in shown.text and "TPS Online down" in shown.text
    assert "Aturan F1" in shown.text or "Aturan F3" in shown.text
    assert ended.status_code == 303 and _open_outages(api) == []
    assert 'id="notice"' in after.text and 'id="declare-form"' in after.text


def test_f1_a_second_outage_is_refused_with_its_rule_and_nothing_changes(api: Api) -> None:
    console_login(api, "kasubsi")
    _declare(api)
    before = _open_outages(api)

    page = api.client.get(OUTAGES)
    form = {"csrf": csrf_of(page.text), "office": "040300", "cause": "again"}
    again = api.client.post(OUTAGES, data=form, follow_redirects=False)

    assert again.status_code == 409 and 'id="problem"' in again.text
    assert 'id="problem-rule"' in again.text and "F1" in again.text
    assert _open_outages(api) == before


def test_f1_the_wrong_role_is_refused_and_a_form_without_its_token_too(api: Api) -> None:
    console_login(api, "supervisor-asal")
    refused = _declare(api)
    console_login(api, "kasubsi")
    forged = api.client.post(OUTAGES, data={"office": "040300", "cause": "x"})

    assert refused.status_code == 403 and 'id="problem"' in refused.text
    assert 'id="problem-rule">Aturan F1</p>' in refused.text
    assert forged.status_code == 403
    assert _open_outages(api) == []


def _paper(csrf: str, number: str, container: str, **more: str) -> dict[str, str]:
    return {
        "csrf": csrf,
        "office": "040300",
        "letter_number": number,
        "letter_date": "2026-11-24",
        "received_at": "2026-11-24T09:00",
        "applicant_tps": "TPKA",
        "applicant_name": "PT Contoh",
        "origin_tps": "TPKA",
        "origin_gudang": "TPKA",
        "destination_tps": "CFSB",
        "destination_gudang": "CFB1",
        "reason": "NO_LCL_SPACE",
        "bc11_number": "000123",
        "bc11_date": "2026-11-20",
        "containers": f"{container} 20 22G1",
        "decision": "none",
    } | more


def test_f2_a_paper_plp_while_online_is_refused_and_keeps_what_was_typed(api: Api) -> None:
    console_login(api, "kasubsi")
    form = _paper(csrf_of(api.client.get(OUTAGES).text), "S-12/2026", "MSKU1001373")

    r = api.client.post("/console/office/manual-plps", data=form)

    assert r.status_code == 409 and 'id="problem"' in r.text and "F2" in r.text
    assert 'value="S-12/2026"' in r.text and "MSKU1001373 20 22G1" in r.text


def test_f3_l2_paper_plps_are_recorded_entered_and_reconciled_in_the_console(api: Api) -> None:
    outage_id = go_manual(api)
    set_clock(api, "2026-11-30T16:00:00+07:00")
    console_login(api, "kasubsi")
    csrf = csrf_of(api.client.get(OUTAGES).text)
    decision = {
        "decision": "approved",
        "decision_letter_number": "900001",
        "decision_letter_date": "2026-11-30",
        "decided_at": "2026-11-30T15:00",
        "received_at": "2026-11-30T13:00",
    }

    recorded = api.client.post(
        "/console/office/manual-plps",
        data=_paper(csrf, "M-001", "MSKU1001373", **decision),
        follow_redirects=False,
    )
    assert recorded.status_code == 303, recorded.text
    listed = api.client.get(OUTAGES).text
    ended = api.client.post(
        f"{OUTAGES}/{outage_id}/end", data={"csrf": csrf, "office": "040300"}
    ).text
    rec_url = re.search(r'href="(/console/office/reconciliations/[^"]+)"', ended)
    assert rec_url, ended
    rec_page = api.client.get(rec_url.group(1)).text
    entry = re.search(r'action="([^"]+/entry)"', rec_page)
    assert entry, rec_page
    entered = api.client.post(entry.group(1), data={"csrf": csrf}).text
    closed = api.client.post(f"{rec_url.group(1)}/closure", data={"csrf": csrf}).text

    assert 'id="paper-list"' in listed and "M-001" in listed and "900001" in listed
    assert 'class="state met"' in entered and 'href="/console/requests/' in entered
    assert "ditutup" in closed and 'id="close-rec"' not in closed
