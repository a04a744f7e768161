"""Refusals of the H2H surface in its envelope, with the result, detail and codes the note
records (note 3.2) and ours where it is silent (contracts/h2h/codes.csv)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest

from tests.integration.h2h.test_h2h_procedure import plp
from tests.integration.h2h.test_h2h_support import (
    AUTH,
    CREATED,
    DUPLICATE,
    FETCHED,
    INVALID,
    TPS_BASE,
    H2h,
    assert_envelope,
    assert_item,
    batal,
    coarri_kemasan,
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


def test_malformed_json_is_400_and_a_body_wrapped_in_loadplp_is_read(tpka: H2h) -> None:
    broken = tpka.api.client.post(
        f"{TPS_BASE}/upload-mohon-plp", content=b'{"header": ', headers=tpka.headers
    )
    wrapped_ref = ref()
    wrapped = tpka.post(
        "/upload-mohon-plp", {"loadPlp": permohonan(wrapped_ref, [("MSKU1001373", "20")])}
    )
    no_office = permohonan(ref(), [("MSKU1001373", "20")])
    del no_office["header"]["kodeKantor"]

    body = assert_envelope(broken, 400, 400, INVALID)
    assert body["detail"].startswith("Format JSON tidak valid: ") and body["data"] is None
    assert_envelope(wrapped, 200, 201, CREATED, f"Proses Berhasil {wrapped_ref}")
    missing = tpka.post("/permohonan-plp", {"loadPlp": no_office})
    needed = "header.kodeKantor tidak boleh kosong: wajib diisi untuk aturan E1"  # issue 16.5
    refused(missing, needed, "header.kodeKantor")


def test_e2_l1_a_missing_field_is_refused_naming_the_rule_that_needs_it(tpka: H2h) -> None:
    """Issue 16.5: the envelope names the field and the rule (contracts/h2h/fields.csv)."""
    no_bc11 = permohonan(ref(), [("MSKU1001373", "20")])
    del no_bc11["header"]["nomorBc11"]
    no_plp = batal(ref(), ("000001", "25-11-2026"), [("MSKU1001373", "20")])
    del no_plp["header"]["nomorPlp"]

    refused(
        tpka.post("/upload-mohon-plp", no_bc11),
        "header.nomorBc11 tidak boleh kosong: wajib diisi untuk aturan E2",
        "header.nomorBc11",
    )
    refused(
        tpka.post("/upload-batal-plp", no_plp),
        "header.nomorPlp tidak boleh kosong: wajib diisi untuk aturan L1",
        "header.nomorPlp",
    )


def test_header_fields_no_rule_needs_may_be_left_out(tpka: H2h) -> None:
    """Issue 16.5: DJBC marks no header field required; we require what a rule needs."""
    r = ref()
    body = permohonan(r, [("MSKU1001373", "20")])
    del body["header"]["namaPemohon"], body["header"]["nomorSurat"]

    assert_envelope(tpka.post("/upload-mohon-plp", body), 200, 201, CREATED, f"Proses Berhasil {r}")


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
    assert (
        api.step(rid, "origin-check", "supervisor-asal", matched=True, escorted=True).status_code
        == 200
    )
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
    sppb["header"] |= {"noBc11": "001234", "tanggalBc11": "20-11-2026"}
    refused(
        tpka.post("/coarri-codeco-container", sppb),
        "E2: MSKU1001373: no SPPB under BC 1.1 001234 of 2026-11-20 releases them",
    )
    answer = tpka.post("/coarri-codeco-container", export).json()
    assert answer["code"] == 400
    assert answer["detail"].startswith("KD_DOK 2 with KD_DOK_INOUT 3 is not a movement")


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
    assert_envelope(tpka.get("/get-reject-data", kodeTps="TPKA"), 501, 501, "Not implemented.")
    assert_envelope(tpka.post("/kirim-tps-tracking", {}), 501, 501, "Not implemented.")


def _string_leaves(value: Any, path: str = "") -> Iterator[str]:
    """The paths of every string in a body, as the H2H reader names them (header.refNumber)."""
    if isinstance(value, dict):
        for name, item in value.items():
            yield from _string_leaves(item, f"{path}.{name}" if path else name)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _string_leaves(item, f"{path}[{i}]")
    elif isinstance(value, str):
        yield path


def _with(body: Any, path: str, text: str) -> Any:
    """A copy of `body` with the string at `path` replaced by `text`."""
    copy = json.loads(json.dumps(body))
    *parents, last = re.findall(r"[^.\[\]]+", path)
    holder = copy
    for step in parents:
        holder = holder[int(step)] if isinstance(holder, list) else holder[step]
    holder[int(last) if isinstance(holder, list) else last] = text
    return copy


def test_a_lone_surrogate_anywhere_in_an_upload_is_malformed_json_and_stores_nothing(
    api: Api, tpka: H2h
) -> None:
    """Every string of every upload, escaped (\\ud800, as JSON lets one write it) and as the
    bytes of an encoded surrogate: no database can store it and no answer can echo it (21 of
    these fields were a 500); the reader refuses it and names where it is."""
    plp_ = ("000001", "25-11-2026")
    bodies = {
        "/upload-mohon-plp": permohonan(
            ref(), [("MSKU1001373", "20")], [("HBL-LCL-0001", "PK", 10, "11-11-2026")]
        ),
        "/upload-batal-plp": batal(ref(), plp_, [("MSKU1001373", "20")]),
        "/coarri-codeco-container": coarri_kontainer(
            ref(), "3", "TPKA", plp_, moment(), ["MSKU1001373"]
        ),
        "/coarri-codeco-kemasan": coarri_kemasan(ref(), "3", "TPKA", plp_, moment(), ["HBL-1"]),
    }
    headers = tpka.headers | {"Content-Type": "application/json"}
    before, tried = _stored(api), 0
    for endpoint, body in bodies.items():
        for path in _string_leaves(body):
            escaped = json.dumps(_with(body, path, "A\ud800")).encode()
            encoded = escaped.replace(b"\\ud800", b"\xed\xa0\x80")
            named = api.client.post(TPS_BASE + endpoint, content=escaped, headers=headers)
            bad_utf8 = api.client.post(TPS_BASE + endpoint, content=encoded, headers=headers)

            detail = f"Format JSON tidak valid: {path} is not Unicode text (a lone surrogate)"
            assert_envelope(named, 400, 400, INVALID, detail)
            answer = assert_envelope(bad_utf8, 400, 400, INVALID)
            assert answer["detail"].startswith("Format JSON tidak valid: "), answer
            tried += 1
    assert tried >= 40 and _stored(api) == before


def _stored(api: Api) -> int:
    r = api.get("/api/v1/plp-requests", "kasubsi", params={"limit": 200})
    assert r.status_code == 200, r.text
    return len(r.json()["items"])


def test_a_lone_surrogate_in_a_member_name_or_a_query_is_a_4xx(api: Api, tpka: H2h) -> None:
    headers = tpka.headers | {"Content-Type": "application/json"}
    named = api.client.post(
        f"{TPS_BASE}/upload-mohon-plp", content=b'{"\\udfff": 1}', headers=headers
    )
    queried = api.client.get(f"{TPS_BASE}/get-respon-plp?kodeTps=%ED%A0%80", headers=tpka.headers)

    detail = "Format JSON tidak valid: a member name in body is not Unicode text (a lone surrogate)"
    assert_envelope(named, 400, 400, INVALID, detail)
    assert 400 <= queried.status_code < 500, queried.text


@pytest.mark.parametrize(
    ("path", "raw"),
    [
        ("/user/login", b'{"username": "\\ud800", "password": "x"}'),
        ("/user/login", b'{"username": "tpka", "password": "tpka-demo\\udc00"}'),
        ("/user/login", b'{"username": "\xed\xa0\x80", "password": "x"}'),
        ("/user/update-token", b'{"refresh_token": "\\ud800"}'),
    ],
)
def test_a_lone_surrogate_at_login_is_refused_before_anything_is_looked_up(
    api: Api, path: str, raw: bytes
) -> None:
    r = api.client.post(f"{AUTH}{path}", content=raw, headers={"Content-Type": "application/json"})

    assert r.status_code == 400, r.text
    body = r.json()
    assert body["status"] == "failed" and body["item"] is None
    assert body["message"].startswith("Format JSON tidak valid: "), body
