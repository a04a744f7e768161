"""The console's queue and request pages and the officers' steps as forms (issue 18): each
form names its rule, runs the same use case as the API, and a refusal (wrong role, stale
version, another officer first, a rule) shows the rule and changes nothing."""

from __future__ import annotations

import re
from typing import Any

from app.api.rest.console.action_forms import STEPS
from tests.integration.rest.console_forms import (
    console_login,
    csrf_of,
    form_fields,
    page_of,
    take_step,
)
from tests.integration.rest.test_manual_procedure import set_clock
from tests.integration.rest.test_outage_api import notice
from tests.support import Api, containers

SEALS = {"seals-MSKU1001373": "BC0001", "seals-TGHU1002113": "BC0002 BC0003"}


def _filed(api: Api, *numbers: str, **body: Any) -> str:
    goods = containers(*(numbers or ("MSKU1001373", "TGHU1002113")))
    r = api.submit(containers=goods, **body)
    assert r.status_code == 201, r.text
    rid: str = r.json()["id"]
    return rid


def _approved(api: Api) -> str:
    rid = _filed(api)
    api.step(rid, "recommendations/manifest", "manifest", approve=True)
    assert api.step(rid, "decision", "kasubsi", approve=True).status_code == 200
    return rid


def _state(api: Api, rid: str) -> dict[str, Any]:
    body: dict[str, Any] = api.get(f"/api/v1/plp-requests/{rid}", "admin").json()
    return body


# --- the queue --------------------------------------------------------------------------------


def test_r4_console_queue_nearest_deadline_first_and_how_late_a_breached_one_is(
    api: Api,
) -> None:
    set_clock(api, "2026-11-19T09:00:00+07:00")
    late = _filed(api, "MSKU1001373")
    set_clock(api, "2026-11-24T09:00:00+07:00")
    fine = _filed(api, "TGHU1002113")
    set_clock(api, "2026-11-25T13:00:00+07:00")
    console_login(api, "manifest")

    r = api.client.get("/console")

    assert r.status_code == 200
    rows = re.findall(r'<tr data-id="([0-9a-f]{32})"', r.text)
    assert rows == [late, fine]
    assert f'href="/console/requests/{late}"' in r.text
    assert re.search(r"terlambat \d+ j \d{2} mnt", r.text), "a breached row says how late"
    assert re.search(r"sisa \d+ j \d{2} mnt", r.text)
    breached = api.client.get("/console?sla=breached")
    assert re.findall(r'<tr data-id="([0-9a-f]{32})"', breached.text) == [late]


def test_console_queue_filters_by_status_and_lets_an_officer_see_another_queue(api: Api) -> None:
    waiting = _filed(api, "MSKU1001373")
    console_login(api, "kasubsi")

    own = api.client.get("/console")
    manifest = api.client.get("/console?queue=manifest_officer")
    approved = api.client.get("/console?queue=manifest_officer&status=APPROVED")

    assert 'id="queue-empty"' in own.text  # nothing ready for a decision yet
    assert waiting in manifest.text
    assert waiting not in approved.text


def test_console_queue_of_a_tps_operator_is_its_own_only(api: Api) -> None:
    console_login(api, "tpka")

    r = api.client.get("/console?queue=kasubsi_manifest")

    assert r.status_code == 403 and 'id="problem"' in r.text


def test_r5_console_queue_shows_research_aids_to_researching_officers_only(api: Api) -> None:
    rid = _approved(api)
    console_login(api, "supervisor-asal")
    supervisor = api.client.get("/console")
    console_login(api, "manifest")
    manifest = api.client.get("/console?queue=origin_supervisor")

    assert rid in supervisor.text and "(R5)" not in supervisor.text
    assert rid in manifest.text and "(R5)" in manifest.text


# --- the request page -------------------------------------------------------------------------


def test_console_request_page_shows_the_request_its_goods_research_and_audit(
    api_any_db: Api,
) -> None:
    api = api_any_db
    rid = _approved(api)
    api.step(
        rid,
        "origin-check",
        "supervisor-asal",
        matched=True,
        seals=[
            {"container": "MSKU1001373", "numbers": ["BC0001"]},
            {"container": "TGHU1002113", "numbers": ["BC0002"]},
        ],
    )
    console_login(api, "kasubsi")

    r = page_of(api, rid)

    for part in (
        "summary",
        "goods",
        "research",
        "recommendations",
        "decision",
        "checks",
        "seal-chain",
        "audit",
    ):
        assert f'id="{part}"' in r.text, part
    assert "MSKU1001373" in r.text and "BC0001" in r.text
    assert "di TPS TPKA/TPKA" in r.text  # E7: where the goods are now
    assert "Rekomendasi" in r.text and "Persetujuan" in r.text
    assert f'href="/console/requests/{rid}/approval.pdf"' in r.text
    pdf = api.client.get(f"/console/requests/{rid}/approval.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert 'id="actions"' not in r.text  # nothing for the Kasubsi to do now


def test_r5_console_research_aids_are_not_shown_to_a_tps(api: Api) -> None:
    rid = _filed(api)
    console_login(api, "tpka")

    r = page_of(api, rid)

    assert 'id="research"' not in r.text and 'id="summary"' in r.text


def test_console_request_of_another_office_or_tps_is_not_found(api: Api) -> None:
    rid = _filed(api)
    console_login(api, "koja")

    r = api.client.get(f"/console/requests/{rid}")

    assert r.status_code == 404 and 'id="problem"' in r.text


# --- the steps --------------------------------------------------------------------------------


def test_r2_console_manifest_recommendation_form_names_its_rule_and_records_it(api: Api) -> None:
    rid = _filed(api)
    console_login(api, "manifest")
    form = page_of(api, rid).text
    assert 'id="form-recommend-manifest"' in form and "R1/R2" in form

    r = take_step(api, rid, "recommend-manifest", {"approve": "yes", "note": "dokumen lengkap"})

    assert r.status_code == 303
    assert _state(api, rid)["recommendations"]["manifest"]["note"] == "dokumen lengkap"
    assert 'id="done"' in api.client.get(r.headers["location"]).text


def test_r3_console_decision_refuses_an_unticked_line_with_its_reason(api: Api) -> None:
    rid = _filed(api)
    api.step(rid, "recommendations/manifest", "manifest", approve=True)
    console_login(api, "kasubsi")

    r = take_step(
        api,
        rid,
        "decide",
        {"approve": "yes", "line-approved-1": "yes", "line-reason-2": "tidak ada di BC 1.1"},
    )

    assert r.status_code == 303
    state = _state(api, rid)
    assert state["status"] == "APPROVED"
    assert [ln["approved"] for ln in state["lines"]] == [True, False]
    assert state["lines"][1]["reject_reason"] == "tidak ada di BC 1.1"


def test_r3_console_refuses_the_wrong_role_naming_why_and_changes_nothing(api: Api) -> None:
    rid = _filed(api)
    api.step(rid, "recommendations/manifest", "manifest", approve=True)
    before = _state(api, rid)
    console_login(api, "kasubsi")
    version = form_fields(page_of(api, rid).text)["version"]  # the form as the Kasubsi sees it
    console_login(api, "manifest")
    assert 'id="form-decide"' not in page_of(api, rid).text
    fields = {"csrf": csrf_of(page_of(api, rid).text), "version": version}

    r = api.client.post(f"/console/requests/{rid}/decide", data=fields | {"approve": "yes"})

    assert r.status_code == 403
    assert 'id="problem"' in r.text and "kasubsi_manifest" in r.text and "Aturan R3" in r.text
    after = _state(api, rid)
    assert after["status"] == before["status"] == "IN_REVIEW"
    assert len(after["audit"]) == len(before["audit"])


def test_r3_console_stale_version_is_refused_naming_the_rule(api: Api) -> None:
    rid = _filed(api)
    api.step(rid, "recommendations/manifest", "manifest", approve=True)
    console_login(api, "kasubsi")
    fields = form_fields(page_of(api, rid).text)
    stale = fields | {"version": str(int(fields["version"]) - 1)}

    r = api.client.post(f"/console/requests/{rid}/decide", data=stale | {"approve": "yes"})

    assert r.status_code == 409
    assert 'id="problem-rule"' in r.text and "Aturan R3" in r.text
    assert "berubah sejak formulir ini dibuka" in r.text
    assert _state(api, rid)["status"] == "IN_REVIEW"


def test_r3_console_another_kasubsi_decided_first(api_any_db: Api) -> None:
    api = api_any_db
    created = api.post(
        "/api/v1/admin/accounts",
        "admin",
        {
            "username": "kasubsi2",
            "password": "kasubsi2-demo",
            "role": "kasubsi_manifest",
            "office_code": "040300",
        },
    )
    assert created.status_code == 201, created.text
    rid = _filed(api)
    api.step(rid, "recommendations/manifest", "manifest", approve=True)
    console_login(api, "kasubsi2")
    opened = form_fields(page_of(api, rid).text)  # kasubsi2 opens the form ...
    api.step(rid, "decision", "kasubsi", approve=False, reason="BC 1.1 tidak cocok")  # ... first

    r = api.client.post(f"/console/requests/{rid}/decide", data=opened | {"approve": "yes"})

    assert r.status_code == 409
    assert "kasubsi telah melakukan langkah ini lebih dulu" in r.text and "Aturan R3" in r.text
    assert _state(api, rid)["status"] == "REJECTED"


def test_console_step_without_the_session_csrf_token_changes_nothing(api: Api) -> None:
    rid = _filed(api)
    console_login(api, "manifest")
    fields = form_fields(page_of(api, rid).text) | {"csrf": "f" * 64}

    r = api.client.post(
        f"/console/requests/{rid}/recommend-manifest", data=fields | {"approve": "yes"}
    )

    assert r.status_code == 403
    assert _state(api, rid)["recommendations"]["manifest"] is None


def test_m2_console_release_without_seals_is_refused_naming_m2(api: Api) -> None:
    rid = _approved(api)
    console_login(api, "supervisor-asal")

    r = take_step(api, rid, "origin-check", {"matched": "yes", "note": "sesuai"})

    assert r.status_code == 422 and "Aturan M2" in r.text
    assert _state(api, rid)["status"] == "APPROVED"


def test_m2_console_release_with_seals_per_container(api_any_db: Api) -> None:
    api = api_any_db
    rid = _approved(api)
    console_login(api, "supervisor-asal")

    r = take_step(api, rid, "origin-check", {"matched": "yes", "note": "disegel"} | SEALS)

    assert r.status_code == 303
    seals = _state(api, rid)["movement"]["origin_check"]["seals"]
    assert {s["container"]: s["numbers"] for s in seals} == {
        "MSKU1001373": ["BC0001"],
        "TGHU1002113": ["BC0002", "BC0003"],
    }


def test_m2_console_refused_release_goes_to_the_manifest_officers_follow_up(api: Api) -> None:
    rid = _approved(api)
    console_login(api, "supervisor-asal")
    take_step(api, rid, "origin-check", {"matched": "no", "note": "TGHU1002113 tidak ada"})
    console_login(api, "manifest")

    r = take_step(
        api, rid, "follow-up", {"outcome": "cut_to_matching", "line-1": "yes", "note": "potong"}
    )

    assert r.status_code == 303
    state = _state(api, rid)
    assert state["status"] == "APPROVED"
    assert [ln["approved"] for ln in state["lines"]] == [True, False]


def _gated_out(api: Api) -> str:
    rid = _approved(api)
    seals = [
        {"container": "MSKU1001373", "numbers": ["BC0001"]},
        {"container": "TGHU1002113", "numbers": ["BC0002"]},
    ]
    api.step(rid, "origin-check", "supervisor-asal", matched=True, seals=seals)
    at = _state(api, rid)["movement"]["origin_check"]["at"]
    assert api.step(rid, "gate-out", "tpka", at=at).status_code == 200
    return rid


def test_m4_console_destination_check_verifies_each_containers_seals(api: Api) -> None:
    rid = _gated_out(api)
    console_login(api, "supervisor-tujuan")
    form = page_of(api, rid).text
    assert 'name="found-MSKU1001373"' in form and "BC0001" in form

    r = take_step(
        api,
        rid,
        "destination-check",
        {
            "matched": "yes",
            "seal_opened": "yes",
            "found-MSKU1001373": "BC0001",
            "intact-MSKU1001373": "yes",
            "found-TGHU1002113": "BC0002",
            "intact-TGHU1002113": "yes",
            "note": "segel utuh",
        },
    )

    assert r.status_code == 303
    assert _state(api, rid)["status"] == "ENTERED"


def test_s1_console_a_broken_seal_sends_the_request_to_the_p2_section(api: Api) -> None:
    rid = _gated_out(api)
    console_login(api, "supervisor-tujuan")
    take_step(
        api,
        rid,
        "destination-check",
        {
            "matched": "yes",
            "seal_opened": "yes",
            "found-MSKU1001373": "BC0001",
            "found-TGHU1002113": "BC0002",
            "intact-TGHU1002113": "yes",
            "note": "segel rusak",
        },
    )
    assert _state(api, rid)["status"] == "DISCREPANCY"
    console_login(api, "p2-section")
    assert 'id="form-investigation"' in page_of(api, rid).text

    refused = take_step(api, rid, "investigation", {"outcome_p2": "enforcement", "note": "SBP"})
    r = take_step(api, rid, "investigation", {"outcome_p2": "may_enter", "note": "boleh masuk"})

    assert refused.status_code == 422 and "Aturan M4" in refused.text
    assert r.status_code == 303 and _state(api, rid)["status"] == "ENTERED"


def test_l1_console_kasubsi_decides_a_pending_cancellation(api: Api) -> None:
    rid = _approved(api)
    asked = api.step(rid, "cancellation", "tpka", reason="kapal batal sandar")
    assert asked.status_code == 200, asked.text
    console_login(api, "kasubsi")
    form = page_of(api, rid).text
    assert 'id="form-cancellation-decision"' in form and "L1" in form

    refused = take_step(api, rid, "cancellation-decision", {"approve": "no"})
    r = take_step(api, rid, "cancellation-decision", {"approve": "yes"})

    assert refused.status_code == 422 or refused.status_code == 409
    assert 'id="problem"' in refused.text
    assert r.status_code == 303 and _state(api, rid)["status"] == "CANCELLED"


def test_console_step_pages_in_english_after_the_toggle(api: Api) -> None:
    rid = _filed(api)
    console_login(api, "manifest")
    api.client.cookies.set("plp_lang", "en")
    api.client.put(
        "/api/v1/auth/me/language", json={"language": "en"}, headers=api.auth("manifest")
    )

    r = page_of(api, rid)

    assert 'lang="en"' in r.text and "Manifest officer&#x27;s recommendation" in r.text


def test_h1_console_shows_the_notice_and_serves_its_files_to_the_session(api: Api) -> None:
    set_clock(api, "2026-11-25T10:00:00+07:00")
    rid = _approved(api)
    filed = notice(api, rid, "2026-11-25T20:00:00", "2026-11-25T23:00:00")
    assert filed.status_code == 201, filed.text
    console_login(api, "kasubsi")

    r = page_of(api, rid)
    link = re.search(rf'href="(/console/requests/{rid}/notices/[^"]+/origin_statement)"', r.text)

    assert 'id="h1-notices"' in r.text and "H1" in r.text
    assert link, "the notice's files are links of the console"
    file = api.client.get(link.group(1))
    assert file.status_code == 200 and file.content
    assert "sandbox" in file.headers["content-security-policy"]


def test_m2_console_a_refused_form_comes_back_as_it_was_filled(api: Api) -> None:
    rid = _approved(api)
    console_login(api, "supervisor-asal")

    r = take_step(
        api, rid, "origin-check", {"matched": "yes", "seals-MSKU1001373": "BC9", "note": "<b>"}
    )

    assert r.status_code == 422
    assert 'id="matched-yes" checked' in r.text
    assert 'name="seals-MSKU1001373" value="BC9"' in r.text
    assert "&lt;b&gt;</textarea>" in r.text  # escaped, never markup


def test_console_a_tps_session_gets_nothing_of_another_tps_request(api: Api) -> None:
    """BOLA through the console's pages: every page and step of a TPKA request, tried by
    KOJA's session, answers 403 or 404 and changes nothing."""
    set_clock(api, "2026-11-25T10:00:00+07:00")
    rid = _approved(api)
    filed = notice(api, rid, "2026-11-25T20:00:00", "2026-11-25T23:00:00")
    base = f"/console/requests/{rid}"
    before = _state(api, rid)
    console_login(api, "koja")
    csrf = csrf_of(api.client.get("/console").text)
    gets = [base, f"{base}/approval.pdf", f"{base}/notices/{filed.json()['id']}/origin_statement"]
    slugs = [s.slug for s in STEPS]

    answers = {path: api.client.get(path).status_code for path in gets} | {
        slug: api.client.post(
            f"{base}/{slug}", data={"csrf": csrf, "version": "1", "approve": "yes"}
        ).status_code
        for slug in slugs
    }

    assert {k: v for k, v in answers.items() if v not in (403, 404)} == {}
    assert _state(api, rid) == before
