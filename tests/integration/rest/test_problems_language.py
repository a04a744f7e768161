"""Issue 18: a problem's `title` and `detail` speak the language `Accept-Language` asks for
(Bahasa Indonesia first, English second), say so in `Content-Language`, and keep `type`, the
rule ID and every machine field as they are. A client that asks for no language reads the
English it always read."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support import Api, plp_body

PLP = "/api/v1/plp-requests"
ID = {"Accept-Language": "id-ID,id;q=0.9,en;q=0.5"}
EN = {"Accept-Language": "en-GB,en;q=0.9"}


def _step(api: Api, rid: str, step: str, as_: str, lang: dict[str, str], **body: Any) -> Any:
    return api.client.post(f"{PLP}/{rid}/{step}", json=body, headers=api.auth(as_) | lang)


def _problem(r: Any, status: int, language: str) -> dict[str, Any]:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    assert r.headers["content-language"] == language
    body: dict[str, Any] = r.json()
    assert body["type"] == "about:blank" and body["status"] == status
    return body


def _approved(api: Api) -> str:
    rid = api.submit().json()["id"]
    api.step(rid, "recommendations/manifest", "manifest", approve=True)
    assert api.step(rid, "decision", "kasubsi", approve=True).status_code == 200
    return str(rid)


def test_r3_refusal_in_indonesian_then_english_then_as_before(api: Api) -> None:
    rid = api.submit().json()["id"]

    ind = _problem(_step(api, rid, "decision", "kasubsi", ID, approve=True), 409, "id")
    eng = _problem(_step(api, rid, "decision", "kasubsi", EN, approve=True), 409, "en")
    plain = _problem(_step(api, rid, "decision", "kasubsi", {}, approve=True), 409, "en")

    assert ind["title"] == "Konflik"
    assert ind["detail"] == "menunggu Rekomendasi manifest"
    assert ind["rule"] == eng["rule"] == "R3"
    assert eng["title"] == plain["title"] == "Conflict"
    assert eng["detail"] == plain["detail"] == "waiting for the manifest recommendation"
    assert api.get(f"{PLP}/{rid}", "kasubsi").json()["status"] == "IN_REVIEW"  # nothing changed


def test_m2_refused_release_without_a_note_in_both_languages(api: Api) -> None:
    rid = _approved(api)

    ind = _problem(_step(api, rid, "origin-check", "supervisor-asal", ID, matched=False), 409, "id")
    eng = _problem(_step(api, rid, "origin-check", "supervisor-asal", EN, matched=False), 409, "en")

    assert (ind["rule"], eng["rule"]) == ("M2", "M2")
    assert ind["detail"] == "penolakan pengeluaran harus disertai catatan alasannya"
    assert eng["detail"] == "a refused release needs a note saying why"


def test_s1_seal_refusal_keeps_its_rule_prefix_and_field_in_indonesian(api: Api) -> None:
    rid = _approved(api)
    seals = [{"container": "MSKU1001373", "numbers": ["BC1"]}]

    r = _step(api, rid, "origin-check", "supervisor-asal", ID, matched=True, seals=seals * 2)

    body = _problem(r, 422, "id")
    assert body["title"] == "Permintaan tidak valid"
    assert body["rule"] == "M2"
    assert body["detail"] == "M2/S1: kontainer MSKU1001373 tercantum dua kali dalam `seals`"
    assert body["errors"] == [{"field": "seals", "message": body["detail"]}]


def test_d1_no_printable_approval_before_the_decision_in_indonesian(api: Api) -> None:
    rid = api.submit().json()["id"]

    r = api.client.get(f"{PLP}/{rid}/approval.pdf", headers=api.auth("tpka") | ID)

    body = _problem(r, 409, "id")
    assert body["rule"] == "D1"
    assert body["detail"] == (
        "permohonan berstatus IN_REVIEW: hanya PLP yang disetujui yang memiliki Surat "
        "Persetujuan untuk dicetak"
    )


@pytest.mark.parametrize(
    ("lang", "title", "detail"),
    [
        (
            ID,
            "Tidak diizinkan",
            "peran manifest_officer tidak boleh decide; tindakan ini untuk kasubsi_manifest",
        ),
        (EN, "Forbidden", "role manifest_officer may not decide; it is for kasubsi_manifest"),
    ],
)
def test_a_wrong_role_is_refused_in_the_readers_language(
    api: Api, lang: dict[str, str], title: str, detail: str
) -> None:
    rid = api.submit().json()["id"]

    body = _problem(
        _step(api, rid, "decision", "manifest", lang, approve=True),
        403,
        lang["Accept-Language"][:2],
    )

    assert (body["title"], body["detail"]) == (title, detail)


def test_common_titles_and_details_not_found_unauthenticated_invalid(api: Api) -> None:
    missing = api.client.get(f"{PLP}/nope", headers=api.auth("tpka") | ID)
    anonymous = api.client.get(PLP, headers=ID)
    invalid = api.client.post(PLP, json={"office_code": 1}, headers=api.auth("tpka") | ID)

    assert _problem(missing, 404, "id")["detail"] == "Permohonan PLP nope tidak ditemukan"
    body = _problem(anonymous, 401, "id")
    assert body["title"] == "Belum masuk (login)"
    assert body["detail"].startswith("silakan login terlebih dahulu")
    assert anonymous.headers["www-authenticate"] == "Bearer"
    assert _problem(invalid, 422, "id")["title"] == "Permintaan tidak valid"


@pytest.mark.parametrize(
    ("header", "language"),
    [("fr, en;q=0.3, id;q=0.8", "id"), ("fr, en;q=0.5", "en"), ("de", "id"), ("*", "id")],
)
def test_accept_language_weights_choose_the_language(api: Api, header: str, language: str) -> None:
    r = api.client.get(f"{PLP}/nope", headers=api.auth("tpka") | {"Accept-Language": header})

    assert _problem(r, 404, language)["title"] == (
        "Tidak ditemukan" if language == "id" else "Not found"
    )


def test_m6_a_gate_out_in_the_future_words_its_nested_parts_in_indonesian(api: Api) -> None:
    rid = _approved(api)
    api.step(rid, "origin-check", "supervisor-asal", matched=True, escorted=True)
    at = "2099-01-01T08:00:00+07:00"

    ind = _problem(_step(api, rid, "gate-out", "tpka", ID, at=at), 409, "id")
    eng = _problem(_step(api, rid, "gate-out", "tpka", EN, at=at), 409, "en")

    assert ind["rule"] == eng["rule"] == "M6"
    assert ind["detail"] == f"waktu gate-out {at} berada di masa depan"
    assert eng["detail"] == f"gate-out time {at} is in the future"


def test_a1_findings_of_a_refused_request_in_the_readers_language(api: Api) -> None:
    body = plp_body(reason="POSTAL")  # a destination reason filed by the origin TPS

    filed = api.client.post(PLP, json=body, headers=api.auth("tpka") | ID)
    rid = filed.json()["id"]
    english = api.client.get(f"{PLP}/{rid}", headers=api.auth("tpka")).json()
    indonesian = api.client.get(f"{PLP}/{rid}", headers=api.auth("tpka") | ID).json()

    assert filed.status_code == 201 and filed.json()["status"] == "REJECTED"
    first = filed.json()["findings"][0]
    assert (first["rule"], first["detail"]) == (
        "A1",
        "TPS asal tidak boleh mengajukan dengan alasan POSTAL",
    )
    assert english["findings"][0]["detail"] == "the origin TPS may not apply for POSTAL"
    assert indonesian["findings"] == filed.json()["findings"]
