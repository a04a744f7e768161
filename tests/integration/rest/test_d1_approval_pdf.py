"""D1: the printed approval (Surat Persetujuan PLP) read back from the PDF, field by field, and
the verification page its QR code opens, on SQLite and PostgreSQL."""

from __future__ import annotations

import io
import re
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pypdf
import pypdfium2
import segno

from app.adapters.documents.approval_pdf import QR_SIZE, SIDE_MARGIN
from app.adapters.sql.demo_seed import DEMO_ACCOUNTS
from tests.support import WIB, Api, containers, now, packages

C1, C2 = "MSKU1001373", "TGHU1002113"  # the two containers of plp_body()
ARTIFACTS = Path(__file__).resolve().parents[3] / "artifacts"
JAKARTA = ZoneInfo("Asia/Jakarta")
PEOPLE = {username: scope["full_name"] for username, _, scope in DEMO_ACCOUNTS}


def _at() -> str:
    return now().astimezone(WIB).isoformat()


def _approved(api: Api, **overrides: Any) -> str:
    rid: str = api.submit(**overrides).json()["id"]
    api.step(rid, "recommendations/manifest", "manifest", approve=True)
    assert api.step(rid, "decision", "kasubsi", approve=True).status_code == 200
    return rid


def _pdf(api: Api, rid: str, as_: str = "tpka") -> Any:
    return api.get(f"/api/v1/plp-requests/{rid}/approval.pdf", as_)


def _text(pdf: bytes) -> str:
    """Every page's text with runs of white space made one space (lines wrap anywhere)."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def _day(iso: str) -> str:
    return date.fromisoformat(iso[:10]).strftime("%d-%m-%Y")


def _moment(iso: str) -> str:
    return datetime.fromisoformat(iso).astimezone(JAKARTA).strftime("%d-%m-%Y %H:%M WIB")


def _record(api: Api, rid: str) -> dict[str, Any]:
    r = api.get(f"/api/v1/plp-requests/{rid}", "admin")
    assert r.status_code == 200
    return dict(r.json())


def _names(api: Api) -> dict[str, str]:
    tps = {t["code"]: t["name"] for t in api.get("/api/v1/admin/tps", "admin").json()}
    offices = {o["code"]: o["name"] for o in api.get("/api/v1/admin/offices", "admin").json()}
    return tps | offices


def test_d1_the_printed_approval_shows_every_field_of_the_record(api_any_db: Api) -> None:
    api = api_any_db
    rid = _approved(api, containers=containers(C1, C2))
    seals = [{"container": C1, "numbers": ["BC1001"]}, {"container": C2, "numbers": ["BC1002"]}]
    released = api.step(
        rid, "origin-check", "supervisor-asal", matched=True, seals=seals, note="segel utuh"
    )
    assert released.status_code == 200, released.text
    assert api.step(rid, "gate-out", "tpka", at=_at()).status_code == 200
    entered = api.step(
        rid,
        "destination-check",
        "supervisor-tujuan",
        matched=True,
        seal_opened=True,
        seals=seals,
        note="diterima lengkap",
    )
    assert entered.status_code == 200, entered.text

    r = _pdf(api, rid)

    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/pdf"
    assert r.content.startswith(b"%PDF-")
    text, rec, names = _text(r.content), _record(api, rid), _names(api)
    h, decision = rec["header"], rec["decision"]
    reference = r.headers["x-verification-reference"]
    expected = [
        "SURAT PERSETUJUAN PINDAH LOKASI PENIMBUNAN (PLP)",
        names[h["office_code"]],
        h["office_code"],
        f"Nomor (number): {decision['plp_number']}",
        f"Tanggal (date): {_day(decision['plp_date'])}",
        f"Pemohon (applicant TPS) {rec['applicant_tps']}",
        h["applicant_name"],
        h["ref_number"],
        f"{h['letter_number']} tanggal {_day(h['letter_date'])}",
        h["reason"],
        f"TPS asal (origin) {h['origin_tps']} - {names[h['origin_tps']]}",
        f"Gudang (warehouse) {h['origin_gudang']}",
        f"TPS tujuan (destination) {h['destination_tps']} - {names[h['destination_tps']]}",
        f"Gudang (warehouse) {h['destination_gudang']}",
        f"{h['bc11_number']} tanggal {_day(h['bc11_date'])}",
        f"Sarana pengangkut (vessel) {h['vessel_name']}",
        f"Call sign {h['call_sign']}",
        f"Nomor voyage (voyage) {h['voyage']}",
        f"Tanggal tiba (arrival) {_day(h['arrival_date'])}",
        "DISETUJUI (approved)",
        _moment(decision["at"]),
        f"Kepala Seksi Administrasi Manifes: {PEOPLE[decision['by']]}",  # 040300 has a Kasi
        "Catatan pengeluaran (release note, TPS asal)",
        "segel utuh",
        "Catatan pemasukan (entry note, TPS tujuan)",
        "diterima lengkap",
        f"Referensi verifikasi (verification reference): {reference}",
        f"http://testserver/verify/{reference}",
    ]
    for line in rec["lines"]:
        number, iso = line["container_number"], line["iso_type"]
        size = f"{line['size']}'" + (f" ({iso})" if iso else "")
        seal = next(s["numbers"][0] for s in seals if s["container"] == number)
        expected.append(f"{line['line_no']} {number} {size} {seal}")
    movement = rec["movement"]
    for check in ("origin_check", "destination_check"):
        done = movement[check]
        expected.append(f"{PEOPLE[done['by']]}, {_moment(done['at'])}")
        expected.append(f"Catatan (note) {done['note']}")
    missing = [e for e in expected if " ".join(e.split()) not in text]
    assert not missing, f"not in the PDF: {missing}\n{text}"
    assert "Belum dicatat" not in text  # both notes are recorded now
    _screenshot(r.content)
    qr = _modules_of(f"http://testserver/verify/{reference}")
    assert _qr_modules(r.content, len(qr)) == qr


def _screenshot(pdf: bytes) -> None:
    """Page 1 as PNG for people to look at (artifacts/ is kept by CI, not committed)."""
    ARTIFACTS.mkdir(exist_ok=True)
    page = pypdfium2.PdfDocument(pdf)[0]
    image = page.render(scale=2).to_pil()
    assert image.size[0] > image.size[1] * 0.6  # A4 portrait: 210 x 297
    image.save(ARTIFACTS / "d1-approval-page1.png")


def _modules_of(url: str) -> list[list[bool]]:
    return [[bool(b) for b in row] for row in segno.make(url, error="m").matrix]


def _qr_modules(pdf: bytes, size: int) -> list[list[bool]]:
    """The QR code of `size` modules a side as printed: each module's centre sampled on page 1
    rendered at 288 dpi. Its top edge is the first row, below the letterhead's rule, whose
    finder pattern is dark where the separator after it is light."""
    px_per_mm = 4 * 72 / 25.4
    image = pypdfium2.PdfDocument(pdf)[0].render(scale=4).to_pil().convert("L")
    left = (image.size[0] / px_per_mm - SIDE_MARGIN - QR_SIZE) * px_per_mm
    module = QR_SIZE * px_per_mm / size

    def dark(x: float, y: float) -> bool:
        return int(image.getpixel((int(x), int(y)))) < 128  # type: ignore[arg-type]

    top = next(
        y
        for y in range(image.size[1] // 3)
        if dark(left + module / 2, y) and not dark(left + 7.5 * module, y)
    )
    return [
        [dark(left + (c + 0.5) * module, top + (r + 0.5) * module) for c in range(size)]
        for r in range(size)
    ]


def test_d1_packages_print_with_their_bl_and_count_and_room_for_the_notes(api: Api) -> None:
    rid = _approved(api, containers=[], packages=packages("HBL-LCL-0001"))

    r = _pdf(api, rid, "cfsb")  # the destination TPS reads it too

    assert r.status_code == 200, r.text
    text = _text(r.content)
    assert "1 HBL-LCL-0001 tanggal 11-11-2026 10 PK" in text
    assert "Barang (goods): 0 peti kemas, 1 B/L kemasan" in text
    assert "Catatan pengeluaran (release note, TPS asal) Belum dicatat" in text


def test_d1_a_request_not_approved_has_no_approval_to_print(api_any_db: Api) -> None:
    api = api_any_db
    rid = api.submit().json()["id"]

    r = _pdf(api, rid)

    assert r.status_code == 409
    assert r.json()["rule"] == "D1" and "IN_REVIEW" in r.json()["detail"]
    assert r.headers["content-type"].startswith("application/problem+json")


def test_d1_only_those_who_read_the_request_print_it(api_any_db: Api) -> None:
    api = api_any_db
    rid = _approved(api)

    refused = _pdf(api, rid, "koja")  # a TPS that is neither origin nor destination

    assert refused.status_code == 404
    assert rid not in refused.text or "koja" not in refused.text
    for reader in ("tpka", "cfsb", "supervisor-asal", "kasubsi", "admin"):
        assert _pdf(api, rid, reader).status_code == 200, reader
    assert api.client.get(f"/api/v1/plp-requests/{rid}/approval.pdf").status_code == 401


def test_d1_verify_page_says_current_then_superseded_after_a_later_note(api_any_db: Api) -> None:
    api = api_any_db
    rid = _approved(api)
    printed = _pdf(api, rid).headers["x-verification-reference"]

    before = api.client.get(f"/verify/{printed}")  # no login: the officer scans the QR code

    assert before.status_code == 200
    assert "BERLAKU (CURRENT)" in before.text and "DIGANTI" not in before.text
    assert "default-src 'none'" in before.headers["content-security-policy"]
    assert C1 in before.text and "<script" not in before.text
    seals = [{"container": C1, "numbers": ["BC7001"]}, {"container": C2, "numbers": ["BC7002"]}]
    api.step(rid, "origin-check", "supervisor-asal", matched=True, seals=seals, note="cocok")

    after = api.client.get(f"/verify/{printed}")

    assert after.status_code == 200
    assert "DIGANTI (SUPERSEDED)" in after.text and "BERLAKU (CURRENT)" not in after.text
    assert "cocok" in after.text and "BC7001" in after.text
    assert "Disegel dan dikeluarkan (released)" in after.text
    reprinted = _pdf(api, rid).headers["x-verification-reference"]
    assert reprinted != printed
    assert "BERLAKU (CURRENT)" in api.client.get(f"/verify/{reprinted}").text


def test_d1_a_forged_or_unknown_reference_is_a_404_page(api_any_db: Api) -> None:
    api = api_any_db
    genuine = _pdf(api, _approved(api)).headers["x-verification-reference"]
    other = api.submit(containers=containers("CSQU1001743")).json()["id"]
    request_id, revision, mac = genuine.rsplit("-", 2)
    flipped = mac[:-1] + ("0" if mac[-1] != "0" else "1")
    forged = [
        f"{request_id}-{revision}-{flipped}",  # the MAC altered
        f"{request_id}-{'0' * len(revision)}-{mac}",  # another revision
        f"{other}-{revision}-{mac}",  # another request under this MAC
        "not-a-reference",
        "x" * 500,
    ]

    for reference in forged:
        r = api.client.get(f"/verify/{reference}")
        assert r.status_code == 404, reference
        assert "Referensi tidak dikenal (unknown reference)" in r.text
        assert C1 not in r.text and "BUDI" not in r.text
        assert "default-src 'none'" in r.headers["content-security-policy"]


def test_d1_the_deciders_title_follows_the_office_setting(api: Api) -> None:
    rid = _approved(api)
    assert "Kepala Seksi Administrasi Manifes" in _text(_pdf(api, rid).content)
    office = next(
        o for o in api.get("/api/v1/admin/offices", "admin").json() if o["code"] == "040300"
    )
    assert office["manifest_head"] == "kasi"

    changed = api.client.put(
        "/api/v1/admin/offices/040300",
        json=office | {"manifest_head": "kasubsi"},
        headers=api.auth("admin"),
    )

    assert changed.status_code == 200, changed.text
    text = _text(_pdf(api, rid).content)
    assert "Kepala Subseksi Administrasi Manifes" in text
    assert re.search(r"Kepala Seksi\b", text) is None
    bad = api.client.put(
        "/api/v1/admin/offices/040300",
        json=office | {"manifest_head": "kabid"},
        headers=api.auth("admin"),
    )
    assert bad.status_code == 422


def test_d1_a_refused_release_and_a_cut_supersede_the_print_and_show_on_the_new_one(
    api_any_db: Api,
) -> None:
    api = api_any_db
    rid = _approved(api)
    printed = _pdf(api, rid).headers["x-verification-reference"]
    refused = api.step(rid, "origin-check", "supervisor-asal", matched=False, note="TGHU kosong")
    assert refused.status_code == 200, refused.text
    cut = api.step(
        rid,
        "origin-check/follow-up",
        "manifest",
        outcome="cut_to_matching",
        line_nos=[1],
        note="hanya MSKU",
    )
    assert cut.status_code == 200, cut.text

    page = api.client.get(f"/verify/{printed}").text
    text = _text(_pdf(api, rid).content)

    assert "DIGANTI (SUPERSEDED)" in page and "hanya MSKU" in page
    assert "DISETUJUI SEBAGIAN (partially approved)" in text
    assert f"1 {C1}" in text and C2 not in text
    assert "Catatan ketidaksesuaian di TPS asal (release refused)" in text
    assert "TGHU kosong" in text
    assert "Tindak lanjut Administrasi Manifes (follow-up)" in text
    assert "hanya MSKU; baris dipotong (lines cut): 2" in text


def test_d1_a_cancelled_plp_has_no_print_and_its_old_print_is_superseded(api: Api) -> None:
    rid = _approved(api)
    printed = _pdf(api, rid).headers["x-verification-reference"]
    api.step(rid, "origin-check", "supervisor-asal", matched=False, note="barang tidak ada")
    ended = api.step(
        rid, "origin-check/follow-up", "manifest", outcome="cancelled", note="PLP dibatalkan"
    )
    assert ended.status_code == 200, ended.text

    r = _pdf(api, rid)
    page = api.client.get(f"/verify/{printed}").text

    assert r.status_code == 409 and r.json()["rule"] == "D1"
    assert "CANCELLED" in r.json()["detail"]
    assert "DIGANTI (SUPERSEDED)" in page and "Dibatalkan (cancelled)" in page
