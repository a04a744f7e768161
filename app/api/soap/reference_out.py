"""Documents of the look-ups by number (ours: the note gives no shape for them): BC11, SPPB
and DOKUMEN_MANUAL, built like RESPONPLP (HEADER, DETIL of flat CONT/KMS, dates YYYYMMDD) and
reusing its element names (NO_POS_BC11, CONSIGNEE, NO_BL_AWB, ...) so a client's parser of
GetResponPLP_Tujuan reads them too."""

from __future__ import annotations

from app.api.soap.documents_out import DOCUMENT, Pairs, element
from app.domain.customs_documents import Bc11Manifest, ManifestItem
from app.domain.manual_plp import ManualPlp
from app.domain.services.document_queries import SppbView

PAPER_PLP = "3"  # KD_DOK_INOUT 3, Persetujuan PLP (note 4.3)
MANUAL = "2"  # TIPE_DATA 2, Manual (note 4.4)


def bc11(m: Bc11Manifest) -> str:
    header = [
        ("KD_KANTOR", m.office_code),
        ("NO_BC11", m.number),
        ("TGL_BC11", m.manifest_date),
        ("CALL_SIGN", m.call_sign),
        ("NM_ANGKUT", m.vessel_name),
        ("NO_VOY_FLIGHT", m.voyage),
        ("TGL_TIBA", m.arrival_date),
    ]
    detil = "".join(_pos(item) for item in m.items)
    return _document("BC11", header, detil)


def supporting(
    m: Bc11Manifest, container: str, items: tuple[ManifestItem, ...], per_bl: bool
) -> str:
    """PENDUKUNG_PLP: the BC 1.1 entries of one container (NO_SEGEL empty: the BC 1.1 holds
    no seal); per B/L, one block per house B/L with the B/L in its header."""
    head: list[tuple[str, object]] = [
        ("NO_BC11", m.number),
        ("TGL_BC11", m.manifest_date),
        ("NO_CONT", container),
        ("NO_SEGEL", ""),
    ]
    if not per_bl:
        return DOCUMENT.format(_block(head, "".join(_entry(i, True) for i in items)))
    blocks = (
        _block([*head, ("NO_BL_AWB", i.bl_number), ("TGL_BL_AWB", i.bl_date)], _entry(i, False))
        for i in items
    )
    return DOCUMENT.format("".join(blocks))


def _block(header: Pairs, detil: str) -> str:
    return f"<PENDUKUNG_PLP>{element('HEADER', header)}<DETIL>{detil}</DETIL></PENDUKUNG_PLP>"


def _entry(item: ManifestItem, with_bl: bool) -> str:
    pairs: list[tuple[str, object]] = [
        ("NO_POS_BC11", item.pos_number),
        ("CONSIGNEE", item.consignee),
        ("JML_KMS", item.package_count),
        ("JNS_KMS", item.package_type),
    ]
    if with_bl:
        pairs += [("NO_BL_AWB", item.bl_number), ("TGL_BL_AWB", item.bl_date)]
    return element("POS", pairs)


def sppb(view: SppbView) -> str:
    s, importer = view.sppb, view.importer
    header = [
        ("KD_KANTOR", s.office_code),
        ("NO_SPPB", s.sppb_number),
        ("TGL_SPPB", s.sppb_date),
        ("JNS_DOK", s.declaration_kind),
        ("NO_DOK", s.declaration_number),
        ("TGL_DOK", s.declaration_date),
        ("NPWP_IMP", importer.consignee_id if importer else ""),
        ("NAMA_IMP", importer.consignee if importer else ""),
        ("NO_BC11", s.bc11_number),
        ("TGL_BC11", s.bc11_date),
    ]
    sizes = {c.number: c.size for i in view.manifest_items for c in i.containers}
    conts = "".join(
        element("CONT", [("NO_CONT", n), ("UK_CONT", sizes.get(n, ""))]) for n in s.containers
    )
    kms = "".join(
        element("KMS", [("NO_BL_AWB", b.number), ("TGL_BL_AWB", b.bl_date)]) for b in s.bls
    )
    return _document("SPPB", header, conts + kms)


def paper_plp(m: ManualPlp) -> str:
    d = m.decision
    header = [
        ("KD_KANTOR", m.office_code),
        ("KD_DOK", PAPER_PLP),
        ("NO_DOK", d.letter_number if d else ""),
        ("TGL_DOK", d.letter_date if d else None),
        ("TIPE_DATA", MANUAL),
        ("KD_TPS_ASAL", m.origin_tps),
        ("GUDANG_ASAL", m.origin_gudang),
        ("KD_TPS_TUJUAN", m.destination_tps),
        ("GUDANG_TUJUAN", m.destination_gudang),
        ("NO_SURAT", m.letter_number),
        ("TGL_SURAT", m.letter_date),
        ("NO_BC11", m.bc11_number),
        ("TGL_BC11", m.bc11_date),
        ("NM_PEMOHON", m.applicant_name),
        ("FL_SETUJU", "Y" if d and d.approved else "T"),
        ("ALASAN_REJECT", "" if d is None or d.approved else d.reason),
    ]
    conts = "".join(
        element("CONT", [("NO_CONT", c.number), ("UK_CONT", c.size)]) for c in m.containers
    )
    kms = "".join(
        element(
            "KMS",
            [
                ("JNS_KMS", p.package_type),
                ("JML_KMS", p.count),
                ("NO_BL_AWB", p.bl_number),
                ("TGL_BL_AWB", p.bl_date),
            ],
        )
        for p in m.packages
    )
    return _document("DOKUMEN_MANUAL", header, conts + kms)


def _pos(item: ManifestItem) -> str:
    """A house B/L: one CONT per container, one KMS for its packages (LCL, air cargo)."""
    common: list[tuple[str, object]] = [
        ("NO_POS_BC11", item.pos_number),
        ("CONSIGNEE", item.consignee),
        ("NO_BL_AWB", item.bl_number),
        ("TGL_BL_AWB", item.bl_date),
    ]
    conts = "".join(
        element(
            "CONT",
            [("NO_CONT", c.number), ("UK_CONT", c.size), ("JNS_CONT", c.fcl_lcl), *common],
        )
        for c in item.containers
    )
    if item.package_type is None and item.containers:
        return conts
    kms = [("JNS_KMS", item.package_type), ("JML_KMS", item.package_count), *common]
    return conts + element("KMS", kms)


def _document(root: str, header: Pairs, detil: str) -> str:
    return DOCUMENT.format(f"<{root}>{element('HEADER', header)}<DETIL>{detil}</DETIL></{root}>")
