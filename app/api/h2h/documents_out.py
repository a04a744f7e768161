"""Bodies of the H2H look-ups by number (GetImpor_Bc11, GetImpor_Sppb, GetPendukungPLP,
GetDokumenManual_OnDemand) and of the OB data (6.8): the note gives field names only for the
supporting data (6.7) and OB; the others are ours, the SOAP documents' elements in the note's
camelCase, dates dd-MM-yyyy (note 4)."""

from __future__ import annotations

from datetime import date
from typing import Any

from app.domain.customs_documents import Bc11Manifest, ManifestItem
from app.domain.lines import PlpLine
from app.domain.manual_plp import ManualPlp
from app.domain.plp_request import PlpRequest
from app.domain.services.document_queries import SppbView


def _day(on: date | None) -> str | None:
    return on.strftime("%d-%m-%Y") if on else None


def bc11(m: Bc11Manifest) -> dict[str, Any]:
    header = {
        "kodeKantor": m.office_code,
        "nomorBc11": m.number,
        "tanggalBc11": _day(m.manifest_date),
        "callSign": m.call_sign,
        "namaAngkut": m.vessel_name,
        "nomorVoyFlight": m.voyage,
        "tanggalTiba": _day(m.arrival_date),
    }
    return {"header": header, "detil": [_pos(i) for i in m.items]}


def _pos(item: ManifestItem) -> dict[str, Any]:
    return {
        "nomorPos": item.pos_number,
        "consignee": item.consignee,
        "npwpConsignee": item.consignee_id,
        "nomorBl": item.bl_number,
        "tanggalBl": _day(item.bl_date),
        "nomorMasterBl": item.master_bl_number,
        "tanggalMasterBl": _day(item.master_bl_date),
        "jenisKemasan": item.package_type,
        "jumlahKemasan": item.package_count,
        "kontainer": [
            {"nomorKontainer": c.number, "ukuranKontainer": c.size, "jenisMuat": c.fcl_lcl}
            for c in item.containers
        ],
    }


def sppb(view: SppbView) -> dict[str, Any]:
    s, importer = view.sppb, view.importer
    header = {
        "kodeKantor": s.office_code,
        "nomorSppb": s.sppb_number,
        "tanggalSppb": _day(s.sppb_date),
        "jenisDokumen": s.declaration_kind,
        "nomorDokumen": s.declaration_number,
        "tanggalDokumen": _day(s.declaration_date),
        "npwpImp": importer.consignee_id if importer else None,
        "namaImp": importer.consignee if importer else None,
        "nomorBc11": s.bc11_number,
        "tanggalBc11": _day(s.bc11_date),
    }
    return {
        "header": header,
        "kontainer": [{"nomorKontainer": c} for c in s.containers],
        "bl": [{"nomorBl": b.number, "tanggalBl": _day(b.bl_date)} for b in s.bls],
    }


def supporting(
    m: Bc11Manifest, container: str, items: tuple[ManifestItem, ...], per_bl: bool
) -> dict[str, Any] | list[dict[str, Any]]:
    """Note 6.7: {header, detil[]}; per B/L, one block per house B/L with the B/L in its
    header (nomorSegel empty: the BC 1.1 holds no seal)."""
    head = {
        "nomorBc11": m.number,
        "tanggalBc11": _day(m.manifest_date),
        "nomorKontainer": container,
        "nomorSegel": "",
    }
    if not per_bl:
        return {"header": head, "detil": [_entry(i, True) for i in items]}
    return [
        {
            "header": head | {"nomorBl": i.bl_number, "tanggalBl": _day(i.bl_date)},
            "detil": [_entry(i, False)],
        }
        for i in items
    ]


def _entry(item: ManifestItem, with_bl: bool) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "nomorPos": item.pos_number,
        "consignee": item.consignee,
        "uraianJenisBarang": None,  # the reference data holds no goods description
        "jumlahKemasan": item.package_count if with_bl else str(item.package_count or ""),
        "jenisKemasan": item.package_type,
    }
    if with_bl:
        entry |= {"nomorBl": item.bl_number, "tanggalBl": _day(item.bl_date)}
    return entry


PAPER_PLP = "3"  # KD_DOK_INOUT 3, Persetujuan PLP (note 8.3), as SOAP's KdDok
MANUAL = "2"  # tipeData 2, Manual (note 8.7)


def paper_plp(m: ManualPlp) -> dict[str, Any]:
    """SOAP's DOKUMEN_MANUAL (HEADER, CONT, KMS) under the camelCase names of note 6
    (contracts/h2h/README.md lists the mapping)."""
    d = m.decision
    header = {
        "kodeKantor": m.office_code,
        "kodeDokumen": PAPER_PLP,
        "nomorDokumen": d.letter_number if d else None,
        "tanggalDokumen": _day(d.letter_date) if d else None,
        "tipeData": MANUAL,
        "kodeTpsAsal": m.origin_tps,
        "kodeGudangAsal": m.origin_gudang,
        "kodeTpsTujuan": m.destination_tps,
        "kodeGudangTujuan": m.destination_gudang,
        "nomorSurat": m.letter_number,
        "tanggalSurat": _day(m.letter_date),
        "nomorBc11": m.bc11_number,
        "tanggalBc11": _day(m.bc11_date),
        "namaPemohon": m.applicant_name,
        "flagSetuju": "Y" if d and d.approved else "T",
        "alasanReject": "" if d is None or d.approved else d.reason,
    }
    return {
        "header": header,
        "kontainer": [
            {"nomorKontainer": c.number, "ukuranKontainer": c.size} for c in m.containers
        ],
        "kemasan": [
            {
                "jenisKemasan": p.package_type,
                "jumlahKemasan": p.count,
                "nomorBlAwb": p.bl_number,
                "tanggalBlAwb": _day(p.bl_date),
            }
            for p in m.packages
        ],
    }


def data_ob(r: PlpRequest, cited: Bc11Manifest | None) -> list[dict[str, Any]]:
    """Note 6.8: one flat row per approved container of the PLP, every member a string (or
    null where the simulator holds no such value: ports, gross weight); the voyage and the
    consignee's NPWP from the cited BC 1.1 where the request has none (issue 16 item 7)."""
    h, d = r.header, r.decision
    npwp = {i.pos_number: i.consignee_id for i in cited.items} if cited else {}
    seals = {s.container: s.numbers for s in (r.origin_check.seals if r.origin_check else ())}
    head = {
        "refNumberOb": h.ref_number,
        "nomorSuratPlp": h.letter_number,
        "tanggalSuratPlp": _day(h.letter_date),
        "kodeKantor": h.office_code,
        "kodeDokumen": PAPER_PLP,
        "nomorPlp": d.plp_number if d else None,
        "tanggalPlp": _day(d.plp_date) if d else None,
        "kodeTpsAsal": h.origin_tps,
        "kodeGudangTujuan": h.destination_gudang,
        "namaAngkut": h.vessel_name or (cited.vessel_name if cited else None),
        "nomorVoyFlight": h.voyage or (cited.voyage if cited else None),
        "callSign": h.call_sign or (cited.call_sign if cited else None),
        "tanggalTiba": _day(h.arrival_date or (cited.arrival_date if cited else None)),
        "nomorBc11": h.bc11_number,
        "tanggalBc11": _day(h.bc11_date),
    }
    return [
        head | _ob_line(ln, seals.get(ln.container.number, ()), npwp)
        for ln in r.lines
        if ln.approved and not ln.cancelled and ln.container is not None
    ]


def _ob_line(ln: PlpLine, seals: tuple[str, ...], npwp: dict[str, str]) -> dict[str, Any]:
    c, m = ln.container, ln.manifest
    assert c is not None  # data_ob keeps container lines only
    return {
        "nomorPosBc11": m.pos_number if m else None,
        "idConsignee": npwp.get(m.pos_number) if m else None,
        "consignee": m.consignee if m else None,
        "nomorKontainer": c.number,
        "ukuranKontainer": c.size,
        "jenisKontainer": m.fcl_lcl if m else None,  # F or L, as the responses' JNS_CONT
        "nomorSegel": ",".join(seals) or None,  # S1: the seals put on at release
        "bruto": None,  # the reference data holds no gross weight
        "pelabuhanMuat": None,  # nor the ports of the voyage
        "pelabuhanTransit": None,
        "pelabuhanBongkar": None,
    }
