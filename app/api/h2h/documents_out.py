"""Bodies of the H2H look-ups by number (GetImpor_Bc11, GetImpor_Sppb, GetPendukungPLP): the
note gives field names only for the supporting data (6.7); the others are ours, the SOAP
documents' elements in the note's camelCase, dates dd-MM-yyyy (note 4)."""

from __future__ import annotations

from datetime import date
from typing import Any

from app.domain.customs_documents import Bc11Manifest, ManifestItem
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
