"""Response documents out (protocol note 3.3, 3.4): RESPONPLP and RESPON_BATAL, element names
and order as real clients parse them. Nothing extra: WIRA maps every element to a column. The one
addition, TIPE_DATA 2 on a reconciled paper PLP (F3), is only in the applicant's responses, never
in GetResponPLP(_)Tujuan, the documents WIRA reads."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from app.api.soap.envelope import escape
from app.domain.lines import PlpLine
from app.domain.plp_parts import Cancellation, DataType
from app.domain.plp_request import PlpRequest

DOCUMENT = '<?xml version="1.0"?><DOCUMENT>{}</DOCUMENT>'
Pairs = Iterable[tuple[str, object]]
LineElement = Callable[[PlpLine], tuple[str, Pairs]]


def ymd(value: date | None) -> str:
    return value.strftime("%Y%m%d") if value else ""


def element(name: str, pairs: Pairs) -> str:
    inner = "".join(f"<{k}>{escape(_text(v))}</{k}>" for k, v in pairs)
    return f"<{name}>{inner}</{name}>"


def _text(value: object) -> str:
    if value is None:
        return ""
    return ymd(value) if isinstance(value, date) else str(value)


def respon_plp(r: PlpRequest) -> str:
    """GetResponPLP: the applicant's decision, FL_SETUJU per line."""
    d, h = r.decision, r.header
    header = [
        ("KD_KANTOR", h.office_code),
        *manual_mark(r),
        ("KD_TPS", r.applicant_tps),
        ("REF_NUMBER", h.ref_number),
        ("NO_PLP", d.plp_number if d else None),
        ("TGL_PLP", d.plp_date if d else None),
        ("ALASAN_REJECT", rejection_reason(r)),
    ]
    return _respon("RESPONPLP", header, _detil(r.lines, _decided_cont, _decided_kms))


def manual_mark(r: PlpRequest) -> list[tuple[str, object]]:
    """F3: TIPE_DATA 2 (Manual, note 4) marks a paper PLP entered by reconciliation; an online
    one goes without it, as DJBC's captured responses do (they carry no TIPE_DATA)."""
    manual = r.header.data_type is DataType.MANUAL
    return [("TIPE_DATA", DataType.MANUAL.value)] if manual else []


def respon_plp_tujuan(r: PlpRequest, wide: bool) -> str:
    """GetResponPLP_Tujuan (wide) or the older GetResponPLPTujuan: approved lines only."""
    d, h = r.decision, r.header
    header: list[tuple[str, object]] = [
        ("KD_KANTOR", h.office_code),
        ("KD_TPS", h.destination_tps),
        ("KD_TPS_ASAL", h.origin_tps),
        ("GUDANG_TUJUAN", h.destination_gudang),
        ("NO_PLP", d.plp_number if d else None),
        ("TGL_PLP", d.plp_date if d else None),
        ("CALL_SIGN", h.call_sign),
        ("NM_ANGKUT", h.vessel_name),
        ("NO_VOY_FLIGHT", h.voyage),
        ("TGL_TIBA", h.arrival_date),
    ]
    if wide:
        header += [("NO_BC11", h.bc11_number), ("TGL_BC11", h.bc11_date)]
        header += [("NO_SURAT", h.letter_number), ("TGL_SURAT", h.letter_date)]
    lines = [ln for ln in r.lines if ln.approved]
    cont = _tujuan_cont if wide else _short_cont
    return _respon("RESPONPLP", header, _detil(lines, cont, _kms))


def respon_batal(r: PlpRequest, c: Cancellation, tujuan: bool) -> str:
    """GetResponBatalPLP(Tujuan): the Kasubsi's decision on a cancellation (L1), FL_SETUJU Y
    (approved) or T (refused) for each line it named. The header stays the captured one: the
    reason of a refusal has no element there (clients map every element to a column), so it is
    read over REST or H2H (`alasanReject`)."""
    d, h = r.decision, r.header
    header: list[tuple[str, object]] = [("KD_KANTOR", h.office_code)]
    if tujuan:
        header += [("KD_TPS", h.destination_tps), ("KD_TPS_ASAL", h.origin_tps)]
        header += [("REF_NUMBER", c.ref_number), ("NO_PLP", d.plp_number if d else None)]
        header += [("TGL_PLP", d.plp_date if d else None)]
    else:
        header += [("KD_TPS", r.applicant_tps), ("REF_NUMBER", c.ref_number)]
    header += [("NO_BATAL_PLP", c.number), ("TGL_BATAL_PLP", c.date)]
    flag = "Y" if c.approved else "T"
    return _respon("RESPON_BATAL", header, _detil(named_lines(r, c), *_batal(flag)))


def on_demand_plp(r: PlpRequest) -> str:
    """GetResponPlp_onDemands: the wide header of the captured sample."""
    d, h = r.decision, r.header
    header = [*_wide_head(r), ("NO_PLP", d.plp_number if d else None)]
    header += [("TGL_PLP", d.plp_date if d else None), ("ALASAN_REJECT", rejection_reason(r))]
    header += [("CALL_SIGN", h.call_sign), ("NM_ANGKUT", h.vessel_name)]
    header += [("NO_VOY_FLIGHT", h.voyage), ("TGL_TIBA", h.arrival_date)]
    header += [("NO_BC11", h.bc11_number), ("TGL_BC11", h.bc11_date)]
    header += [("NO_SURAT", h.letter_number), ("TGL_SURAT", h.letter_date)]
    return _respon("RESPONPLP", header, _detil(r.lines, _wide_cont, _wide_kms))


def on_demand_batal(r: PlpRequest, c: Cancellation) -> str:
    """GetResponBatalPlp_onDemands: root RESPONPLP, as captured; FL_SETUJU the decision."""
    d = r.decision
    header = [*_wide_head(r, c.ref_number), ("NO_PLP", d.plp_number if d else None)]
    header += [("TGL_PLP", d.plp_date if d else None), ("NO_BATAL_PLP", c.number)]
    header += [("TGL_BATAL_PLP", c.date), ("ALASAN_BATAL", c.reason)]
    flag = "Y" if c.approved else "T"
    return _respon("RESPONPLP", header, _detil(named_lines(r, c), *_batal(flag)))


def named_lines(r: PlpRequest, c: Cancellation) -> list[PlpLine]:
    """The lines a cancellation named (stored before L1's decision: the cancelled ones)."""
    named = set(c.line_nos)
    return (
        [ln for ln in r.lines if ln.line_no in named]
        if named
        else [ln for ln in r.lines if ln.cancelled]
    )


def rejection_reason(r: PlpRequest) -> str:
    """ALASAN_REJECT: the Kasubsi's reason, or each refused line's, or the failed rules."""
    if r.findings:
        return "; ".join(f"{f.rule}: {f.detail}" for f in r.findings)
    refused = [ln for ln in r.lines if ln.approved is False]
    if r.decision and not r.decision.approved:
        return r.decision.reason or ""
    return "; ".join(f"{ln.label} {ln.reject_reason or ''}".strip() for ln in refused)


def _wide_head(r: PlpRequest, ref: str | None = None) -> list[tuple[str, object]]:
    h = r.header
    return [
        ("KD_KANTOR", h.office_code),
        *manual_mark(r),
        ("KD_TPS_ASAL", h.origin_tps),
        ("KD_TPS_TUJUAN", h.destination_tps),
        ("REF_NUMBER", ref or h.ref_number),
        ("GUDANG_ASAL", h.origin_gudang),
        ("GUDANG_TUJUAN", h.destination_gudang),
    ]


def _respon(root: str, header: Pairs, detil: str) -> str:
    return f"<{root}>{element('HEADER', header)}<DETIL>{detil}</DETIL></{root}>"


def _detil(lines: Iterable[PlpLine], cont: LineElement, kms: LineElement) -> str:
    return "".join(element(*(cont(ln) if ln.container else kms(ln))) for ln in lines)


def _flag(line: PlpLine) -> str:
    return "Y" if line.approved else "T"


def _m(line: PlpLine, name: str) -> object:
    return getattr(line.manifest, name) if line.manifest else None


def _c(line: PlpLine) -> list[tuple[str, object]]:
    assert line.container is not None
    return [("NO_CONT", line.container.number), ("UK_CONT", line.container.size)]


def _k(line: PlpLine) -> list[tuple[str, object]]:
    p = line.package
    assert p is not None
    return [
        ("JNS_KMS", p.package_type),
        ("JML_KMS", p.count),
        ("NO_BL_AWB", p.bl_number),
        ("TGL_BL_AWB", p.bl_date),
    ]


def _decided_cont(ln: PlpLine) -> tuple[str, Pairs]:
    return "CONT", [*_c(ln), ("FL_SETUJU", _flag(ln))]


def _decided_kms(ln: PlpLine) -> tuple[str, Pairs]:
    return "KMS", [*_k(ln), ("FL_SETUJU", _flag(ln))]


def _short_cont(ln: PlpLine) -> tuple[str, Pairs]:
    return "CONT", _c(ln)


def _kms(ln: PlpLine) -> tuple[str, Pairs]:
    return "KMS", _k(ln)


def _tujuan_cont(ln: PlpLine) -> tuple[str, Pairs]:
    goods = [("JNS_CONT", _m(ln, "fcl_lcl")), ("NO_POS_BC11", _m(ln, "pos_number"))]
    goods += [("CONSIGNEE", _m(ln, "consignee")), ("NO_BL_AWB", _m(ln, "bl_number"))]
    return "CONT", [*_c(ln), *goods, ("TGL_BL_AWB", _m(ln, "bl_date"))]


def _wide_cont(ln: PlpLine) -> tuple[str, Pairs]:
    goods = [("JNS_CONT", _m(ln, "fcl_lcl")), ("NO_POS_BC11", _m(ln, "pos_number"))]
    return "CONT", [*_c(ln), *goods, ("CONSIGNEE", _m(ln, "consignee")), ("FL_SETUJU", _flag(ln))]


def _wide_kms(ln: PlpLine) -> tuple[str, Pairs]:
    goods = [("NO_POS_BC11", _m(ln, "pos_number")), ("CONSIGNEE", _m(ln, "consignee"))]
    return "KMS", [*_k(ln), *goods, ("FL_SETUJU", _flag(ln))]


def _batal(flag: str) -> tuple[LineElement, LineElement]:
    def cont(ln: PlpLine) -> tuple[str, Pairs]:
        return "CONT", [*_c(ln), ("JNS_CONT", _m(ln, "fcl_lcl")), ("FL_SETUJU", flag)]

    def kms(ln: PlpLine) -> tuple[str, Pairs]:
        return "KMS", [*_k(ln), ("FL_SETUJU", flag)]

    return cont, kms
