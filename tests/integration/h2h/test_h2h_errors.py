"""Refusals of the H2H surface in its envelope, with the result, detail and codes the note
records (note 3.2) and ours where it is silent (contracts/h2h/codes.csv)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.integration.h2h.test_h2h_procedure import plp
from tests.integration.h2h.test_h2h_support import (
    DUPLICATE,
    FETCHED,
    INVALID,
    NOT_FOUND,
    TPS_BASE,
    H2h,
    assert_envelope,
    assert_item,
    batal,
    coarri_kontainer,
    moment,
    permohonan,
    ref,
)
from tests.integration.soap.test_soap_operations import approve, request_of
from tests.support import WITH_PIB, Api

DATE = "Invalid date format. Expected dd-MM-yyyy."


@pytest.fixture
def tpka(api: Api) -> H2h:
    return H2h(api, "tpka")


def refused(r: Any, detail: str, field: str | None = None, http: int = 400) -> dict[str, Any]:
    body = assert_envelope(r, http, http, INVALID, detail)
    if field is not None:
        assert body["data"]["errors"][0]["field"] == field, body
    return body


def test_malformed_json_and_a_wrapped_body_are_400(tpka: H2h) -> None:
    broken = tpka.api.client.post(
        f"{TPS_BASE}/upload-mohon-plp", content=b'{"header": ', headers=tpka.headers
    )
    wrapped = tpka.post(
        "/upload-mohon-plp", {"loadPlp": permohonan(ref(), [("MSKU1001373", "20")])}
    )

    body = assert_envelope(broken, 400, 400, INVALID)
    assert body["detail"].startswith("Format JSON tidak valid: ") and body["data"] is None
    refused(wrapped, "kirim {header, detil} tanpa pembungkus loadPlp (note 9.1)", "loadPlp")


def test_wrong_date_formats_in_body_and_query_are_400(tpka: H2h) -> None:
    body = permohonan(ref(), [("MSKU1001373", "20")], tanggalSurat="2026-11-25")
    query = {"nomorPlp": "000001", "tanggalPlp": "20261125", "kodeGudang": "TPKA"}

    refused(tpka.post("/upload-mohon-plp", body), DATE, "header.tanggalSurat")
    refused(tpka.get("/get-respon-plp-on-demand", **query), DATE, "tanggalPlp")


def test_every_problem_is_listed_and_the_first_is_the_detail(tpka: H2h) -> None:
    body = permohonan(ref(), [("MSKU1001373", "20")], kodeTpsAsal="TPKAX", tanggalBc11="1-1-26")
    body["detil"][0]["kontainer"][0]["ukuranKontainer"] = {"size": 20}

    errors = refused(tpka.post("/upload-mohon-plp", body), "Panjang karakter maksimal 4 karakter")
    assert [e["field"] for e in errors["data"]["errors"]] == [
        "header.kodeTpsAsal",
        "header.tanggalBc11",
        "detil[0].kontainer[0].ukuranKontainer",
    ]
    assert (
        errors["data"]["errors"][2]["message"]
        == "detil[0].kontainer[0].ukuranKontainer harus berupa teks"
    )


def test_parameter_too_long_and_missing(tpka: H2h) -> None:
    refused(tpka.get("/get-respon-plp", kodeTps="TPKA1"), "Panjang karakter maksimal 4 karakter")
    refused(tpka.get("/get-respon-plp"), "kodeTps tidak boleh kosong", "kodeTps")


def test_account_scope_403s_carry_djbc_exact_words(api: Api, tpka: H2h) -> None:
    rid = request_of(api, _uploaded(tpka))["id"]
    number, on = plp(approve(api, rid))
    other_office = batal(ref(), (number, on))
    other_office["header"]["kodeKantor"] = "040301"
    other_tps = batal(ref(), (number, on))
    other_tps["header"]["kodeTps"] = "KOJA"

    refused(
        tpka.get("/get-respon-plp", kodeTps="KOJA"),
        "Akun Anda tidak berhak mengakses data TPS KOJA",
        http=403,
    )
    refused(
        tpka.post("/upload-batal-plp", other_office),
        "Akun Anda tidak berhak mengakses data Kantor 040301",
        http=403,
    )
    refused(
        tpka.post("/upload-batal-plp", other_tps),
        "Akun Anda tidak berhak mengakses data TPS KOJA",
        http=403,
    )
    query = {"nomorReference": "X", "kodeGudang": "KOJA"}
    refused(
        tpka.get("/get-respon-plp-on-demand", **query),
        "Anda tidak mempunyai hak akses terhadap gudang 'KOJA'",
        http=403,
    )
    koja_request = permohonan(
        ref("KOJA"), [("MSKU1005070", "20")], kodeTpsAsal="KOJA", gudangAsal="KOJA"
    )
    refused(
        tpka.post("/upload-mohon-plp", koja_request),
        "Akun Anda tidak berhak mengakses data TPS KOJA",
        http=403,
    )


def _uploaded(tpka: H2h, containers: list[tuple[str, str]] | None = None) -> str:
    r = ref()
    sent = tpka.post("/upload-mohon-plp", permohonan(r, containers or [("MSKU1001373", "20")]))
    assert sent.json()["code"] == 201, sent.text
    return r


def test_idempotency_a_reused_reference_is_answered_as_the_note_records(tpka: H2h) -> None:
    r = _uploaded(tpka)
    same = tpka.post("/upload-mohon-plp", permohonan(r, [("MSKU1001373", "20")]))
    changed = tpka.post("/permohonan-plp", permohonan(r, [("CSQU1001743", "20")]))

    for answer in (same, changed):
        assert assert_envelope(answer, 200, 200, FETCHED, DUPLICATE)["data"] is None


def test_e3_a_request_failing_eligibility_is_refused_and_its_rejection_delivered(tpka: H2h) -> None:
    r = ref()
    answer = tpka.post("/upload-mohon-plp", permohonan(r, [(WITH_PIB, "20")]))

    body = assert_envelope(answer, 400, 400, INVALID)
    assert body["detail"].startswith("Permohonan PLP ditolak. E3: ")
    assert body["data"]["errors"][0]["rule"] == "E3"
    polled = assert_envelope(tpka.get("/get-respon-plp", kodeTps="TPKA"), 200, 200, FETCHED)
    [item] = polled["data"]["responPlp"]
    assert_item("ResponPlp", item)
    assert item["header"]["refNumber"] == r and item["header"]["alasanReject"].startswith("E3: ")
    assert item["kontainer"][0]["flagSetuju"] == "T"


def test_m1_m6_movement_rules_and_non_plp_documents_are_400(api: Api, tpka: H2h) -> None:
    rid = request_of(api, _uploaded(tpka))["id"]
    number, on = plp(approve(api, rid))
    assert api.step(rid, "origin-check", "supervisor-asal", matched=True).status_code == 200
    stranger = coarri_kontainer("R1", "3", "TPKA", (number, on), moment(), ["TGHU1002113"])
    future = coarri_kontainer(
        "R2", "3", "TPKA", (number, on), "25-11-2099 10:00:00", ["MSKU1001373"]
    )
    sppb = coarri_kontainer("R3", "3", "TPKA", (number, on), moment(), ["MSKU1001373"])
    sppb["kontainer"][0]["kodeDokumenInOut"] = "1"
    export = coarri_kontainer("R4", "2", "TPKA", (number, on), moment(), ["MSKU1001373"])

    refused(
        tpka.post("/coarri-codeco-container", stranger),
        f"M3: container TGHU1002113 is not in PLP {number}",
    )
    m6 = "M6: gate-out time 2099-11-25T10:00:00+07:00 is in the future"
    refused(tpka.post("/coarri-codeco-container", future), m6)
    field = "kontainer[0].kodeDokumenInOut"
    detail = f"{field} 1 bukan Persetujuan PLP (3): simulator hanya mencatat pergerakan PLP"
    refused(tpka.post("/coarri-codeco-container", sppb), detail, field)
    refused(
        tpka.post("/coarri-codeco-container", export),
        "header.kodeDokumen 2 bukan pergerakan PLP (3 atau 6 gate-out, 5 gate-in)",
    )


def test_unknown_paths_methods_large_bodies_and_reads_outside_plp(api: Api, tpka: H2h) -> None:
    big = b'{"header": "' + b"x" * (5 * 1024 * 1024) + b'"}'
    too_large = api.client.post(f"{TPS_BASE}/upload-mohon-plp", content=big, headers=tpka.headers)

    assert_envelope(
        tpka.get("/nothing-here"),
        404,
        404,
        "Resource not found.",
        "Path tidak ditemukan: /nothing-here",
    )
    assert_envelope(tpka.get("/upload-mohon-plp"), 405, 405, "Method not allowed.")
    assert_envelope(too_large, 413, 413, "Payload too large.")
    assert too_large.json()["path"] == "/upload-mohon-plp"
    assert_envelope(tpka.get("/get-data-ob", kodeTps="TPKA"), 200, 200, FETCHED, NOT_FOUND)
    assert_envelope(tpka.post("/kirim-tps-tracking", {}), 501, 501, "Not implemented.")
